"""The ``orientation-core`` command line, for developers and support staff.

``orientation-core check FILE.json`` reads an intention set written as
:func:`orientation_core.codec.dump` writes it and prints its recap (exit
status 0), or every problem as ``path: message`` in French (exit status 1).
A file that cannot be read or is not JSON gives one line on stderr and exit
status 2, never a traceback.

``orientation-core schema [TYPE]`` prints the JSON Schema of TYPE's data (the
file published as ``schemas/TYPE.schema.json``), or the list of types.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from orientation_core import codec
from orientation_core._intention import IntentionSet
from orientation_core._problems import problem
from orientation_core._recap import recap_lines
from orientation_core.exceptions import InvalidValue, Problem

if TYPE_CHECKING:
    from collections.abc import Sequence

    from orientation_core._problems import Path as ProblemPath

__all__ = ["format_path", "main", "parser"]

PROG = "orientation-core"
EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (``sys.argv[1:]`` when None); return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        # argparse exits after --help (0) or a usage error (2): report it as
        # a status, so that main stays callable from tests and other code.
        return exit_.code if isinstance(exit_.code, int) else EXIT_UNREADABLE
    try:
        if args.command == "schema":
            return _schema(args.type)
        return _check(args.file)
    except BrokenPipeError:
        # The reader went away (``orientation-core schema | head``): stop
        # quietly, and keep Python from complaining again when it flushes
        # stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PROBLEMS


def format_path(path: ProblemPath) -> str:
    """A problem's path as jq writes it: ``.intentions[1].voie``, ``.`` for the whole.

    >>> format_path(("intentions", 1, "voie"))
    '.intentions[1].voie'
    >>> format_path(("a key",))
    '.["a key"]'
    >>> format_path(())
    '.'
    """
    if not path:
        return "."
    steps = []
    for step in path:
        if isinstance(step, int):
            steps.append(f"[{step}]")
        elif _IDENTIFIER.fullmatch(step):
            steps.append(f".{step}")
        else:
            steps.append(f".[{_quoted(step)}]")
    text = "".join(steps)
    return text if text.startswith(".") else f".{text}"


def _quoted(key: str) -> str:
    # Readable accents, but escapes for anything a terminal would not show as
    # itself on one line: controls, line separators, lone surrogates (which
    # JSON's \\u escapes can put in a key).
    text = json.dumps(key, ensure_ascii=False)
    return text if text.isprintable() else json.dumps(key)


def parser() -> argparse.ArgumentParser:
    """The command line's argument parser: every subcommand, its arguments and its help.

    The documentation site's CLI reference is generated from it.
    """
    return _parser()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Check orientation data written in the orientation_core codec's JSON format.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="check an intention set and print its recap",
        description=(
            "Read FILE (UTF-8 JSON, as orientation_core.codec.dump writes an IntentionSet) "
            "and print the recap the family would see, or every problem in French. "
            "Exit status: 0 valid, 1 problems found, 2 file unreadable or not JSON."
        ),
    )
    check.add_argument("file", metavar="FILE", help="the JSON file to check")
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a type, or the list of types",
        description=(
            "Print the JSON Schema (draft 2020-12) of TYPE's data as orientation_core.codec.dump "
            "writes it, or without TYPE the wire name of every type, one a line. "
            "Exit status: 0, or 1 for a type the codec does not know."
        ),
    )
    schema.add_argument("type", metavar="TYPE", nargs="?", help="a wire name, such as Dossier")
    return parser


def _schema(name: str | None) -> int:
    if name is None:
        for known in codec.WIRE_NAMES.values():
            print(known)
        return EXIT_OK
    try:
        document = codec.schema(name)
    except InvalidValue as error:
        print(f"{PROG}: {_worded(error.problems[0])}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(json.dumps(document, ensure_ascii=False, indent=2))
    return EXIT_OK


def _check(file: str) -> int:
    try:
        # JSON is UTF-8; a byte order mark, as some editors write, is skipped.
        text = Path(file).read_text(encoding="utf-8-sig")
    except OSError as error:
        return _unreadable(file, error.strerror or str(error))
    except UnicodeDecodeError as error:
        return _unreadable(file, _worded(problem("json.invalid", cause=str(error))))
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        # ValueError covers bad syntax and numbers too long to convert;
        # RecursionError, arrays or objects nested too deep to parse.
        detail = str(error) if isinstance(error, ValueError) else "imbrication trop profonde"
        return _unreadable(file, _worded(problem("json.invalid", cause=detail)))
    try:
        intentions = codec.load(IntentionSet, data)
    except InvalidValue as error:
        for found in error.problems:
            print(f"{format_path(found.path)}: {_worded(found)}")
        return EXIT_PROBLEMS
    for line in recap_lines(intentions):
        print(line)
    return EXIT_OK


def _worded(found: Problem) -> str:
    # The command line is read by whoever runs the service: the French
    # message, then what a developer needs, if anything.
    return f"{found.message} ({found.detail})" if found.detail else found.message


def _unreadable(file: str, reason: str) -> int:
    # One line, whatever the reason holds.
    print(f"{PROG}: {file}: {' '.join(reason.split())}", file=sys.stderr)
    return EXIT_UNREADABLE
