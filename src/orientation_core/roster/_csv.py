"""The 3e pupils and their guardians from a plain CSV file, for schools with other software."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

from orientation_core._problems import problem
from orientation_core.exceptions import InvalidValue, Problem
from orientation_core.roster._files import contents
from orientation_core.roster._list import ListEntry, SchoolList, entry_of

if TYPE_CHECKING:
    from collections.abc import Iterator

    from orientation_core.roster._files import Source

__all__ = ["CSV_COLUMNS", "CSV_REQUIRED", "read_csv"]

CSV_COLUMNS = (
    "ine",
    "nom",
    "prenom",
    "classe",
    "resp1_id",
    "resp1_nom",
    "resp1_prenom",
    "resp1_mel",
    "resp2_id",
    "resp2_nom",
    "resp2_prenom",
    "resp2_mel",
)
"""The columns a school's CSV file may have, named on its first line, in any order."""

CSV_REQUIRED = ("ine", "nom", "prenom", "classe", "resp1_id", "resp1_nom")
"""The columns every file must have; the others may be left out, or empty on a line."""


def read_csv(source: Source) -> SchoolList:
    """The pupils and their guardians from a semicolon-separated file, one pupil a line.

    The first line names the columns (:data:`CSV_COLUMNS`, in any order,
    upper or lower case); the file is UTF-8 (with or without a byte order
    mark) or, failing that, Windows-1252, as a spreadsheet saves it.  Every
    pupil of the file takes part: the school lists its 3e pupils only.  A
    line is located by its number in the file, the header being line 1.

    Raises:
        InvalidValue: when the file as a whole cannot be used: unreadable,
            too large, in neither encoding, or without the required columns.
            A line that cannot be read is in :attr:`SchoolList.problems`.

    """
    found = contents(source, "fichier", ".csv")
    if len(found) != 1:
        raise InvalidValue((problem("list.zip_invalid", ("fichier",), suffix=".csv"),))
    ((name, data),) = found
    text = _decoded(data, name)
    reader = csv.reader(text.splitlines(), delimiter=";")
    try:
        header = [column.strip().lower() for column in next(reader, [])]
    except csv.Error:
        header = []
    missing = [column for column in CSV_REQUIRED if column not in header]
    if missing:
        raise InvalidValue(
            tuple(problem("list.csv_column_missing", ("ligne", 1), column=c) for c in missing)
        )
    notices = [
        problem("list.csv_column_ignored", ("ligne", 1, column))
        for column in header
        if column not in CSV_COLUMNS
    ]
    entries, problems = _rows(reader, header, notices)
    return SchoolList(None, None, None, tuple(entries), tuple(problems), tuple(notices))


def _rows(
    reader: Iterator[list[str]], header: list[str], notices: list[Problem]
) -> tuple[list[ListEntry], list[Problem]]:
    entries: list[ListEntry] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    line = 1
    while True:
        line += 1
        where: tuple[str | int, ...] = ("ligne", line)
        try:
            row = next(reader, None)
        except csv.Error:
            problems.append(problem("list.csv_row", where))
            continue
        if row is None:
            return entries, problems
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(problem("list.csv_row", where))
            continue
        cells = {column: cell.strip() for column, cell in zip(header, row, strict=True)}
        if cells["ine"] and cells["ine"] in seen:
            problems.append(problem("list.duplicate_pupil", (*where, "ine")))
            continue
        seen.add(cells["ine"])
        entry = entry_of(
            where,
            pupil_id=cells["ine"],
            pupil_name=_joined(cells, "nom", "prenom"),
            classe=cells["classe"],
            guardians=[
                (cells.get(f"{rank}_id", ""), name, cells.get(f"{rank}_mel") or None)
                for rank in ("resp1", "resp2")
                if (name := _joined(cells, f"{rank}_nom", f"{rank}_prenom"))
                or cells.get(f"{rank}_id")
            ],
            notices=notices,
        )
        if isinstance(entry, ListEntry):
            entries.append(entry)
        else:
            problems.extend(entry)


def _joined(cells: dict[str, str], *columns: str) -> str:
    return " ".join(cells[c] for c in columns if cells.get(c))


def _decoded(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidValue((problem("list.encoding", (name,)),))
