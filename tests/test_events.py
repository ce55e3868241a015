"""A dossier event checks itself: a forged or garbled one names the field at fault."""

from collections.abc import Callable
from datetime import UTC
from typing import Any

import pytest

from orientation_core import (
    Answer,
    AppealDecisionRecorded,
    AvisRecorded,
    ChoixValidated,
    DecisionRecorded,
    DossierEvent,
    DossierId,
    DossierOpened,
    EntrantHandedOver,
    Phase,
    Proposition,
    PropositionsAnswered,
    PropositionsRecorded,
    Voie,
)
from orientation_core.exceptions import InvalidValue
from tests.strategies import (
    CLAIRE,
    HEAD,
    LEA,
    PP,
    SECRETARIAT,
    Unprintable,
    dossier_campaign,
    instant_in,
)

CAMPAIGN = dossier_campaign()
LEA_ID = DossierId(CAMPAIGN.uai, 2027, LEA.id)
AT = instant_in(CAMPAIGN, Phase.DECISIONS)


def BAD(value: object) -> Any:  # noqa: N802 -- reads as a marker
    """A value of the wrong type, for the type checker to let through."""
    return value


WRONG_TYPE = "Cette valeur n'a pas le type attendu."


# Each forgery, and what it is told: the code, the path and, for a value of
# the wrong type, the type expected.
FORGERIES: list[
    tuple[str, Callable[[], object], list[tuple[str, tuple[str | int, ...], str | None]]]
] = [
    (
        "dossier id",
        lambda: DossierId(BAD(""), BAD("2027"), BAD(None)),
        [
            ("type.invalid", ("uai",), "str"),
            ("type.invalid", ("rentree",), "int"),
            ("type.invalid", ("pupil_id",), "str"),
        ],
    ),
    (
        "actor",
        lambda: DossierEvent(LEA_ID, 2, BAD("resp-claire"), AT),
        [("type.invalid", ("actor",), "Guardian | Pupil | Staff")],
    ),
    (
        "opening",
        lambda: DossierOpened(LEA_ID, 1, CLAIRE, AT, BAD("Léa"), BAD([CLAIRE])),
        [
            ("type.invalid", ("actor",), "Staff"),
            ("type.invalid", ("pupil",), "Pupil"),
            ("type.invalid", ("guardians",), "tuple[Guardian, ...]"),
        ],
    ),
    (
        # Staff, a pupil and a guardian, but a version no whole number.
        "opening's version",
        lambda: DossierOpened(LEA_ID, BAD(Unprintable()), SECRETARIAT, AT, LEA, (CLAIRE,)),
        [("type.invalid", ("version",), "int >= 1")],
    ),
    (
        "choix",
        lambda: ChoixValidated(LEA_ID, 2, CLAIRE, AT, CLAIRE.id, False, BAD(["GT"])),
        [("type.invalid", ("choix",), "IntentionSet")],
    ),
    (
        "answers",
        lambda: PropositionsAnswered(LEA_ID, 2, CLAIRE, AT, CLAIRE.id, False, BAD(["D_ACCORD"])),
        [("type.invalid", ("answers",), "tuple[Answer, ...]")],
    ),
    (
        "avis",
        lambda: AvisRecorded(LEA_ID, 2, PP, AT, BAD(["FAVORABLE"])),
        [("type.invalid", ("avis",), "tuple[AvisConseil, ...]")],
    ),
    (
        "propositions",
        lambda: PropositionsRecorded(LEA_ID, 2, SECRETARIAT, AT, BAD((Voie.GT,))),
        [("type.invalid", ("propositions",), "tuple[Proposition, ...]")],
    ),
    # What no command gives, no event holds: the answers' and the
    # propositions' own rules are the event's as well as the command's.
    (
        "two answers d'accord",
        lambda: PropositionsAnswered(
            LEA_ID, 2, CLAIRE, AT, CLAIRE.id, False, (Answer.D_ACCORD, Answer.D_ACCORD)
        ),
        [("answers.several_accepted", ("answers",), None)],
    ),
    (
        "no proposition",
        lambda: PropositionsRecorded(LEA_ID, 2, SECRETARIAT, AT, ()),
        [("propositions.empty", ("propositions",), None)],
    ),
    (
        "four propositions",
        lambda: PropositionsRecorded(
            LEA_ID, 2, SECRETARIAT, AT, tuple(Proposition(v) for v in (*Voie, Voie.GT))
        ),
        [("propositions.too_many", ("propositions",), None)],
    ),
    (
        "a voie proposed twice",
        lambda: PropositionsRecorded(
            LEA_ID, 2, SECRETARIAT, AT, (Proposition(Voie.GT), Proposition(Voie.GT, "Bis"))
        ),
        [("propositions.duplicate", ("propositions", 1, "voie"), None)],
    ),
    (
        "decision",
        lambda: DecisionRecorded(LEA_ID, 2, HEAD, AT, BAD("PRO"), "Motif\x07"),
        [("type.invalid", ("voie",), "Voie"), ("text.invalid_character", ("reasons",), None)],
    ),
    (
        "appeal decision",
        lambda: AppealDecisionRecorded(LEA_ID, 2, HEAD, AT, BAD("GT"), "x" * 2001),
        [("type.invalid", ("voie",), "Voie"), ("text.too_long", ("comment",), None)],
    ),
    (
        "hand-over",
        lambda: EntrantHandedOver(LEA_ID, 2, HEAD, AT, BAD("")),
        [("type.invalid", ("to",), "str")],
    ),
]


@pytest.mark.parametrize(
    ("build", "problems"),
    [pytest.param(build, problems, id=name) for name, build, problems in FORGERIES],
)
def test_a_forged_event_names_each_field_at_fault_and_the_type_expected(
    build: Callable[[], object], problems: list[tuple[str, tuple[str | int, ...], str | None]]
) -> None:
    with pytest.raises(InvalidValue) as error:
        build()
    found = error.value.problems
    assert [(p.code, p.path) for p in found] == [(code, path) for code, path, _ in problems]
    for one, (_, _, expected) in zip(found, problems, strict=True):
        if expected is not None:
            assert one.message == WRONG_TYPE
            assert one.detail == f"expected: {expected}"


# One fault at a time: an event or an id whose other parts are sound is still
# refused for the one that is not (the sound case is checked first, apart).
SINGLE_FAULTS: list[tuple[str, Callable[[], object], tuple[str, str]]] = [
    ("empty uai", lambda: DossierId("", 2027, LEA.id), ("type.invalid", "uai")),
    ("uai not text", lambda: DossierId(BAD(751234), 2027, LEA.id), ("type.invalid", "uai")),
    (
        "rentree as text",
        lambda: DossierId("0751234J", BAD("2027"), LEA.id),
        ("type.invalid", "rentree"),
    ),
    ("empty pupil", lambda: DossierId("0751234J", 2027, ""), ("type.invalid", "pupil_id")),
    ("pupil not text", lambda: DossierId("0751234J", 2027, BAD(7)), ("type.invalid", "pupil_id")),
    (
        "dossier as a tuple",
        lambda: DossierEvent(BAD(("0751234J", 2027, LEA.id)), 2, CLAIRE, AT),
        ("type.invalid", "dossier"),
    ),
    ("version 0", lambda: DossierEvent(LEA_ID, 0, CLAIRE, AT), ("type.invalid", "version")),
    (
        "version as text",
        lambda: DossierEvent(LEA_ID, BAD("2"), CLAIRE, AT),
        ("type.invalid", "version"),
    ),
    (
        "naive instant",
        lambda: DossierEvent(LEA_ID, 2, CLAIRE, AT.replace(tzinfo=None)),
        ("type.invalid", "at"),
    ),
    (
        "instant as text",
        lambda: DossierEvent(LEA_ID, 2, CLAIRE, BAD("2027-06-14")),
        ("type.invalid", "at"),
    ),
]


@pytest.mark.parametrize(
    ("build", "fault"), [c[1:] for c in SINGLE_FAULTS], ids=[c[0] for c in SINGLE_FAULTS]
)
def test_one_part_at_fault_is_refused_alone(
    build: Callable[[], object], fault: tuple[str, str]
) -> None:
    with pytest.raises(InvalidValue) as caught:
        build()
    assert [(p.code, p.path) for p in caught.value.problems] == [(fault[0], (fault[1],))]


def test_an_event_given_in_local_time_is_kept_in_utc_and_sound() -> None:
    local = AT.astimezone(CAMPAIGN.timezone)
    event = DossierEvent(LEA_ID, 2, CLAIRE, local)
    assert event.at == AT
    assert event.at.tzinfo is UTC
