import pickle
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from orientation_core import (
    AcceptDecision,
    AcknowledgeAvis,
    Action,
    Answer,
    AnswerPropositions,
    Appeal,
    AppealDecision,
    AppealDecisionRecorded,
    AppealLodged,
    Avis,
    AvisConseil,
    Campaign,
    Decision,
    DecisionRecorded,
    Dossier,
    DossierCommand,
    DossierEvent,
    DossierId,
    DossierOpened,
    EntrantHandedOver,
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
    Statut,
    ValidateChoix,
    ValidateIntentions,
    Voie,
)
from orientation_core._actors import Actor
from orientation_core._policy import CampaignView
from orientation_core.exceptions import (
    Conflict,
    IllegalTransition,
    InvalidValue,
    OrientationError,
    PermissionDenied,
)
from tests.strategies import (
    CLAIRE,
    HEAD,
    LEA,
    OTHER_HEAD,
    PAUL,
    PP,
    SECRETARIAT,
    dossier_campaign,
    dossier_histories,
    instant_in,
    intention_sets,
    pupils,
)
from tests.strategies import (
    guardians as any_guardian,
)

CAMPAIGN = dossier_campaign()
UAI = CAMPAIGN.uai
LEA_ID = DossierId(UAI, 2027, LEA.id)

GT_PRO = IntentionSet([Intention(Voie.GT), Intention(Voie.PRO, "Cuisine", [Statut.APPRENTI])])
CAP = IntentionSet([Intention(Voie.CAP)])
AVIS = (
    AvisConseil(Voie.GT, Avis.FAVORABLE),
    AvisConseil(Voie.PRO, Avis.RESERVE, "Projet à préciser."),
)


def BAD(value: object) -> Any:  # noqa: N802 -- reads as a marker
    """A value of the wrong type, for the type checker to let through."""
    return value


def where(
    error: OrientationError | BaseException | None,
) -> list[tuple[str, tuple[str | int, ...]]]:
    """The code and path of every problem of an :class:`InvalidValue`."""
    assert isinstance(error, InvalidValue)
    return [(p.code, p.path) for p in error.problems]


def opening(campaign: CampaignView = CAMPAIGN) -> tuple[Dossier, DossierOpened]:
    """Léa's dossier, with Claire and Paul, opened by the secretariat, and its first event."""
    return Dossier.open(
        LEA,
        [CLAIRE, PAUL],
        campaign=campaign,
        actor=SECRETARIAT,
        now=instant_in(CAMPAIGN, Phase.NOT_OPEN),
    )


def opened(campaign: CampaignView = CAMPAIGN) -> Dossier:
    return opening(campaign)[0]


def send(
    dossier: Dossier,
    build: Any,
    actor: Actor,
    phase: Phase,
    *,
    campaign: CampaignView = CAMPAIGN,
    after: timedelta = timedelta(hours=9),
) -> Dossier:
    """Send the command ``build(version)`` and check what handle promises of an accepted one."""
    command = build(dossier.version)
    new, events = dossier.handle(
        command, actor=actor, campaign=campaign, now=instant_in(CAMPAIGN, phase, after)
    )
    assert new.version == dossier.version + 1
    assert [e.version for e in events] == [new.version]
    assert events[0].actor == actor
    return new


def refused(dossier: Dossier, build: Any, actor: Actor, phase: Phase, **kw: Any) -> Exception:
    """Send a command that must be refused, and check that nothing changed."""
    before = pickle.dumps(dossier)
    with pytest.raises((PermissionDenied, IllegalTransition, InvalidValue, Conflict)) as error:
        send(dossier, build, actor, phase, **kw)
    assert pickle.dumps(dossier) == before
    # A refusal names what was refused: the command, or the actor and the action.
    command = build(dossier.version)
    if isinstance(error.value, IllegalTransition):
        assert error.value.command == command
    if isinstance(error.value, PermissionDenied):
        assert (error.value.actor, error.value.action) == (actor, command.action)
    return error.value


def at_avis_published(campaign: CampaignView = CAMPAIGN) -> Dossier:
    dossier = send(
        opened(campaign),
        lambda v: ValidateIntentions(v, GT_PRO),
        CLAIRE,
        Phase.PROVISIONAL_OPEN,
        campaign=campaign,
    )
    return send(
        dossier, lambda v: RecordAvis(v, AVIS), PP, Phase.PROVISIONAL_CLOSED, campaign=campaign
    )


def at_decisions(
    campaign: CampaignView = CAMPAIGN, answer: Answer = Answer.PAS_D_ACCORD
) -> Dossier:
    dossier = send(
        at_avis_published(campaign),
        lambda v: ValidateChoix(v, GT_PRO),
        CLAIRE,
        Phase.DEFINITIVE_OPEN,
        campaign=campaign,
    )
    dossier = send(
        dossier,
        lambda v: RecordPropositions(v, [Proposition(Voie.PRO)]),
        PP,
        Phase.DEFINITIVE_CLOSED,
        campaign=campaign,
    )
    return send(
        dossier,
        lambda v: AnswerPropositions(v, [answer]),
        CLAIRE,
        Phase.PROPOSITIONS_PUBLISHED,
        campaign=campaign,
    )


def decided(campaign: CampaignView = CAMPAIGN) -> Dossier:
    return send(
        at_decisions(campaign),
        lambda v: RecordDecision(v, Voie.PRO, "Résultats insuffisants en 2de GT."),
        HEAD,
        Phase.DECISIONS,
        campaign=campaign,
    )


# -- opening ------------------------------------------------------------------


def test_a_dossier_is_opened_by_the_school_from_its_list() -> None:
    dossier, event = Dossier.open(
        LEA,
        [CLAIRE, PAUL],
        campaign=CAMPAIGN,
        actor=SECRETARIAT,
        now=instant_in(CAMPAIGN, Phase.NOT_OPEN),
    )
    assert (dossier.uai, dossier.pupil, dossier.guardians) == (UAI, LEA, (CLAIRE, PAUL))
    assert dossier.entrant is None
    assert dossier.version == 1
    assert type(event) is DossierOpened
    assert Dossier.replay([event], campaign=CAMPAIGN) == dossier


@given(pupils(), st.lists(any_guardian(), min_size=1, max_size=2, unique_by=lambda g: g.id))
def test_an_opened_dossier_is_the_one_its_constructor_builds(
    pupil: Pupil, family: list[Guardian]
) -> None:
    # Opening builds the new dossier without its constructor's checks: it
    # must keep the same fields, in the same order, and pickle alike.
    now = instant_in(CAMPAIGN, Phase.NOT_OPEN)
    dossier, _ = Dossier.open(pupil, family, campaign=CAMPAIGN, actor=SECRETARIAT, now=now)
    built = Dossier(UAI, 2027, pupil, family, updated_at=now)
    assert dossier == built
    assert [(k, v) for k, v in vars(dossier).items() if k != "id"] == list(vars(built).items())
    assert pickle.loads(pickle.dumps(dossier)) == built
    assert dossier.updated_at is not None
    assert dossier.updated_at.tzinfo is UTC


@given(dossier_histories(accept=False))
def test_the_decision_and_the_appeal_kept_are_the_ones_recorded(
    built: tuple[list[DossierEvent], list[Dossier]],
) -> None:
    # Folded from their events without their classes' checks, they must
    # still be the values those classes build, equal, hashed and pickled alike.
    events, states = built
    recorded, lodged, ruled = (
        next(e for e in events if type(e) is kind)
        for kind in (DecisionRecorded, AppealLodged, AppealDecisionRecorded)
    )
    assert isinstance(recorded, DecisionRecorded)
    assert isinstance(lodged, AppealLodged)
    assert isinstance(ruled, AppealDecisionRecorded)
    for dossier in (states[-1], Dossier.replay(events, campaign=CAMPAIGN)):
        for kept, expected in (
            (dossier.decision, Decision(recorded.voie, recorded.reasons, recorded.at)),
            (dossier.appeal, Appeal(lodged.voie, lodged.motif, lodged.at, lodged.dernier_mot)),
            (dossier.appeal_decision, AppealDecision(ruled.voie, ruled.comment, ruled.at)),
        ):
            assert kept == expected
            assert hash(kept) == hash(expected)
            assert pickle.loads(pickle.dumps(kept)) == expected


def test_a_pupil_has_one_or_two_distinct_guardians() -> None:
    now = instant_in(CAMPAIGN, Phase.NOT_OPEN)
    Dossier.open(LEA, [CLAIRE], campaign=CAMPAIGN, actor=SECRETARIAT, now=now)
    for guardians, code, path in (
        ([], "guardians.count", ("guardians",)),
        ([CLAIRE, PAUL, Guardian("x", "X")], "guardians.count", ("guardians",)),
        ([CLAIRE, CLAIRE], "guardians.duplicate", ("guardians", 1)),
        ("CLAIRE", "type.invalid", ("guardians",)),
        ([CLAIRE, "resp-paul"], "type.invalid", ("guardians",)),
        # Whichever of the two is not a guardian, even one with an id.
        (["resp-paul", CLAIRE], "type.invalid", ("guardians",)),
        ([LEA, CLAIRE], "type.invalid", ("guardians",)),
    ):
        with pytest.raises(InvalidValue) as error:
            Dossier.open(LEA, guardians, campaign=CAMPAIGN, actor=SECRETARIAT, now=now)  # type: ignore[arg-type]
        assert where(error.value) == [(code, path)]


def test_only_staff_of_the_school_open_its_dossiers() -> None:
    now = instant_in(CAMPAIGN, Phase.NOT_OPEN)
    with pytest.raises(PermissionDenied) as error:
        Dossier.open(LEA, [CLAIRE], campaign=CAMPAIGN, actor=OTHER_HEAD, now=now)
    assert (error.value.actor, error.value.action, error.value.reason) == (
        OTHER_HEAD,
        Action.OPEN_DOSSIER,
        "no_access",
    )
    with pytest.raises(InvalidValue) as invalid:
        Dossier.open(LEA, [CLAIRE], campaign=CAMPAIGN, actor=CLAIRE, now=now)  # type: ignore[arg-type]
    assert where(invalid.value) == [("type.invalid", ("actor",))]
    assert invalid.value.problems[0].message == "Cette valeur n'a pas le type attendu."
    assert invalid.value.problems[0].detail == "expected: Staff"


# -- intentions and the entrant ------------------------------------------------


def test_the_first_guardian_to_validate_becomes_the_entrant() -> None:
    dossier = send(opened(), lambda v: ValidateIntentions(v, GT_PRO), PAUL, Phase.PROVISIONAL_OPEN)
    assert dossier.entrant == PAUL
    assert dossier.intentions == GT_PRO
    assert dossier.paper_form is False


def test_a_later_validation_by_the_entrant_replaces_the_earlier_one() -> None:
    dossier = send(
        opened(), lambda v: ValidateIntentions(v, GT_PRO), CLAIRE, Phase.PROVISIONAL_OPEN
    )
    dossier = send(
        dossier,
        lambda v: ValidateIntentions(v, CAP),
        CLAIRE,
        Phase.PROVISIONAL_OPEN,
        after=timedelta(days=2),
    )
    assert dossier.intentions == CAP
    assert dossier.entrant == CLAIRE


def test_second_guardian_reads_but_cannot_modify() -> None:
    dossier = send(
        opened(), lambda v: ValidateIntentions(v, GT_PRO), CLAIRE, Phase.PROVISIONAL_OPEN
    )
    error = refused(dossier, lambda v: ValidateIntentions(v, CAP), PAUL, Phase.PROVISIONAL_OPEN)
    assert isinstance(error, PermissionDenied)
    assert (error.actor, error.reason) == (PAUL, "not_entrant")


def test_two_guardians_validating_from_the_same_version_exactly_one_wins() -> None:
    dossier = opened()
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    won, _ = dossier.handle(
        ValidateIntentions(dossier.version, GT_PRO), actor=CLAIRE, campaign=CAMPAIGN, now=now
    )
    with pytest.raises(Conflict) as error:
        won.handle(ValidateIntentions(dossier.version, CAP), actor=PAUL, campaign=CAMPAIGN, now=now)
    assert (error.value.expected, error.value.actual) == (1, 2)
    # Reloading does not help the loser: the winner is the entrant now.
    with pytest.raises(PermissionDenied) as denied:
        won.handle(ValidateIntentions(won.version, CAP), actor=PAUL, campaign=CAMPAIGN, now=now)
    assert denied.value.reason == "not_entrant"
    assert won.intentions == GT_PRO
    assert won.entrant == CLAIRE


def test_intentions_are_validated_only_while_intentions_are_open() -> None:
    error = refused(
        opened(), lambda v: ValidateIntentions(v, GT_PRO), CLAIRE, Phase.PROVISIONAL_CLOSED
    )
    assert isinstance(error, IllegalTransition)
    assert (error.phase, error.reason) == (Phase.PROVISIONAL_CLOSED, "not_in_phase")
    assert type(error.command) is ValidateIntentions


def test_the_academie_settings_are_enforced_on_validation() -> None:
    campaign = dossier_campaign(details_enabled=False)
    error = refused(
        opened(campaign),
        lambda v: ValidateIntentions(v, GT_PRO),
        CLAIRE,
        Phase.PROVISIONAL_OPEN,
        campaign=campaign,
    )
    assert isinstance(error, InvalidValue)
    assert set(error.codes) == {"details.disabled"}


def test_a_paper_form_keyed_in_by_staff_names_its_signatory_as_entrant() -> None:
    dossier = send(
        opened(),
        lambda v: ValidateIntentions(v, GT_PRO, signed_by=PAUL.id),
        SECRETARIAT,
        Phase.PROVISIONAL_OPEN,
    )
    assert (dossier.intentions, dossier.entrant, dossier.paper_form) == (GT_PRO, PAUL, True)
    error = refused(
        dossier,
        lambda v: ValidateIntentions(v, CAP, signed_by=CLAIRE.id),
        SECRETARIAT,
        Phase.PROVISIONAL_OPEN,
    )
    assert isinstance(error, InvalidValue)
    assert error.codes == ("signatory.not_entrant",)
    error = refused(
        dossier,
        lambda v: ValidateIntentions(v, CAP, signed_by="inconnu"),
        SECRETARIAT,
        Phase.PROVISIONAL_OPEN,
    )
    assert isinstance(error, InvalidValue)
    assert error.codes == ("guardian.unknown",)


def test_a_paper_form_of_the_third_term_records_the_choix_definitifs() -> None:
    dossier = send(
        at_avis_published(),
        lambda v: ValidateChoix(v, CAP, signed_by=CLAIRE.id),
        HEAD,
        Phase.DEFINITIVE_OPEN,
    )
    assert (dossier.choix, dossier.intentions, dossier.paper_form) == (CAP, GT_PRO, True)


def test_the_pupil_never_changes_anything() -> None:
    error = refused(opened(), lambda v: ValidateIntentions(v, GT_PRO), LEA, Phase.PROVISIONAL_OPEN)
    assert isinstance(error, PermissionDenied)
    assert error.reason == "read_only"


def test_staff_of_another_school_learn_nothing_not_even_that_the_dossier_exists() -> None:
    for phase, build in (
        (Phase.DECISIONS, lambda v: RecordDecision(v, Voie.GT)),
        (Phase.PROVISIONAL_OPEN, lambda v: ValidateIntentions(v, GT_PRO)),
    ):
        error = refused(opened(), build, OTHER_HEAD, phase)
        assert isinstance(error, PermissionDenied)
        assert error.reason == "no_access"
        assert str(error) == "Ces informations n'existent pas ou ne vous sont pas accessibles."
        assert error.detail == f"{error.action.value} denied: no_access"
    # Even with a stale version and another school's campaign.
    other = attrs.evolve(CAMPAIGN, uai="0931234B")
    error = refused(
        opened(),
        lambda v: ValidateIntentions(v + 7, GT_PRO),
        Guardian("x", "X"),
        Phase.PROVISIONAL_OPEN,
        campaign=other,
    )
    assert isinstance(error, PermissionDenied)
    assert error.reason == "no_access"


def test_a_command_with_another_schools_campaign_is_refused() -> None:
    other = attrs.evolve(CAMPAIGN, uai="0931234B")
    error = refused(
        opened(),
        lambda v: ValidateIntentions(v, GT_PRO),
        CLAIRE,
        Phase.PROVISIONAL_OPEN,
        campaign=other,
    )
    assert isinstance(error, InvalidValue)
    assert error.codes == ("campaign.other_school",)


def next_rentree_campaign() -> Campaign:
    """The same school's campaign one year later (its académie sets no windows)."""
    return attrs.evolve(
        CAMPAIGN,
        academy=attrs.evolve(CAMPAIGN.academy, windows=()),
        rentree=CAMPAIGN.rentree + 1,
        starts=tuple(start.replace(year=start.year + 1) for start in CAMPAIGN.starts),
    )


def test_a_command_with_another_rentrees_campaign_of_the_school_is_refused() -> None:
    error = refused(
        opened(),
        lambda v: ValidateIntentions(v, GT_PRO),
        CLAIRE,
        Phase.PROVISIONAL_OPEN,
        campaign=next_rentree_campaign(),
    )
    assert isinstance(error, InvalidValue)
    assert error.codes == ("campaign.other_rentree",)
    assert error.problems[0].message == (
        "Cette campagne prépare une autre rentrée que celle du dossier."
    )


def test_a_stale_version_is_a_conflict() -> None:
    error = refused(
        opened(), lambda v: ValidateIntentions(v + 1, GT_PRO), CLAIRE, Phase.PROVISIONAL_OPEN
    )
    assert isinstance(error, Conflict)


# -- avis and acknowledgement ---------------------------------------------------


def test_staff_record_an_avis_for_each_validated_intention_in_rank_order() -> None:
    dossier = send(
        opened(), lambda v: ValidateIntentions(v, GT_PRO), CLAIRE, Phase.PROVISIONAL_OPEN
    )
    dossier = send(
        dossier, lambda v: RecordAvis(v, AVIS[::-1]), SECRETARIAT, Phase.PROVISIONAL_CLOSED
    )
    assert dossier.avis == AVIS


@pytest.mark.parametrize(
    ("avis", "problems"),
    [
        ((AVIS[0],), [("avis.missing", ("avis",), "Il manque l'avis sur l'intention 2.")]),
        (
            (AVIS[1],),
            [("avis.missing", ("avis",), "Il manque l'avis sur l'intention 1.")],
        ),
        (
            (*AVIS, AvisConseil(Voie.GT, Avis.FAVORABLE)),
            [("avis.duplicate", ("avis", 2, "voie"), "Cette intention a déjà un avis.")],
        ),
        (
            (AvisConseil(Voie.CAP, Avis.FAVORABLE), *AVIS),
            [("avis.not_an_intention", ("avis", 0, "voie"), None)],
        ),
        # As many avis as intentions, but one for a voie not asked for.
        (
            (AVIS[0], AvisConseil(Voie.CAP, Avis.FAVORABLE)),
            [
                ("avis.not_an_intention", ("avis", 1, "voie"), None),
                ("avis.missing", ("avis",), "Il manque l'avis sur l'intention 2."),
            ],
        ),
        # Every problem at once, in the order of the avis, the missing last.
        (
            (
                AvisConseil(Voie.CAP, Avis.FAVORABLE),
                AVIS[0],
                AvisConseil(Voie.CAP, Avis.FAVORABLE),
            ),
            [
                ("avis.not_an_intention", ("avis", 0, "voie"), None),
                ("avis.duplicate", ("avis", 2, "voie"), "Cette intention a déjà un avis."),
                ("avis.missing", ("avis",), "Il manque l'avis sur l'intention 2."),
            ],
        ),
        # What follows an avis given twice is still looked at.
        (
            (AVIS[0], AVIS[0], AvisConseil(Voie.CAP, Avis.FAVORABLE)),
            [
                ("avis.duplicate", ("avis", 1, "voie"), "Cette intention a déjà un avis."),
                ("avis.not_an_intention", ("avis", 2, "voie"), None),
                ("avis.missing", ("avis",), "Il manque l'avis sur l'intention 2."),
            ],
        ),
    ],
)
def test_an_avis_is_given_once_for_each_validated_intention_and_no_other(
    avis: Any, problems: Any
) -> None:
    dossier = send(
        opened(), lambda v: ValidateIntentions(v, GT_PRO), CLAIRE, Phase.PROVISIONAL_OPEN
    )
    error = refused(dossier, lambda v: RecordAvis(v, avis), PP, Phase.PROVISIONAL_CLOSED)
    assert isinstance(error, InvalidValue)
    assert [(p.code, p.path) for p in error.problems] == [(c, path) for c, path, _ in problems]
    for found, (_, _, message) in zip(error.problems, problems, strict=True):
        assert message is None or found.message == message


def test_no_avis_without_validated_intentions() -> None:
    error = refused(opened(), lambda v: RecordAvis(v, AVIS), PP, Phase.PROVISIONAL_CLOSED)
    assert isinstance(error, IllegalTransition)
    assert error.reason == "no_intentions"


def test_a_reserved_or_unfavourable_avis_needs_a_reason() -> None:
    for avis in (Avis.RESERVE, Avis.DEFAVORABLE):
        with pytest.raises(InvalidValue) as error:
            AvisConseil(Voie.GT, avis, "   ")
        assert error.value.codes == ("avis.reason_required",)
    assert (
        AvisConseil(Voie.GT, Avis.FAVORABLE, comment=" Bon trimestre ").comment == "Bon trimestre"
    )
    assert [a.label for a in Avis] == ["Favorable", "Réservé", "Défavorable"]


def test_the_entrant_acknowledges_the_published_avis_once() -> None:
    dossier = send(at_avis_published(), AcknowledgeAvis, CLAIRE, Phase.AVIS_PUBLISHED)
    assert dossier.acknowledged_at == instant_in(CAMPAIGN, Phase.AVIS_PUBLISHED)
    error = refused(dossier, AcknowledgeAvis, CLAIRE, Phase.DEFINITIVE_OPEN)
    assert isinstance(error, IllegalTransition)
    assert error.reason == "already_acknowledged"


def test_nothing_to_acknowledge_before_the_avis_are_published() -> None:
    dossier = send(
        opened(), lambda v: ValidateIntentions(v, GT_PRO), CLAIRE, Phase.PROVISIONAL_OPEN
    )
    assert isinstance(
        refused(dossier, AcknowledgeAvis, CLAIRE, Phase.PROVISIONAL_CLOSED), IllegalTransition
    )
    error = refused(dossier, AcknowledgeAvis, CLAIRE, Phase.AVIS_PUBLISHED)
    assert isinstance(error, IllegalTransition)
    assert error.reason == "no_avis"


# -- choix définitifs and propositions ------------------------------------------


def test_choix_definitifs_follow_the_same_rules_in_their_phase() -> None:
    dossier = send(
        at_avis_published(), lambda v: ValidateChoix(v, CAP), CLAIRE, Phase.DEFINITIVE_OPEN
    )
    dossier = send(
        dossier,
        lambda v: ValidateChoix(v, GT_PRO),
        CLAIRE,
        Phase.DEFINITIVE_OPEN,
        after=timedelta(days=1),
    )
    assert dossier.choix == GT_PRO
    assert isinstance(
        refused(
            dossier,
            lambda v: ValidateChoix(v, CAP),
            PAUL,
            Phase.DEFINITIVE_OPEN,
            after=timedelta(days=2),
        ),
        PermissionDenied,
    )
    closed = refused(dossier, lambda v: ValidateChoix(v, CAP), CLAIRE, Phase.DEFINITIVE_CLOSED)
    assert isinstance(closed, IllegalTransition)
    assert (closed.phase, closed.reason) == (Phase.DEFINITIVE_CLOSED, "not_in_phase")
    early = refused(
        at_avis_published(), lambda v: ValidateChoix(v, CAP), CLAIRE, Phase.AVIS_PUBLISHED
    )
    assert isinstance(early, IllegalTransition)
    assert (early.phase, early.reason) == (Phase.AVIS_PUBLISHED, "not_in_phase")


def test_a_command_dated_before_the_last_change_is_refused() -> None:
    dossier = send(
        opened(),
        lambda v: ValidateIntentions(v, CAP),
        CLAIRE,
        Phase.PROVISIONAL_OPEN,
        after=timedelta(days=2),
    )
    error = refused(
        dossier, lambda v: ValidateIntentions(v, GT_PRO), CLAIRE, Phase.PROVISIONAL_OPEN
    )
    assert isinstance(error, InvalidValue)
    assert [(p.code, p.path) for p in error.problems] == [("time.backwards", ("now",))]


def test_a_guardian_may_become_entrant_with_the_choix_definitifs() -> None:
    dossier = send(opened(), lambda v: ValidateChoix(v, CAP), PAUL, Phase.DEFINITIVE_OPEN)
    assert (dossier.entrant, dossier.intentions, dossier.choix) == (PAUL, None, CAP)


def test_propositions_may_conform_or_not_and_be_for_a_voie_not_asked_for() -> None:
    dossier = send(
        at_avis_published(), lambda v: ValidateChoix(v, CAP), CLAIRE, Phase.DEFINITIVE_OPEN
    )
    proposed = (Proposition(Voie.CAP), Proposition(Voie.PRO, "Une 2de pro en alternance ?"))
    dossier = send(
        dossier, lambda v: RecordPropositions(v, proposed), HEAD, Phase.DEFINITIVE_CLOSED
    )
    assert dossier.propositions == proposed
    assert [dossier.conforms(p) for p in proposed] == [True, False]


@pytest.mark.parametrize(
    ("propositions", "code"),
    [
        ((), "propositions.empty"),
        ([Proposition(v) for v in (Voie.GT, Voie.PRO, Voie.CAP, Voie.GT)], "propositions.too_many"),
        ((Proposition(Voie.GT), Proposition(Voie.GT)), "propositions.duplicate"),
        ((Voie.GT,), "type.invalid"),
    ],
)
def test_the_conseil_makes_one_to_three_propositions_each_voie_once(
    propositions: Any, code: str
) -> None:
    with pytest.raises(InvalidValue) as error:
        RecordPropositions(3, propositions)
    assert error.value.codes == (code,)


def test_the_answer_labels_are_the_exact_french_wording() -> None:
    assert Answer.D_ACCORD.label == "D'accord (la proposition devient décision)"
    assert Answer.PAS_D_ACCORD.label == (
        "Pas d'accord (le dialogue continue, vous devez prendre contact "
        "avec le chef d'établissement)"
    )


def test_an_accepted_proposition_becomes_the_decision() -> None:
    dossier = at_decisions(answer=Answer.D_ACCORD)
    assert dossier.accepted_proposition == Proposition(Voie.PRO)
    assert dossier.outcome is Voie.PRO
    error = refused(dossier, lambda v: RecordDecision(v, Voie.GT), HEAD, Phase.DECISIONS)
    assert isinstance(error, IllegalTransition)
    assert error.reason == "proposition_accepted"


def test_the_family_answers_every_proposition_and_agrees_with_one_at_most() -> None:
    dossier = send(
        at_avis_published(), lambda v: ValidateChoix(v, GT_PRO), CLAIRE, Phase.DEFINITIVE_OPEN
    )
    dossier = send(
        dossier,
        lambda v: RecordPropositions(v, [Proposition(Voie.GT), Proposition(Voie.PRO)]),
        PP,
        Phase.DEFINITIVE_CLOSED,
    )
    error = refused(
        dossier,
        lambda v: AnswerPropositions(v, [Answer.D_ACCORD]),
        CLAIRE,
        Phase.PROPOSITIONS_PUBLISHED,
    )
    assert where(error) == [("answers.count", ("answers",))]
    with pytest.raises(InvalidValue) as several:
        AnswerPropositions(dossier.version, [Answer.D_ACCORD, Answer.D_ACCORD])
    assert several.value.codes == ("answers.several_accepted",)


def test_no_answer_without_propositions() -> None:
    error = refused(
        at_avis_published(),
        lambda v: AnswerPropositions(v, [Answer.D_ACCORD]),
        CLAIRE,
        Phase.PROPOSITIONS_PUBLISHED,
    )
    assert isinstance(error, IllegalTransition)
    assert error.reason == "no_propositions"


# -- decisions, appeal, maintien ----------------------------------------------


def test_the_head_decides_after_the_interview_with_reasons_when_not_the_first_choice() -> None:
    dossier = at_decisions()
    error = refused(dossier, lambda v: RecordDecision(v, Voie.PRO), HEAD, Phase.DECISIONS)
    assert where(error) == [("decision.reasons_required", ("reasons",))]
    follows = send(dossier, lambda v: RecordDecision(v, Voie.GT), HEAD, Phase.DECISIONS)
    assert follows.decision is not None
    assert (follows.decision.voie, follows.decision.notified_at) == (
        Voie.GT,
        instant_in(CAMPAIGN, Phase.DECISIONS),
    )
    error = refused(follows, lambda v: RecordDecision(v, Voie.GT), HEAD, Phase.DECISIONS)
    assert isinstance(error, IllegalTransition)
    assert error.reason == "decision_recorded"


def test_only_the_head_decides() -> None:
    error = refused(at_decisions(), lambda v: RecordDecision(v, Voie.GT), PP, Phase.DECISIONS)
    assert isinstance(error, PermissionDenied)
    assert error.reason == "head_only"


def test_the_family_accepts_within_three_jours_ouvrables() -> None:
    dossier = decided()
    # Notified on Monday 14 June 2027 at 09:00: until the end of Thursday 17.
    accepted = send(
        dossier, AcceptDecision, CLAIRE, Phase.DECISIONS, after=timedelta(days=3, hours=14)
    )
    assert accepted.decision_accepted_at is not None
    assert accepted.outcome is Voie.PRO
    late = refused(dossier, AcceptDecision, CLAIRE, Phase.DECISIONS, after=timedelta(days=4))
    assert isinstance(late, IllegalTransition)
    assert late.reason == "deadline_passed"
    error = refused(
        accepted,
        lambda v: LodgeAppeal(v, Voie.GT),
        CLAIRE,
        Phase.DECISIONS,
        after=timedelta(days=3, hours=15),
    )
    assert isinstance(error, IllegalTransition)
    assert error.reason == "decision_accepted"


def test_the_family_appeals_and_the_commission_decides_finally() -> None:
    dossier = send(
        decided(),
        lambda v: LodgeAppeal(v, Voie.GT, "Nous maintenons la 2de GT."),
        CLAIRE,
        Phase.DECISIONS,
        after=timedelta(days=1),
    )
    assert dossier.appeal is not None
    assert (dossier.appeal.voie, dossier.appeal.dernier_mot) == (Voie.GT, False)
    appealed = refused(dossier, AcceptDecision, CLAIRE, Phase.DECISIONS, after=timedelta(days=1))
    assert isinstance(appealed, IllegalTransition)
    assert appealed.reason == "appealed"
    dossier = send(
        dossier,
        lambda v: RecordAppealDecision(v, Voie.GT),
        SECRETARIAT,
        Phase.DECISIONS,
        after=timedelta(days=8),
    )
    assert dossier.appeal_decision == AppealDecision(
        Voie.GT, None, instant_in(CAMPAIGN, Phase.DECISIONS, timedelta(days=8))
    )
    assert dossier.outcome is Voie.GT
    error = refused(
        dossier,
        lambda v: RecordAppealDecision(v, Voie.PRO),
        HEAD,
        Phase.DECISIONS,
        after=timedelta(days=9),
    )
    assert isinstance(error, IllegalTransition)
    assert error.reason == "appeal_decided"


def test_an_appeal_asks_for_another_voie_and_needs_a_decision() -> None:
    same = refused(decided(), lambda v: LodgeAppeal(v, Voie.PRO), CLAIRE, Phase.DECISIONS)
    assert where(same) == [("appeal.same_voie", ("voie",))]
    none = refused(at_decisions(), lambda v: LodgeAppeal(v, Voie.GT), CLAIRE, Phase.DECISIONS)
    assert isinstance(none, IllegalTransition)
    assert none.reason == "no_decision"
    no_appeal = refused(
        decided(), lambda v: RecordAppealDecision(v, Voie.GT), HEAD, Phase.DECISIONS
    )
    assert isinstance(no_appeal, IllegalTransition)
    assert no_appeal.reason == "no_appeal"


def test_maintien_may_be_asked_after_the_commission_only_once() -> None:
    appealed = send(
        decided(),
        lambda v: LodgeAppeal(v, Voie.GT),
        CLAIRE,
        Phase.DECISIONS,
        after=timedelta(days=1),
    )
    early = refused(appealed, RequestMaintien, CLAIRE, Phase.DECISIONS, after=timedelta(days=2))
    assert isinstance(early, IllegalTransition)
    assert early.reason == "no_appeal_decision"
    dossier = send(
        appealed,
        lambda v: RecordAppealDecision(v, Voie.PRO, "Avis de la commission."),
        HEAD,
        Phase.DECISIONS,
        after=timedelta(days=8),
    )
    dossier = send(dossier, RequestMaintien, CLAIRE, Phase.DECISIONS, after=timedelta(days=9))
    assert dossier.maintien_requested_at is not None
    again = refused(dossier, RequestMaintien, CLAIRE, Phase.DECISIONS, after=timedelta(days=10))
    assert isinstance(again, IllegalTransition)
    assert again.reason == "maintien_requested"


def test_with_dernier_mot_aux_familles_the_decision_follows_the_family_without_appeal() -> None:
    campaign = dossier_campaign(dernier_mot=True)
    dossier = decided(campaign)
    error = refused(
        dossier, lambda v: LodgeAppeal(v, Voie.CAP), CLAIRE, Phase.DECISIONS, campaign=campaign
    )
    assert where(error) == [("appeal.not_a_choix", ("voie",))]
    dossier = send(
        dossier, lambda v: LodgeAppeal(v, Voie.GT), CLAIRE, Phase.DECISIONS, campaign=campaign
    )
    assert dossier.appeal is not None
    assert dossier.appeal.dernier_mot
    assert dossier.outcome is Voie.GT
    error = refused(
        dossier,
        lambda v: RecordAppealDecision(v, Voie.PRO),
        HEAD,
        Phase.DECISIONS,
        campaign=campaign,
    )
    assert isinstance(error, IllegalTransition)
    assert error.reason == "dernier_mot"


# -- hand-over, closing, replay --------------------------------------------------


def test_only_the_head_hands_the_entrant_role_to_the_other_guardian() -> None:
    dossier = send(
        opened(), lambda v: ValidateIntentions(v, GT_PRO), CLAIRE, Phase.PROVISIONAL_OPEN
    )
    assert isinstance(
        refused(dossier, lambda v: HandOverEntrant(v, PAUL.id), PP, Phase.PROVISIONAL_OPEN),
        PermissionDenied,
    )
    assert isinstance(
        refused(dossier, lambda v: HandOverEntrant(v, PAUL.id), CLAIRE, Phase.PROVISIONAL_OPEN),
        PermissionDenied,
    )
    handed = send(dossier, lambda v: HandOverEntrant(v, PAUL.id), HEAD, Phase.PROVISIONAL_OPEN)
    assert handed.entrant == PAUL
    handed = send(handed, lambda v: ValidateIntentions(v, CAP), PAUL, Phase.PROVISIONAL_OPEN)
    assert handed.intentions == CAP
    assert isinstance(
        refused(handed, lambda v: ValidateIntentions(v, GT_PRO), CLAIRE, Phase.PROVISIONAL_OPEN),
        PermissionDenied,
    )
    for to, code in ((PAUL.id, "entrant.already"), ("inconnu", "guardian.unknown")):
        error = refused(
            handed, lambda v, to=to: HandOverEntrant(v, to), HEAD, Phase.PROVISIONAL_OPEN
        )
        assert where(error) == [(code, ("to",))]


def test_nobody_chooses_the_entrant_while_the_family_can_still_validate() -> None:
    name_paul = lambda v: HandOverEntrant(v, PAUL.id)  # noqa: E731
    error = refused(opened(), name_paul, HEAD, Phase.NOT_OPEN)
    assert isinstance(error, IllegalTransition)
    assert (error.phase, error.reason) == (Phase.NOT_OPEN, "not_in_phase")
    for phase in (
        Phase.PROVISIONAL_OPEN,
        Phase.PROVISIONAL_CLOSED,
        Phase.AVIS_PUBLISHED,
        Phase.DEFINITIVE_OPEN,
    ):
        error = refused(opened(), name_paul, HEAD, phase)
        assert isinstance(error, IllegalTransition)
        assert (error.phase, error.reason) == (phase, "family_can_validate")


@pytest.mark.parametrize(
    "phase", [Phase.DEFINITIVE_CLOSED, Phase.PROPOSITIONS_PUBLISHED, Phase.DECISIONS]
)
def test_the_head_names_an_entrant_once_the_family_can_no_longer_validate(phase: Phase) -> None:
    dossier = send(opened(), lambda v: HandOverEntrant(v, PAUL.id), HEAD, phase)
    assert dossier.entrant == PAUL
    assert dossier.paper_form is False


def test_after_closed_nothing_changes() -> None:
    dossier = decided()
    for build, actor in (
        (AcceptDecision, CLAIRE),
        (lambda v: HandOverEntrant(v, PAUL.id), HEAD),
        (lambda v: LodgeAppeal(v, Voie.GT), CLAIRE),
    ):
        error = refused(dossier, build, actor, Phase.CLOSED)
        assert isinstance(error, IllegalTransition)
        assert error.reason == "closed"


def test_replaying_the_events_gives_the_same_dossier() -> None:
    history: list[DossierEvent] = []
    dossier, first = opening()
    history.append(first)
    steps: list[tuple[Any, Actor, Phase]] = [
        (
            lambda v: ValidateIntentions(v, GT_PRO, signed_by=CLAIRE.id),
            SECRETARIAT,
            Phase.PROVISIONAL_OPEN,
        ),
        (lambda v: RecordAvis(v, AVIS), PP, Phase.PROVISIONAL_CLOSED),
        (AcknowledgeAvis, CLAIRE, Phase.AVIS_PUBLISHED),
        (lambda v: ValidateChoix(v, GT_PRO), CLAIRE, Phase.DEFINITIVE_OPEN),
        (lambda v: RecordPropositions(v, [Proposition(Voie.PRO)]), PP, Phase.DEFINITIVE_CLOSED),
        (
            lambda v: AnswerPropositions(v, [Answer.PAS_D_ACCORD]),
            CLAIRE,
            Phase.PROPOSITIONS_PUBLISHED,
        ),
        (lambda v: RecordDecision(v, Voie.PRO, "Motifs."), HEAD, Phase.DECISIONS),
        (lambda v: HandOverEntrant(v, PAUL.id), HEAD, Phase.DECISIONS),
        (lambda v: LodgeAppeal(v, Voie.GT), PAUL, Phase.DECISIONS),
        (lambda v: RecordAppealDecision(v, Voie.GT), SECRETARIAT, Phase.DECISIONS),
        (RequestMaintien, PAUL, Phase.DECISIONS),
    ]
    for build, actor, phase in steps:
        dossier, events = dossier.handle(
            build(dossier.version), actor=actor, campaign=CAMPAIGN, now=instant_in(CAMPAIGN, phase)
        )
        history.extend(events)
    assert dossier.version == len(history) == 12
    assert Dossier.replay(history, campaign=CAMPAIGN) == dossier
    assert Dossier.replay(iter(history), campaign=CAMPAIGN) == dossier
    assert pickle.loads(pickle.dumps(dossier)) == dossier


@pytest.mark.parametrize(
    ("events", "path"),
    [("events", ("events",)), (3, ("events",)), ([], ("events",)), ([None], ("events", 0))],
)
def test_a_history_that_is_not_one_is_refused(events: Any, path: tuple[str | int, ...]) -> None:
    with pytest.raises(InvalidValue) as error:
        Dossier.replay(events, campaign=CAMPAIGN)
    assert [p.path for p in error.value.problems] == [path]
    if error.value.codes == ("type.invalid",):
        assert error.value.problems[0].message == ("Cette valeur n'a pas le type attendu.")
    else:
        assert error.value.codes == ("events.invalid",)


def test_a_history_out_of_order_or_without_its_opening_is_refused() -> None:
    dossier, opening = Dossier.open(
        LEA,
        [CLAIRE],
        campaign=CAMPAIGN,
        actor=SECRETARIAT,
        now=instant_in(CAMPAIGN, Phase.NOT_OPEN),
    )
    _, (validated,) = dossier.handle(
        ValidateIntentions(1, CAP),
        actor=CLAIRE,
        campaign=CAMPAIGN,
        now=instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN),
    )
    assert isinstance(validated, IntentionsValidated)
    for events in (
        [validated],
        [opening, opening],
        [opening, validated, validated],
        [opening, attrs.evolve(validated, version=3)],
        [attrs.evolve(validated, version=1)],
    ):
        with pytest.raises(InvalidValue) as error:
            Dossier.replay(events, campaign=CAMPAIGN)
        assert error.value.codes == ("events.invalid",)
    with pytest.raises(InvalidValue) as error:
        attrs.evolve(opening, version=2)
    assert error.value.problems[0].path == ("version",)
    with pytest.raises(InvalidValue):
        attrs.evolve(validated, intentions=BAD("GT"))


@pytest.mark.parametrize(
    ("command", "actor", "campaign", "now", "code"),
    [
        (
            "ValidateIntentions",
            CLAIRE,
            CAMPAIGN,
            instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN),
            "type.invalid",
        ),
        (
            DossierCommand(1),
            CLAIRE,
            CAMPAIGN,
            instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN),
            "type.invalid",
        ),
        (
            AcknowledgeAvis(1),
            None,
            CAMPAIGN,
            instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN),
            "type.invalid",
        ),
        (
            AcknowledgeAvis(1),
            CLAIRE,
            None,
            instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN),
            "type.invalid",
        ),
        (AcknowledgeAvis(1), CLAIRE, CAMPAIGN, datetime(2027, 1, 12), "time.naive"),  # noqa: DTZ001
    ],
)
def test_bad_arguments_to_handle_are_invalid_values(
    command: Any, actor: Any, campaign: Any, now: Any, code: str
) -> None:
    dossier = opened()
    with pytest.raises(InvalidValue) as error:
        dossier.handle(command, actor=actor, campaign=campaign, now=now)
    assert error.value.codes == (code,)


def test_what_is_not_a_dossier_command_is_refused_as_such() -> None:
    with pytest.raises(InvalidValue) as error:
        opened().handle(
            BAD("ValidateIntentions"),
            actor=CLAIRE,
            campaign=CAMPAIGN,
            now=instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN),
        )
    assert where(error.value) == [("type.invalid", ("command",))]
    assert error.value.problems[0].message == ("Cette valeur n'a pas le type attendu.")
    assert error.value.problems[0].detail == "expected: DossierCommand"


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda: ValidateIntentions(0, CAP), "type.invalid"),
        (lambda: ValidateIntentions(BAD("1"), CAP), "type.invalid"),
        (lambda: ValidateIntentions(1, BAD([Intention(Voie.GT)])), "type.invalid"),
        (lambda: ValidateChoix(1, BAD(None)), "type.invalid"),
        (lambda: AnswerPropositions(1, BAD("D_ACCORD")), "type.invalid"),
        (lambda: AnswerPropositions(1, BAD(3)), "type.invalid"),
        (lambda: RecordAvis(1, BAD([Avis.FAVORABLE])), "type.invalid"),
        (lambda: LodgeAppeal(1, BAD("GT")), "type.invalid"),
        (lambda: LodgeAppeal(1, Voie.GT, "x" * 2001), "text.too_long"),
        (lambda: RecordDecision(1, Voie.GT, "Motif\x07"), "text.invalid_character"),
        (lambda: RecordAppealDecision(1, Voie.GT, 3), "type.invalid"),
        (lambda: ValidateIntentions(1, CAP, signed_by=""), "type.invalid"),
        (lambda: HandOverEntrant(1, BAD(None)), "type.invalid"),
        (lambda: AvisConseil(BAD("GT"), Avis.FAVORABLE), "type.invalid"),
        (lambda: AvisConseil(Voie.GT, BAD("FAVORABLE")), "type.invalid"),
        (lambda: Proposition(Voie.GT, 3), "type.invalid"),
    ],
)
def test_bad_command_values_of_any_type_are_invalid_values(build: Any, code: str) -> None:
    with pytest.raises(InvalidValue) as error:
        build()
    assert code in error.value.codes


def test_a_reason_keeps_its_line_breaks_and_loses_its_margins() -> None:
    assert RecordDecision(1, Voie.GT, "  Ligne 1\r\nLigne 2 ").reasons == "Ligne 1\nLigne 2"
    assert RecordDecision(1, Voie.GT, "   ").reasons is None


def test_an_event_checks_itself_like_any_value() -> None:
    at = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    naive = datetime(2027, 1, 12)  # noqa: DTZ001 -- naive on purpose
    with pytest.raises(InvalidValue) as error:
        IntentionsValidated(BAD("lea"), 0, BAD("claire"), naive, "", BAD(1), BAD(CAP.voies))
    assert [p.path for p in error.value.problems] == [
        ("dossier",),
        ("version",),
        ("actor",),
        ("at",),
        ("guardian_id",),
        ("paper_form",),
        ("intentions",),
    ]
    with pytest.raises(InvalidValue) as error:
        AppealLodged(LEA_ID, 9, CLAIRE, at, CLAIRE.id, False, BAD("PRO"), "Motif\x07", BAD("oui"))
    assert error.value.codes == ("type.invalid", "text.invalid_character", "type.invalid")
    assert [p.path for p in error.value.problems] == [("voie",), ("motif",), ("dernier_mot",)]


@pytest.mark.parametrize(
    ("actor", "guardian_id", "paper_form", "path"),
    [
        (CLAIRE, CLAIRE.id, True, ("paper_form",)),  # online, said to be paper
        (SECRETARIAT, CLAIRE.id, False, ("paper_form",)),  # keyed in, said to be online
        (CLAIRE, PAUL.id, False, ("paper_form",)),  # Claire acting as Paul online
        (LEA, CLAIRE.id, False, ("actor",)),  # the pupil never acts
        (LEA, LEA.id, False, ("actor",)),  # not even in their own name
        (SECRETARIAT, SECRETARIAT.id, False, ("paper_form",)),  # staff never act online
    ],
)
def test_a_family_event_says_truly_who_acted_and_how(
    actor: Actor, guardian_id: str, paper_form: bool, path: tuple[str, ...]
) -> None:
    at = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    with pytest.raises(InvalidValue) as error:
        IntentionsValidated(LEA_ID, 2, actor, at, guardian_id, paper_form, CAP)
    assert [(p.code, p.path) for p in error.value.problems] == [("event.inconsistent", path)]


@pytest.mark.parametrize(
    ("guardian_id", "paper_form", "path"),
    [
        ("", True, ("guardian_id",)),
        (BAD(5), True, ("guardian_id",)),
        (CLAIRE.id, BAD(1), ("paper_form",)),
        (CLAIRE.id, BAD(None), ("paper_form",)),
    ],
)
def test_a_paper_form_keyed_in_by_staff_names_its_signatory_and_says_paper(
    guardian_id: Any, paper_form: Any, path: tuple[str, ...]
) -> None:
    at = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    with pytest.raises(InvalidValue) as error:
        IntentionsValidated(LEA_ID, 2, SECRETARIAT, at, guardian_id, paper_form, CAP)
    assert [(p.code, p.path) for p in error.value.problems] == [("type.invalid", path)]


def test_a_guardian_keying_a_paper_form_for_the_other_is_well_formed_but_never_replays() -> None:
    # Only staff key paper forms in: the event's own checks leave it to the
    # replay, where handle never gives a guardian's act on paper.
    _, first = opening()
    at = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    forged = IntentionsValidated(LEA_ID, 2, CLAIRE, at, PAUL.id, True, CAP)
    assert (forged.signed_by, forged.paper_form) == (PAUL.id, True)
    with pytest.raises(InvalidValue) as error:
        Dossier.replay([first, forged], campaign=CAMPAIGN)
    assert where(error.value) == [("events.invalid", ("events", 1))]


def test_a_history_cannot_hand_the_entrant_role_to_a_stranger() -> None:
    dossier, first = opening()
    at = instant_in(CAMPAIGN, Phase.DECISIONS)
    for forged in (
        EntrantHandedOver(LEA_ID, 2, HEAD, at, "resp-inconnu"),
        IntentionsValidated(LEA_ID, 2, SECRETARIAT, at, "resp-inconnu", True, CAP),
    ):
        with pytest.raises(InvalidValue) as error:
            Dossier.replay([first, forged], campaign=CAMPAIGN)
        assert error.value.problems[0].path == ("events", 1)
        assert isinstance(error.value.__cause__, OrientationError)
    named = EntrantHandedOver(LEA_ID, 2, HEAD, at, PAUL.id)
    assert Dossier.replay([first, named], campaign=CAMPAIGN).entrant == PAUL
    assert dossier.entrant is None


def test_a_dossier_built_by_hand_is_checked_like_any_value() -> None:
    with pytest.raises(InvalidValue) as error:
        Dossier(
            "",
            BAD("2027"),
            BAD("Léa"),
            (CLAIRE,),
            entrant_id="x",
            version=0,
            paper_form=BAD(1),
            avis=BAD([1]),
            intentions=BAD("GT"),
            acknowledged_at=BAD(datetime(2027, 1, 1)),  # noqa: DTZ001
        )
    assert set(error.value.codes) == {"type.invalid", "guardian.unknown"}
    assert ("intentions",) in {p.path for p in error.value.problems}
    with pytest.raises(InvalidValue):
        Dossier(UAI, 2027, LEA, BAD([1]))


def test_a_dossier_built_by_hand_names_each_field_at_fault_and_the_type_expected() -> None:
    naive = datetime(2027, 1, 1)  # noqa: DTZ001 -- naive on purpose
    with pytest.raises(InvalidValue) as identity:
        Dossier("", BAD(2027.0), BAD("Léa"), (CLAIRE,), entrant_id=PAUL.id)
    with pytest.raises(InvalidValue) as parts:
        Dossier(
            UAI,
            2027,
            LEA,
            (CLAIRE, PAUL),
            intentions=BAD("GT"),
            choix=BAD(GT_PRO.voies),
            decision=BAD(Voie.PRO),
            appeal=BAD("appel"),
            appeal_decision=BAD(Voie.GT),
            avis=BAD(list(AVIS)),
            propositions=BAD((Voie.GT,)),
            answers=BAD(("D_ACCORD",)),
            acknowledged_at=BAD(naive),
            decision_accepted_at=BAD("hier"),
            maintien_requested_at=BAD(naive),
            updated_at=BAD(naive),
            paper_form=BAD(1),
            version=0,
        )
    expected: dict[tuple[str | int, ...], str] = {
        ("uai",): "str",
        ("rentree",): "int",
        ("pupil",): "Pupil",
        ("intentions",): "IntentionSet",
        ("choix",): "IntentionSet",
        ("decision",): "Decision",
        ("appeal",): "Appeal",
        ("appeal_decision",): "AppealDecision",
        ("avis",): "tuple[AvisConseil, ...]",
        ("propositions",): "tuple[Proposition, ...]",
        ("answers",): "tuple[Answer, ...]",
        ("acknowledged_at",): "aware datetime",
        ("decision_accepted_at",): "aware datetime",
        ("maintien_requested_at",): "aware datetime",
        ("updated_at",): "aware datetime",
        ("paper_form",): "bool",
        ("version",): "int >= 1",
    }
    problems = [*identity.value.problems, *parts.value.problems]
    assert [(p.code, p.path) for p in problems] == [
        *(("type.invalid", path) for path in list(expected)[:3]),
        ("guardian.unknown", ("entrant_id",)),
        *(("type.invalid", path) for path in list(expected)[3:]),
    ]
    for found in problems:
        if found.code == "type.invalid":
            assert found.message == "Cette valeur n'a pas le type attendu."
            assert found.detail == f"expected: {expected[found.path]}"
    with pytest.raises(InvalidValue) as guardians:
        Dossier(UAI, 2027, LEA, BAD([CLAIRE, "resp-paul"]), entrant_id="x")
    assert where(guardians.value) == [("type.invalid", ("guardians",))]
    assert guardians.value.problems[0].message == ("Cette valeur n'a pas le type attendu.")


# A dossier with nothing past its identity is checked in one test first (what
# open builds): each later part wrong on its own must still be refused there.
ONE_PART_WRONG: list[tuple[str, object, str]] = [
    ("intentions", "GT", "type.invalid"),
    ("choix", ("GT",), "type.invalid"),
    ("decision", "PRO", "type.invalid"),
    ("appeal", "appel", "type.invalid"),
    ("appeal_decision", "GT", "type.invalid"),
    ("avis", [], "type.invalid"),
    ("propositions", ["GT"], "type.invalid"),
    ("answers", None, "type.invalid"),
    ("acknowledged_at", "hier", "type.invalid"),
    ("decision_accepted_at", datetime(2027, 6, 15), "type.invalid"),  # noqa: DTZ001
    ("maintien_requested_at", 0, "type.invalid"),
    ("updated_at", datetime(2027, 1, 5), "type.invalid"),  # noqa: DTZ001
    ("paper_form", 0, "type.invalid"),
    ("version", 0, "type.invalid"),
    ("version", True, "type.invalid"),
    ("version", 1.0, "type.invalid"),
    ("entrant_id", "resp-inconnu", "guardian.unknown"),
]


@pytest.mark.parametrize(
    ("name", "value", "code"), ONE_PART_WRONG, ids=[f"{n}={v!r}" for n, v, _ in ONE_PART_WRONG]
)
def test_a_new_dossier_with_one_part_wrong_is_refused_there(
    name: str, value: object, code: str
) -> None:
    with pytest.raises(InvalidValue) as error:
        Dossier(UAI, 2027, LEA, (CLAIRE, PAUL), **{name: BAD(value)})
    assert where(error.value) == [(code, (name,))]


def test_a_new_dossier_keeps_its_instant_in_utc_however_it_was_given() -> None:
    local = datetime(2027, 1, 5, 9, 30, tzinfo=CAMPAIGN.timezone)
    dossier = Dossier(UAI, 2027, LEA, (CLAIRE, PAUL), updated_at=local)
    assert dossier.updated_at == datetime(2027, 1, 5, 8, 30, tzinfo=UTC)
    assert dossier.updated_at.tzinfo is UTC


@given(intention_sets())
def test_any_valid_set_validated_by_a_guardian_is_recorded_as_it_is(
    intentions: IntentionSet,
) -> None:
    dossier = send(
        opened(), lambda v: ValidateIntentions(v, intentions), CLAIRE, Phase.PROVISIONAL_OPEN
    )
    assert dossier.intentions == intentions
    assert dossier.entrant == CLAIRE


def test_an_event_of_no_known_kind_does_not_fold() -> None:
    event = DossierEvent(LEA_ID, 2, CLAIRE, instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN))
    with pytest.raises(InvalidValue) as error:
        opened().apply(event, campaign=CAMPAIGN)
    assert where(error.value) == [("events.invalid", ("event",))]


@pytest.mark.parametrize(
    "other",
    [
        DossierId(UAI, 2027, "eleve-tom"),
        DossierId("0751235K", 2027, LEA.id),
        DossierId(UAI, 2028, LEA.id),
    ],
    ids=["another-pupil", "another-school", "another-rentree"],
)
def test_an_event_of_another_dossier_is_not_applied(other: DossierId) -> None:
    dossier = opened()
    at = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    _, (validated,) = dossier.handle(
        ValidateIntentions(1, CAP), actor=CLAIRE, campaign=CAMPAIGN, now=at
    )
    with pytest.raises(InvalidValue) as refused:
        dossier.apply(attrs.evolve(validated, dossier=other), campaign=CAMPAIGN)
    assert where(refused.value) == [("event.other_dossier", ("event", "dossier"))]
    assert dossier.apply(validated, campaign=CAMPAIGN).intentions == CAP


def test_a_command_changes_its_own_part_of_the_dossier_and_keeps_every_other() -> None:
    # Every part set, each to a value no other part has, so that a part
    # lost or taken from another on the way would show.
    at = instant_in(CAMPAIGN, Phase.DECISIONS)
    full = Dossier(
        UAI,
        2027,
        LEA,
        (CLAIRE, PAUL),
        entrant_id=CLAIRE.id,
        intentions=GT_PRO,
        avis=AVIS,
        acknowledged_at=at - timedelta(days=80),
        choix=CAP,
        propositions=(Proposition(Voie.CAP),),
        answers=(Answer.PAS_D_ACCORD,),
        decision=Decision(Voie.CAP, None, at - timedelta(days=2)),
        decision_accepted_at=at - timedelta(days=1, hours=1),
        appeal=Appeal(Voie.GT, "Motif.", at - timedelta(days=1, hours=2), dernier_mot=False),
        appeal_decision=AppealDecision(Voie.GT, None, at - timedelta(days=1, hours=3)),
        maintien_requested_at=at - timedelta(hours=5),
        paper_form=True,
        version=12,
        updated_at=at - timedelta(hours=4),
    )
    after, _ = full.handle(HandOverEntrant(12, PAUL.id), actor=HEAD, campaign=CAMPAIGN, now=at)
    assert (after.entrant_id, after.version, after.updated_at) == (PAUL.id, 13, at)
    for field in attrs.fields(Dossier):
        if field.name not in {"entrant_id", "version", "updated_at"}:
            assert getattr(after, field.name) == getattr(full, field.name), field.name


def test_decisions_and_appeals_are_checked_values() -> None:
    with pytest.raises(InvalidValue) as decision:
        Decision(BAD("PRO"), None, BAD(datetime(2027, 6, 14)))  # noqa: DTZ001
    assert decision.value.codes == ("type.invalid", "type.invalid")
    with pytest.raises(InvalidValue) as appeal:
        Appeal(BAD("GT"), None, BAD("hier"), BAD(1))
    assert appeal.value.codes == ("type.invalid",) * 3


def test_decisions_and_appeals_name_each_field_at_fault() -> None:
    naive = datetime(2027, 6, 14)  # noqa: DTZ001 -- naive on purpose
    with pytest.raises(InvalidValue) as decision:
        Decision(BAD("PRO"), "Motif\x07", BAD(naive))
    assert where(decision.value) == [
        ("type.invalid", ("voie",)),
        ("text.invalid_character", ("reasons",)),
        ("type.invalid", ("notified_at",)),
    ]
    assert decision.value.problems[0].message == "Cette valeur n'a pas le type attendu."
    with pytest.raises(InvalidValue) as appeal:
        Appeal(Voie.GT, "x" * 2001, BAD("hier"), BAD(1))
    assert where(appeal.value) == [
        ("text.too_long", ("motif",)),
        ("type.invalid", ("at",)),
        ("type.invalid", ("dernier_mot",)),
    ]
    with pytest.raises(InvalidValue) as appeal_decision:
        AppealDecision(Voie.GT, "Avis\x07", BAD(naive))
    assert where(appeal_decision.value) == [
        ("text.invalid_character", ("comment",)),
        ("type.invalid", ("at",)),
    ]


def test_only_a_proposition_conforms_or_not() -> None:
    with pytest.raises(InvalidValue) as error:
        opened().conforms(BAD(Voie.GT))
    assert where(error.value) == [("type.invalid", ("proposition",))]
    assert error.value.problems[0].message == ("Cette valeur n'a pas le type attendu.")
