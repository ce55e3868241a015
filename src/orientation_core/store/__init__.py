"""Where a host keeps the events: an append-only store of dossier and campaign histories.

This package sits outside the pure core (the core and the codec never import
it; the exports and the command line do).  :class:`EventStore` is the
protocol; :class:`SqliteEventStore` is the embedded default (one file, the
standard library's :mod:`sqlite3`), :class:`PostgresEventStore` the server
one (``orientation-core[postgres]``).  :func:`handle` and
:func:`open_dossier` load a dossier, decide, and append at the loaded
version; how a host wires them is in ``docs/store.md``.
"""

from orientation_core.store._import import ImportReport, import_list
from orientation_core.store._postgres import PostgresEventStore
from orientation_core.store._protocol import EventStore
from orientation_core.store._service import handle, open_dossier
from orientation_core.store._sqlite import SqliteEventStore

__all__ = [
    "EventStore",
    "ImportReport",
    "PostgresEventStore",
    "SqliteEventStore",
    "handle",
    "import_list",
    "open_dossier",
]
