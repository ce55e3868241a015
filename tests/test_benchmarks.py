import importlib
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import psycopg
import pytest

from orientation_core import (
    AcademySettings,
    DecisionAccepted,
    Dossier,
    Guardian,
    IntentionSet,
    ValidateIntentions,
    codec,
    families_to_follow_up,
    families_to_follow_up_from_events,
)
from orientation_core.exceptions import Conflict, IllegalTransition, InvalidValue, PermissionDenied

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def values_benchmark() -> ModuleType:
    return importlib.import_module("benchmarks.values")


def test_the_values_benchmark_runs_and_prints_its_tables(
    values_benchmark: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = values_benchmark.main(rounds=1, number=2)
    assert [name for name, _, _ in rows] == [
        "from_form (3 rows)",
        "codec.load",
        "move_up",
        "codec.dump",
    ]
    assert all(library > 0 and floor > 0 for _, library, floor in rows)
    out = capsys.readouterr().out
    assert "The values against a hand-written floor" in out
    assert "library/floor" in out
    assert "per-field validators" in out


def test_the_values_benchmark_skips_the_rivals_that_are_not_installed(
    values_benchmark: ModuleType,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The test command installs only the dev extra: pydantic and msgspec are the bench extra's.
    for name in ("pydantic", "msgspec", "benchmarks._pydantic_rival", "benchmarks._msgspec_rival"):
        monkeypatch.setitem(sys.modules, name, None)
    rows = values_benchmark.main(rounds=1, number=1)
    assert len(rows) == 4
    out = capsys.readouterr().out
    assert "pydantic is not installed" in out
    assert "msgspec is not installed" in out
    assert "pydantic/floor" not in out
    assert "library/floor" in out


@pytest.mark.parametrize("rival", ["pydantic", "msgspec"])
def test_the_rivals_refuse_what_the_library_refuses(
    values_benchmark: ModuleType, rival: str
) -> None:
    # A rival that skipped a check would be faster than true.
    model = importlib.import_module(f"benchmarks._{rival}_rival")
    good: dict[str, object] = {"voie": "PRO", "precision": "Pâtisserie", "statuts": ["SCOLAIRE"]}
    refused_forms: list[list[dict[str, object]]] = [
        [],
        [good] * 4,
        [good, good],
        [{**good, "voie": "BTS"}],
        [{**good, "voie": "GT"}],
        [{"voie": "GT", "precision": None, "statuts": ["APPRENTI"]}],
        [{**good, "precision": "x" * 201}],
        [{**good, "precision": "a\x00b"}],
        [{**good, "statuts": ["ALTERNANCE"]}],
    ]
    for rows in refused_forms:
        with pytest.raises(ValueError):  # noqa: PT011 -- pydantic's and msgspec's errors are ValueErrors
            model.from_form(rows, details_enabled=True)
    with pytest.raises(ValueError):  # noqa: PT011
        model.from_form([good], details_enabled=False)
    dumped = codec.dump(IntentionSet.from_form([good], AcademySettings()))
    assert model.dump(model.load(dumped)) == dumped
    body = dumped["intentions"][0]  # type: ignore[index]
    for broken in (
        {**dumped, "schema": 2},
        {**dumped, "type": "Intention"},
        {**dumped, "extra": 1},
        {**dumped, "intentions": []},
        {**dumped, "intentions": [body, body]},
        {**dumped, "intentions": [{**body, "voie": "GT"}]},  # type: ignore[dict-item]
        {**dumped, "intentions": [{**body, "precision": 3}]},  # type: ignore[dict-item]
    ):
        with pytest.raises(ValueError):  # noqa: PT011
            model.load(broken)
    with pytest.raises(ValueError, match="rank"):
        model.load(dumped).move_up(1)


def test_the_floor_refuses_what_the_library_refuses(values_benchmark: ModuleType) -> None:
    # A floor that skipped the checks would make the ratios flatter than true.
    floor_from_form = values_benchmark.floor_from_form
    refused: list[list[dict[str, object]]] = [
        [],
        [{"voie": "GT"}] * 4,
        [{"voie": "BTS", "precision": None, "statuts": []}],
        [{"voie": "GT", "precision": "Hôtellerie", "statuts": []}],
        [{"voie": "PRO", "precision": "x" * 201, "statuts": []}],
        [{"voie": "PRO", "precision": None, "statuts": ["ALTERNANCE"]}],
        [{"voie": "PRO", "precision": None, "statuts": []}] * 2,
    ]
    for rows in refused:
        with pytest.raises(ValueError):  # noqa: PT011 -- the floor's errors carry no code
            floor_from_form(rows, details_enabled=True)
    with pytest.raises(ValueError):  # noqa: PT011
        floor_from_form([{"voie": "PRO", "precision": "x", "statuts": []}], details_enabled=False)


@pytest.fixture(scope="module")
def dossier_benchmark() -> ModuleType:
    return importlib.import_module("benchmarks.dossier")


def test_the_dossier_benchmark_runs_and_prints_its_tables(
    dossier_benchmark: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = dossier_benchmark.main(rounds=1, number=2, pupils=10)
    assert [name for name, _, _ in rows] == [
        "phase_at (now in Paris time)",
        "phase_at (now in UTC)",
        "handle ValidateIntentions",
        "replay (9 events)",
    ]
    assert all(library > 0 and floor > 0 for _, library, floor in rows)
    out = capsys.readouterr().out
    assert "The library against a hand-written floor" in out
    assert "open and validate intentions for 10 pupils" in out
    assert "ratio paused / running" in out


def test_the_dossier_floor_refuses_what_the_library_refuses(
    dossier_benchmark: ModuleType,
) -> None:
    # A floor that skipped a decision would make the ratios flatter than true.
    bench = dossier_benchmark
    fresh = bench.fresh_dossier()
    validated, _ = fresh.handle(
        ValidateIntentions(1, bench.WISHES),
        actor=bench.CLAIRE,
        campaign=bench.CAMPAIGN,
        now=bench.NOW,
    )
    stranger = Guardian("resp-autre", "Autre Parent")
    february = datetime(2027, 2, 10, tzinfo=bench.PARIS)
    # What each refuses, and the floor's word for the library's reason.
    refused = [
        (fresh, 2, bench.CLAIRE, bench.NOW, Conflict, "conflict"),
        (fresh, 1, stranger, bench.NOW, PermissionDenied, "no_access"),
        (fresh, 1, bench.CLAIRE, february, IllegalTransition, "not_in_phase"),
        (validated, 2, bench.PAUL, bench.NOW, PermissionDenied, "not_entrant"),
    ]
    wishes = bench.floor_intentions(bench.WISHES)
    campaign = bench.floor_campaign(bench.CAMPAIGN)
    for dossier, version, actor, now, error, reason in refused:
        with pytest.raises(error) as refusal:
            dossier.handle(
                ValidateIntentions(version, bench.WISHES),
                actor=actor,
                campaign=bench.CAMPAIGN,
                now=now,
            )
        assert getattr(refusal.value, "reason", reason) == reason
        with pytest.raises(ValueError, match=f"^{reason}$"):
            bench.floor_validate_intentions(
                bench.floor_record(dossier),
                version,
                wishes,
                actor=bench.floor_actor(actor),
                campaign=campaign,
                now=now,
            )
    # Neither replays a history that handle could not have given: one with a
    # hole in it, one where the other guardian accepts the decision, or one
    # accepted after the appeal deadline.
    _, history = bench.full_history()
    accepted = history[-1]
    assert isinstance(accepted, DecisionAccepted)
    late = datetime(2027, 6, 18, 0, 0, tzinfo=bench.PARIS)  # 3 jours ouvrables after
    forged = [
        history[:3] + history[4:],
        [*history[:-1], attrs.evolve(accepted, actor=bench.PAUL, guardian_id=bench.PAUL.id)],
        [*history[:-1], attrs.evolve(accepted, at=late)],
    ]
    for events in forged:
        with pytest.raises(InvalidValue):
            Dossier.replay(events, campaign=bench.CAMPAIGN)
        with pytest.raises(ValueError, match=r"^events\.invalid$"):
            bench.floor_replay([bench.floor_event(event) for event in events], campaign)
    in_time = [*history[:-1], attrs.evolve(accepted, at=late - timedelta(microseconds=1))]
    assert Dossier.replay(in_time, campaign=bench.CAMPAIGN).decision_accepted_at is not None
    assert bench.floor_replay([bench.floor_event(e) for e in in_time], campaign)["version"] == 9


@pytest.fixture(scope="module")
def store_benchmark() -> ModuleType:
    return importlib.import_module("benchmarks.store")


STORE_CASES = [
    "append, 1 process",
    "load, 1 process",
    "append, 2 processes",
    "load, 2 processes",
]


def test_the_store_benchmark_runs_on_sqlite_and_prints_its_ratios(
    store_benchmark: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = store_benchmark.main(4, 3, postgres=False)
    assert [name for name, _, _ in rows] == [f"sqlite {case}" for case in STORE_CASES]
    assert all(library > 0 and floor > 0 for _, library, floor in rows)
    assert "The stores against the raw database" in capsys.readouterr().out


def test_the_store_benchmark_runs_on_postgresql(
    store_benchmark: ModuleType, postgres: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with psycopg.connect(postgres, autocommit=True) as connection:
        connection.execute("DROP TABLE IF EXISTS oc_dossier_events, oc_campaign_events")
    rows = store_benchmark.main(4, 3, postgres)
    assert [name for name, _, _ in rows] == [
        f"{kind} {case}" for kind in ("sqlite", "postgres") for case in STORE_CASES
    ]
    assert "ratio: floor / library" in capsys.readouterr().out


@pytest.fixture(scope="module")
def followup_benchmark() -> ModuleType:
    return importlib.import_module("benchmarks.followup")


def test_the_followup_benchmark_runs_and_prints_its_tables(
    followup_benchmark: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = followup_benchmark.main(rounds=1, number=1, pupils=30, schools=2)
    assert [name for name, _, _ in rows] == [
        "school (30 pupils), dossiers",
        "school (30 pupils), events",
        "académie (60 pupils), dossiers",
        "académie (60 pupils), events",
    ]
    assert all(library > 0 and floor > 0 for _, library, floor in rows)
    out = capsys.readouterr().out
    assert "The follow-up against a hand-written floor" in out
    assert "one school of 30 (N) and of 300 (10N) pupils" in out


def test_the_followup_floor_refuses_what_the_library_refuses(
    followup_benchmark: ModuleType,
) -> None:
    # A floor that skipped a check would make the ratios flatter than true.
    bench = followup_benchmark
    campaign = bench.CAMPAIGN
    other = bench.school_campaign(1)
    dossiers, events = bench.build_school(campaign, 3)
    strangers, stranger_events = bench.build_school(other, 1)
    plain = bench.floor_campaign(campaign)[:4]
    deadline = campaign.appeal_deadline
    at = bench.FOLLOWED_AT
    next_year = attrs.evolve(dossiers[0], rentree=2028)
    for given, reason in (
        ([dossiers[0], strangers[0]], "campaign.other_school"),
        ([next_year], "campaign.other_rentree"),
        ([dossiers[0], dossiers[0]], "dossiers.duplicate"),
    ):
        with pytest.raises(InvalidValue) as refusal:
            families_to_follow_up(given, campaign, at)
        assert refusal.value.codes == (reason,)
        with pytest.raises(ValueError, match=f"^{reason}$"):
            bench.floor_follow_up([bench.floor_record(d) for d in given], plain, deadline, at)
    opened = [e for e in events if e.version == 1]
    validated = next(e for e in events if e.version == 2)
    for given_events, reason in (
        ([opened[0], stranger_events[0]], "event.other_campaign"),
        ([validated, *opened], "events.invalid"),
        ([*opened, opened[0]], "events.invalid"),
    ):
        with pytest.raises(InvalidValue) as refusal:
            families_to_follow_up_from_events(given_events, campaign, at)
        assert refusal.value.codes == (reason,)
        with pytest.raises(ValueError, match=f"^{reason}$"):
            bench.floor_from_events(
                [bench.floor_event(e) for e in given_events], plain, deadline, at
            )


# --- the back office's sync (issue 9) ---------------------------------------------------


def test_the_sync_benchmark_runs_and_prints_its_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    bench = importlib.import_module("benchmarks.sync")
    rows = bench.main(rounds=1, number=2, pupils=5)
    assert [name for name, _, _ in rows] == [
        "sync.dump (a validation)",
        "sync.load (a validation)",
        "apply_all (12 records, shuffled)",
    ]
    assert all(library > 0 and floor > 0 for _, library, floor in rows)
    assert "The back office's sync against a hand-written floor" in capsys.readouterr().out


def test_the_sync_floor_refuses_what_the_receiver_refuses() -> None:
    # A floor that skipped the checks would make the ratios flatter than true.
    bench = importlib.import_module("benchmarks.sync")
    opening, validation = bench.feed(1)
    data = bench.floor_dump(validation)
    for broken in ({**data, "version": 3}, {**data, "ajout": 1}, {**data, "type": "Autre"}):
        with pytest.raises((ValueError, InvalidValue)):
            bench.floor_load(broken)
    forged = bench.IntentionsValidated(
        **{
            **bench.attrs.asdict(validation, recurse=False),
            "intentions": bench.IntentionSet([bench.Intention(bench.Voie.CAP)]),
        }
    )
    with pytest.raises(ValueError, match="conflict"):
        bench.floor_receive([opening, validation, forged])
    with pytest.raises(ValueError, match="conflict"):
        bench.floor_receive([validation, forged])


# --- a national cohort (issue 10) ---------------------------------------------------------


@pytest.fixture(scope="module")
def cohort_benchmark() -> ModuleType:
    return importlib.import_module("benchmarks.cohort")


def test_the_cohort_benchmark_runs_on_one_core_and_two_workers_and_prints_its_tables(
    cohort_benchmark: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = cohort_benchmark.main(pupils=6, workers=2, rounds=1)
    assert [name for name, _, _ in rows] == ["6 pupils, one core", "6 pupils, 2 workers"]
    assert all(library > 0 and floor > 0 for _, library, floor in rows)
    out = capsys.readouterr().out
    assert "A cohort through every phase, against a hand-written floor" in out
    assert "Extrapolated to 850,000 pupils" in out
    assert "one core, in turn by school" in out
    assert "speed-up with 2 workers" in out
    assert "Linearity: the library on one core at N = 6 and 10 N" in out
    assert "gc.freeze() after each school" in out
    assert "gc.disable() during the bulk step" in out
    assert "held in memory, floor" in out
    assert "streamed through SQLite, library" in out


def test_the_cohort_benchmark_runs_on_one_core_alone(
    cohort_benchmark: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = cohort_benchmark.main(pupils=4, workers=1, rounds=1, memory=False)
    assert [name for name, _, _ in rows] == ["4 pupils, one core"]
    out = capsys.readouterr().out
    assert "speed-up" not in out
    assert "Peak memory" not in out


def test_the_bound_benchmark_runs_each_build_in_its_own_process_and_prints_its_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bound = importlib.import_module("benchmarks.bound")
    rows = bound.main(pupils=4, rounds=1)
    assert [build for build, _, _, _ in rows] == [
        "as shipped",
        "no checks",
        "no checks, nothing frozen",
    ]
    shipped, unchecked, thawed = (changed for _, _, _, changed in rows)
    # The switches never reach this process, and both others change the same classes.
    assert shipped == 0
    assert unchecked == thawed > 0
    assert all(library > 0 and floor > 0 for _, library, floor, _ in rows)
    out = capsys.readouterr().out
    assert "The cohort's bound: 4 pupils, one core, sides in turn by school" in out
    assert "no checks, nothing frozen" in out


def _in_a_fresh_interpreter(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_bound_switches_off_the_checks_and_the_freezing_it_says() -> None:
    # A pupil with no id and a number for a name: refused as shipped, kept
    # with the checks off; and a field set after the fact once nothing is frozen.
    refused = _in_a_fresh_interpreter(
        "from orientation_core import Pupil\n"
        "from orientation_core.exceptions import InvalidValue\n"
        "try:\n    Pupil('', 42, '3e 1')\nexcept InvalidValue as error:\n"
        "    print(sorted(p.code for p in error.problems))\n"
    )
    assert refused == "['actor.id_missing', 'type.invalid']\n"
    kept = _in_a_fresh_interpreter(
        "from benchmarks import bound\n"
        "bound._uncheck()\n"
        "from orientation_core import Pupil\n"
        "print(Pupil('', 42, '3e 1').name)\n"
    )
    assert kept == "42\n"
    changed = _in_a_fresh_interpreter(
        "from benchmarks import bound\n"
        "bound._thaw()\n"
        "from orientation_core import Pupil\n"
        "pupil = Pupil('eleve-1', 'Léa', '3e 1')\n"
        "pupil.classe = '3e 2'\n"
        "print(pupil.classe)\n"
    )
    assert changed == "3e 2\n"


def test_the_cohort_floor_refuses_what_the_library_refuses(cohort_benchmark: ModuleType) -> None:
    # A floor that skipped a decision would make the ratios flatter than true.
    bench = cohort_benchmark
    campaign = bench.school_campaign(0)
    plain = bench.floor_campaign(campaign)
    head = bench.Staff("ce", campaign.uai, bench.Role.HEAD)
    plain_head = bench.floor_head(campaign.uai)
    pp = bench._pp(campaign)
    plain_pp = bench.floor_pp(campaign.uai, 0)

    def states(n: int, events: int) -> tuple[Dossier, dict[str, object]]:
        # Pupil n's dossier after its first ``events`` events, on both sides.
        _, history = bench.library_pupil(campaign, head, pp, 0, n)
        _, plain_history = bench.floor_pupil(plain, plain_head, plain_pp, 0, n)
        return (
            Dossier.replay(history[:events], campaign=campaign),
            bench.floor_replay(plain_history[:events], plain),
        )

    def guardian(dossier: Dossier, index: int) -> tuple[Guardian, tuple[object, ...]]:
        chosen = dossier.guardians[index]
        return chosen, bench.floor_guardian(chosen.id, chosen.name, chosen.email)

    stranger = Guardian("resp-autre", "Autre Parent")
    plain_stranger = bench.floor_guardian(stranger.id, stranger.name)
    wishes = bench.IntentionSet.from_form(bench.FORMS[0], campaign.settings)
    plain_wishes = bench.floor_from_form(bench.FORMS[0], details_enabled=True)
    late = bench.DECIDED + timedelta(days=10)
    # Pupil 1 validates twice, disagrees and appeals; pupil 0 agrees with the proposition.
    validated, plain_validated = states(1, 2)
    first, plain_first = guardian(validated, 0)
    second, plain_second = guardian(validated, 1)
    no_avis, plain_no_avis = states(1, 3)
    agreed, plain_agreed = states(0, 8)
    answered, plain_answered = states(1, 8)
    decided, plain_decided = states(1, 9)
    refused = [
        (
            (validated, plain_validated),
            bench.ValidateIntentions(1, wishes),
            ("VALIDATE_INTENTIONS", 1, plain_wishes, None),
            (first, plain_first),
            bench.PROVISIONAL,
            "conflict",
        ),
        (
            (validated, plain_validated),
            bench.ValidateIntentions(2, wishes),
            ("VALIDATE_INTENTIONS", 2, plain_wishes, None),
            (second, plain_second),
            bench.PROVISIONAL,
            "not_entrant",
        ),
        (
            (validated, plain_validated),
            bench.ValidateIntentions(2, wishes),
            ("VALIDATE_INTENTIONS", 2, plain_wishes, None),
            (stranger, plain_stranger),
            bench.PROVISIONAL,
            "no_access",
        ),
        (
            (validated, plain_validated),
            bench.ValidateIntentions(2, wishes),
            ("VALIDATE_INTENTIONS", 2, plain_wishes, None),
            (first, plain_first),
            bench.COUNCIL,
            "not_in_phase",
        ),
        (
            (no_avis, plain_no_avis),
            bench.AcknowledgeAvis(3),
            ("ACKNOWLEDGE_AVIS", 3, None, None),
            (first, plain_first),
            bench.AVIS_READ,
            "no_avis",
        ),
        (
            (agreed, plain_agreed),
            bench.RecordDecision(8, bench.Voie.GT, "Motif."),
            ("RECORD_DECISION", 8, ("GT", "Motif."), None),
            (head, plain_head),
            bench.DECIDED,
            "proposition_accepted",
        ),
        (
            (answered, plain_answered),
            bench.RecordDecision(8, bench.Voie.GT, "Motif."),
            ("RECORD_DECISION", 8, ("GT", "Motif."), None),
            (pp, plain_pp),
            bench.DECIDED,
            "head_only",
        ),
        (
            (decided, plain_decided),
            bench.AcceptDecision(9),
            ("ACCEPT_DECISION", 9, None, None),
            (first, plain_first),
            late,
            "deadline_passed",
        ),
    ]
    for (dossier, record), command, plain_command, (actor, plain_actor), now, reason in refused:
        with pytest.raises((Conflict, PermissionDenied, IllegalTransition)) as refusal:
            dossier.handle(command, actor=actor, campaign=campaign, now=now)
        assert getattr(refusal.value, "reason", "conflict") == reason
        with pytest.raises(ValueError, match=f"^{reason}$"):
            bench.floor_handle(record, plain_command, actor=plain_actor, campaign=plain, now=now)
    # What a command or the dossier finds wrong in its content, both find wrong.
    assert decided.decision is not None
    decided_voie = decided.decision.voie
    invalid: list[tuple[Any, Callable[[], Any], Any, Any, datetime, str]] = [
        (
            (decided, plain_decided),
            lambda: bench.LodgeAppeal(9, decided_voie),
            ("LODGE_APPEAL", 9, (decided_voie.value, None), None),
            (first, plain_first),
            bench.DECISION_READ,
            "appeal.same_voie",
        ),
        (
            (decided, plain_decided),
            lambda: bench.LodgeAppeal(9, bench.Voie.CAP, "x" * 2001),
            ("LODGE_APPEAL", 9, ("CAP", "x" * 2001), None),
            (first, plain_first),
            bench.DECISION_READ,
            "text.too_long",
        ),
        (
            (answered, plain_answered),
            lambda: bench.RecordDecision(8, bench.Voie.CAP, "Un\x07motif."),
            ("RECORD_DECISION", 8, ("CAP", "Un\x07motif."), None),
            (head, plain_head),
            bench.DECIDED,
            "text.invalid_character",
        ),
        (
            (answered, plain_answered),
            lambda: bench.RecordDecision(8, bench.Voie.CAP, "  "),
            ("RECORD_DECISION", 8, ("CAP", "  "), None),
            (head, plain_head),
            bench.DECIDED,
            "decision.reasons_required",
        ),
        (
            (no_avis, plain_no_avis),
            # Pupil 1's intentions are the 2de GT alone.
            lambda: bench.RecordAvis(3, [bench.AvisConseil(bench.Voie.PRO, bench.Avis.FAVORABLE)]),
            ("RECORD_AVIS", 3, (bench.floor_avis("PRO", "FAVORABLE"),), None),
            (pp, plain_pp),
            bench.COUNCIL,
            "avis.not_an_intention",
        ),
        (
            states(1, 7),
            lambda: bench.RecordPropositions(7, []),
            ("RECORD_PROPOSITIONS", 7, (), None),
            (pp, plain_pp),
            bench.SECOND_COUNCIL,
            "propositions.empty",
        ),
        (
            states(1, 7),
            lambda: bench.RecordPropositions(
                7, [bench.Proposition(bench.Voie.GT), bench.Proposition(bench.Voie.GT)]
            ),
            ("RECORD_PROPOSITIONS", 7, (("GT", None), ("GT", None)), None),
            (pp, plain_pp),
            bench.SECOND_COUNCIL,
            "propositions.duplicate",
        ),
        (
            (states(1, 8)[0], states(1, 8)[1]),
            lambda: bench.AnswerPropositions(8, [bench.Answer.D_ACCORD] * 2),
            ("ANSWER_PROPOSITIONS", 8, ("D_ACCORD", "D_ACCORD"), None),
            (first, plain_first),
            bench.PROPOSITIONS_READ,
            "answers.several_accepted",
        ),
    ]
    for (dossier, record), build, plain_content, (actor, plain_actor), now, code in invalid:
        with pytest.raises(InvalidValue) as found:
            dossier.handle(build(), actor=actor, campaign=campaign, now=now)
        # The floor stops at the first problem the library lists.
        assert found.value.codes[0] == code
        with pytest.raises(ValueError, match=f"^{re.escape(code)}$"):
            bench.floor_handle(record, plain_content, actor=plain_actor, campaign=plain, now=now)
    # A history with a hole in it, or an event its actor could not take, is no history.
    _, history = bench.library_pupil(campaign, head, pp, 0, 1)
    _, plain_history = bench.floor_pupil(plain, plain_head, plain_pp, 0, 1)
    other_class = bench.Staff("pp-autre", campaign.uai, bench.Role.PROFESSEUR_PRINCIPAL, ["3e 2"])
    plain_other_class = bench.floor_staff(
        "pp-autre", campaign.uai, "PROFESSEUR_PRINCIPAL", ["3e 2"]
    )
    for broken, plain_broken in (
        (history[:3] + history[4:], plain_history[:3] + plain_history[4:]),
        (
            [*history[:3], attrs.evolve(history[3], actor=other_class)],
            [*plain_history[:3], (*plain_history[3][:2], plain_other_class, *plain_history[3][3:])],
        ),
    ):
        with pytest.raises(InvalidValue):
            Dossier.replay(broken, campaign=campaign)
        with pytest.raises(ValueError, match=r"^events\.invalid$"):
            bench.floor_replay(plain_broken, plain)


def test_the_cohort_floor_checks_the_hosts_values_as_the_library_does(
    cohort_benchmark: ModuleType, dossier_benchmark: ModuleType
) -> None:
    # The library's side builds pupils, guardians, staff, avis and
    # propositions through their classes' checks: the floor builds its tuples
    # through the same checks, each refusing with the library's code.
    bench, floor = cohort_benchmark, dossier_benchmark
    refused: list[tuple[Callable[[], object], Callable[[], object], str]] = [
        (
            lambda: Guardian("resp-1", "Claire", "claire@"),
            lambda: floor.floor_guardian("resp-1", "Claire", "claire@"),
            "email.invalid",
        ),
        (
            lambda: Guardian(" ", "Claire"),
            lambda: floor.floor_guardian(" ", "Claire"),
            "actor.id_missing",
        ),
        (
            lambda: Guardian("resp-1", "Cl\x00aire"),
            lambda: floor.floor_guardian("resp-1", "Cl\x00aire"),
            "actor.text_invalid",
        ),
        (
            lambda: bench.Pupil("eleve-1", "Léa", ""),
            lambda: floor.floor_pupil("eleve-1", "Léa", ""),
            "pupil.classe_missing",
        ),
        (
            lambda: bench.Pupil("eleve-1", "x" * 201, "3e 1"),
            lambda: floor.floor_pupil("eleve-1", "x" * 201, "3e 1"),
            "actor.text_invalid",
        ),
        (
            lambda: bench.Staff("ce", "", bench.Role.HEAD),
            lambda: floor.floor_staff("ce", "", "HEAD"),
            "staff.uai_missing",
        ),
        (
            lambda: bench.Staff("ce", "0751234J", bench.Role.HEAD, ["3e 1"]),
            lambda: floor.floor_staff("ce", "0751234J", "HEAD", ["3e 1"]),
            "staff.classes_not_pp",
        ),
        (
            lambda: bench.AvisConseil(bench.Voie.PRO, bench.Avis.RESERVE),
            lambda: floor.floor_avis("PRO", "RESERVE"),
            "avis.reason_required",
        ),
        (
            lambda: bench.AvisConseil(bench.Voie.PRO, bench.Avis.DEFAVORABLE, " \r\n "),
            lambda: floor.floor_avis("PRO", "DEFAVORABLE", " \r\n "),
            "avis.reason_required",
        ),
        (
            lambda: bench.Proposition(bench.Voie.CAP, "x" * 2001),
            lambda: floor.floor_proposition("CAP", "x" * 2001),
            "text.too_long",
        ),
    ]
    for library, plain, code in refused:
        with pytest.raises(InvalidValue) as found:
            library()
        assert found.value.codes == (code,)
        with pytest.raises(ValueError, match=f"^{re.escape(code)}$"):
            plain()
    # Both keep a text as the record stores it: trimmed and composed.
    decomposed = "  Projet à pre\u0301ciser.\r\n"
    kept = bench.AvisConseil(bench.Voie.PRO, bench.Avis.RESERVE, decomposed)
    assert floor.floor_avis("PRO", "RESERVE", decomposed) == ("PRO", "RESERVE", kept.reason, None)
    assert kept.reason == "Projet à préciser."
    # The opening: 1 or 2 distinct guardians, by staff of the school, before the close.
    campaign = bench.school_campaign(0)
    plain = floor.floor_campaign(campaign)
    head = bench.Staff("ce", campaign.uai, bench.Role.HEAD)
    pupil = bench.Pupil("eleve-1", "Léa", "3e 1")
    claire, paul, anne = (Guardian(f"resp-{k}", f"Parent {k}") for k in range(3))
    after = datetime(2027, 8, 1, 9, tzinfo=bench.PARIS)
    openings = [
        ([claire, paul, anne], head, bench.OPENED_AT, InvalidValue, "guardians.count"),
        ([claire, claire], head, bench.OPENED_AT, InvalidValue, "guardians.duplicate"),
        (
            [claire],
            bench.Staff("pp-9", campaign.uai, bench.Role.PROFESSEUR_PRINCIPAL, ["3e 9"]),
            bench.OPENED_AT,
            PermissionDenied,
            "no_access",
        ),
        ([claire], head, after, IllegalTransition, "closed"),
    ]
    for guardians, actor, now, error, code in openings:
        with pytest.raises(error) as refusal:
            Dossier.open(pupil, guardians, campaign=campaign, actor=actor, now=now)
        error_found = refusal.value
        said = (
            error_found.codes
            if isinstance(error_found, InvalidValue)
            else (getattr(error_found, "reason", None),)
        )
        assert said == (code,)
        with pytest.raises(ValueError, match=f"^{re.escape(code)}$"):
            floor.floor_open_dossier(
                floor.floor_actor(pupil),
                [floor.floor_actor(g) for g in guardians],
                campaign=plain,
                actor=floor.floor_actor(actor),
                now=now,
            )
    # Both write the same record, its key escaped, for a pupil whose id holds ":" and "%".
    odd = bench.Pupil("eleve:%1", "Léa", "3e 1")
    _, opened = Dossier.open(odd, [claire], campaign=campaign, actor=head, now=bench.OPENED_AT)
    _, plain_opened = floor.floor_open_dossier(
        floor.floor_actor(odd),
        [floor.floor_actor(claire)],
        campaign=plain,
        actor=floor.floor_actor(head),
        now=bench.OPENED_AT,
    )
    written = bench.dump(bench.sync_records([opened])[0])
    assert written["key"] == f"{campaign.uai}:2027:eleve%3A%251:1"
    assert bench.floor_sync_record(plain_opened) == written
