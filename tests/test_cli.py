import io
import json
import os
import runpy
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orientation_core import Campaign, Role, Staff, cli, exports
from orientation_core.cli import format_path, main, parser
from orientation_core.codec import WIRE_NAMES
from orientation_core.demo import DEFAULT_DB_PATH, DEFAULT_SEED
from orientation_core.store import SqliteEventStore
from tests.school import (
    GUARDIANS,
    LEA,
    LYON,
    PUPILS,
    RENTREE,
    UAI,
    lyon_campaign,
    planned_store,
    school_store,
)
from tests.strategies import json_values, near_dumps

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
LISTS = ROOT / "tests" / "data" / "lists"

GUIDE_RECAP = [
    "Intention 1 : 2de générale et technologique ou 2de STHR",
    "Intention 2 : 2de professionnelle",
    "Métier ou formation : Pâtisserie",
    "Intention 3 : 1re année de CAP",
    "Métier ou formation : Boulangerie",
]

VALID = (
    '{"schema": 1, "type": "IntentionSet", "intentions": '
    '[{"voie": "GT", "precision": null, "statuts": []}]}'
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], list[str]]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


def assert_one_line_error(err: list[str], file: Path, reason: str) -> None:
    assert len(err) == 1
    assert err[0].startswith(f"orientation-core: {file}: ")
    assert reason in err[0]
    assert "Traceback" not in err[0]


def test_the_valid_example_prints_the_guides_recap(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["check", str(EXAMPLES / "intentions.json")], capsys)
    assert (status, out, err) == (0, GUIDE_RECAP, [])


def test_the_invalid_example_prints_every_problem_in_french(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(["check", str(EXAMPLES / "intentions-invalide.json")], capsys)
    assert status == 1
    assert err == []
    assert out == [
        (
            ".intentions[0].precision: Pour la 2de générale et technologique ou 2de STHR, "
            "il n'y a pas d'autres informations à saisir."
        ),
        (
            ".intentions[1].statuts[0]: Ce statut n'existe pas : "
            "cochez « Sous statut scolaire » et/ou « Sous statut d'apprenti »."
        ),
        ".intentions[3].voie: Cette voie n'existe pas : choisissez l'une des voies proposées.",
        ".intentions: Vous pouvez saisir jusqu'à trois intentions.",
        ".intentions[2].voie: Vous avez déjà choisi cette voie pour l'intention 2.",
    ]


def test_json_that_is_not_an_object_is_a_problem_of_the_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "list.json"
    file.write_text("[]", encoding="utf-8")
    assert run(["check", str(file)], capsys) == (
        1,
        [".: Cette valeur n'a pas le type attendu. (expected: dict)"],
        [],
    )


def test_a_byte_order_mark_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "bom.json"
    file.write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    assert run(["check", str(file)], capsys) == (
        0,
        ["Intention 1 : 2de générale et technologique ou 2de STHR"],
        [],
    )


def test_a_missing_file_is_one_line_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "absent.json"
    status, out, err = run(["check", str(file)], capsys)
    assert (status, out) == (2, [])
    assert_one_line_error(err, file, "No such file or directory")


def test_a_directory_is_one_line_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["check", str(tmp_path)], capsys)
    assert (status, out) == (2, [])
    assert_one_line_error(err, tmp_path, "Is a directory")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        '{"schema": 1,}',
        "{'schema': 1}",
        "[" * 100_000 + "]" * 100_000,
        "1" * 5000,
    ],
    ids=["empty", "unclosed", "trailing comma", "single quotes", "too deep", "huge number"],
)
def test_invalid_json_is_one_line_on_stderr(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "broken.json"
    file.write_text(text, encoding="utf-8")
    status, out, err = run(["check", str(file)], capsys)
    assert (status, out) == (2, [])
    assert_one_line_error(err, file, "Ce fichier n'est pas du JSON valide. (cause: ")


def test_bytes_that_are_not_utf8_are_one_line_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "latin1.json"
    file.write_bytes(VALID.replace("null", '"Pâtisserie"').encode("latin-1"))
    status, out, err = run(["check", str(file)], capsys)
    assert (status, out) == (2, [])
    assert_one_line_error(err, file, "Ce fichier n'est pas du JSON valide. (cause: 'utf-8' codec")


def test_no_command_is_a_one_line_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run([], capsys) == (
        2,
        [],
        [
            (
                "orientation-core: the following arguments are required: COMMAND "
                "(see orientation-core --help)"
            )
        ],
    )


def test_help_exits_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["check", "--help"], capsys)
    assert (status, err) == (0, [])
    assert out[0] == "usage: orientation-core check [-h] FILE"


def test_python_dash_m_runs_the_same_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        sys, "argv", ["orientation_core", "check", str(EXAMPLES / "intentions.json")]
    )
    with pytest.raises(SystemExit) as exit_:
        runpy.run_module("orientation_core", run_name="__main__")
    assert exit_.value.code == 0
    assert capsys.readouterr().out.splitlines() == GUIDE_RECAP


def test_the_installed_console_script_checks_the_example() -> None:
    script = Path(sys.executable).parent / "orientation-core"
    assert script.is_file()
    completed = subprocess.run(
        [str(script), "check", str(EXAMPLES / "intentions.json")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert (completed.returncode, completed.stderr) == (0, "")
    assert completed.stdout.splitlines() == GUIDE_RECAP


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), "."),
        (("intentions",), ".intentions"),
        (("intentions", 1, "voie"), ".intentions[1].voie"),
        ((0, "voie"), ".[0].voie"),
        (("a key", "é"), '.["a key"].["é"]'),
        (("line\nbreak",), '.["line\\nbreak"]'),
        (("\udc00k",), '.["\\udc00k"]'),
        (("next\x85line\u2028",), '.["next\\u0085line\\u2028"]'),
    ],
)
def test_a_problems_path_is_written_as_jq_writes_it(path: tuple[str | int, ...], text: str) -> None:
    assert format_path(path) == text


def test_a_key_no_output_can_carry_is_escaped_in_the_problem_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "surrogate.json"
    file.write_text(VALID.replace('"type"', '"\\udc00k": 1, "type"'), encoding="utf-8")
    status, out, err = run(["check", str(file)], capsys)
    assert (status, err) == (1, [])
    assert out == ['.["\\udc00k"]: Cette donnée n\'est pas attendue.']
    out[0].encode("utf-8")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(json_values, near_dumps().map(lambda case: case[1])))
def test_any_json_file_gives_a_recap_or_one_line_per_problem(
    data: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # tmp_path is shared by the examples: each one overwrites the same file.
    file = tmp_path / "any.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    status, out, err = run(["check", str(file)], capsys)
    assert err == []
    assert status in {0, 1}
    assert out
    for line in out:
        line.encode("utf-8")
        if status == 1:
            assert line.startswith(".")
            assert ": " in line


# --- the schema command ---------------------------------------------------------------


def test_schema_without_a_type_lists_every_wire_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == list(WIRE_NAMES.values())
    assert "IntentionsValidated" in out.splitlines()


def test_schema_prints_the_published_file_of_a_type(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "IntentionsValidated"]) == 0
    published = ROOT / "schemas" / "IntentionsValidated.schema.json"
    assert capsys.readouterr().out == published.read_text("utf-8")


def test_schema_of_an_unknown_type_is_one_french_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "Robot"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "orientation-core: Ce type de valeur n'est pas pris en charge. (name: Robot)\n"
    )


@pytest.mark.parametrize("argv", [["schema"], ["schema", "IntentionSet"]])
def test_a_reader_that_goes_away_stops_the_command_quietly(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in `orientation-core schema | head -1`: the pipe's reader is gone.
    read_end, write_end = os.pipe()
    os.close(read_end)
    with open(write_end, "w", buffering=1, encoding="utf-8") as gone:
        monkeypatch.setattr(sys, "stdout", gone)
        assert main(argv) == 1
        # What is left to write goes nowhere, without a second complaint.
        print("encore", file=gone)


# --- the school's store: import, export, recap, email, missing ----------------------------

CAMPAIGN = ["--uai", UAI, "--rentree", str(RENTREE)]
NOVEMBER = datetime(2026, 11, 30, 9, tzinfo=LYON)


@pytest.fixture(scope="module")
def school_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("school") / "orientation.db"
    school_store(path).close()
    return str(path)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    def set_clock(now: datetime) -> None:
        monkeypatch.setattr(cli, "_clock", lambda: now)

    set_clock(NOVEMBER)
    return set_clock


def planned_db(tmp_path: Path) -> str:
    path = tmp_path / "orientation.db"
    planned_store(path).close()
    return str(path)


def import_argv(db: str, *files: Path | str) -> list[str]:
    return ["import", "--db", db, *CAMPAIGN, *(str(file) for file in files)]


NOTICES = [
    "Remarques :",
    (
        "- élève 4102, responsables, 880104 : Cette personne à contacter n'est pas un représentant "
        "légal : elle n'est pas reprise."
    ),
    (
        "- élève 4102, responsables, 1, mel : Cette adresse électronique n'est pas valide : "
        "elle n'est pas reprise."
    ),
]


@pytest.mark.usefixtures("clock")
def test_an_import_with_problems_opens_nothing_and_says_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = planned_db(tmp_path)
    assert run(import_argv(db, PUPILS, GUARDIANS), capsys) == (
        1,
        [
            "Aucun dossier n'a été ouvert. À corriger :",
            "- élève 4105, responsables : Aucun représentant légal de l'élève n'est indiqué.",
            *NOTICES,
        ],
        [],
    )
    with SqliteEventStore(db) as store:
        assert store.dossiers(UAI, RENTREE) == []


@pytest.mark.usefixtures("clock")
def test_an_import_skipping_the_invalid_opens_each_pupil_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = planned_db(tmp_path)
    argv = import_argv(db, PUPILS, GUARDIANS)
    argv.insert(1, "--skip-invalid")
    report = [
        "Erreurs (élèves non ouverts) :",
        "- élève 4105, responsables : Aucun représentant légal de l'élève n'est indiqué.",
        *NOTICES,
    ]
    assert run(argv, capsys) == (
        0,
        [
            "Établissement 0691234A, année scolaire 2026-2027",
            "Dossiers ouverts : 2",
            "Déjà ouverts : 0",
            "Élèves laissés de côté pour erreur : 1",
            "Élèves hors 3e ou sortis : 2",
            *report,
        ],
        [],
    )
    status, out, _ = run(argv, capsys)
    assert (status, out[1:3]) == (0, ["Dossiers ouverts : 0", "Déjà ouverts : 2"])
    with SqliteEventStore(db) as store:
        opened = store.load(LEA)[0]
    # Opened as the school's secretariat, at the time the command ran.
    assert (opened.actor, opened.at) == (Staff("orientation-core", UAI, Role.SECRETARIAT), NOVEMBER)


@pytest.mark.usefixtures("clock")
def test_a_clean_csv_file_imports_with_nothing_to_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = tmp_path / "eleves.csv"
    lines = (LISTS / "eleves-3e.csv").read_text("utf-8").splitlines()
    clean.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    status, out, err = run(import_argv(planned_db(tmp_path), clean), capsys)
    assert (status, out[1:], err) == (
        0,
        [
            "Dossiers ouverts : 2",
            "Déjà ouverts : 0",
            "Élèves laissés de côté pour erreur : 0",
            "Élèves hors 3e ou sortis : 0",
        ],
        [],
    )


@pytest.mark.parametrize(
    ("files", "line"),
    [
        (
            [LISTS / "eleves-3e.csv", PUPILS],
            "Un fichier CSV s'importe seul, sans autre fichier.",
        ),
        (["absent.xml"], "absent.xml : Ce fichier est introuvable ou illisible."),
        (
            [EXAMPLES / "intentions.json"],
            "intentions.json : Ce fichier n'est pas un fichier XML lisible.",
        ),
        ([PUPILS], "Il manque l'export des responsables de Siècle."),
    ],
    ids=["csv and xml", "absent", "not xml", "one export"],
)
def test_files_that_cannot_be_read_are_one_french_line(
    files: list[Path | str], line: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(import_argv(planned_db(tmp_path), *files), capsys) == (
        2,
        [],
        [f"orientation-core: {line}"],
    )


def test_an_import_into_a_closed_campaign_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: Callable[[datetime], None]
) -> None:
    clock(datetime(2027, 8, 1, tzinfo=LYON))
    status, out, err = run(
        import_argv(planned_db(tmp_path), PUPILS, GUARDIANS, "--skip-invalid"), capsys
    )
    assert (status, out) == (1, [])
    assert err == [
        (
            "orientation-core: La campagne d'orientation s'est terminée le 04/07/2027 : "
            "le dossier ne peut plus être modifié."
        )
    ]


@pytest.mark.parametrize(
    "argv",
    [
        ["recap", *CAMPAIGN, "070812345AB"],
        ["email", *CAMPAIGN, "070812345AB"],
        ["missing", *CAMPAIGN],
        ["export", "sync", *CAMPAIGN],
        ["import", *CAMPAIGN, str(PUPILS), str(GUARDIANS)],
    ],
    ids=lambda argv: argv[0],
)
def test_a_store_that_is_not_there_is_not_created(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "orientation.db"
    assert run([*argv, "--db", str(db)], capsys) == (
        2,
        [],
        [f"orientation-core: {db}: Cette base n'existe pas : indiquez son fichier avec --db."],
    )
    assert not db.exists()


def test_a_file_that_is_no_database_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("Ceci n'est pas une base.\n" * 100, encoding="utf-8")
    assert run(["recap", "--db", str(db), *CAMPAIGN, "070812345AB"], capsys) == (
        2,
        [],
        ["orientation-core: file is not a database"],
    )


@pytest.mark.parametrize("command", ["recap", "email", "missing", "export"])
def test_a_campaign_not_planned_is_not_found(
    command: str, school_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [command, "--db", school_db, "--uai", "0751234J", "--rentree", "2027"]
    argv += {"recap": ["070812345AB"], "email": ["070812345AB"], "export": ["decisions"]}.get(
        command, []
    )
    assert run(argv, capsys) == (
        3,
        [],
        [
            (
                "orientation-core: Aucune campagne n'est prévue pour l'établissement 0751234J "
                "et la rentrée 2027."
            )
        ],
    )


@pytest.mark.parametrize("command", ["recap", "email"])
def test_a_pupil_without_a_dossier_is_not_found(
    command: str, school_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([command, "--db", school_db, *CAMPAIGN, "070899999ZZ"], capsys) == (
        3,
        [],
        ["orientation-core: Aucun dossier de l'élève 070899999ZZ dans cette campagne."],
    )


def test_recap_prints_every_recap_of_the_dossier(
    school_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["recap", "--db", school_db, *CAMPAIGN, "070812346BC"], capsys) == (
        0,
        [
            "DURAND-NGUYEN Émile, 3B",
            "",
            "Nous souhaitons pour la rentrée prochaine :",
            "",
            "Intention 1 : 2de générale et technologique ou 2de STHR",
            "",
            "Décision d'orientation :",
            "",
            "Décision du chef d'établissement : 2de générale et technologique ou 2de STHR",
            "Motifs : Bons résultats.",
            "",
            "Vous avez accepté cette décision.",
        ],
        [],
    )


def test_recap_of_a_dossier_with_nothing_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "orientation.db"
    school_store(db, until=datetime(2027, 1, 1, tzinfo=LYON)).close()
    assert run(["recap", "--db", str(db), *CAMPAIGN, "070812345AB"], capsys) == (
        0,
        ["MARTIN Léa, 3A", "", "Rien n'est encore enregistré dans ce dossier."],
        [],
    )
    assert run(["email", "--db", str(db), *CAMPAIGN, "070812345AB"], capsys) == (
        0,
        ["Pas d'e-mail : la famille n'a encore rien fait en ligne sur ce dossier."],
        [],
    )


def test_email_prints_the_confirmation_of_the_last_act_online(
    school_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["email", "--db", school_db, *CAMPAIGN, "070812345AB", "--sender", "ce@ac-lyon.fr"]
    assert run(argv, capsys) == (
        0,
        [
            "From: ce@ac-lyon.fr",
            "To: MARTIN Claire <claire.martin@example.fr>",
            "Date: Tue, 15 Jun 2027 18:30:00 +0200",
            (
                "Subject: Orientation de MARTIN Léa : votre appel de la décision d'orientation a "
                "bien été enregistré"
            ),
            "",
            "Bonjour,",
            "",
            (
                "Suite à la démarche que vous avez effectuée en ligne le 15/06/2027 à 18:30:00, "
                "nous vous confirmons par cet email que votre appel de la décision d'orientation a "
                "bien été enregistré."
            ),
            "",
            "En voici le récapitulatif :",
            "",
            "- Décision du chef d'établissement : 2de professionnelle",
            "Motifs : Résultats insuffisants en 2de GT.",
            "- Votre demande : 2de générale et technologique ou 2de STHR",
            "Motif : =Elle veut être ingénieure.",
            "",
            (
                "Votre demande sera examinée par la commission d'appel, dont la décision est "
                "définitive."
            ),
        ],
        [],
    )


def test_email_says_when_the_entrant_has_no_address(
    school_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["email", "--db", school_db, *CAMPAIGN, "070812346BC"], capsys) == (
        0,
        ["Pas d'e-mail : le représentant légal n'a pas d'adresse électronique valide."],
        [],
    )


def test_a_sender_that_is_no_address_is_a_usage_error(
    school_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["email", "--db", school_db, *CAMPAIGN, "070812345AB", "--sender", "ce@@lyon"]
    assert run(argv, capsys) == (
        2,
        [],
        [
            (
                "orientation-core email: argument --sender: not a valid e-mail address: 'ce@@lyon' "
                "(see orientation-core email --help)"
            )
        ],
    )


def test_missing_lists_the_families_by_class_in_the_schools_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "orientation.db"
    school_store(db, until=datetime(2027, 1, 31, tzinfo=LYON)).close()
    # No offset: the school's own time.
    assert run(["missing", "--db", str(db), *CAMPAIGN, "--at", "2027-01-19T09:00"], capsys) == (
        0,
        [
            "Le 19/01/2027 à 09:00 : Aucune intention provisoire validée",
            "Familles à accompagner : 1",
            "",
            "3B : 1",
            "- DURAND-NGUYEN Émile (070812346BC) : DURAND Thi Hoa",
        ],
        [],
    )
    early = tmp_path / "early.db"
    school_store(early, until=datetime(2027, 1, 11, tzinfo=LYON)).close()
    status, out, _ = run(
        ["missing", "--db", str(early), *CAMPAIGN, "--at", "2027-01-11T08:00+00:00"], capsys
    )
    assert (status, out[:2]) == (
        0,
        [
            "Le 11/01/2027 à 09:00 : Aucune intention provisoire validée",
            "Familles à accompagner : 2",
        ],
    )
    assert out[3:5] == [
        "3A : 1",
        "- MARTIN Léa (070812345AB) : MARTIN Claire <claire.martin@example.fr>, MARTIN Julien",
    ]


@pytest.mark.usefixtures("clock")
def test_missing_before_the_service_opens_asks_nothing(
    school_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["missing", "--db", school_db, *CAMPAIGN], capsys) == (
        0,
        [
            (
                "Le 30/11/2026 à 09:00, le service n'est pas encore ouvert : "
                "rien n'est attendu des familles."
            )
        ],
        [],
    )


def test_an_instant_that_is_not_iso_is_a_usage_error(
    school_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["missing", "--db", school_db, *CAMPAIGN, "--at", "demain"], capsys)
    assert (status, out) == (2, [])
    assert err == [
        (
            "orientation-core missing: argument --at: not an ISO 8601 date or instant: 'demain' "
            "(see orientation-core missing --help)"
        )
    ]


@pytest.mark.parametrize(
    ("kind", "write"),
    [
        ("decisions", exports.write_decisions),
        ("appeals", exports.write_appeals),
        ("sync", exports.write_sync_records),
    ],
)
def test_export_writes_the_back_offices_file(
    kind: str,
    write: Callable[[SqliteEventStore, Campaign, io.StringIO], int],
    school_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    expected = io.StringIO()
    with SqliteEventStore(school_db) as store:
        count = write(store, lyon_campaign(), expected)
    output = tmp_path / f"{kind}.txt"
    argv = ["export", kind, "--db", school_db, *CAMPAIGN, "--output", str(output)]
    assert run(argv, capsys) == (0, [f"{output} : {count} ligne(s) écrite(s)."], [])
    assert output.read_bytes() == expected.getvalue().encode("utf-8")
    assert [path.name for path in tmp_path.iterdir()] == [output.name]


def test_export_of_the_families_to_follow_up_at_an_instant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "orientation.db"
    school_store(db, until=datetime(2027, 1, 31, tzinfo=LYON)).close()
    output = tmp_path / "relances.csv"
    argv = ["export", "missing", "--db", str(db), *CAMPAIGN, "-o", str(output)]
    assert run([*argv, "--at", "2027-01-19T09:00"], capsys)[0] == 0
    assert output.read_bytes().decode("utf-8").split("\r\n")[1:] == [
        "3B;DURAND-NGUYEN Émile;070812346BC;Aucune intention provisoire validée;DURAND Thi Hoa;;;",
        "",
    ]


@pytest.mark.usefixtures("clock")
def test_export_to_the_standard_output(school_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "missing", "--db", school_db, *CAMPAIGN]) == 0
    assert capsys.readouterr() == (
        (
            "\ufeffClasse;Élève;INE;Démarche attendue;Représentant légal 1;Courriel 1;"
            "Représentant légal 2;Courriel 2\r\n"
        ),
        "",
    )


def test_export_into_a_folder_that_is_not_there_leaves_nothing(
    school_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "absent" / "decisions.csv"
    argv = ["export", "decisions", "--db", school_db, *CAMPAIGN, "-o", str(output)]
    assert run(argv, capsys) == (
        2,
        [],
        [f"orientation-core: {output}: No such file or directory"],
    )
    assert list(tmp_path.iterdir()) == []


def test_demo_runs_the_whole_campaign_into_a_file_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--quiet"]) == 0
    golden = (Path(__file__).parent / "golden" / "demo-2027.txt").read_text("utf-8")
    assert capsys.readouterr().out == golden.replace("« demo.db »", "« orientation-demo.db »")
    assert (tmp_path / "orientation-demo.db").is_file()
    assert cli.DEMO_DB == DEFAULT_DB_PATH


def test_demo_takes_its_file_its_seed_and_quiet() -> None:
    args = parser().parse_args(["demo", "--db", "essai.db", "--seed", "7", "--quiet"])
    assert (args.db, args.seed, args.quiet) == ("essai.db", 7, True)
    args = parser().parse_args(["demo"])
    assert (args.db, args.seed, args.quiet) == ("orientation-demo.db", DEFAULT_SEED, False)


# --- end to end, as a person runs it ------------------------------------------------------


def test_every_command_end_to_end_in_a_process_of_its_own(tmp_path: Path) -> None:
    # Each command's main path and an error of each kind (1, 2, 3), as a
    # person or a script runs them; the other cases are tested in process.
    # A rentrée far ahead: the import dates its openings with the real clock.
    db = tmp_path / "orientation.db"
    planned_store(db, 2099).close()
    school = tmp_path / "school.db"
    school_store(school).close()
    future = ["--uai", UAI, "--rentree", "2099"]
    cases: list[tuple[list[str], int, str]] = [
        (["import", "--db", str(db), *future, str(LISTS / "eleves-3e.csv")], 1, "Aucun dossier"),
        (
            ["import", "--db", str(db), *future, "--skip-invalid", str(LISTS / "eleves-3e.csv")],
            0,
            "Établissement 0691234A, année scolaire 2098-2099",
        ),
        (["export", "decisions", "--db", str(school), *CAMPAIGN], 0, "\ufeffINE;Élève;Classe;"),
        (["export", "sync", "--db", str(school), *future], 3, ""),
        (["recap", "--db", str(school), *CAMPAIGN, "070812345AB"], 0, "MARTIN Léa, 3A"),
        (["email", "--db", str(school), *CAMPAIGN, "070812345AB"], 0, "From: "),
        (["missing", "--db", str(school), *CAMPAIGN, "--at", "2027-06-15"], 0, "Le 15/06/2027"),
        (["check", str(EXAMPLES / "intentions.json")], 0, GUIDE_RECAP[0]),
        (["demo", "--help"], 0, "usage: orientation-core demo"),
        (["export", "nothing", *CAMPAIGN], 2, ""),
    ]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT / "src")}
    # Started together: each process costs a Python start-up, not the sum of them.
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "orientation_core", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for argv, _, _ in cases
    ]
    for (argv, status, first), process in zip(cases, processes, strict=True):
        out, err = (stream.decode("utf-8") for stream in process.communicate(timeout=60))
        assert process.returncode == status, (argv, err)
        assert out.startswith(first), (argv, out)
        if status in {0, 1}:
            # Done, or problems in the input: what to correct is on stdout.
            assert err == "", argv
        else:
            assert "Traceback" not in err, argv
            assert len(err.splitlines()) == 1, (argv, err)
            assert err.startswith("orientation-core"), argv


def test_the_clock_is_read_in_utc() -> None:
    before = datetime.now(UTC)
    now = cli._clock()
    assert before <= now <= datetime.now(UTC)
    assert now.tzinfo is UTC


def test_export_to_a_standard_output_of_a_host(
    school_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A host calling main with its own stream: written as it is, not reconfigured.
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["export", "appeals", "--db", school_db, *CAMPAIGN]) == 0
    assert out.getvalue().count("\r\n") == 2


def test_the_parser_names_every_command_for_the_reference() -> None:
    # The documentation site's CLI reference is generated from it.
    commands = next(action for action in parser().__dict__["_actions"] if action.dest == "command")
    assert list(commands.choices) == [
        "demo",
        "import",
        "export",
        "check",
        "recap",
        "email",
        "missing",
        "schema",
    ]


@pytest.mark.usefixtures("clock")
def test_exports_of_another_year_open_nothing_and_say_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "orientation.db"
    planned_store(db, 2028).close()
    argv = ["import", "--db", str(db), "--uai", UAI, "--rentree", "2028", str(PUPILS)]
    status, out, err = run([*argv, str(GUARDIANS), "--skip-invalid"], capsys)
    assert (status, err) == (1, [])
    assert out[:2] == [
        "Aucun dossier n'a été ouvert. À corriger :",
        (
            "- annee_scolaire : Ces fichiers sont ceux de l'année scolaire 2026-2027, "
            "pas de 2027-2028."
        ),
    ]


@pytest.mark.parametrize("year", ["99999999999999999999", "0", "deux-mille", "-2027"])
def test_a_rentree_that_is_no_year_is_a_usage_error(
    year: str, school_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["recap", "--db", school_db, "--uai", UAI, f"--rentree={year}", "070812345AB"]
    assert run(argv, capsys) == (
        2,
        [],
        [
            (
                f"orientation-core recap: argument --rentree: not a year: '{year}' "
                "(see orientation-core recap --help)"
            )
        ],
    )


def test_ctrl_c_stops_quietly(tmp_path: Path) -> None:
    demo = subprocess.Popen(
        [sys.executable, "-m", "orientation_core", "demo", "--db", str(tmp_path / "d.db")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert demo.stdout is not None
    demo.stdout.readline()  # it has started
    demo.send_signal(signal.SIGINT)
    _, err = demo.communicate(timeout=60)
    assert demo.returncode == 130
    assert "Traceback" not in err


def test_ctrl_c_in_the_middle_of_a_command_gives_the_shell_s_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A real SIGINT to this very process while the demonstration runs.
    interrupt = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    interrupt.start()
    try:
        assert main(["demo", "--db", str(tmp_path / "d.db"), "--quiet"]) == 130
    finally:
        interrupt.cancel()
    assert "Traceback" not in capsys.readouterr().err
