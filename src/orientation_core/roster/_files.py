"""Reading a school's files safely: bounded in size, zipped or not."""

from __future__ import annotations

import io
import os
import zipfile
from typing import TypeAlias

from orientation_core._problems import problem
from orientation_core.exceptions import InvalidValue

__all__ = ["MAX_FILE_BYTES", "MAX_ZIP_MEMBERS", "Source", "contents"]

Source: TypeAlias = "bytes | str | os.PathLike[str]"
"""A file as a host holds it: its bytes, or its path."""

MAX_FILE_BYTES = 64 * 1024 * 1024
"""The largest file read, zipped or unzipped: a large collège's export is a few megabytes."""

MAX_ZIP_MEMBERS = 16
"""The most files an archive may hold: Siècle zips one export per archive."""

_ZIP_MAGIC = b"PK\x03\x04"


def contents(source: object, where: str, suffix: str) -> list[tuple[str, bytes]]:
    """The files ``source`` holds, as ``(name, bytes)``: itself, or its ``suffix`` members.

    Raises:
        InvalidValue: ``list.unreadable`` (no such file, or not a file),
            ``list.too_large``, ``list.zip_invalid``; ``type.invalid`` for
            what is neither bytes nor a path.

    """
    name, data = _read(source, where)
    if not data.startswith(_ZIP_MAGIC):
        return [(name, data)]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir() and info.filename.lower().endswith(suffix)
            ]
            if not members or len(archive.infolist()) > MAX_ZIP_MEMBERS:
                raise _invalid("list.zip_invalid", where, suffix=suffix)
            found = []
            for info in members:
                # zipfile never inflates a member past the size the archive
                # announces (a lie fails its CRC check), so checking that
                # size is enough to refuse a bomb before inflating it.
                if info.file_size > MAX_FILE_BYTES:
                    raise _too_large(where)
                found.append((info.filename, archive.read(info)))
            return found
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        # A damaged archive, or a compression the standard library lacks.
        raise _invalid("list.zip_invalid", where, suffix=suffix) from None


def _read(source: object, where: str) -> tuple[str, bytes]:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if len(data) > MAX_FILE_BYTES:
            raise _too_large(where)
        return where, data
    if not isinstance(source, str | os.PathLike):
        raise InvalidValue((problem("type.invalid", (where,), expected="bytes | path"),))
    path = os.fspath(source)
    if not isinstance(path, str):
        raise _invalid("list.unreadable", where)
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError):
        # Missing, a folder, unreadable, a name with a NUL: no file to read.
        raise _invalid("list.unreadable", where) from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(where)
    return os.path.basename(path), data


def _too_large(where: str) -> InvalidValue:
    return _invalid("list.too_large", where, max=MAX_FILE_BYTES // (1024 * 1024))


def _invalid(code: str, where: str, **details: object) -> InvalidValue:
    return InvalidValue((problem(code, (where,), **details),))
