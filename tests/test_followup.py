"""The families a school follows up: who has not done what the phase asks, by class and name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orientation_core import (
    PHASE_PENDING,
    AcceptDecision,
    AcknowledgeAvis,
    Answer,
    AnswerPropositions,
    Avis,
    AvisConseil,
    Campaign,
    Dossier,
    DossierEvent,
    FollowUp,
    FollowUpClass,
    FollowUpFamily,
    Guardian,
    Intention,
    IntentionSet,
    LodgeAppeal,
    Pending,
    Phase,
    Proposition,
    Pupil,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    Role,
    Staff,
    ValidateChoix,
    ValidateIntentions,
    Voie,
    families_to_follow_up,
    families_to_follow_up_from_events,
    name_order,
)
from orientation_core._actors import Actor
from orientation_core.exceptions import InvalidValue
from tests.strategies import (
    SECRETARIAT,
    dossier_campaign,
    instant_in,
    school_histories,
    walk_instants,
)

CAMPAIGN = dossier_campaign()
WISHES = IntentionSet([Intention(Voie.GT), Intention(Voie.PRO, "Cuisine")])
AVIS = [AvisConseil(Voie.GT, Avis.FAVORABLE), AvisConseil(Voie.PRO, Avis.FAVORABLE)]


class School:
    """A school's dossiers, kept with their events, changed through handle."""

    def __init__(self, campaign: Campaign = CAMPAIGN) -> None:
        self.campaign = campaign
        self.head = Staff("ce", campaign.uai, Role.HEAD)
        self.dossiers: dict[str, Dossier] = {}
        self.events: list[DossierEvent] = []

    def enrol(self, pupil_id: str, name: str, classe: str) -> None:
        family = (Guardian(f"{pupil_id}-resp", f"Parent de {name}"),)
        dossier, opened = Dossier.open(
            Pupil(pupil_id, name, classe),
            family,
            campaign=self.campaign,
            actor=self.head,
            now=instant_in(self.campaign, Phase.NOT_OPEN),
        )
        self.dossiers[pupil_id] = dossier
        self.events.append(opened)

    def act(
        self,
        pupil_id: str,
        build: Callable[[int], Any],
        phase: Phase,
        *,
        by_family: bool = True,
        after: timedelta = timedelta(hours=9),
    ) -> None:
        dossier = self.dossiers[pupil_id]
        actor: Actor = dossier.guardians[0] if by_family else self.head
        dossier, events = dossier.handle(
            build(dossier.version),
            actor=actor,
            campaign=self.campaign,
            now=instant_in(self.campaign, phase, after),
        )
        self.dossiers[pupil_id] = dossier
        self.events += events

    def follow_up(self, now: datetime) -> FollowUp:
        """The follow-up at ``now``, checked to be the same from the dossiers and the events."""
        from_dossiers = families_to_follow_up(self.dossiers.values(), self.campaign, now)
        assert families_to_follow_up_from_events(self.events, self.campaign, now) == from_dossiers
        return from_dossiers


def BAD(value: object) -> Any:  # noqa: N802 -- reads as a marker
    """A value of the wrong type, for the type checker to let through."""
    return value


def shown(follow_up: FollowUp) -> dict[str, list[str]]:
    """The follow-up as a school reads it: each class and its pupils' names, in order."""
    return {
        group.classe: [family.pupil.name for family in group.families]
        for group in follow_up.classes
    }


# Two classes of 3e, names as the school's list spells them.
PUPILS = [
    ("e1", "Zoé Petit", "3e A"),
    ("e2", "Émile Bernard", "3e A"),
    ("e3", "Elodie Martin", "3e A"),
    ("e4", "Éloïse Durand", "3e A"),
    ("e5", "Anaïs Leroy", "3e A"),
    ("e6", "emilie Roux", "3e A"),
    ("e7", "Léa Martin", "3e B"),
    ("e8", "Chloé Dalton", "3e B"),
    ("e9", "Chloé D'Amico", "3e B"),
    ("e10", "Œdipe Lambert", "3e B"),
]


def school_of_two_classes() -> School:
    school = School()
    for pupil in PUPILS:
        school.enrol(*pupil)
    return school


def test_the_follow_up_asks_in_each_phase_what_the_family_has_to_do() -> None:
    assert {phase: pending and pending.label for phase, pending in PHASE_PENDING.items()} == {
        Phase.NOT_OPEN: None,
        Phase.PROVISIONAL_OPEN: "Aucune intention provisoire validée",
        Phase.PROVISIONAL_CLOSED: "Aucune intention provisoire validée",
        Phase.AVIS_PUBLISHED: "Avis provisoire sans accusé de réception",
        Phase.DEFINITIVE_OPEN: "Aucun choix définitif validé",
        Phase.DEFINITIVE_CLOSED: "Aucun choix définitif validé",
        Phase.PROPOSITIONS_PUBLISHED: "Aucune réponse aux propositions du conseil de classe",
        Phase.DECISIONS: "Décision d'orientation ni acceptée ni contestée",
        Phase.CLOSED: "Décision d'orientation ni acceptée ni contestée",
    }


def test_while_intentions_are_open_the_school_sees_who_validated_nothing_by_class_and_name() -> (
    None
):
    school = school_of_two_classes()
    for pupil_id in ("e1", "e7"):
        school.act(pupil_id, lambda v: ValidateIntentions(v, WISHES), Phase.PROVISIONAL_OPEN)
    follow_up = school.follow_up(instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN, timedelta(days=2)))
    assert follow_up.phase is Phase.PROVISIONAL_OPEN
    assert follow_up.pending is Pending.INTENTIONS
    assert shown(follow_up) == {
        "3e A": ["Anaïs Leroy", "Elodie Martin", "Éloïse Durand", "Émile Bernard", "emilie Roux"],
        "3e B": ["Chloé D'Amico", "Chloé Dalton", "Œdipe Lambert"],
    }
    assert [group.count for group in follow_up.classes] == [5, 3]
    assert follow_up.total == 8
    # The guardians to contact come with each pupil.
    assert follow_up.classes[1].families[0].guardians == (
        Guardian("e9-resp", "Parent de Chloé D'Amico"),
    )


def test_the_conseil_de_classe_sees_who_entered_no_intention() -> None:
    school = school_of_two_classes()
    school.act("e5", lambda v: ValidateIntentions(v, WISHES), Phase.PROVISIONAL_OPEN)
    follow_up = school.follow_up(instant_in(CAMPAIGN, Phase.PROVISIONAL_CLOSED))
    assert follow_up.pending is Pending.INTENTIONS
    assert follow_up.total == 9
    assert "Anaïs Leroy" not in shown(follow_up)["3e A"]


def test_before_the_service_opens_nothing_is_asked_of_anybody() -> None:
    follow_up = school_of_two_classes().follow_up(instant_in(CAMPAIGN, Phase.NOT_OPEN))
    assert (follow_up.phase, follow_up.pending, follow_up.classes, follow_up.total) == (
        Phase.NOT_OPEN,
        None,
        (),
        0,
    )


def test_an_acknowledgement_is_asked_only_of_families_who_have_an_avis() -> None:
    school = School()
    school.enrol("a", "Adam Blanc", "3e A")  # no intentions, so no avis: nothing to acknowledge
    school.enrol("b", "Bérénice Noir", "3e A")  # acknowledges on paper
    school.enrol("c", "Céline Vert", "3e B")  # has not acknowledged
    for pupil_id in ("b", "c"):
        school.act(pupil_id, lambda v: ValidateIntentions(v, WISHES), Phase.PROVISIONAL_OPEN)
        school.act(
            pupil_id, lambda v: RecordAvis(v, AVIS), Phase.PROVISIONAL_CLOSED, by_family=False
        )
    guardian = school.dossiers["b"].guardians[0].id
    school.dossiers["b"], events = school.dossiers["b"].handle(
        AcknowledgeAvis(school.dossiers["b"].version, signed_by=guardian),
        actor=SECRETARIAT,
        campaign=CAMPAIGN,
        now=instant_in(CAMPAIGN, Phase.AVIS_PUBLISHED),
    )
    school.events += events
    follow_up = school.follow_up(instant_in(CAMPAIGN, Phase.AVIS_PUBLISHED, timedelta(days=1)))
    assert follow_up.pending is Pending.ACKNOWLEDGEMENT
    assert follow_up.pending.label == "Avis provisoire sans accusé de réception"
    assert shown(follow_up) == {"3e B": ["Céline Vert"]}


def test_the_third_term_asks_for_the_choix_definitifs_even_without_intentions() -> None:
    school = School()
    school.enrol("a", "Adam Blanc", "3e A")
    school.enrol("b", "Bérénice Noir", "3e A")
    school.act("a", lambda v: ValidateIntentions(v, WISHES), Phase.PROVISIONAL_OPEN)
    school.act("b", lambda v: ValidateChoix(v, WISHES), Phase.DEFINITIVE_OPEN)
    for phase in (Phase.DEFINITIVE_OPEN, Phase.DEFINITIVE_CLOSED):
        follow_up = school.follow_up(instant_in(CAMPAIGN, phase, timedelta(days=1)))
        assert follow_up.pending is Pending.CHOIX
        assert shown(follow_up) == {"3e A": ["Adam Blanc"]}


def test_an_answer_is_asked_only_where_the_conseil_proposed_something() -> None:
    school = School()
    for pupil_id, name in (("a", "Adam Blanc"), ("b", "Bérénice Noir"), ("c", "Céline Vert")):
        school.enrol(pupil_id, name, "3e A")
    school.act("c", lambda v: ValidateChoix(v, WISHES), Phase.DEFINITIVE_OPEN)
    for pupil_id in ("b", "c"):
        school.act(
            pupil_id,
            lambda v: RecordPropositions(v, [Proposition(Voie.GT), Proposition(Voie.PRO)]),
            Phase.DEFINITIVE_CLOSED,
            by_family=False,
        )
    school.act(
        "c",
        lambda v: AnswerPropositions(v, [Answer.PAS_D_ACCORD, Answer.PAS_D_ACCORD]),
        Phase.PROPOSITIONS_PUBLISHED,
    )
    follow_up = school.follow_up(instant_in(CAMPAIGN, Phase.PROPOSITIONS_PUBLISHED, timedelta(1)))
    assert follow_up.pending is Pending.ANSWERS
    assert shown(follow_up) == {"3e A": ["Bérénice Noir"]}


def decisions_school() -> School:
    school = School()
    for pupil_id, name in (
        ("a", "Adam Blanc"),  # no decision
        ("b", "Bérénice Noir"),  # accepted
        ("c", "Céline Vert"),  # appealed
        ("d", "Denis Rouge"),  # neither, notified the first day
        ("e", "Emma Rose"),  # neither, notified the last day
    ):
        school.enrol(pupil_id, name, "3e A")
    decisions_end = CAMPAIGN.end_of(Phase.DECISIONS)
    decisions_start = CAMPAIGN.start_of(Phase.DECISIONS)
    assert decisions_end is not None
    assert decisions_start is not None
    last_day = decisions_end - decisions_start - timedelta(hours=5)
    for pupil_id in "bc":
        school.act(pupil_id, lambda v: ValidateChoix(v, WISHES), Phase.DEFINITIVE_OPEN)
    for pupil_id in "bcd":
        school.act(
            pupil_id,
            lambda v: RecordDecision(v, Voie.PRO, "Motifs."),
            Phase.DECISIONS,
            by_family=False,
        )
    school.act(
        "e",
        lambda v: RecordDecision(v, Voie.PRO, "Motifs."),
        Phase.DECISIONS,
        by_family=False,
        after=last_day,
    )
    school.act("b", AcceptDecision, Phase.DECISIONS, after=timedelta(hours=20))
    school.act("c", lambda v: LodgeAppeal(v, Voie.GT), Phase.DECISIONS, after=timedelta(hours=20))
    return school


def test_a_decision_neither_accepted_nor_appealed_is_followed_up_while_the_family_can_answer() -> (
    None
):
    school = decisions_school()
    # Notified on Monday 14 June at 9:00: the family answers until Thursday 17 June included.
    thursday = datetime(2027, 6, 17, 23, 0, tzinfo=CAMPAIGN.timezone)
    follow_up = school.follow_up(thursday)
    assert follow_up.pending is Pending.DECISION
    assert shown(follow_up) == {"3e A": ["Denis Rouge", "Emma Rose"]}
    # On Friday the decision stands: nothing is left to answer.
    assert shown(school.follow_up(thursday + timedelta(hours=2))) == {"3e A": ["Emma Rose"]}


def test_after_the_campaign_a_decision_still_in_its_window_is_followed_up() -> None:
    school = decisions_school()
    closed = CAMPAIGN.start_of(Phase.CLOSED)
    assert closed is not None
    follow_up = school.follow_up(closed + timedelta(hours=1))
    assert (follow_up.phase, follow_up.pending) == (Phase.CLOSED, Pending.DECISION)
    assert shown(follow_up) == {"3e A": ["Emma Rose"]}
    assert school.follow_up(closed + timedelta(days=10)).total == 0


def test_names_and_classes_sort_as_people_expect() -> None:
    names = ["Zoé", "émile", "Emile", "Élodie", "Elodie", "Éloi", "Œdipe", "Oscar", "Ophélie"]
    assert sorted(names, key=name_order) == [
        "Elodie",
        "Élodie",
        "Éloi",
        "Emile",
        "émile",
        "Œdipe",
        "Ophélie",
        "Oscar",
        "Zoé",
    ]
    classes = ["3e B", "3e 10", "3e A", "3e 2", "3e a"]
    assert sorted(classes, key=name_order) == ["3e 2", "3e 10", "3e A", "3e a", "3e B"]


def test_name_order_takes_only_text() -> None:
    with pytest.raises(InvalidValue) as error:
        name_order(42)  # type: ignore[arg-type]
    assert error.value.codes == ("type.invalid",)


def test_classes_are_listed_in_the_order_a_school_reads_them() -> None:
    school = School()
    school.enrol("c", "Chloé Dalton", "3e 10")
    school.enrol("b", "Léa Martin", "3e 2")
    school.enrol("a", "Zoé Petit", "3e b")
    follow_up = school.follow_up(instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN))
    assert [group.classe for group in follow_up.classes] == ["3e 2", "3e 10", "3e b"]


def test_two_pupils_of_the_same_name_are_both_listed_in_a_stable_order() -> None:
    school = School()
    school.enrol("b", "Léa Martin", "3e A")
    school.enrol("a", "Léa Martin", "3e A")
    follow_up = school.follow_up(instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN))
    assert [f.pupil.id for f in follow_up.classes[0].families] == ["a", "b"]


OTHER_SCHOOL = attrs.evolve(CAMPAIGN, uai="0931234B")


def _located(call: Callable[[], object]) -> list[tuple[str, tuple[str | int, ...]]]:
    with pytest.raises(InvalidValue) as error:
        call()
    return [(p.code, p.path) for p in error.value.problems]


def test_only_the_dossiers_of_the_campaign_s_school_and_rentree_are_followed_up() -> None:
    school = School()
    school.enrol("a", "Adam Blanc", "3e A")
    other = School(OTHER_SCHOOL)
    other.enrol("z", "Zoé Petit", "3e A")
    next_year = attrs.evolve(school.dossiers["a"], rentree=2028)
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    mine = school.dossiers["a"]
    assert _located(lambda: families_to_follow_up([mine, other.dossiers["z"]], CAMPAIGN, now)) == [
        ("campaign.other_school", ("dossiers", 1))
    ]
    assert _located(lambda: families_to_follow_up([next_year], CAMPAIGN, now)) == [
        ("campaign.other_rentree", ("dossiers", 0))
    ]
    assert _located(lambda: families_to_follow_up([mine, mine], CAMPAIGN, now)) == [
        ("dossiers.duplicate", ("dossiers", 1))
    ]
    assert _located(lambda: families_to_follow_up([mine, BAD("Adam")], CAMPAIGN, now)) == [
        ("type.invalid", ("dossiers", 1))
    ]
    assert _located(lambda: families_to_follow_up(BAD("Adam"), CAMPAIGN, now)) == [
        ("type.invalid", ("dossiers",))
    ]
    assert _located(
        lambda: families_to_follow_up_from_events([*school.events, *other.events], CAMPAIGN, now)
    ) == [("event.other_campaign", ("events", 1))]


def test_events_that_are_not_each_dossier_s_history_in_order_are_refused() -> None:
    school = School()
    school.enrol("a", "Adam Blanc", "3e A")
    school.enrol("b", "Bérénice Noir", "3e A")
    school.act("a", lambda v: ValidateIntentions(v, WISHES), Phase.PROVISIONAL_OPEN)
    opened_a, opened_b, validated_a = school.events
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN, timedelta(days=1))
    cases: list[tuple[list[DossierEvent], int]] = [
        ([validated_a, opened_a], 0),  # before its opening
        ([opened_a, opened_b, opened_a], 2),  # opened twice
        ([opened_a, validated_a, validated_a], 2),  # the same version twice
        ([opened_a, BAD("IntentionsValidated")], 1),
    ]
    for events, at in cases:
        codes = _located(partial(families_to_follow_up_from_events, events, CAMPAIGN, now))
        assert [path for _, path in codes] == [("events", at)]
    assert _located(lambda: families_to_follow_up_from_events(BAD({}), CAMPAIGN, now)) == [
        ("type.invalid", ("events",))
    ]
    # Interleaved as a store's feed gives them, they are a history.
    follow_up = families_to_follow_up_from_events(
        iter([opened_a, opened_b, validated_a]), CAMPAIGN, now
    )
    assert shown(follow_up) == {"3e A": ["Bérénice Noir"]}


def test_a_follow_up_built_by_hand_is_checked_like_any_value() -> None:
    pupil = Pupil("e1", "Zoé Petit", "3e A")
    family = FollowUpFamily(pupil, (Guardian("g", "Parent"),))
    assert (
        FollowUp(
            Phase.PROVISIONAL_OPEN, Pending.INTENTIONS, (FollowUpClass("3e A", (family,)),)
        ).total
        == 1
    )
    for build, codes in (
        (lambda: FollowUpFamily(BAD("Zoé"), ()), [("type.invalid", ("pupil",))]),
        (lambda: FollowUpFamily(pupil, BAD([family])), [("type.invalid", ("guardians",))]),
        (lambda: FollowUpClass(BAD(3), ()), [("type.invalid", ("classe",))]),
        (lambda: FollowUpClass("3e A", BAD((pupil,))), [("type.invalid", ("families",))]),
        (
            lambda: FollowUp(BAD("PROVISIONAL_OPEN"), BAD("INTENTIONS"), ()),
            [("type.invalid", ("phase",)), ("type.invalid", ("pending",))],
        ),
        (lambda: FollowUp(Phase.CLOSED, None, BAD([family])), [("type.invalid", ("classes",))]),
    ):
        assert _located(build) == codes


# -- properties ---------------------------------------------------------------------


# Each example builds a whole school through handle (up to 6 dossiers of up to
# 16 commands, about 40 ms): 200 examples cover every phase and stage, and
# keep CI's 500 from adding 20 s.
CAPPED = settings(max_examples=min(settings().max_examples, 200))


@CAPPED
@given(school=school_histories(), data=st.data())
def test_from_the_events_the_follow_up_is_the_one_from_the_dossiers(
    school: tuple[Campaign, list[Dossier], list[DossierEvent]], data: st.DataObject
) -> None:
    campaign, dossiers, events = school
    now = data.draw(st.sampled_from(walk_instants(campaign)))
    follow_up = families_to_follow_up(dossiers, campaign, now)
    assert families_to_follow_up_from_events(events, campaign, now) == follow_up
    # Each class once, in order; each pupil once, in order, in their class.
    keys = [name_order(group.classe) for group in follow_up.classes]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    listed = [f.pupil for group in follow_up.classes for f in group.families]
    assert len({p.id for p in listed}) == len(listed) == follow_up.total
    for group in follow_up.classes:
        assert group.count > 0
        assert all(f.pupil.classe == group.classe for f in group.families)
        names = [(name_order(f.pupil.name), f.pupil.id) for f in group.families]
        assert names == sorted(names)
    assert follow_up.pending is PHASE_PENDING[campaign.phase_at(now)]
    # Nobody is listed for what they have done.
    by_id = {d.pupil.id: d for d in dossiers}
    for pupil in listed:
        dossier = by_id[pupil.id]
        assert follow_up.pending is not None
        assert {
            Pending.INTENTIONS: dossier.intentions is None,
            Pending.ACKNOWLEDGEMENT: dossier.acknowledged_at is None and bool(dossier.avis),
            Pending.CHOIX: dossier.choix is None,
            Pending.ANSWERS: not dossier.answers and bool(dossier.propositions),
            Pending.DECISION: dossier.decision is not None
            and dossier.decision_accepted_at is None
            and dossier.appeal is None,
        }[follow_up.pending]


# -- what a developer is told, and where ------------------------------------------------


def _detailed(call: Callable[[], object]) -> list[tuple[str, tuple[str | int, ...], str]]:
    with pytest.raises(InvalidValue) as error:
        call()
    return [(p.code, p.path, p.detail) for p in error.value.problems]


_PUPIL = Pupil("e1", "Zoé Petit", "3e A")
_NOW = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)


@pytest.mark.parametrize(
    ("call", "problems"),
    [
        (lambda: name_order(BAD(42)), [("type.invalid", ("text",), "expected: str")]),
        (
            lambda: FollowUpFamily(BAD("Zoé"), ()),
            [("type.invalid", ("pupil",), "expected: Pupil")],
        ),
        (lambda: FollowUpClass(BAD(3), ()), [("type.invalid", ("classe",), "expected: str")]),
        (
            lambda: FollowUp(BAD("PROVISIONAL_OPEN"), BAD("INTENTIONS"), ()),
            [
                ("type.invalid", ("phase",), "expected: Phase"),
                ("type.invalid", ("pending",), "expected: Pending"),
            ],
        ),
        (
            lambda: families_to_follow_up(BAD("Zoé"), CAMPAIGN, _NOW),
            [("type.invalid", ("dossiers",), "expected: list[Dossier]")],
        ),
        (
            lambda: families_to_follow_up([BAD(_PUPIL)], CAMPAIGN, _NOW),
            [("type.invalid", ("dossiers", 0), "expected: Dossier")],
        ),
        (
            lambda: families_to_follow_up_from_events(BAD({}), CAMPAIGN, _NOW),
            [("type.invalid", ("events",), "expected: list[DossierEvent]")],
        ),
        (
            lambda: families_to_follow_up_from_events([BAD(_PUPIL)], CAMPAIGN, _NOW),
            [("type.invalid", ("events", 0), "expected: DossierEvent")],
        ),
    ],
)
def test_a_value_of_the_wrong_type_tells_the_developer_what_was_expected_where(
    call: Callable[[], object], problems: list[tuple[str, tuple[str | int, ...], str]]
) -> None:
    assert _detailed(call) == problems


def test_punctuation_between_words_sorts_as_a_space() -> None:
    # "Le-Bras" reads "Le Bras", before "Le Goff"; "3e-2" reads "3e 2", before "3e 10".
    assert sorted(["Le Goff", "Le-Bras"], key=name_order) == ["Le-Bras", "Le Goff"]
    assert sorted(["3e 10", "3e-2"], key=name_order) == ["3e-2", "3e 10"]


def test_spaces_and_quotes_around_a_name_do_not_move_it() -> None:
    assert sorted(["« Zoé »", "Bruno", " Adam"], key=name_order) == [" Adam", "Bruno", "« Zoé »"]


def test_at_the_very_end_of_its_window_a_decision_is_no_longer_followed_up() -> None:
    # Notified on Monday 14 June at 9:00, the decision stands at midnight on Friday 18 June.
    school = decisions_school()
    friday = datetime(2027, 6, 18, 0, 0, tzinfo=CAMPAIGN.timezone)
    assert shown(school.follow_up(friday - timedelta(microseconds=1))) == {
        "3e A": ["Denis Rouge", "Emma Rose"]
    }
    assert shown(school.follow_up(friday)) == {"3e A": ["Emma Rose"]}
