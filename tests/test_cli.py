import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orientation_core.cli import format_path, main
from orientation_core.codec import WIRE_NAMES
from tests.strategies import json_values, near_dumps

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

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


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run([], capsys)
    assert (status, out) == (2, [])
    assert err[0].startswith("usage: orientation-core")


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
