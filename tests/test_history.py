"""A dossier's history replays only if handle could have produced it."""

import importlib.metadata
import itertools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import orientation_core
from orientation_core import (
    LATE_ACTIONS,
    PHASE_ACTIONS,
    AcceptDecision,
    AcknowledgeAvis,
    Answer,
    AnswerPropositions,
    AppealLodged,
    Avis,
    AvisAcknowledged,
    AvisConseil,
    AvisRecorded,
    CloseService,
    Dossier,
    DossierEvent,
    DossierOpened,
    Guardian,
    HandOverEntrant,
    Intention,
    IntentionSet,
    IntentionsValidated,
    LodgeAppeal,
    Phase,
    Proposition,
    Pupil,
    RecordAppealDecision,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    RequestMaintien,
    Staff,
    ValidateChoix,
    ValidateIntentions,
    Voie,
)
from orientation_core._actors import Actor
from orientation_core._events import replayed_command
from orientation_core.exceptions import InvalidValue, OrientationError
from tests.strategies import (
    CLAIRE,
    HEAD,
    LEA,
    OTHER_HEAD,
    PAUL,
    PP,
    PP_OTHER_CLASS,
    SECRETARIAT,
    dossier_campaign,
    head_of,
)

CAMPAIGN = dossier_campaign()
TOM = Pupil("eleve-tom", "Tom Petit", "3e B")
ACTORS: tuple[Actor, ...] = (CLAIRE, PAUL, LEA, HEAD, PP, SECRETARIAT, OTHER_HEAD, PP_OTHER_CLASS)
GT_PRO = IntentionSet([Intention(Voie.GT), Intention(Voie.PRO, "Cuisine")])
CAP = IntentionSet([Intention(Voie.CAP)])

Build = Callable[[int], Any]
# The procedure, from the first validation to the maintien: each step with
# its phase, the family's steps online or on paper.
SCRIPT: tuple[tuple[Phase, Build, str], ...] = (
    (Phase.PROVISIONAL_OPEN, lambda v: ValidateIntentions(v, GT_PRO), "family"),
    (Phase.PROVISIONAL_OPEN, lambda v: ValidateIntentions(v, CAP), "family"),
    (
        Phase.PROVISIONAL_CLOSED,
        lambda v: RecordAvis(v, [AvisConseil(Voie.CAP, Avis.FAVORABLE)]),
        "staff",
    ),
    (Phase.AVIS_PUBLISHED, AcknowledgeAvis, "family"),
    (Phase.DEFINITIVE_OPEN, lambda v: ValidateChoix(v, GT_PRO), "family"),
    (Phase.DEFINITIVE_CLOSED, lambda v: RecordPropositions(v, [Proposition(Voie.PRO)]), "staff"),
    (
        Phase.PROPOSITIONS_PUBLISHED,
        lambda v: AnswerPropositions(v, [Answer.PAS_D_ACCORD]),
        "family",
    ),
    (Phase.DECISIONS, lambda v: RecordDecision(v, Voie.PRO, "Motifs."), "head"),
    (Phase.DECISIONS, lambda v: LodgeAppeal(v, Voie.GT, "Motif."), "family"),
    (Phase.DECISIONS, lambda v: RecordAppealDecision(v, Voie.PRO, "Avis."), "staff"),
    (Phase.DECISIONS, RequestMaintien, "family"),
)
ACCEPT_INSTEAD: tuple[Phase, Build, str] = (Phase.DECISIONS, AcceptDecision, "family")


def _produced(pupil: Pupil, draw: st.DrawFn) -> tuple[list[DossierEvent], Dossier]:
    """A history built through handle: the script's first steps, at random instants in order."""
    steps = list(SCRIPT[: draw(st.integers(0, len(SCRIPT)))])
    if len(steps) >= 9 and draw(st.booleans()):
        steps[8:] = [ACCEPT_INSTEAD]
    start = CAMPAIGN.start_of(Phase.PROVISIONAL_OPEN)
    assert start is not None
    dossier, opening = Dossier.open(
        pupil, [CLAIRE, PAUL], campaign=CAMPAIGN, actor=SECRETARIAT, now=start - timedelta(days=3)
    )
    history: list[DossierEvent] = [opening]
    now: datetime = opening.at
    for phase, build, side in steps:
        phase_start = CAMPAIGN.start_of(phase)
        assert phase_start is not None
        # Decisions are notified and answered within days: the window is 3 jours ouvrables.
        now = max(now, phase_start) + timedelta(minutes=draw(st.integers(0, 36 * 60)))
        command = build(dossier.version)
        actor: Actor
        if side == "family" and draw(st.booleans()):
            actor = draw(st.sampled_from([SECRETARIAT, PP, HEAD]))
            command = attrs.evolve(command, signed_by=dossier.entrant_id or CLAIRE.id)
        elif side == "family":
            actor = dossier.entrant or CLAIRE
        else:
            actor = HEAD if side == "head" else draw(st.sampled_from([PP, SECRETARIAT, HEAD]))
        if draw(st.integers(0, 5)) == 0 and phase >= Phase.DEFINITIVE_CLOSED:
            dossier, events = dossier.handle(
                HandOverEntrant(
                    dossier.version, PAUL.id if dossier.entrant_id != PAUL.id else CLAIRE.id
                ),
                actor=HEAD,
                campaign=CAMPAIGN,
                now=now,
            )
            history.extend(events)
            command = attrs.evolve(command, version=dossier.version)
            if side == "family" and actor in (CLAIRE, PAUL):
                actor = dossier.entrant or CLAIRE
            elif side == "family":
                command = attrs.evolve(command, signed_by=dossier.entrant_id)
        dossier, events = dossier.handle(command, actor=actor, campaign=CAMPAIGN, now=now)
        history.extend(events)
    return history, dossier


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[DossierEvent], Dossier]:
    """Léa's history, built through handle, and the dossier it gave."""
    return _produced(LEA, draw)


def _could_have_produced(events: list[DossierEvent]) -> Dossier:
    # Drive open and handle with each event's own command, actor and instant,
    # and demand the very same events back.
    first = events[0]
    assert isinstance(first, DossierOpened)
    assert isinstance(first.actor, Staff)
    dossier, again = Dossier.open(
        first.pupil, first.guardians, campaign=CAMPAIGN, actor=first.actor, now=first.at
    )
    assert again == first
    for event in events[1:]:
        command = event.command
        assert command is not None
        dossier, produced = dossier.handle(
            command, actor=event.actor, campaign=CAMPAIGN, now=event.at
        )
        assert produced == (event,)
    return dossier


def _plausible(events: list[DossierEvent]) -> None:
    # What any history handle gives shows, stated without handle.
    assert [e.version for e in events] == list(range(1, len(events) + 1))
    assert len({e.dossier for e in events}) == 1
    assert all(a.at <= b.at for a, b in itertools.pairwise(events))
    assert type(events[0]) is DossierOpened
    assert all(type(e) is not DossierOpened for e in events[1:])
    for event in events[1:]:
        command = event.command
        assert command is not None
        phase = CAMPAIGN.phase_at(event.at)
        assert command.action in PHASE_ACTIONS[phase] or (
            phase is Phase.CLOSED and command.action in LATE_ACTIONS
        )


@given(histories())
def test_every_history_built_through_handle_replays_to_the_same_dossier(
    built: tuple[list[DossierEvent], Dossier],
) -> None:
    events, dossier = built
    assert Dossier.replay(events, campaign=CAMPAIGN) == dossier
    _plausible(events)


def _renumbered(events: list[DossierEvent]) -> list[DossierEvent]:
    return [attrs.evolve(e, version=i) for i, e in enumerate(events, 1)]


@st.composite
def mutated(draw: st.DrawFn) -> list[DossierEvent]:
    """A history built through handle, then tampered with."""
    events, _ = draw(histories())
    events = list(events)
    n = len(events)
    i = draw(st.integers(0, n - 1))
    kind = draw(
        st.sampled_from(["swap", "drop", "duplicate", "splice", "actor", "instant", "dossier"])
    )
    if kind == "swap":
        j = draw(st.integers(0, n - 1))
        events[i], events[j] = events[j], events[i]
    elif kind == "drop":
        del events[i]
    elif kind == "duplicate":
        events.insert(i, events[i])
    elif kind == "splice":
        others, _ = _produced(TOM, draw)
        events[i] = others[min(i, len(others) - 1)]
    elif kind == "actor":
        events[i] = attrs.evolve(events[i], actor=draw(st.sampled_from(ACTORS)))
    elif kind == "instant":
        shift = timedelta(minutes=draw(st.integers(-60 * 24 * 30, 60 * 24 * 30)))
        events[i] = attrs.evolve(events[i], at=events[i].at + shift)
    else:
        tom = attrs.evolve(events[i].dossier, pupil_id=TOM.id)
        events[i] = attrs.evolve(events[i], dossier=tom)
    renumber: bool = draw(st.booleans())
    return _renumbered(events) if events and renumber else events


@given(st.data())
def test_a_tampered_history_is_refused_at_its_first_bad_event_unless_handle_gives_it(
    data: st.DataObject,
) -> None:
    try:
        events = data.draw(mutated())
    except InvalidValue:
        return  # the library refused to build the tampered event itself
    try:
        replayed = Dossier.replay(events, campaign=CAMPAIGN)
    except InvalidValue as error:
        assert error.codes == ("events.invalid",)
        (problem,) = error.problems
        assert problem.path[0] == "events"
        first_bad = problem.path[1] if len(problem.path) == 2 else 0
        assert isinstance(first_bad, int)
        # Everything before the first bad event is itself a valid history.
        if first_bad > 0:
            _could_have_produced(events[:first_bad])
        # And the error says why, in the library's own terms.
        assert error.__cause__ is None or isinstance(error.__cause__, OrientationError)
        return
    _plausible(events)
    assert _could_have_produced(events) == replayed


@pytest.mark.parametrize("kind", ["swap", "drop", "duplicate", "splice", "backwards"])
def test_the_usual_forgeries_are_refused_where_they_start(kind: str) -> None:
    events = _scripted()
    if kind == "swap":
        events[3], events[4] = events[4], events[3]
        events = _renumbered(events)
        bad = 3
    elif kind == "drop":
        del events[3]  # the avis: the acknowledgement then comes before any avis
        events = _renumbered(events)
        bad = 3
    elif kind == "duplicate":
        events.insert(9, events[8])  # the decision twice
        events = _renumbered(events)
        bad = 9
    elif kind == "splice":
        tom = attrs.evolve(events[5].dossier, pupil_id=TOM.id)
        events[5] = attrs.evolve(events[5], dossier=tom)
        bad = 5
    else:
        events[6] = attrs.evolve(events[6], at=events[5].at - timedelta(minutes=1))
        bad = 6
    with pytest.raises(InvalidValue) as error:
        Dossier.replay(events, campaign=CAMPAIGN)
    assert [(p.code, p.path) for p in error.value.problems] == [("events.invalid", ("events", bad))]


def _scripted() -> list[DossierEvent]:
    dossier, opening = Dossier.open(
        LEA, [CLAIRE, PAUL], campaign=CAMPAIGN, actor=SECRETARIAT, now=_day(Phase.NOT_OPEN, 0)
    )
    history: list[DossierEvent] = [opening]
    for index, (phase, build, side) in enumerate(SCRIPT):
        by_side: dict[str, Actor] = {"family": CLAIRE, "staff": PP, "head": HEAD}
        actor = by_side[side]
        dossier, events = dossier.handle(
            build(dossier.version), actor=actor, campaign=CAMPAIGN, now=_day(phase, index)
        )
        history.extend(events)
    return history


def _day(phase: Phase, index: int) -> datetime:
    if phase is Phase.NOT_OPEN:
        start = CAMPAIGN.start_of(Phase.PROVISIONAL_OPEN)
        assert start is not None
        return start - timedelta(days=1)
    start = CAMPAIGN.start_of(phase)
    assert start is not None
    return start + timedelta(hours=1 + index)


def test_an_event_handle_would_have_worded_otherwise_is_refused() -> None:
    events = _scripted()
    appeal = events[9]
    assert isinstance(appeal, AppealLodged)
    # The school does not run "dernier mot aux familles": no appeal of its is one.
    forged = attrs.evolve(appeal, dernier_mot=True)
    with pytest.raises(InvalidValue) as error:
        Dossier.replay([*events[:9], forged], campaign=CAMPAIGN)
    assert [(p.code, p.path) for p in error.value.problems] == [("events.invalid", ("events", 9))]
    assert isinstance(error.value.__cause__, InvalidValue)
    assert error.value.__cause__.problems[0].path == ("event",)


@given(histories())
def test_replay_takes_each_event_back_to_the_very_command_its_class_builds(
    built: tuple[list[DossierEvent], Dossier],
) -> None:
    events, _ = built
    opening, *later = events
    # No command gives an opening.
    assert opening.command is None
    assert replayed_command(opening) is None
    for event in later:
        command = replayed_command(event)
        assert command == event.command
        assert type(command) is type(event.command)


@pytest.mark.parametrize(
    ("index", "forge"),
    [
        # Texts a command keeps trimmed and composed (NFC): handle never
        # gives them otherwise, though each is a text an event may hold.
        pytest.param(8, {"reasons": " Motifs. "}, id="reasons not trimmed"),
        pytest.param(9, {"motif": "Motif de l'appel  "}, id="motif not trimmed"),
        pytest.param(9, {"motif": "Pre\u0301cise\u0301."}, id="motif decomposed"),
        pytest.param(10, {"comment": "Avis\tde la commission.\n"}, id="comment not trimmed"),
    ],
)
def test_a_text_handle_would_have_cleaned_is_refused(index: int, forge: dict[str, Any]) -> None:
    events = _scripted()
    assert Dossier.replay(events, campaign=CAMPAIGN).version == len(events)
    forged = attrs.evolve(events[index], **forge)
    with pytest.raises(InvalidValue) as error:
        Dossier.replay([*events[:index], forged, *events[index + 1 :]], campaign=CAMPAIGN)
    assert [(p.code, p.path) for p in error.value.problems] == [
        ("events.invalid", ("events", index))
    ]


def test_a_paper_form_s_signatory_handle_would_have_trimmed_is_refused() -> None:
    dossier, opening = Dossier.open(
        LEA, [CLAIRE, PAUL], campaign=CAMPAIGN, actor=SECRETARIAT, now=_day(Phase.NOT_OPEN, 0)
    )
    _, (keyed_in,) = dossier.handle(
        ValidateIntentions(1, GT_PRO, signed_by=f" {CLAIRE.id} "),
        actor=SECRETARIAT,
        campaign=CAMPAIGN,
        now=_day(Phase.PROVISIONAL_OPEN, 0),
    )
    assert isinstance(keyed_in, IntentionsValidated)
    assert keyed_in.guardian_id == CLAIRE.id
    Dossier.replay([opening, keyed_in], campaign=CAMPAIGN)
    forged = attrs.evolve(keyed_in, guardian_id=f" {CLAIRE.id} ")
    with pytest.raises(InvalidValue) as error:
        Dossier.replay([opening, forged], campaign=CAMPAIGN)
    assert [(p.code, p.path) for p in error.value.problems] == [("events.invalid", ("events", 1))]


def test_avis_recorded_out_of_rank_order_are_refused() -> None:
    # handle stores the avis in the intentions' rank order, whatever order
    # staff gave them in: a record in another order is not one it gives.
    dossier, opening = Dossier.open(
        LEA, [CLAIRE, PAUL], campaign=CAMPAIGN, actor=SECRETARIAT, now=_day(Phase.NOT_OPEN, 0)
    )
    two = IntentionSet([Intention(Voie.GT), Intention(Voie.CAP)])
    dossier, (validated,) = dossier.handle(
        ValidateIntentions(1, two),
        actor=CLAIRE,
        campaign=CAMPAIGN,
        now=_day(Phase.PROVISIONAL_OPEN, 0),
    )
    given = (
        AvisConseil(Voie.CAP, Avis.RESERVE, "Projet à préciser."),
        AvisConseil(Voie.GT, Avis.FAVORABLE),
    )
    dossier, (recorded,) = dossier.handle(
        RecordAvis(2, given), actor=PP, campaign=CAMPAIGN, now=_day(Phase.PROVISIONAL_CLOSED, 1)
    )
    assert isinstance(recorded, AvisRecorded)
    assert recorded.avis == given[::-1]
    history = [opening, validated, recorded]
    assert Dossier.replay(history, campaign=CAMPAIGN) == dossier
    forged = attrs.evolve(recorded, avis=given)
    with pytest.raises(InvalidValue) as error:
        Dossier.replay([opening, validated, forged], campaign=CAMPAIGN)
    assert [(p.code, p.path) for p in error.value.problems] == [("events.invalid", ("events", 2))]


def test_a_guardian_s_id_is_kept_as_the_host_gives_it_through_a_replay() -> None:
    # An id is the host's, not a text the family wrote: handing the entrant
    # role to a guardian whose id is not composed (NFC) replays as it was.
    noe = Guardian("resp-noe\u0301", "Noé Martin")
    dossier, opening = Dossier.open(
        LEA, [CLAIRE, noe], campaign=CAMPAIGN, actor=SECRETARIAT, now=_day(Phase.NOT_OPEN, 0)
    )
    dossier, (handed_over,) = dossier.handle(
        HandOverEntrant(1, noe.id), actor=HEAD, campaign=CAMPAIGN, now=_day(Phase.DECISIONS, 0)
    )
    assert dossier.entrant == noe
    assert Dossier.replay([opening, handed_over], campaign=CAMPAIGN) == dossier


def test_an_event_of_a_host_s_own_subclass_is_refused() -> None:
    class Relabelled(AvisAcknowledged):
        pass

    events = _scripted()
    acknowledged = events[4]
    assert isinstance(acknowledged, AvisAcknowledged)
    forged = Relabelled(**attrs.asdict(acknowledged, recurse=False))
    with pytest.raises(InvalidValue) as error:
        Dossier.replay([*events[:4], forged], campaign=CAMPAIGN)
    assert [(p.code, p.path) for p in error.value.problems] == [("events.invalid", ("events", 4))]


def test_an_opening_handle_would_not_have_given_is_refused() -> None:
    opening = _scripted()[0]
    assert isinstance(opening, DossierOpened)
    elsewhere = attrs.evolve(opening, dossier=attrs.evolve(opening.dossier, uai="0931234B"))
    next_year = attrs.evolve(opening, dossier=attrs.evolve(opening.dossier, rentree=2028))
    events = _scripted()
    for history in ([elsewhere], [next_year], events[1:]):
        with pytest.raises(InvalidValue) as error:
            Dossier.replay(history, campaign=CAMPAIGN)
        assert [(p.code, p.path) for p in error.value.problems] == [
            ("events.invalid", ("events", 0))
        ]
        # The reason: this event could not open the dossier.
        assert isinstance(error.value.__cause__, InvalidValue)
        assert [(p.code, p.path) for p in error.value.__cause__.problems] == [
            ("events.invalid", ("event",))
        ]


class _HostPupil(Pupil):
    """A host's own kind of pupil."""


def test_an_opening_replays_whether_its_pupil_is_of_the_library_s_class_or_a_host_s() -> None:
    # The dossier keeps the opening's own id when the pupil is a Pupil, and
    # builds its own and compares them otherwise: either way, the same dossier.
    for pupil in (LEA, _HostPupil(LEA.id, LEA.name, LEA.classe)):
        dossier, opening = Dossier.open(
            pupil, [CLAIRE, PAUL], campaign=CAMPAIGN, actor=SECRETARIAT, now=_day(Phase.NOT_OPEN, 0)
        )
        replayed = Dossier.replay([opening], campaign=CAMPAIGN)
        assert replayed == dossier
        assert replayed.id == opening.dossier == dossier.id


def test_the_version_is_the_library_s_own() -> None:
    assert orientation_core.__version__ == importlib.metadata.version("orientation-core")
    assert "__version__" in orientation_core.__all__


def test_an_opening_names_the_pupil_of_its_dossier() -> None:
    opening = _scripted()[0]
    assert isinstance(opening, DossierOpened)
    with pytest.raises(InvalidValue) as error:
        attrs.evolve(opening, pupil=TOM)
    assert [(p.code, p.path) for p in error.value.problems] == [("event.inconsistent", ("pupil",))]


def test_what_a_family_did_at_the_instant_the_head_closed_still_replays() -> None:
    # The head's "close now" and a family's validation in the same microsecond:
    # the validation stays done in the open phase, on the campaign as it is now.
    start = CAMPAIGN.start_of(Phase.PROVISIONAL_OPEN)
    assert start is not None
    now = start + timedelta(days=3, hours=5)
    dossier, opening = Dossier.open(
        LEA, [CLAIRE], campaign=CAMPAIGN, actor=SECRETARIAT, now=start - timedelta(days=1)
    )
    _, (validated,) = dossier.handle(
        ValidateIntentions(1, CAP), actor=CLAIRE, campaign=CAMPAIGN, now=now
    )
    closed, _ = CAMPAIGN.handle(
        CloseService(1, Phase.PROVISIONAL_OPEN), actor=head_of(CAMPAIGN), now=now
    )
    assert closed.phase_at(now) is Phase.PROVISIONAL_OPEN
    assert Dossier.replay([opening, validated], campaign=closed).intentions == CAP
