"""The phases, their order, their labels and the phase graph."""

from __future__ import annotations

import pytest

from orientation_core import PHASE_ACTIONS, PHASE_GRAPH, Action, Phase, Side


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
    assert Action.APPEAL.by is Side.FAMILY
    assert Action.RECORD_DECISION.by is Side.HEAD
    assert Action.RECORD_AVIS.by is Side.STAFF
    assert Action.APPEAL in Phase.DECISIONS.allows
