"""The procedure at its edges: rights outliving the calendar, paper, classes, late arrivals."""

import contextlib
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orientation_core import (
    AcceptDecision,
    AcknowledgeAvis,
    Action,
    Answer,
    AnswerPropositions,
    AppealDecisionRecorded,
    AppealLodged,
    Avis,
    AvisAcknowledged,
    AvisConseil,
    Campaign,
    DecisionAccepted,
    Dossier,
    FamilyEvent,
    Guardian,
    HandOverEntrant,
    Intention,
    IntentionSet,
    LodgeAppeal,
    MaintienRequested,
    MoveStart,
    Phase,
    Proposition,
    PropositionsAnswered,
    Pupil,
    RecordAppealDecision,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    RequestMaintien,
    Role,
    Staff,
    ValidateChoix,
    ValidateIntentions,
    Voie,
)
from orientation_core._actors import Actor
from orientation_core.exceptions import (
    IllegalTransition,
    InvalidValue,
    OrientationError,
    PermissionDenied,
)
from tests.strategies import (
    CLAIRE,
    HEAD,
    LEA,
    PAUL,
    PP,
    PP_OTHER_CLASS,
    SECRETARIAT,
    campaigns,
    dossier_campaign,
    head_of,
    instant_in,
)

CAMPAIGN = dossier_campaign()
GT = IntentionSet([Intention(Voie.GT)])
GT_PRO = IntentionSet([Intention(Voie.GT), Intention(Voie.PRO, "Cuisine")])
AVIS = (AvisConseil(Voie.GT, Avis.FAVORABLE), AvisConseil(Voie.PRO, Avis.RESERVE, "À préciser."))
REASONS = "Résultats insuffisants en 2de GT."


def _at(phase: Phase, hours: float = 9) -> datetime:
    return instant_in(CAMPAIGN, phase, timedelta(hours=hours))


def _send(
    dossier: Dossier,
    command: Any,
    actor: Actor,
    now: datetime,
    campaign: Campaign = CAMPAIGN,
) -> Dossier:
    after, (event,) = dossier.handle(command, actor=actor, campaign=campaign, now=now)
    assert event.version == after.version == dossier.version + 1
    return after


def _opened(
    campaign: Campaign = CAMPAIGN, now: datetime | None = None, actor: Staff = SECRETARIAT
) -> Dossier:
    moment = now or instant_in(campaign, Phase.NOT_OPEN)
    return Dossier.open(LEA, [CLAIRE, PAUL], campaign=campaign, actor=actor, now=moment)[0]


def _with_choix() -> Dossier:
    dossier = _send(_opened(), ValidateIntentions(1, GT_PRO), CLAIRE, _at(Phase.PROVISIONAL_OPEN))
    dossier = _send(dossier, RecordAvis(2, AVIS), PP, _at(Phase.PROVISIONAL_CLOSED))
    return _send(dossier, ValidateChoix(3, GT_PRO), CLAIRE, _at(Phase.DEFINITIVE_OPEN))


def _decided_at(now: datetime) -> Dossier:
    dossier = _send(
        _with_choix(),
        RecordPropositions(4, [Proposition(Voie.PRO)]),
        PP,
        _at(Phase.DEFINITIVE_CLOSED),
    )
    return _send(dossier, RecordDecision(5, Voie.PRO, REASONS), HEAD, now)


# -- no family loses a right to the calendar ----------------------------------


def test_a_decision_notified_on_the_last_day_can_be_appealed_after_the_campaign_closes() -> None:
    # DECISIONS ends on Sunday 4 July 2027 at midnight (Paris).  Notified on
    # Saturday 3 July at 18:00, the family has until the end of Wednesday 7.
    end = CAMPAIGN.end_of(Phase.DECISIONS)
    assert end is not None
    notified = end - timedelta(hours=30)
    dossier = _decided_at(notified)
    assert CAMPAIGN.appeal_deadline(notified) == datetime(
        2027, 7, 8, tzinfo=ZoneInfo("Europe/Paris")
    )
    monday = datetime(2027, 7, 5, 10, tzinfo=ZoneInfo("Europe/Paris"))
    assert CAMPAIGN.phase_at(monday) is Phase.CLOSED
    assert dossier.late_actions(CAMPAIGN, monday) == {Action.ACCEPT_DECISION, Action.LODGE_APPEAL}
    appealed = _send(dossier, LodgeAppeal(6, Voie.GT, "Nous maintenons la 2de GT."), CLAIRE, monday)
    assert appealed.appeal is not None
    assert (appealed.appeal.voie, appealed.appeal.motif) == (Voie.GT, "Nous maintenons la 2de GT.")
    # The commission sits a week later; the family may then ask for maintien.
    sitting = monday + timedelta(days=7)
    assert appealed.late_actions(CAMPAIGN, sitting) == {Action.RECORD_APPEAL_DECISION}
    decided = _send(
        appealed, RecordAppealDecision(7, Voie.PRO, "Avis de la commission."), SECRETARIAT, sitting
    )
    assert decided.appeal_decision is not None
    assert (decided.appeal_decision.voie, decided.appeal_decision.comment) == (
        Voie.PRO,
        "Avis de la commission.",
    )
    assert decided.late_actions(CAMPAIGN, sitting) == {Action.REQUEST_MAINTIEN}
    kept = _send(decided, RequestMaintien(8), CLAIRE, sitting + timedelta(days=1))
    assert kept.maintien_requested_at == sitting + timedelta(days=1)


def test_a_right_run_out_after_the_campaign_closed_is_closed_like_everything_else() -> None:
    end = CAMPAIGN.end_of(Phase.DECISIONS)
    assert end is not None
    dossier = _decided_at(end - timedelta(hours=30))
    too_late = datetime(2027, 7, 8, tzinfo=ZoneInfo("Europe/Paris"))
    assert dossier.late_actions(CAMPAIGN, too_late) == frozenset()
    for command in (AcceptDecision(6), LodgeAppeal(6, Voie.GT)):
        with pytest.raises(IllegalTransition) as error:
            dossier.handle(command, actor=CLAIRE, campaign=CAMPAIGN, now=too_late)
        assert (error.value.phase, error.value.reason) == (Phase.CLOSED, "closed")
    # Nothing else reopens: the head decides nothing more once closed.
    with pytest.raises(IllegalTransition) as error:
        dossier.handle(
            HandOverEntrant(6, PAUL.id), actor=HEAD, campaign=CAMPAIGN, now=too_late - timedelta(1)
        )
    assert error.value.reason == "closed"


def test_maintien_after_the_campaign_closed_runs_three_jours_ouvrables() -> None:
    end = CAMPAIGN.end_of(Phase.DECISIONS)
    assert end is not None
    dossier = _decided_at(end - timedelta(hours=30))
    dossier = _send(dossier, LodgeAppeal(6, Voie.GT), CLAIRE, end - timedelta(hours=1))
    sitting = datetime(2027, 7, 9, 15, tzinfo=ZoneInfo("Europe/Paris"))  # a Friday
    dossier = _send(dossier, RecordAppealDecision(7, Voie.PRO), SECRETARIAT, sitting)
    deadline = CAMPAIGN.appeal_deadline(sitting)
    assert deadline == datetime(2027, 7, 14, tzinfo=ZoneInfo("Europe/Paris"))  # 13 July included
    with pytest.raises(IllegalTransition) as error:
        dossier.handle(RequestMaintien(8), actor=CLAIRE, campaign=CAMPAIGN, now=deadline)
    assert error.value.reason == "closed"
    assert _send(dossier, RequestMaintien(8), CLAIRE, deadline - timedelta(microseconds=1))


def test_late_actions_of_a_dossier_with_nothing_running_are_none() -> None:
    closed = _at(Phase.CLOSED)
    assert _opened().late_actions(CAMPAIGN, closed) == frozenset()
    accepted = _send(
        _decided_at(_at(Phase.DECISIONS)), AcceptDecision(6), CLAIRE, _at(Phase.DECISIONS, 10)
    )
    assert accepted.late_actions(CAMPAIGN, _at(Phase.DECISIONS, 11)) == frozenset()


def test_late_actions_are_asked_with_the_dossier_s_own_campaign() -> None:
    with pytest.raises(InvalidValue) as error:
        _opened().late_actions(CAMPAIGN, datetime(2027, 7, 6))  # noqa: DTZ001 -- naive on purpose
    assert error.value.codes == ("time.naive",)
    other = dossier_campaign()
    other = Campaign(other.academy, "0931234B", 2027, other.starts)
    with pytest.raises(InvalidValue) as error:
        _opened().late_actions(other, _at(Phase.CLOSED))
    assert error.value.codes == ("campaign.other_school",)


@st.composite
def notified_decisions(draw: st.DrawFn) -> tuple[Campaign, Dossier, datetime]:
    """A campaign of any zone and calendar, and a dossier whose decision was notified in it."""
    campaign = draw(campaigns())
    start, end = campaign.start_of(Phase.DECISIONS), campaign.end_of(Phase.DECISIONS)
    assert start is not None
    assert end is not None
    span = (end - start) // timedelta(microseconds=1)
    notified = start + timedelta(microseconds=draw(st.integers(0, span - 1)))
    # A late arrival, opened when the choix définitifs open; the family
    # validates at once, and the head decides otherwise.
    head = head_of(campaign)
    chosen = campaign.start_of(Phase.DEFINITIVE_OPEN)
    assert chosen is not None
    dossier = _opened(campaign, chosen, head)
    dossier = _send(dossier, ValidateChoix(1, GT), CLAIRE, chosen, campaign)
    dossier = _send(dossier, RecordDecision(2, Voie.CAP, REASONS), head, notified, campaign)
    # Then the head may move the end of the decisions phase, earlier or later.
    if draw(st.booleans()):
        moved_at = notified + timedelta(hours=draw(st.integers(0, 100)))
        target = moved_at + timedelta(hours=draw(st.integers(0, 400)))
        # A move the calendar refuses changes nothing.
        with contextlib.suppress(OrientationError):
            campaign, _ = campaign.handle(
                MoveStart(1, Phase.CLOSED, target), actor=head, now=moved_at
            )
    return campaign, dossier, notified


def _instant_before(data: st.DataObject, low: datetime, high: datetime, zone: str) -> datetime:
    span = (high - low) // timedelta(microseconds=1)
    moment = low + timedelta(microseconds=data.draw(st.integers(0, span - 1)))
    return moment.astimezone(ZoneInfo(data.draw(st.sampled_from(["UTC", zone]))))


@given(case=notified_decisions(), data=st.data())
def test_no_family_loses_its_three_jours_ouvrables_nor_what_follows_an_appeal(
    case: tuple[Campaign, Dossier, datetime], data: st.DataObject
) -> None:
    campaign, dossier, notified = case
    deadline = campaign.appeal_deadline(notified)
    assert deadline > notified
    acted = data.draw(st.sampled_from(["accept", "appeal"]))
    at = _instant_before(data, notified, deadline, campaign.zone)
    if acted == "accept":
        accepted = _send(dossier, AcceptDecision(3), CLAIRE, at, campaign)
        assert accepted.decision_accepted_at == at
        return
    appealed = _send(dossier, LodgeAppeal(3, Voie.GT, "Motif"), CLAIRE, at, campaign)
    assert appealed.appeal is not None
    assert appealed.appeal.at == at
    if appealed.appeal.dernier_mot:
        assert appealed.outcome is Voie.GT
        return
    # The commission sits whenever it sits, the campaign closed or not.
    sitting = at + timedelta(hours=data.draw(st.integers(0, 24 * 60)))
    decided = _send(
        appealed,
        RecordAppealDecision(4, Voie.PRO, "Avis."),
        Staff("sec", campaign.uai, Role.SECRETARIAT),
        sitting,
        campaign,
    )
    assert decided.outcome is Voie.PRO
    asked = _instant_before(data, sitting, campaign.appeal_deadline(sitting), campaign.zone)
    kept = _send(decided, RequestMaintien(5), CLAIRE, asked, campaign)
    assert kept.maintien_requested_at == asked


@given(case=notified_decisions())
def test_once_its_window_has_run_out_the_family_can_neither_accept_nor_appeal(
    case: tuple[Campaign, Dossier, datetime],
) -> None:
    campaign, dossier, notified = case
    deadline = campaign.appeal_deadline(notified)
    for command in (AcceptDecision(3), LodgeAppeal(3, Voie.GT)):
        with pytest.raises(IllegalTransition) as error:
            dossier.handle(command, actor=CLAIRE, campaign=campaign, now=deadline)
        assert error.value.reason in {"deadline_passed", "closed"}


# -- the paper path for every family act ----------------------------------------


def _by_paper(
    dossier: Dossier, command: Any, now: datetime, staff: Staff = SECRETARIAT
) -> FamilyEvent:
    after, (event,) = dossier.handle(command, actor=staff, campaign=CAMPAIGN, now=now)
    assert isinstance(event, FamilyEvent)
    assert (event.actor, event.paper_form, after.paper_form) == (staff, True, True)
    return event


def test_every_family_act_can_come_from_a_signed_paper_form() -> None:
    dossier = _opened()
    steps: list[tuple[Any, Phase, Any]] = [
        (lambda v: ValidateIntentions(v, GT_PRO, signed_by=PAUL.id), Phase.PROVISIONAL_OPEN, None),
        (lambda v: RecordAvis(v, AVIS), Phase.PROVISIONAL_CLOSED, PP),
        (lambda v: AcknowledgeAvis(v, signed_by=PAUL.id), Phase.AVIS_PUBLISHED, AvisAcknowledged),
        (lambda v: ValidateChoix(v, GT_PRO, signed_by=PAUL.id), Phase.DEFINITIVE_OPEN, None),
        (lambda v: RecordPropositions(v, [Proposition(Voie.PRO)]), Phase.DEFINITIVE_CLOSED, PP),
        (
            lambda v: AnswerPropositions(v, [Answer.PAS_D_ACCORD], signed_by=PAUL.id),
            Phase.PROPOSITIONS_PUBLISHED,
            PropositionsAnswered,
        ),
        (lambda v: RecordDecision(v, Voie.PRO, REASONS), Phase.DECISIONS, HEAD),
        (
            lambda v: LodgeAppeal(v, Voie.GT, "Motif", signed_by=PAUL.id),
            Phase.DECISIONS,
            AppealLodged,
        ),
        (lambda v: RecordAppealDecision(v, Voie.GT), Phase.DECISIONS, SECRETARIAT),
        (lambda v: RequestMaintien(v, signed_by=PAUL.id), Phase.DECISIONS, MaintienRequested),
    ]
    for index, (build, phase, kind) in enumerate(steps):
        now = _at(phase, 9 + index)
        command = build(dossier.version)
        if isinstance(kind, Staff):
            dossier = _send(dossier, command, kind, now)
            continue
        event = _by_paper(dossier, command, now, HEAD if index % 2 else SECRETARIAT)
        assert event.guardian_id == PAUL.id
        assert kind is None or type(event) is kind
        dossier = dossier.apply(event, campaign=CAMPAIGN)
    assert dossier.entrant == PAUL
    assert dossier.maintien_requested_at is not None


def test_a_paper_acceptance_is_recorded_with_its_signatory() -> None:
    dossier = _decided_at(_at(Phase.DECISIONS))
    event = _by_paper(dossier, AcceptDecision(6, signed_by=CLAIRE.id), _at(Phase.DECISIONS, 10))
    assert type(event) is DecisionAccepted
    assert event.guardian_id == CLAIRE.id
    assert event.signed_by == CLAIRE.id


def test_a_paper_form_signed_by_somebody_else_than_the_entrant_is_refused() -> None:
    dossier = _decided_at(_at(Phase.DECISIONS))  # Claire is the entrant
    now = _at(Phase.DECISIONS, 10)
    for command, code in (
        (AcceptDecision(6, signed_by=PAUL.id), "signatory.not_entrant"),
        (AcceptDecision(6, signed_by="resp-inconnu"), "guardian.unknown"),
        (AcceptDecision(6), "signatory.missing"),
    ):
        with pytest.raises(InvalidValue) as error:
            dossier.handle(command, actor=SECRETARIAT, campaign=CAMPAIGN, now=now)
        assert [(p.code, p.path) for p in error.value.problems] == [(code, ("signed_by",))]


def test_an_online_act_names_no_signatory() -> None:
    dossier = _decided_at(_at(Phase.DECISIONS))
    with pytest.raises(InvalidValue) as error:
        dossier.handle(
            AcceptDecision(6, signed_by=CLAIRE.id),
            actor=CLAIRE,
            campaign=CAMPAIGN,
            now=_at(Phase.DECISIONS, 10),
        )
    assert [(p.code, p.path) for p in error.value.problems] == [
        ("signatory.online", ("signed_by",))
    ]


def test_an_online_validation_is_recorded_as_online() -> None:
    after, (event,) = _opened().handle(
        ValidateIntentions(1, GT), actor=PAUL, campaign=CAMPAIGN, now=_at(Phase.PROVISIONAL_OPEN)
    )
    assert isinstance(event, FamilyEvent)
    assert (event.guardian_id, event.paper_form, event.signed_by) == (PAUL.id, False, None)
    assert after.paper_form is False


def test_a_paper_answer_from_a_family_that_never_validated_names_its_entrant() -> None:
    dossier = _send(
        _opened(), RecordPropositions(1, [Proposition(Voie.CAP)]), PP, _at(Phase.DEFINITIVE_CLOSED)
    )
    # Online, neither guardian may answer: nobody validated.
    with pytest.raises(PermissionDenied) as denied:
        dossier.handle(
            AnswerPropositions(2, [Answer.D_ACCORD]),
            actor=PAUL,
            campaign=CAMPAIGN,
            now=_at(Phase.PROPOSITIONS_PUBLISHED),
        )
    assert denied.value.reason == "not_entrant"
    answered = _send(
        dossier,
        AnswerPropositions(2, [Answer.D_ACCORD], signed_by=PAUL.id),
        SECRETARIAT,
        _at(Phase.PROPOSITIONS_PUBLISHED),
    )
    assert (answered.entrant, answered.outcome) == (PAUL, Voie.CAP)


def test_the_pupil_cannot_key_in_a_paper_form() -> None:
    with pytest.raises(PermissionDenied) as error:
        _opened().handle(
            ValidateIntentions(1, GT, signed_by=CLAIRE.id),
            actor=LEA,
            campaign=CAMPAIGN,
            now=_at(Phase.PROVISIONAL_OPEN),
        )
    assert error.value.reason == "read_only"


# -- staff see only what their role gives them -------------------------------


def test_a_professeur_principal_acts_on_the_dossiers_of_their_classes_only() -> None:
    dossier = _send(_opened(), ValidateIntentions(1, GT_PRO), CLAIRE, _at(Phase.PROVISIONAL_OPEN))
    recorded = _send(dossier, RecordAvis(2, AVIS), PP, _at(Phase.PROVISIONAL_CLOSED))
    assert recorded.avis == AVIS
    with pytest.raises(PermissionDenied) as error:
        dossier.handle(
            RecordAvis(2, AVIS),
            actor=PP_OTHER_CLASS,
            campaign=CAMPAIGN,
            now=_at(Phase.PROVISIONAL_CLOSED),
        )
    assert (error.value.actor, error.value.action, error.value.reason) == (
        PP_OTHER_CLASS,
        Action.RECORD_AVIS,
        "no_access",
    )


def test_a_professeur_principal_learns_nothing_of_another_class_even_with_a_stale_version() -> None:
    dossier = _opened()
    for command in (RecordAvis(7, AVIS), ValidateIntentions(1, GT, signed_by=CLAIRE.id)):
        with pytest.raises(PermissionDenied) as error:
            dossier.handle(command, actor=PP_OTHER_CLASS, campaign=CAMPAIGN, now=_at(Phase.CLOSED))
        assert error.value.reason == "no_access"


def test_head_and_secretariat_act_school_wide() -> None:
    pupil = Pupil("eleve-tom", "Tom Petit", "3e A")
    for staff in (HEAD, SECRETARIAT):
        dossier = Dossier.open(
            pupil, [CLAIRE], campaign=CAMPAIGN, actor=staff, now=_at(Phase.NOT_OPEN)
        )[0]
        assert (
            _send(
                dossier,
                ValidateIntentions(1, GT, signed_by=CLAIRE.id),
                staff,
                _at(Phase.PROVISIONAL_OPEN),
            ).intentions
            == GT
        )


# -- opening a dossier -----------------------------------------------------------


def test_a_late_arrival_is_opened_while_the_campaign_runs() -> None:
    tom = Pupil("eleve-tom", "Tom Petit", "3e B")
    mother = Guardian("resp-tom", "Anne Petit")
    now = _at(Phase.DEFINITIVE_OPEN)
    dossier, event = Dossier.open(tom, [mother], campaign=CAMPAIGN, actor=PP, now=now)
    assert (event.actor, event.at, event.dossier, dossier.updated_at) == (PP, now, dossier.id, now)
    # The intentions provisoires are over, but the choix définitifs are open to it.
    with pytest.raises(IllegalTransition):
        dossier.handle(ValidateIntentions(1, GT), actor=mother, campaign=CAMPAIGN, now=now)
    assert _send(dossier, ValidateChoix(1, GT), mother, now).entrant == mother


def test_no_dossier_is_opened_once_the_campaign_is_closed() -> None:
    with pytest.raises(IllegalTransition) as error:
        Dossier.open(LEA, [CLAIRE], campaign=CAMPAIGN, actor=HEAD, now=_at(Phase.CLOSED))
    assert (error.value.phase, error.value.command, error.value.reason) == (
        Phase.CLOSED,
        Action.OPEN_DOSSIER,
        "closed",
    )


def test_a_professeur_principal_opens_only_the_dossiers_of_their_classes() -> None:
    with pytest.raises(PermissionDenied) as error:
        Dossier.open(
            LEA, [CLAIRE], campaign=CAMPAIGN, actor=PP_OTHER_CLASS, now=_at(Phase.NOT_OPEN)
        )
    assert (error.value.action, error.value.reason) == (Action.OPEN_DOSSIER, "no_access")


def test_an_opening_names_the_dossier_and_its_instant() -> None:
    now = datetime(2027, 1, 5, 8, tzinfo=UTC)
    dossier, event = Dossier.open(LEA, [CLAIRE], campaign=CAMPAIGN, actor=SECRETARIAT, now=now)
    assert (event.dossier.uai, event.dossier.rentree, event.dossier.pupil_id) == (
        CAMPAIGN.uai,
        2027,
        LEA.id,
    )
    assert (event.version, event.pupil, event.guardians) == (1, LEA, (CLAIRE,))
    assert dossier.id == event.dossier
    assert type(dossier.late_actions(CAMPAIGN, now)) is frozenset


def test_the_commission_comment_and_the_reasons_are_kept_through_replay() -> None:
    dossier, opening = Dossier.open(
        LEA, [CLAIRE, PAUL], campaign=CAMPAIGN, actor=SECRETARIAT, now=_at(Phase.NOT_OPEN)
    )
    history: list[Any] = [opening]
    for command, actor, now in (
        (RecordDecision(1, Voie.PRO, REASONS), HEAD, _at(Phase.DECISIONS)),
        (HandOverEntrant(2, CLAIRE.id), HEAD, _at(Phase.DECISIONS)),
        (LodgeAppeal(3, Voie.GT, "Notre motif."), CLAIRE, _at(Phase.DECISIONS, 10)),
        (
            RecordAppealDecision(4, Voie.CAP, "Le commentaire."),
            SECRETARIAT,
            _at(Phase.DECISIONS, 30),
        ),
    ):
        dossier, events = dossier.handle(command, actor=actor, campaign=CAMPAIGN, now=now)
        history.extend(events)
    replayed = Dossier.replay(history, campaign=CAMPAIGN)
    assert replayed == dossier
    assert replayed.decision is not None
    assert replayed.decision.reasons == REASONS
    assert replayed.appeal is not None
    assert replayed.appeal.motif == "Notre motif."
    assert replayed.appeal_decision is not None
    assert replayed.appeal_decision.comment == "Le commentaire."
    assert isinstance(history[-1], AppealDecisionRecorded)
    assert history[-1].comment == "Le commentaire."
    assert history[-2].motif == "Notre motif."
    assert history[1].reasons == REASONS
