"""What an actor may do now with a dossier: the buttons a page shows, and why not the others."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orientation_core import (
    COMMANDS,
    AcceptDecision,
    AcknowledgeAvis,
    Action,
    ActionOption,
    Answer,
    AnswerPropositions,
    Avis,
    AvisConseil,
    Campaign,
    Dossier,
    DossierCommand,
    FamilyCommand,
    Guardian,
    HandOverEntrant,
    Intention,
    IntentionSet,
    LodgeAppeal,
    Phase,
    Proposition,
    Pupil,
    RecordAppealDecision,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    RequestMaintien,
    Side,
    Staff,
    ValidateChoix,
    ValidateIntentions,
    Voie,
    allowed_actions,
)
from orientation_core._actors import Actor
from orientation_core.exceptions import IllegalTransition, InvalidValue, PermissionDenied
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
    instant_in,
    walk_campaigns,
    walk_dossier,
    walk_instants,
    walk_seeds,
)

CAMPAIGN = dossier_campaign()
WISHES = IntentionSet([Intention(Voie.GT), Intention(Voie.PRO, "Cuisine")])
# Somebody of every standing, for Léa's dossier (whose class is 3e B).
ACTORS: tuple[Actor, ...] = (
    CLAIRE,
    PAUL,
    LEA,
    HEAD,
    PP,
    SECRETARIAT,
    PP_OTHER_CLASS,
    OTHER_HEAD,
    Guardian("resp-autre", "Autre Parent"),
    Pupil("eleve-autre", "Tom Petit", "3e A"),
)


def BAD(value: object) -> Any:  # noqa: N802 -- reads as a marker
    """A value of the wrong type, for the type checker to let through."""
    return value


def opened(
    campaign: Campaign = CAMPAIGN, guardians: tuple[Guardian, ...] = (CLAIRE, PAUL)
) -> Dossier:
    return Dossier.open(
        LEA,
        guardians,
        campaign=campaign,
        actor=SECRETARIAT,
        now=instant_in(campaign, Phase.NOT_OPEN),
    )[0]


def send(
    dossier: Dossier,
    build: Any,
    actor: Actor,
    phase: Phase,
    *,
    campaign: Campaign = CAMPAIGN,
    after: timedelta = timedelta(hours=9),
) -> Dossier:
    now = instant_in(campaign, phase, after)
    return dossier.handle(build(dossier.version), actor=actor, campaign=campaign, now=now)[0]


def options(
    actor: Actor, dossier: Dossier, now: datetime, campaign: Campaign = CAMPAIGN
) -> dict[Action, str]:
    """Each action and what the page shows: "✓", "papier", or the reason it is refused."""
    return {
        option.action: option.reason or ("papier" if option.on_paper else "✓")
        for option in allowed_actions(actor, dossier, campaign, now)
    }


def allowed(
    actor: Actor, dossier: Dossier, now: datetime, campaign: Campaign = CAMPAIGN
) -> set[Action]:
    return {
        a for a, shown in options(actor, dossier, now, campaign).items() if shown in ("✓", "papier")
    }


A = Action


def test_every_action_on_an_open_dossier_comes_with_the_command_that_carries_it() -> None:
    listed = allowed_actions(
        CLAIRE, opened(), CAMPAIGN, instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    )
    assert [(o.action, o.command) for o in listed] == [
        (A.VALIDATE_INTENTIONS, ValidateIntentions),
        (A.ACKNOWLEDGE_AVIS, AcknowledgeAvis),
        (A.VALIDATE_CHOIX, ValidateChoix),
        (A.ANSWER_PROPOSITIONS, AnswerPropositions),
        (A.ACCEPT_DECISION, AcceptDecision),
        (A.LODGE_APPEAL, LodgeAppeal),
        (A.REQUEST_MAINTIEN, RequestMaintien),
        (A.RECORD_AVIS, RecordAvis),
        (A.RECORD_PROPOSITIONS, RecordPropositions),
        (A.RECORD_DECISION, RecordDecision),
        (A.RECORD_APPEAL_DECISION, RecordAppealDecision),
        (A.HAND_OVER_ENTRANT, HandOverEntrant),
    ]
    assert set(COMMANDS) == set(Action) - {A.OPEN_DOSSIER}


def test_while_intentions_are_open_each_one_sees_their_own_buttons() -> None:
    dossier = opened()
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    # Either guardian may validate first; nobody has yet.
    assert allowed(CLAIRE, dossier, now) == allowed(PAUL, dossier, now) == {A.VALIDATE_INTENTIONS}
    assert options(CLAIRE, dossier, now)[A.ACKNOWLEDGE_AVIS] == "not_in_phase"
    assert options(CLAIRE, dossier, now)[A.HAND_OVER_ENTRANT] == "head_only"
    # The pupil reads.
    assert options(LEA, dossier, now)[A.VALIDATE_INTENTIONS] == "read_only"
    # Staff key in the paper form; the head cannot name an entrant while the family can validate.
    assert options(SECRETARIAT, dossier, now)[A.VALIDATE_INTENTIONS] == "papier"
    # So they do for a pupil with one guardian, who alone can sign it.
    alone = opened(guardians=(CLAIRE,))
    assert options(SECRETARIAT, alone, now)[A.VALIDATE_INTENTIONS] == "papier"
    assert options(HEAD, dossier, now)[A.HAND_OVER_ENTRANT] == "family_can_validate"
    # Once Claire has validated, Paul reads.
    validated = send(
        dossier, lambda v: ValidateIntentions(v, WISHES), CLAIRE, Phase.PROVISIONAL_OPEN
    )
    assert (
        options(PAUL, validated, now + timedelta(hours=1))[A.VALIDATE_INTENTIONS] == "not_entrant"
    )
    assert options(CLAIRE, validated, now + timedelta(hours=1))[A.VALIDATE_INTENTIONS] == "✓"


def test_a_stranger_is_refused_everything_and_told_nothing_else() -> None:
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    for stranger in ACTORS[6:]:
        listed = allowed_actions(stranger, opened(), CAMPAIGN, now)
        assert {(o.reason, o.on_paper) for o in listed} == {("no_access", False)}


def test_the_avis_is_acknowledged_once_and_only_where_there_is_one() -> None:
    avis = [AvisConseil(Voie.GT, Avis.FAVORABLE), AvisConseil(Voie.PRO, Avis.FAVORABLE)]
    validated = send(
        opened(), lambda v: ValidateIntentions(v, WISHES), CLAIRE, Phase.PROVISIONAL_OPEN
    )
    now = instant_in(CAMPAIGN, Phase.AVIS_PUBLISHED, timedelta(days=1))
    assert options(CLAIRE, validated, now)[A.ACKNOWLEDGE_AVIS] == "no_avis"
    with_avis = send(validated, lambda v: RecordAvis(v, avis), PP, Phase.PROVISIONAL_CLOSED)
    assert allowed(CLAIRE, with_avis, now) == {A.ACKNOWLEDGE_AVIS}
    assert options(PP, with_avis, now)[A.ACKNOWLEDGE_AVIS] == "papier"
    acknowledged = send(with_avis, AcknowledgeAvis, CLAIRE, Phase.AVIS_PUBLISHED)
    assert options(CLAIRE, acknowledged, now)[A.ACKNOWLEDGE_AVIS] == "already_acknowledged"
    assert allowed(CLAIRE, acknowledged, now) == set()


def test_staff_record_the_avis_of_the_conseil_where_there_are_intentions() -> None:
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_CLOSED)
    assert options(PP, opened(), now)[A.RECORD_AVIS] == "no_intentions"
    validated = send(
        opened(), lambda v: ValidateIntentions(v, WISHES), CLAIRE, Phase.PROVISIONAL_OPEN
    )
    assert allowed(PP, validated, now) == {A.RECORD_AVIS}
    assert allowed(HEAD, validated, now) == {A.RECORD_AVIS, A.HAND_OVER_ENTRANT}


def decided(
    campaign: Campaign = CAMPAIGN, guardians: tuple[Guardian, ...] = (CLAIRE, PAUL)
) -> Dossier:
    """Léa's dossier, choix PRO, with the head's decision for PRO notified on the first day."""
    dossier = send(
        opened(campaign, guardians),
        lambda v: ValidateChoix(v, IntentionSet([Intention(Voie.PRO)])),
        CLAIRE,
        Phase.DEFINITIVE_OPEN,
        campaign=campaign,
    )
    return send(
        dossier, lambda v: RecordDecision(v, Voie.PRO), HEAD, Phase.DECISIONS, campaign=campaign
    )


def test_a_decision_is_accepted_or_appealed_within_its_window_then_no_more() -> None:
    dossier = decided()
    in_time = instant_in(CAMPAIGN, Phase.DECISIONS, timedelta(days=1))
    assert allowed(CLAIRE, dossier, in_time) == {A.ACCEPT_DECISION, A.LODGE_APPEAL}
    assert options(CLAIRE, dossier, in_time)[A.REQUEST_MAINTIEN] == "no_appeal_decision"
    assert options(HEAD, dossier, in_time)[A.RECORD_DECISION] == "decision_recorded"
    assert options(HEAD, dossier, in_time)[A.RECORD_APPEAL_DECISION] == "no_appeal"
    late = instant_in(CAMPAIGN, Phase.DECISIONS, timedelta(days=5))
    assert options(CLAIRE, dossier, late)[A.ACCEPT_DECISION] == "deadline_passed"
    accepted = send(dossier, AcceptDecision, CLAIRE, Phase.DECISIONS, after=timedelta(days=1))
    assert (
        options(CLAIRE, accepted, in_time + timedelta(hours=1))[A.LODGE_APPEAL]
        == "decision_accepted"
    )
    closed = CAMPAIGN.start_of(Phase.CLOSED)
    assert closed is not None
    assert options(CLAIRE, dossier, closed)[A.ACCEPT_DECISION] == "closed"


def test_with_dernier_mot_the_family_keeps_a_choix_only_if_the_decision_left_one() -> None:
    campaign = dossier_campaign(dernier_mot=True)
    now = instant_in(campaign, Phase.DECISIONS, timedelta(days=1))
    assert options(CLAIRE, decided(campaign), now, campaign)[A.LODGE_APPEAL] == "no_other_choix"
    assert options(CLAIRE, decided(campaign), now, campaign)[A.ACCEPT_DECISION] == "✓"


def test_the_head_hands_over_only_to_another_guardian() -> None:
    now = instant_in(CAMPAIGN, Phase.DECISIONS, timedelta(days=1))
    assert options(HEAD, decided(), now)[A.HAND_OVER_ENTRANT] == "✓"
    assert (
        options(HEAD, decided(guardians=(CLAIRE,)), now)[A.HAND_OVER_ENTRANT] == "no_other_guardian"
    )


def test_asking_before_the_dossier_s_last_change_is_refused_as_handle_refuses_it() -> None:
    dossier = decided()
    with pytest.raises(InvalidValue) as error:
        allowed_actions(CLAIRE, dossier, CAMPAIGN, instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN))
    assert error.value.codes == ("time.backwards",)
    # A stranger learns nothing, not even that.
    assert {
        o.reason
        for o in allowed_actions(
            OTHER_HEAD, dossier, CAMPAIGN, instant_in(CAMPAIGN, Phase.NOT_OPEN)
        )
    } == {"no_access"}


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ((CLAIRE, "dossier", CAMPAIGN), "type.invalid"),
        (("Claire", None, CAMPAIGN), "type.invalid"),
        ((CLAIRE, None, attrs.evolve(CAMPAIGN, uai="0931234B")), "campaign.other_school"),
        ((CLAIRE, None, "campagne"), "type.invalid"),
    ],
)
def test_bad_arguments_are_invalid_values(arguments: tuple[Any, Any, Any], code: str) -> None:
    actor, dossier, campaign = arguments
    with pytest.raises(InvalidValue) as error:
        allowed_actions(
            actor, dossier or opened(), campaign, instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
        )
    assert error.value.codes == (code,)


def test_an_option_built_by_hand_is_checked_like_any_value() -> None:
    assert ActionOption(A.ACCEPT_DECISION, AcceptDecision).allowed
    for arguments, paths in (
        ((A.OPEN_DOSSIER, AcceptDecision), [("action",)]),
        (("ACCEPT_DECISION", AcceptDecision), [("action",)]),
        ((A.ACCEPT_DECISION, LodgeAppeal), [("command",)]),
        ((A.ACCEPT_DECISION, AcceptDecision, "", 1), [("reason",), ("on_paper",)]),
    ):
        with pytest.raises(InvalidValue) as error:
            ActionOption(*arguments)
        assert [p.path for p in error.value.problems] == paths


class CampaignWithJunkSettings:
    """A host's own campaign, sound but for the académie's settings."""

    uai = CAMPAIGN.uai
    rentree = CAMPAIGN.rentree
    settings = "details_enabled"
    dernier_mot_aux_familles = False

    def phase_at(self, now: datetime) -> Phase:
        return CAMPAIGN.phase_at(now)

    def appeal_deadline(self, notified_at: datetime) -> datetime:
        return CAMPAIGN.appeal_deadline(notified_at)


def test_a_host_campaign_answering_nonsense_is_refused_as_handle_refuses_it() -> None:
    host = CampaignWithJunkSettings()
    with pytest.raises(InvalidValue) as error:
        allowed_actions(CLAIRE, opened(), BAD(host), instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN))
    assert [(p.code, p.path) for p in error.value.problems] == [
        ("campaign.invalid_answer", ("campaign", "settings"))
    ]


# -- the property: allowed_actions says what handle does ------------------------------------


def _well_formed(
    data: st.DataObject, action: Action, dossier: Dossier, campaign: Campaign, actor: Actor
) -> tuple[DossierCommand, bool]:
    """A command of ``action`` whose content handle takes, and whether there is one at all."""
    version = dossier.version
    voies = list(Voie)
    decided = None if dossier.decision is None else dossier.decision.voie
    exists = True
    command: DossierCommand
    if action in (A.VALIDATE_INTENTIONS, A.VALIDATE_CHOIX):
        chosen = data.draw(st.lists(st.sampled_from(voies), min_size=1, max_size=3, unique=True))
        entries = IntentionSet([Intention(v) for v in chosen])
        command = (ValidateIntentions if action is A.VALIDATE_INTENTIONS else ValidateChoix)(
            version, entries
        )
    elif action is A.ANSWER_PROPOSITIONS:
        count = len(dossier.propositions)
        agreed = data.draw(st.integers(-1, count - 1))
        command = AnswerPropositions(
            version, [Answer.D_ACCORD if i == agreed else Answer.PAS_D_ACCORD for i in range(count)]
        )
    elif action is A.LODGE_APPEAL:
        kept = () if dossier.choix is None else dossier.choix.voies
        wanted = kept if campaign.dernier_mot_aux_familles else voies
        candidates = [v for v in wanted if v is not decided]
        exists = bool(candidates) or decided is None
        others = candidates or [v for v in voies if v is not decided]
        command = LodgeAppeal(version, data.draw(st.sampled_from(others)), "Motif.")
    elif action is A.RECORD_AVIS:
        asked = [] if dossier.intentions is None else list(dossier.intentions.voies)
        given = [AvisConseil(v, data.draw(st.sampled_from(Avis)), "Motifs.") for v in asked]
        command = RecordAvis(version, data.draw(st.permutations(given)))
    elif action is A.RECORD_PROPOSITIONS:
        chosen = data.draw(st.lists(st.sampled_from(voies), min_size=1, max_size=3, unique=True))
        command = RecordPropositions(version, [Proposition(v) for v in chosen])
    elif action is A.RECORD_DECISION:
        command = RecordDecision(version, data.draw(st.sampled_from(voies)), "Motifs.")
    elif action is A.RECORD_APPEAL_DECISION:
        command = RecordAppealDecision(version, data.draw(st.sampled_from(voies)))
    elif action is A.HAND_OVER_ENTRANT:
        others_ = [g.id for g in dossier.guardians if g.id != dossier.entrant_id]
        exists = bool(others_)
        command = HandOverEntrant(version, data.draw(st.sampled_from(others_ or [CLAIRE.id])))
    else:
        command = COMMANDS[action](version)
    if isinstance(command, FamilyCommand) and isinstance(actor, Staff):
        signatory = dossier.entrant_id or data.draw(
            st.sampled_from([g.id for g in dossier.guardians])
        )
        command = attrs.evolve(command, signed_by=signatory)
    return command, exists


# Each example walks a dossier through up to 16 commands, then sends one of
# every action: 200 examples reach every stage, and keep CI's 500 from adding
# half a minute.
CAPPED = settings(max_examples=min(settings().max_examples, 200))


@CAPPED
@given(
    campaign=walk_campaigns(),
    rng=walk_seeds,
    two_guardians=st.booleans(),
    actor=st.sampled_from(ACTORS),
    data=st.data(),
)
def test_an_action_is_allowed_exactly_when_handle_takes_it_and_refused_for_handle_s_reason(
    campaign: Campaign,
    rng: random.Random,
    two_guardians: bool,
    actor: Actor,
    data: st.DataObject,
) -> None:
    guardians = (CLAIRE, PAUL) if two_guardians else (CLAIRE,)
    dossier, _ = walk_dossier(rng, campaign, LEA, guardians)
    updated_at = dossier.updated_at
    assert updated_at is not None
    # Often soon after the last change, where most is still to do.
    later = [t for t in walk_instants(campaign) if t >= updated_at]
    now = data.draw(st.sampled_from(later[:4]) | st.sampled_from(later))
    listed = allowed_actions(actor, dossier, campaign, now)
    assert [o.action for o in listed] == list(COMMANDS)
    for option in listed:
        command, exists = _well_formed(data, option.action, dossier, campaign, actor)
        assert type(command) is option.command
        try:
            dossier.handle(command, actor=actor, campaign=campaign, now=now)
        except (PermissionDenied, IllegalTransition) as refusal:
            assert option.reason == refusal.reason
        except InvalidValue:
            # No command of the action could be well formed here.
            assert not exists
            assert (
                option.reason
                == {
                    A.LODGE_APPEAL: "no_other_choix",
                    A.HAND_OVER_ENTRANT: "no_other_guardian",
                }[option.action]
            )
        else:
            assert option.allowed
            assert option.on_paper is (isinstance(actor, Staff) and option.action.by is Side.FAMILY)


# -- what a developer is told, and where ------------------------------------------------


def _problems(call: Any) -> list[tuple[str, tuple[str | int, ...], str]]:
    with pytest.raises(InvalidValue) as error:
        call()
    return [(p.code, p.path, p.detail) for p in error.value.problems]


@pytest.mark.parametrize(
    ("arguments", "problems"),
    [
        (
            (BAD("ACCEPT_DECISION"), AcceptDecision),
            [("type.invalid", ("action",), "expected: Action")],
        ),
        (
            (A.ACCEPT_DECISION, LodgeAppeal),
            [("type.invalid", ("command",), "expected: DossierCommand")],
        ),
        (
            (A.ACCEPT_DECISION, AcceptDecision, BAD(7), BAD("oui")),
            [
                ("type.invalid", ("reason",), "expected: str"),
                ("type.invalid", ("on_paper",), "expected: bool"),
            ],
        ),
    ],
)
def test_a_malformed_option_tells_the_developer_what_was_expected_where(
    arguments: tuple[Any, ...], problems: list[tuple[str, tuple[str | int, ...], str]]
) -> None:
    assert _problems(lambda: ActionOption(*arguments)) == problems


def test_a_malformed_dossier_or_a_clock_gone_back_is_told_where() -> None:
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    assert _problems(lambda: allowed_actions(CLAIRE, BAD("dossier"), CAMPAIGN, now)) == [
        ("type.invalid", ("dossier",), "expected: Dossier")
    ]
    # Léa only reads her dossier: no command of hers is even tried, and
    # yet asking before its last change is refused.
    assert _problems(lambda: allowed_actions(LEA, decided(), CAMPAIGN, now)) == [
        ("time.backwards", ("now",), "")
    ]


# -- the appeal, whatever the choix ----------------------------------------------------


def test_before_the_head_decides_there_is_no_decision_to_appeal() -> None:
    dossier = send(
        opened(),
        lambda v: ValidateChoix(v, IntentionSet([Intention(Voie.PRO)])),
        CLAIRE,
        Phase.DEFINITIVE_OPEN,
    )
    now = instant_in(CAMPAIGN, Phase.DECISIONS, timedelta(days=1))
    assert options(CLAIRE, dossier, now)[A.LODGE_APPEAL] == "no_decision"
    assert options(CLAIRE, dossier, now)[A.ACCEPT_DECISION] == "no_decision"


def with_intentions() -> Dossier:
    """Léa's dossier, her intentions validated by Claire, the entrant from then on."""
    return send(opened(), lambda v: ValidateIntentions(v, WISHES), CLAIRE, Phase.PROVISIONAL_OPEN)


def test_a_family_that_gave_no_choix_may_still_appeal_the_decision() -> None:
    # Claire validated intentions, then no choix définitifs.
    dossier = send(
        with_intentions(), lambda v: RecordDecision(v, Voie.CAP, "Motifs."), HEAD, Phase.DECISIONS
    )
    now = instant_in(CAMPAIGN, Phase.DECISIONS, timedelta(days=1))
    assert allowed(CLAIRE, dossier, now) == {A.ACCEPT_DECISION, A.LODGE_APPEAL}


def test_with_dernier_mot_the_family_may_appeal_for_its_other_choix_whatever_its_rank() -> None:
    # Choix PRO then CAP, the decision PRO: the family may keep CAP, its
    # only other choix, though GT comes first among the voies.
    campaign = dossier_campaign(dernier_mot=True)
    dossier = send(
        opened(campaign),
        lambda v: ValidateChoix(v, IntentionSet([Intention(Voie.PRO), Intention(Voie.CAP)])),
        CLAIRE,
        Phase.DEFINITIVE_OPEN,
        campaign=campaign,
    )
    dossier = send(
        dossier, lambda v: RecordDecision(v, Voie.PRO), HEAD, Phase.DECISIONS, campaign=campaign
    )
    now = instant_in(campaign, Phase.DECISIONS, timedelta(days=1))
    assert allowed(CLAIRE, dossier, now, campaign) == {A.ACCEPT_DECISION, A.LODGE_APPEAL}


def test_after_the_campaign_a_decision_still_in_its_window_can_be_answered() -> None:
    # Notified on the last day of the decisions: the family has its days to
    # answer, though the campaign has closed meanwhile.
    start = CAMPAIGN.start_of(Phase.DECISIONS)
    closed = CAMPAIGN.start_of(Phase.CLOSED)
    assert start is not None
    assert closed is not None
    dossier = send(
        with_intentions(),
        lambda v: RecordDecision(v, Voie.PRO, "Motifs."),
        HEAD,
        Phase.DECISIONS,
        after=closed - start - timedelta(hours=5),
    )
    assert allowed(CLAIRE, dossier, closed + timedelta(hours=1)) == {
        A.ACCEPT_DECISION,
        A.LODGE_APPEAL,
    }
