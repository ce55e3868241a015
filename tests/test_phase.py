"""The phases, their order, their labels and the phase graph."""

from __future__ import annotations

import pytest

from orientation_core import (
    LATE_ACTIONS,
    PHASE_ACTIONS,
    PHASE_GRAPH,
    AcceptDecision,
    AcknowledgeAvis,
    Action,
    AnswerPropositions,
    CampaignAction,
    CampaignCommand,
    CloseService,
    DossierCommand,
    HandOverEntrant,
    LodgeAppeal,
    MoveEnd,
    MoveStart,
    Phase,
    PublishAvis,
    PublishPropositions,
    RecordAppealDecision,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    RequestMaintien,
    Side,
    ValidateChoix,
    ValidateIntentions,
)
from orientation_core.exceptions import InvalidValue


def _reachable(start: Phase) -> set[Phase]:
    seen = {start}
    frontier = [start]
    while frontier:
        for nxt in PHASE_GRAPH[frontier.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return seen


def test_every_phase_is_reachable_from_not_open() -> None:
    assert _reachable(Phase.NOT_OPEN) == set(Phase)


def test_closed_is_final() -> None:
    assert PHASE_GRAPH[Phase.CLOSED] == frozenset()


def test_no_phase_but_closed_is_a_trap() -> None:
    # From every phase the campaign can still reach CLOSED: nothing gets stuck.
    for phase in Phase:
        assert Phase.CLOSED in _reachable(phase), phase


def test_the_graph_only_moves_forward() -> None:
    for phase, successors in PHASE_GRAPH.items():
        assert all(nxt > phase for nxt in successors), phase


def test_the_phases_are_in_the_order_of_the_year() -> None:
    assert [p.value for p in sorted(Phase, key=lambda p: p.index)] == [
        "NOT_OPEN",
        "PROVISIONAL_OPEN",
        "PROVISIONAL_CLOSED",
        "AVIS_PUBLISHED",
        "DEFINITIVE_OPEN",
        "DEFINITIVE_CLOSED",
        "PROPOSITIONS_PUBLISHED",
        "DECISIONS",
        "CLOSED",
    ]
    assert Phase.NOT_OPEN < Phase.PROVISIONAL_OPEN <= Phase.PROVISIONAL_OPEN
    assert Phase.CLOSED > Phase.DECISIONS >= Phase.DECISIONS


def test_phases_do_not_compare_with_other_things() -> None:
    with pytest.raises(TypeError):
        assert Phase.CLOSED < 3
    assert Phase.CLOSED.__lt__(3) is NotImplemented
    assert Phase.CLOSED.__le__(3) is NotImplemented
    assert Phase.CLOSED.__gt__(3) is NotImplemented
    assert Phase.CLOSED.__ge__(3) is NotImplemented


def test_each_phase_has_its_french_label_for_the_calendar_screen() -> None:
    assert Phase.PROVISIONAL_OPEN.label == "Saisie des intentions provisoires"
    assert Phase.DEFINITIVE_OPEN.label == "Saisie des choix définitifs"
    assert Phase.NOT_OPEN.label == "Campagne d'orientation non ouverte"
    assert len({p.label for p in Phase}) == len(Phase)


def test_families_enter_only_while_the_service_is_open() -> None:
    entering = {Action.VALIDATE_INTENTIONS, Action.VALIDATE_CHOIX}
    open_phases = {p for p in Phase if p.allows & entering}
    assert open_phases == {Phase.PROVISIONAL_OPEN, Phase.DEFINITIVE_OPEN}


def test_staff_record_the_conseils_only_while_the_service_is_closed_to_families() -> None:
    assert Action.RECORD_AVIS in Phase.PROVISIONAL_CLOSED.allows
    assert Action.RECORD_PROPOSITIONS in Phase.DEFINITIVE_CLOSED.allows
    assert not any(Action.RECORD_AVIS in p.allows for p in Phase if p != Phase.PROVISIONAL_CLOSED)


def test_nothing_is_possible_once_closed() -> None:
    assert Phase.CLOSED.allows == frozenset()
    assert PHASE_ACTIONS[Phase.CLOSED] == frozenset()


def test_the_appeal_is_the_familys_and_the_decision_the_heads() -> None:
    assert Action.LODGE_APPEAL.by is Side.FAMILY
    assert Action.RECORD_DECISION.by is Side.HEAD
    assert Action.RECORD_AVIS.by is Side.STAFF
    assert Action.LODGE_APPEAL in Phase.DECISIONS.allows
    assert {p for p in Phase if Action.LODGE_APPEAL in p.allows} == {Phase.DECISIONS}


def test_each_side_takes_its_actions() -> None:
    by_side = {side: {a for a in Action if a.by is side} for side in Side}
    assert by_side == {
        Side.FAMILY: {
            Action.VALIDATE_INTENTIONS,
            Action.ACKNOWLEDGE_AVIS,
            Action.VALIDATE_CHOIX,
            Action.ANSWER_PROPOSITIONS,
            Action.ACCEPT_DECISION,
            Action.LODGE_APPEAL,
            Action.REQUEST_MAINTIEN,
        },
        Side.STAFF: {
            Action.OPEN_DOSSIER,
            Action.RECORD_AVIS,
            Action.RECORD_PROPOSITIONS,
            Action.RECORD_APPEAL_DECISION,
        },
        Side.HEAD: {Action.RECORD_DECISION, Action.HAND_OVER_ENTRANT},
    }


def test_the_school_opens_dossiers_in_every_phase_but_closed() -> None:
    assert Action.OPEN_DOSSIER.by is Side.STAFF
    opening = {p for p in Phase if Action.OPEN_DOSSIER in p.allows}
    assert opening == set(Phase) - {Phase.CLOSED}


def test_before_the_service_opens_the_school_only_opens_dossiers() -> None:
    assert Phase.NOT_OPEN.allows == frozenset({Action.OPEN_DOSSIER})


def test_the_head_hands_over_from_the_first_phase_to_the_decisions() -> None:
    handing = {p for p in Phase if Action.HAND_OVER_ENTRANT in p.allows}
    assert handing == {p for p in Phase if Phase.PROVISIONAL_OPEN <= p <= Phase.DECISIONS}


def test_the_late_actions_are_the_decisions_phase_rights_that_outlive_it() -> None:
    # A decision's 3 jours ouvrables, the commission d'appel's decision and
    # the maintien after it may run past the end of the decisions phase.
    late = LATE_ACTIONS
    assert late == {
        Action.ACCEPT_DECISION,
        Action.LODGE_APPEAL,
        Action.RECORD_APPEAL_DECISION,
        Action.REQUEST_MAINTIEN,
    }
    assert late.issubset(PHASE_ACTIONS[Phase.DECISIONS])
    assert late.isdisjoint(PHASE_ACTIONS[Phase.CLOSED])
    # Deciding is not late: the head decides within the phase.
    assert Action.RECORD_DECISION not in LATE_ACTIONS


@pytest.mark.parametrize(
    ("command", "action"),
    [
        (ValidateIntentions, Action.VALIDATE_INTENTIONS),
        (AcknowledgeAvis, Action.ACKNOWLEDGE_AVIS),
        (ValidateChoix, Action.VALIDATE_CHOIX),
        (AnswerPropositions, Action.ANSWER_PROPOSITIONS),
        (AcceptDecision, Action.ACCEPT_DECISION),
        (LodgeAppeal, Action.LODGE_APPEAL),
        (RequestMaintien, Action.REQUEST_MAINTIEN),
        (RecordAvis, Action.RECORD_AVIS),
        (RecordPropositions, Action.RECORD_PROPOSITIONS),
        (RecordDecision, Action.RECORD_DECISION),
        (RecordAppealDecision, Action.RECORD_APPEAL_DECISION),
        (HandOverEntrant, Action.HAND_OVER_ENTRANT),
    ],
)
def test_each_dossier_command_carries_the_action_named_like_it(
    command: type[DossierCommand], action: Action
) -> None:
    assert command.action is action


@pytest.mark.parametrize(
    ("command", "action"),
    [
        (MoveStart, CampaignAction.MOVE_START),
        (MoveEnd, CampaignAction.MOVE_END),
        (CloseService, CampaignAction.CLOSE_SERVICE),
        (PublishAvis, CampaignAction.PUBLISH_AVIS),
        (PublishPropositions, CampaignAction.PUBLISH_PROPOSITIONS),
    ],
)
def test_each_campaign_command_carries_the_campaign_action_named_like_it(
    command: type[CampaignCommand], action: CampaignAction
) -> None:
    assert command.action is action
    assert issubclass(command, CampaignCommand)


def test_campaign_actions_are_stable_codes_apart_from_dossier_actions() -> None:
    assert [a.value for a in CampaignAction] == [
        "MOVE_START",
        "MOVE_END",
        "CLOSE_SERVICE",
        "PUBLISH_AVIS",
        "PUBLISH_PROPOSITIONS",
    ]
    assert not {a.value for a in CampaignAction} & {a.value for a in Action}
    with pytest.raises(InvalidValue) as error:
        CampaignAction("OPEN_DOSSIER")
    assert error.value.codes == ("code.unknown",)


def test_a_phase_or_an_action_comes_back_from_a_pickle_as_itself_and_finds_its_entries() -> None:
    # Coded members hash by identity: a copy that came back as another
    # object, or that hashed otherwise, would miss its cell of the matrix.
    import pickle  # noqa: PLC0415 -- only this test needs it

    from orientation_core import PERMISSIONS, Action, Standing  # noqa: PLC0415

    key = (Standing.ENTRANT, Phase.DECISIONS, Action.ACCEPT_DECISION)
    again = pickle.loads(pickle.dumps(key))
    assert all(a is b for a, b in zip(again, key, strict=True))
    assert PERMISSIONS[again].allowed
    assert {Phase.CLOSED: "closed"}[pickle.loads(pickle.dumps(Phase.CLOSED))] == "closed"
