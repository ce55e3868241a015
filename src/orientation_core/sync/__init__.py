"""The back office's feed: a sync record for every accepted event, and a reference receiver.

Every accepted dossier event gives a :class:`SyncRecord` (:func:`sync_record`)
that :func:`dump` writes as JSON-compatible data, with its own published
schema (:func:`record_schema`), an idempotency key, the dossier and its
version.  A receiver may get records twice and out of order: :func:`apply`
ignores a record it already has, holds back one ahead of a missing version,
and applies the others in order, so that any order of any repeats of a
stream converges to the view of the ordered stream (``docs/sync.md``).
"""

from orientation_core.sync._receiver import BackOfficeView, DossierView, apply, apply_all
from orientation_core.sync._record import (
    SYNC_SCHEMA_VERSION,
    SyncRecord,
    dump,
    load,
    record_schema,
    schema_files,
    sync_record,
    sync_records,
)

__all__ = [
    "SYNC_SCHEMA_VERSION",
    "BackOfficeView",
    "DossierView",
    "SyncRecord",
    "apply",
    "apply_all",
    "dump",
    "load",
    "record_schema",
    "schema_files",
    "sync_record",
    "sync_records",
]
