"""The demo: a whole campaign of the sample collège, the same account for the same seed."""

from __future__ import annotations

import io
import itertools
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orientation_core.demo import DEFAULT_DB_PATH, DEFAULT_SEED, run_demo
from orientation_core.demo._population import draw_school
from orientation_core.exceptions import InvalidValue
from orientation_core.store import SqliteEventStore

GOLDEN = Path(__file__).parent / "golden" / f"demo-{DEFAULT_SEED}.txt"


def _run(path: Path, seed: int = DEFAULT_SEED) -> str:
    out = io.StringIO()
    assert run_demo(str(path), seed, out, progress=True) == 0
    return out.getvalue()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Writer:
    # A host's own writer: it writes, and says nothing of terminals.
    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, text: str) -> int:
        self.lines.append(text)
        return len(text)


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    # One campaign takes a few seconds (a durable commit per event): run it once for the module.
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    return path, _run(path)


def _headings(account: str) -> list[str]:
    lines = account.splitlines()
    return [line for line, under in itertools.pairwise(lines) if re.fullmatch("=+", under)]


def _shape(account: str) -> list[str]:
    return [re.sub(r"\d+", "N", line) for line in account.splitlines()]


def _refusals(account: str) -> list[str]:
    return [line for line in account.splitlines() if line.startswith("  Message affiché")]


def test_the_account_of_the_readme_s_seed_is_the_reviewed_one(first_run: tuple[Path, str]) -> None:
    _, account = first_run
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(account, encoding="utf-8")
    assert account == GOLDEN.read_text(encoding="utf-8")


def test_the_account_tells_each_phase_in_french(first_run: tuple[Path, str]) -> None:
    _, account = first_run
    assert _headings(account)[:3] == [
        "Le calendrier",
        "L'ouverture des dossiers",
        "Les intentions provisoires (2e trimestre)",
    ]
    assert "  Saisie des intentions provisoires : du 11/01/2027 au 05/02/2027" in account
    assert (
        "  Message affiché : « Seul le représentant légal qui a validé le premier peut "
        "modifier les choix. »"
    ) in account
    assert (
        "  Message affiché : « La saisie des intentions provisoires s'est terminée le "
        "05/02/2027 : les intentions ne peuvent plus être modifiées. »"
    ) in account
    assert "  - Un avis réservé ou défavorable doit être motivé." in account
    assert "  Subject: Orientation de " in account
    assert "Les familles peuvent accepter ou faire appel pendant 3 jours ouvrables" in account
    assert "jusqu'au jeudi 17 juin 2027 inclus." in account


@pytest.mark.parametrize("page", ["README.md", "docs/demo.md"])
def test_the_extract_a_page_shows_is_the_account_s_own(page: str) -> None:
    text = (Path(__file__).parent.parent / page).read_text(encoding="utf-8")
    extract = text.split("```text\n", 1)[1].split("```", 1)[0]
    assert extract in GOLDEN.read_text(encoding="utf-8")


def test_the_database_holds_the_events_the_account_counts(first_run: tuple[Path, str]) -> None:
    path, account = first_run
    counted = re.search(r"^(\d+) événements de dossier enregistrés", account, re.MULTILINE)
    synced = re.search(r"^(\d+) enregistrements de synchronisation", account, re.MULTILINE)
    assert counted is not None
    assert synced is not None
    store = SqliteEventStore(path)
    try:
        stored = len(store.read_after(0, limit=100_000))
        campaign = store.load_campaign("0691234S", 2027)
    finally:
        store.close()
    assert stored == int(counted[1]) == int(synced[1]) > 500
    assert len(campaign) == 1


def test_running_again_on_the_same_file_starts_afresh(first_run: tuple[Path, str]) -> None:
    path, account = first_run
    # On a terminal, with the progress bars turned off: the same account again, and no bar.
    terminal = _Terminal()
    assert run_demo(str(path), DEFAULT_SEED, terminal, progress=False) == 0
    assert terminal.getvalue() == account


def test_another_seed_draws_another_school_told_the_same_way(
    first_run: tuple[Path, str], tmp_path: Path
) -> None:
    _, account = first_run
    # Written to a host's own writer, which says nothing of terminals: no bars either.
    writer = _Writer()
    assert run_demo(str(tmp_path / "demo.db"), 7, writer, progress=True) == 0  # type: ignore[arg-type]
    other = "".join(writer.lines)
    assert "\x1b[" not in other
    assert other != account
    assert _headings(other) == _headings(account)
    assert len(_headings(account)) == 11
    # Other names and numbers; the same refusals, with the same French messages.
    assert _refusals(other) == _refusals(account)
    assert len(_refusals(account)) == 4
    assert _shape(other)[:4] == _shape(account)[:4]


def test_progress_bars_show_on_a_terminal_only(tmp_path: Path, first_run: tuple[Path, str]) -> None:
    terminal = _Terminal()
    assert run_demo(str(tmp_path / "demo.db"), DEFAULT_SEED, terminal, progress=True) == 0
    shown = terminal.getvalue()
    assert "\x1b[" in shown  # the bars are drawn with the terminal's control sequences
    assert "Ouverture des dossiers" in shown
    assert "\x1b[" not in first_run[1]


def test_a_file_that_is_no_database_is_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Réunion parents-professeurs le 12 janvier.\n", encoding="utf-8")
    out = io.StringIO()
    assert run_demo(str(notes), DEFAULT_SEED, out, progress=False) == 1
    assert notes.read_text(encoding="utf-8") == "Réunion parents-professeurs le 12 janvier.\n"
    assert out.getvalue() == (
        "La base « notes.txt » ne peut pas être créée : le fichier n'est pas une base SQLite, "
        "ou le dossier n'est pas accessible en écriture.\n"
    )


def test_a_folder_that_does_not_exist_is_reported(tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_demo(str(tmp_path / "absent" / "demo.db"), 1, out, progress=False) == 1
    assert out.getvalue().startswith("La base « demo.db » ne peut pas être créée")


@pytest.mark.parametrize("name", ["\ud800.db", "x" * 5000 + ".db", "."])
def test_a_name_the_file_system_cannot_take_is_reported(name: str) -> None:
    out = io.StringIO()
    assert run_demo(name, 1, out, progress=False) == 1
    assert "ne peut pas être créée" in out.getvalue()


def test_the_defaults_are_a_file_in_the_current_folder_and_the_readme_s_seed() -> None:
    assert (DEFAULT_DB_PATH, DEFAULT_SEED) == ("orientation-demo.db", 2027)


junk = st.one_of(
    st.none(), st.booleans(), st.floats(), st.binary(), st.lists(st.integers()), st.text()
)


@given(db_path=junk, seed=junk, out=junk, progress=st.one_of(junk, st.integers()))
def test_arguments_of_the_wrong_type_are_refused_before_anything_is_written(
    db_path: Any, seed: Any, out: Any, progress: Any
) -> None:
    arguments = {"db_path": db_path, "seed": seed, "out": out, "progress": progress}
    wrong = {
        "db_path": not isinstance(db_path, str) or not db_path.strip() or "\x00" in db_path,
        "seed": True,  # junk holds no int but bool, which is no seed
        "out": True,
        "progress": not isinstance(progress, bool),
    }
    with pytest.raises(InvalidValue) as caught:
        run_demo(**arguments)
    assert [p.path for p in caught.value.problems] == [(k,) for k in arguments if wrong[k]]
    assert {p.code for p in caught.value.problems} == {"type.invalid"}


# Drawing a school builds about 270 checked values (15 ms): 100 seeds say enough.
@settings(max_examples=100)
@given(seed=st.integers())
def test_any_seed_draws_a_college_of_four_classes_of_3e(seed: int) -> None:
    school = draw_school(seed)
    assert school == draw_school(seed)
    sizes = Counter(family.pupil.classe for family in school.families)
    assert sorted(sizes) == ["3e A", "3e B", "3e C", "3e D"]
    assert all(23 <= size <= 27 for size in sizes.values())
    names = [family.pupil.name for family in school.families]
    assert len(set(names)) == len(names)
    assert all(1 <= len(family.guardians) <= 2 for family in school.families)
    # The family the story follows can be written to, and the others can be told apart.
    followed = school.families[0]
    assert [g.email is not None for g in followed.guardians] == [True, True]
    assert followed.behaviour == "online"
    assert {"paper", "never"} <= {family.behaviour for family in school.families}
    assert [sorted(t.classes) for t in school.teachers.values()] == [[c] for c in sizes]
