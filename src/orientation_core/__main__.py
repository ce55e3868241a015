"""``python -m orientation_core``: the same as the ``orientation-core`` command."""

from orientation_core.cli import main

raise SystemExit(main())
