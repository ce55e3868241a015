"""The back office's files out: decisions, appeals, families to follow up, sync records.

Each function reads one school's campaign from a store and writes one file
to a text stream: the decisions, the appeals and the families to follow up
as CSV a school's spreadsheet opens as it is (semicolons, UTF-8 with a byte
order mark, French column names, one line per pupil sorted by class and
name), the sync records as JSON Lines in the feed's order.  The package sits
between the store and the command line (``lint-imports`` checks it);
``docs/exports.md`` shows each file.
"""

from orientation_core.exports._files import (
    APPEAL_COLUMNS,
    DECISION_COLUMNS,
    FOLLOW_UP_COLUMNS,
    write_appeals,
    write_decisions,
    write_follow_up,
    write_sync_records,
)

__all__ = [
    "APPEAL_COLUMNS",
    "DECISION_COLUMNS",
    "FOLLOW_UP_COLUMNS",
    "write_appeals",
    "write_decisions",
    "write_follow_up",
    "write_sync_records",
]
