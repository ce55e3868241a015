"""The ``orientation-core`` command line, for a school's IT staff and for developers.

Subcommands (``orientation-core COMMAND --help`` tells each one's options):

- ``demo``: a whole campaign, played in a store of its own (``demo.db``);
- ``import``: a school's Siècle exports (or a CSV file) in: the 3e pupils'
  dossiers opened, as the school's secretariat;
- ``export``: the back office's files out: ``decisions``, ``appeals``,
  ``missing`` (the families to follow up) as CSV, ``sync`` (the sync
  records) as JSON Lines;
- ``recap``, ``email``, ``missing``: a dossier's recaps, the confirmation
  e-mail of the family's last act online, the families to follow up;
- ``check FILE.json``: an intention set as the codec writes it, checked and
  recapped; ``schema [TYPE]``: the published JSON Schemas.

The commands that read a store take ``--db PATH``, an SQLite file
(``orientation.db`` in the current directory by default), and ``--uai`` and
``--rentree`` to name the school's campaign.  The current time is read here,
never in the library, and only where a command needs it: ``import`` dates
the openings, ``missing`` and ``export missing`` take it as ``now`` unless
``--at`` gives another instant.

Exit status:

- 0: done (an import with ``--skip-invalid`` too, its problems printed);
- 1: problems in the input, each printed with where it is (a file's line or
  pupil, a JSON path), and nothing done; or a refusal of the procedure;
- 2: a usage error (argparse's, in English) or an input that cannot be
  read at all (a missing file, not JSON, not XML, not a database);
- 3: not found: no campaign planned for that school and rentrée, no dossier
  for that pupil;
- 130: stopped with Ctrl-C.

Every error is one line on stderr, ``orientation-core: ...``, in French for
what a person gave wrong, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from orientation_core import codec
from orientation_core._actors import Role, Staff
from orientation_core._campaign import Campaign
from orientation_core._dossier import Dossier
from orientation_core._events import DossierEvent, DossierId, FamilyEvent
from orientation_core._followup import families_to_follow_up_from_events
from orientation_core._intention import IntentionSet
from orientation_core._problems import problem
from orientation_core._recap import recap_lines
from orientation_core.exceptions import InvalidValue, OrientationError, Problem

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from orientation_core._problems import Path as ProblemPath
    from orientation_core.roster import SchoolList
    from orientation_core.store import SqliteEventStore

__all__ = [
    "DEFAULT_DB",
    "DEFAULT_SENDER",
    "DEMO_DB",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_UNREADABLE",
    "IMPORT_ACTOR",
    "format_path",
    "main",
    "parser",
]

PROG = "orientation-core"
EXIT_OK = 0
"""Done."""
EXIT_PROBLEMS = 1
"""Problems in the input, each printed and located; nothing done."""
EXIT_UNREADABLE = 2
"""A usage error, or an input that cannot be read at all."""
EXIT_NOT_FOUND = 3
"""No campaign for that school and rentrée, or no dossier for that pupil."""
EXIT_INTERRUPTED = 130
"""Stopped with Ctrl-C, as shells report it."""

DEFAULT_DB = "orientation.db"
"""The store the commands read when ``--db`` is not given, in the current directory."""
DEMO_DB = "orientation-demo.db"
"""The store ``demo`` writes when ``--db`` is not given: never a school's own."""
DEFAULT_SENDER = "orientation@example.fr"
"""The ``From`` of the e-mail ``email`` shows when ``--sender`` is not given."""
IMPORT_ACTOR = "orientation-core"
"""The id of the secretariat member ``import`` opens the dossiers as (see the sync records)."""

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_EXPORTS = ("decisions", "appeals", "missing", "sync")


class _Failure(Exception):
    # What stops a command: one line for stderr, and the exit status.
    def __init__(self, line: str, status: int) -> None:
        super().__init__(line)
        self.line = line
        self.status = status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (``sys.argv[1:]`` when None); return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        # argparse exits after --help (0) or a usage error (2): report it as
        # a status, so that main stays callable from tests and other code.
        return exit_.code if isinstance(exit_.code, int) else EXIT_UNREADABLE
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    # The command, with every way it can stop turned into a status and a line.
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except KeyboardInterrupt:
        # Stopped by the person running it: the shell's status for SIGINT.
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``orientation-core schema | head``): stop
        # quietly, and keep Python from complaining again when it flushes
        # stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PROBLEMS
    except _Failure as failure:
        return _fail(failure.line, failure.status)
    except OrientationError as error:
        # A refusal of the procedure, or a store that gives back no valid
        # history: its French sentence, whatever it is.
        return _fail(str(error), EXIT_PROBLEMS)
    except (OSError, sqlite3.Error) as error:
        # A store that is no SQLite database, or a disk that fails.
        return _fail(str(error), EXIT_UNREADABLE)


def _fail(line: str, status: int) -> int:
    # One line, whatever the reason holds.
    print(f"{PROG}: {' '.join(line.split())}", file=sys.stderr)
    return status


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


class _Parser(argparse.ArgumentParser):
    # A usage error is one line too, in argparse's English, with where to look.
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_UNREADABLE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    """The command line's argument parser: every subcommand, its arguments and its help.

    The documentation site's CLI reference is generated from it.
    """
    return _parser()


def _instant(text: str) -> datetime:
    # For argparse: its own English message when the text is no ISO instant.
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date or instant: {text!r}") from None


def _year(text: str) -> int:
    # For argparse, as _instant: a number SQLite could not even hold is no rentrée.
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not 1 <= year <= 9999:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}")
    return year


def _address(text: str) -> str:
    # For argparse, as _instant.
    from orientation_core.texts import valid_address  # noqa: PLC0415

    if valid_address(text) is None:
        raise argparse.ArgumentTypeError(f"not a valid e-mail address: {text!r}")
    return text


def _store_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--db",
        default=DEFAULT_DB,
        metavar="PATH",
        help=f"the store's SQLite file (default: {DEFAULT_DB} in the current directory)",
    )
    command.add_argument("--uai", required=True, help="the school's UAI code, such as 0691234A")
    command.add_argument(
        "--rentree",
        required=True,
        type=_year,
        metavar="YEAR",
        help="the year of the rentrée the campaign prepares, such as 2027",
    )


def _at_option(command: argparse.ArgumentParser, which: str = "") -> None:
    command.add_argument(
        "--at",
        type=_instant,
        metavar="INSTANT",
        help=(
            f"the instant to follow up at{which}, in ISO 8601 (2027-01-19T09:00, in the "
            "school's time zone unless it gives an offset; default: now)"
        ),
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=(
            "The end-of-3e orientation procedure for a school's IT staff: import a school's "
            "lists, export the back office's files, read a dossier, check orientation data. "
            "Exit status: 0 done, 1 problems in the input, 2 usage error or unreadable input, "
            "3 campaign or dossier not found."
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="play a whole campaign in a demonstration store",
        description=(
            "Plan a campaign, import a school, and play its year through every phase in a "
            "store of its own, printing what happens."
        ),
    )
    demo.add_argument(
        "--db",
        default=DEMO_DB,
        metavar="PATH",
        help=f"the demonstration store's SQLite file (default: {DEMO_DB})",
    )
    demo.add_argument(
        "--seed",
        type=int,
        default=2027,
        help="the seed of the families' random choices (default: 2027)",
    )
    demo.add_argument("--quiet", action="store_true", help="print no progress, only the summary")
    demo.set_defaults(run=_demo)

    import_ = commands.add_parser(
        "import",
        help="open the dossiers of a school's 3e pupils from its exports",
        description=(
            "Read the school's Siècle exports (the pupils' and the guardians' XML files, each "
            "alone or in a .zip) or one CSV file, and open the dossier of every 3e pupil that "
            "has none yet, as the school's secretariat. Nothing is opened from files with "
            "problems unless --skip-invalid is given. Exit status: 0 done, 1 problems found "
            "and nothing opened, 2 files unreadable, 3 no campaign planned."
        ),
    )
    _store_options(import_)
    import_.add_argument(
        "--skip-invalid",
        action="store_true",
        help="open the pupils that can be read, leaving out those with problems",
    )
    import_.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="the Siècle exports (.xml or .zip), or one .csv file",
    )
    import_.set_defaults(run=_import)

    export = commands.add_parser(
        "export",
        help="write the back office's files: decisions, appeals, missing, sync",
        description=(
            "Write the campaign's decisions, appeals or families to follow up (missing) as "
            "CSV (semicolons, UTF-8 with a byte order mark, French column names), or its sync "
            "records as JSON Lines, to FILE or to the standard output."
        ),
    )
    export.add_argument("kind", choices=_EXPORTS, metavar="KIND", help=", ".join(_EXPORTS))
    _store_options(export)
    export.add_argument("--output", "-o", metavar="FILE", help="where to write (default: stdout)")
    _at_option(export, " (KIND missing)")
    export.set_defaults(run=_export)

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
    check.set_defaults(run=lambda args: _check(args.file))

    recap = commands.add_parser(
        "recap",
        help="print a dossier's recaps",
        description=(
            "Print every recap the pupil's dossier holds (intentions, avis, choix, "
            "propositions, decision, appeal), as the family reads them. Exit status: 0, or 3 "
            "when there is no such campaign or dossier."
        ),
    )
    _store_options(recap)
    recap.add_argument("pupil", metavar="PUPIL_ID", help="the pupil's id (its INE)")
    recap.set_defaults(run=_recap)

    email = commands.add_parser(
        "email",
        help="print the confirmation e-mail of the family's last act online",
        description=(
            "Print the confirmation e-mail sent to the family after its last act online on "
            "the pupil's dossier, or a line saying there is none. Exit status: 0, or 3 when "
            "there is no such campaign or dossier."
        ),
    )
    _store_options(email)
    email.add_argument("pupil", metavar="PUPIL_ID", help="the pupil's id (its INE)")
    email.add_argument(
        "--sender",
        type=_address,
        default=DEFAULT_SENDER,
        metavar="ADDR",
        help=f"the address the e-mail is sent from (default: {DEFAULT_SENDER})",
    )
    email.set_defaults(run=_email)

    missing = commands.add_parser(
        "missing",
        help="print the families to follow up, by class",
        description=(
            "Print the families that have not done what the campaign's phase asks, by class "
            "and by name, with counts and the guardians to contact."
        ),
    )
    _store_options(missing)
    _at_option(missing)
    missing.set_defaults(run=_missing)

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
    schema.set_defaults(run=lambda args: _schema(args.type))
    return parser


# -- the store ------------------------------------------------------------------------


def _store(db: str) -> SqliteEventStore:
    from orientation_core.store import SqliteEventStore  # noqa: PLC0415

    # SQLite would create a missing file: a mistyped --db must not give an
    # empty store that then answers "no campaign".
    if not Path(db).is_file():
        raise _Failure(f"{db}: {problem('store.missing').message}", EXIT_UNREADABLE)
    return SqliteEventStore(db)


def _campaign(store: SqliteEventStore, uai: str, rentree: int) -> Campaign:
    events = store.load_campaign(uai, rentree)
    if not events:
        message = problem("campaign.not_planned", uai=uai, rentree=rentree).message
        raise _Failure(message, EXIT_NOT_FOUND)
    return Campaign.replay(events)


def _history(
    store: SqliteEventStore, campaign: Campaign, pupil: str
) -> tuple[list[DossierEvent], list[Dossier]]:
    # The dossier's events, and the dossier after each of them.
    events = store.load(DossierId(campaign.uai, campaign.rentree, pupil))
    if not events:
        raise _Failure(problem("dossier.not_found", pupil=pupil).message, EXIT_NOT_FOUND)
    states = [Dossier.replay(events[:1], campaign=campaign)]
    for event in events[1:]:
        states.append(states[-1].apply(event, campaign=campaign))
    return events, states


def _clock() -> datetime:
    # The one place the command line reads the time (tests set it).
    return datetime.now(UTC)


def _now(at: datetime | None, campaign: Campaign) -> datetime:
    if at is None:
        return _clock()
    # An instant without an offset is the school's own time.
    return at if at.tzinfo is not None else at.replace(tzinfo=campaign.timezone)


# -- demo -----------------------------------------------------------------------------


def _demo(args: argparse.Namespace) -> int:
    # Imported when asked for only: the demonstration is the one command that
    # needs it, and the largest.
    from orientation_core.demo import run_demo  # noqa: PLC0415

    return run_demo(db_path=args.db, seed=args.seed, out=sys.stdout, progress=not args.quiet)


# -- import ---------------------------------------------------------------------------


def _where(path: ProblemPath) -> str:
    # ("ligne", 4, "classe") -> "ligne 4, classe"; ("élève", "4105") -> "élève 4105".
    # After them, an index is a rank, and people count from 1.
    head = " ".join(str(step) for step in path[:2])
    rest = (str(step + 1) if isinstance(step, int) else step for step in path[2:])
    return ", ".join((head, *rest))


def _located(found: Problem, text: str | None = None) -> str:
    text = found.message if text is None else text
    return f"{_where(found.path)} : {text}" if found.path else text


def _read_list(files: list[str]) -> SchoolList:
    from orientation_core.roster import read_csv, read_siecle  # noqa: PLC0415

    for file in files:
        # The reader names a file it cannot open by its rank: name it as given.
        if not Path(file).is_file():
            raise _Failure(f"{file} : {problem('list.unreadable').message}", EXIT_UNREADABLE)
    csv = any(file.lower().endswith(".csv") for file in files)
    if csv and len(files) > 1:
        raise _Failure(problem("list.csv_alone").message, EXIT_UNREADABLE)
    try:
        return read_csv(files[0]) if csv else read_siecle(*files)
    except InvalidValue as error:
        # A file that cannot be used at all: say which, and why.
        found = error.problems[0]
        raise _Failure(_located(found, _worded(found)), EXIT_UNREADABLE) from None


def _import(args: argparse.Namespace) -> int:
    from orientation_core.store import import_list  # noqa: PLC0415

    school_list = _read_list(args.files)
    with _store(args.db) as store:
        campaign = _campaign(store, args.uai, args.rentree)
        secretariat = Staff(IMPORT_ACTOR, campaign.uai, Role.SECRETARIAT)
        try:
            report = import_list(
                store,
                school_list,
                campaign=campaign,
                actor=secretariat,
                now=_clock(),
                skip_invalid=args.skip_invalid,
            )
        except InvalidValue as error:
            print("Aucun dossier n'a été ouvert. À corriger :")
            for found in error.problems:
                print(f"- {_located(found)}")
            _notices(school_list)
            return EXIT_PROBLEMS
    print(f"Établissement {campaign.uai}, année scolaire {campaign.school_year}")
    print(f"Dossiers ouverts : {len(report.opened)}")
    print(f"Déjà ouverts : {report.already_open}")
    print(f"Élèves laissés de côté pour erreur : {report.skipped}")
    print(f"Élèves hors 3e ou sortis : {school_list.left_aside}")
    if school_list.problems:
        print("Erreurs (élèves non ouverts) :")
        for found in school_list.problems:
            print(f"- {_located(found)}")
    _notices(school_list)
    return EXIT_OK


def _notices(school_list: SchoolList) -> None:
    if school_list.notices:
        print("Remarques :")
        for found in school_list.notices:
            print(f"- {_located(found)}")


# -- export ---------------------------------------------------------------------------


def _export(args: argparse.Namespace) -> int:
    from orientation_core import exports  # noqa: PLC0415

    with _store(args.db) as store:
        campaign = _campaign(store, args.uai, args.rentree)

        def write(out: TextIO) -> int:
            if args.kind == "decisions":
                return exports.write_decisions(store, campaign, out)
            if args.kind == "appeals":
                return exports.write_appeals(store, campaign, out)
            if args.kind == "missing":
                now = _now(args.at, campaign)
                return exports.write_follow_up(store, campaign, out, now=now)
            return exports.write_sync_records(store, campaign, out)

        if args.output is None:
            _utf8_stdout()
            write(sys.stdout)
            return EXIT_OK
        count = _written(Path(args.output), write)
    print(f"{args.output} : {count} ligne(s) écrite(s).")
    return EXIT_OK


def _utf8_stdout() -> None:
    # The files are UTF-8 with their own line ends, whatever the console's.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", newline="")


def _written(path: Path, write: Callable[[TextIO], int]) -> int:
    # Written aside, then renamed: a failed export leaves no half file.
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            count = write(out)
        partial.replace(path)
    except OSError as error:
        # Named as the person gave it, not as the file written aside.
        raise _Failure(f"{path}: {error.strerror or error}", EXIT_UNREADABLE) from None
    finally:
        partial.unlink(missing_ok=True)
    return count


# -- recap, email, missing ------------------------------------------------------------


def _recap(args: argparse.Namespace) -> int:
    from orientation_core.texts import dossier_recaps  # noqa: PLC0415

    with _store(args.db) as store:
        campaign = _campaign(store, args.uai, args.rentree)
        dossier = _history(store, campaign, args.pupil)[1][-1]
    print(f"{dossier.pupil.name}, {dossier.pupil.classe}")
    recaps = dossier_recaps(dossier)
    if not recaps:
        print()
        print("Rien n'est encore enregistré dans ce dossier.")
    for recap in recaps:
        print()
        print(recap.text)
    return EXIT_OK


def _email(args: argparse.Namespace) -> int:
    from orientation_core.texts import confirmation_email  # noqa: PLC0415

    with _store(args.db) as store:
        campaign = _campaign(store, args.uai, args.rentree)
        events, states = _history(store, campaign, args.pupil)
    online = [
        index
        for index, event in enumerate(events)
        if isinstance(event, FamilyEvent) and not event.paper_form
    ]
    if not online:
        print("Pas d'e-mail : la famille n'a encore rien fait en ligne sur ce dossier.")
        return EXIT_OK
    # As the session holding the family's last act online would send it.
    last = online[-1]
    message = confirmation_email([events[last]], states[last], campaign, args.sender)
    if message is None:
        print("Pas d'e-mail : le représentant légal n'a pas d'adresse électronique valide.")
        return EXIT_OK
    for header in ("From", "To", "Date", "Subject"):
        print(f"{header}: {message[header]}")
    print()
    print(message.get_content(), end="")
    return EXIT_OK


def _missing(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        campaign = _campaign(store, args.uai, args.rentree)
        now = _now(args.at, campaign)
        events = [
            event
            for found in store.dossiers(campaign.uai, campaign.rentree)
            for event in store.load(found)
        ]
    follow_up = families_to_follow_up_from_events(events, campaign, now)
    when = f"{campaign.local(now):%d/%m/%Y à %H:%M}"
    if follow_up.pending is None:
        print(f"Le {when}, le service n'est pas encore ouvert : rien n'est attendu des familles.")
        return EXIT_OK
    print(f"Le {when} : {follow_up.pending.label}")
    print(f"Familles à accompagner : {follow_up.total}")
    for group in follow_up.classes:
        print()
        print(f"{group.classe} : {group.count}")
        for family in group.families:
            contacts = ", ".join(
                guardian.name if guardian.email is None else f"{guardian.name} <{guardian.email}>"
                for guardian in family.guardians
            )
            print(f"- {family.pupil.name} ({family.pupil.id}) : {contacts}")
    return EXIT_OK


# -- check and schema -----------------------------------------------------------------


def _schema(name: str | None) -> int:
    if name is None:
        for known in codec.WIRE_NAMES.values():
            print(known)
        return EXIT_OK
    try:
        document = codec.schema(name)
    except InvalidValue as error:
        return _fail(_worded(error.problems[0]), EXIT_PROBLEMS)
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
    return _fail(f"{file}: {reason}", EXIT_UNREADABLE)
