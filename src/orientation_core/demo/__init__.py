"""The demo: a whole campaign of a sample collège, run on a SQLite store and told in French.

This package sits above the store (it may use every other package but the
command line): ``orientation-core demo`` runs it.  What it shows, and how to
read its account, is in ``docs/demo.md``.
"""

from orientation_core.demo._story import run_demo

DEFAULT_DB_PATH = "orientation-demo.db"
"""Where the demo writes its database when none is given: the current directory."""

DEFAULT_SEED = 2027
"""The seed of the population the README's output shows."""

__all__ = ["DEFAULT_DB_PATH", "DEFAULT_SEED", "run_demo"]
