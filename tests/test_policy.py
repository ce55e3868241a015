import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from orientation_core import (
    PERMISSIONS,
    AcceptDecision,
    Access,
    Action,
    Campaign,
    Dossier,
    DossierOpened,
    Guardian,
    Intention,
    IntentionSet,
    LodgeAppeal,
    Phase,
    Pupil,
    RecordAppealDecision,
    RecordDecision,
    RequestMaintien,
    Role,
    Side,
    Staff,
    Standing,
    ValidateIntentions,
    Verdict,
    Voie,
    _policy,
    access,
    check,
    permissions_markdown,
    standing,
)
from orientation_core._actors import Actor
from orientation_core._policy import check_campaign
from orientation_core.exceptions import InvalidValue, PermissionDenied
from tests.strategies import (
    CLAIRE,
    HEAD,
    LEA,
    OTHER_HEAD,
    PAUL,
    PP,
    PP_OTHER_CLASS,
    SECRETARIAT,
    campaign_instants,
    dossier_campaign,
    instant_in,
    staff_members,
)

CAMPAIGN = dossier_campaign()
UAI = CAMPAIGN.uai
DOSSIER = Dossier(UAI, 2027, LEA, (CLAIRE, PAUL))
WITH_ENTRANT = attrs.evolve(DOSSIER, entrant_id=CLAIRE.id)
OTHER_GUARDIAN = Guardian("resp-autre", "Autre Parent")
DOCS = Path(__file__).parent.parent / "docs" / "permissions.md"
# Those who have nothing to do with a dossier and learn nothing of it.
STRANGERS = frozenset({Standing.OTHER_FAMILY, Standing.OTHER_CLASS, Standing.OTHER_SCHOOL})

# One actor and one dossier for every standing.
SITUATIONS: dict[Standing, tuple[Actor, Dossier]] = {
    Standing.ENTRANT: (CLAIRE, WITH_ENTRANT),
    Standing.GUARDIAN: (PAUL, DOSSIER),
    Standing.OTHER_GUARDIAN: (PAUL, WITH_ENTRANT),
    Standing.PUPIL: (LEA, DOSSIER),
    Standing.HEAD: (HEAD, DOSSIER),
    Standing.PROFESSEUR_PRINCIPAL: (PP, DOSSIER),
    Standing.SECRETARIAT: (SECRETARIAT, DOSSIER),
    Standing.OTHER_CLASS: (PP_OTHER_CLASS, DOSSIER),
    Standing.OTHER_FAMILY: (OTHER_GUARDIAN, DOSSIER),
    Standing.OTHER_SCHOOL: (OTHER_HEAD, DOSSIER),
}

# The rules, written out cell by cell: every cell allowed online ("✓") and
# every cell staff may take only as a paper form the family signed
# ("papier"); everything else is refused.
A = Action
S = Standing
OPEN = A.OPEN_DOSSIER
EXPECTED_ALLOWED: dict[Phase, dict[Standing, set[Action]]] = {
    # Before the service opens, the school only opens the dossiers.
    Phase.NOT_OPEN: {
        S.HEAD: {OPEN},
        S.PROFESSEUR_PRINCIPAL: {OPEN},
        S.SECRETARIAT: {OPEN},
    },
    Phase.PROVISIONAL_OPEN: {
        S.ENTRANT: {A.VALIDATE_INTENTIONS},
        S.GUARDIAN: {A.VALIDATE_INTENTIONS},
        S.HEAD: {OPEN, A.HAND_OVER_ENTRANT},
        S.PROFESSEUR_PRINCIPAL: {OPEN},
        S.SECRETARIAT: {OPEN},
    },
    Phase.PROVISIONAL_CLOSED: {
        S.HEAD: {OPEN, A.RECORD_AVIS, A.HAND_OVER_ENTRANT},
        S.PROFESSEUR_PRINCIPAL: {OPEN, A.RECORD_AVIS},
        S.SECRETARIAT: {OPEN, A.RECORD_AVIS},
    },
    Phase.AVIS_PUBLISHED: {
        S.ENTRANT: {A.ACKNOWLEDGE_AVIS},
        S.HEAD: {OPEN, A.HAND_OVER_ENTRANT},
        S.PROFESSEUR_PRINCIPAL: {OPEN},
        S.SECRETARIAT: {OPEN},
    },
    Phase.DEFINITIVE_OPEN: {
        S.ENTRANT: {A.VALIDATE_CHOIX, A.ACKNOWLEDGE_AVIS},
        S.GUARDIAN: {A.VALIDATE_CHOIX},
        S.HEAD: {OPEN, A.HAND_OVER_ENTRANT},
        S.PROFESSEUR_PRINCIPAL: {OPEN},
        S.SECRETARIAT: {OPEN},
    },
    Phase.DEFINITIVE_CLOSED: {
        S.HEAD: {OPEN, A.RECORD_PROPOSITIONS, A.HAND_OVER_ENTRANT},
        S.PROFESSEUR_PRINCIPAL: {OPEN, A.RECORD_PROPOSITIONS},
        S.SECRETARIAT: {OPEN, A.RECORD_PROPOSITIONS},
    },
    Phase.PROPOSITIONS_PUBLISHED: {
        S.ENTRANT: {A.ANSWER_PROPOSITIONS},
        S.HEAD: {OPEN, A.HAND_OVER_ENTRANT},
        S.PROFESSEUR_PRINCIPAL: {OPEN},
        S.SECRETARIAT: {OPEN},
    },
    Phase.DECISIONS: {
        S.ENTRANT: {A.ACCEPT_DECISION, A.LODGE_APPEAL, A.REQUEST_MAINTIEN},
        S.HEAD: {OPEN, A.RECORD_DECISION, A.RECORD_APPEAL_DECISION, A.HAND_OVER_ENTRANT},
        S.PROFESSEUR_PRINCIPAL: {OPEN, A.RECORD_APPEAL_DECISION},
        S.SECRETARIAT: {OPEN, A.RECORD_APPEAL_DECISION},
    },
    Phase.CLOSED: {},
}
# Staff key in the family's paper form whenever the phase opens its action;
# the same for the head, a professeur principal of the class and the
# secretariat.
_PAPER_BY_PHASE: dict[Phase, set[Action]] = {
    Phase.PROVISIONAL_OPEN: {A.VALIDATE_INTENTIONS},
    Phase.AVIS_PUBLISHED: {A.ACKNOWLEDGE_AVIS},
    Phase.DEFINITIVE_OPEN: {A.VALIDATE_CHOIX, A.ACKNOWLEDGE_AVIS},
    Phase.PROPOSITIONS_PUBLISHED: {A.ANSWER_PROPOSITIONS},
    Phase.DECISIONS: {A.ACCEPT_DECISION, A.LODGE_APPEAL, A.REQUEST_MAINTIEN},
}
EXPECTED_ON_PAPER: dict[Phase, dict[Standing, set[Action]]] = {
    phase: {S.HEAD: actions, S.PROFESSEUR_PRINCIPAL: actions, S.SECRETARIAT: actions}
    for phase, actions in _PAPER_BY_PHASE.items()
}


def _cells(table: dict[Phase, dict[Standing, set[Action]]]) -> set[tuple[Standing, Phase, Action]]:
    return {
        (who, phase, action)
        for phase, rows in table.items()
        for who, actions in rows.items()
        for action in actions
    }


def _documented() -> tuple[dict[tuple[Standing, Phase, Action], str], dict[Any, str]]:
    """The cells and the access column of the tables in docs/permissions.md."""
    cells: dict[tuple[Standing, Phase, Action], str] = {}
    accesses: dict[tuple[Standing, Phase], str] = {}
    phase: Phase | None = None
    actions: list[Action] = []
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### (\w+): ", line)
        if heading:
            phase = Phase(heading.group(1))
            continue
        if phase is None or not line.startswith("| ") or line.startswith("|---"):
            continue
        row = [c.strip() for c in line.strip("|").split("|")]
        if row[0] == "standing":
            actions = [Action(name) for name in row[2:]]
            continue
        who = Standing(row[0])
        accesses[who, phase] = row[1]
        for action, cell in zip(actions, row[2:], strict=True):
            cells[who, phase, action] = cell
    return cells, accesses


def _shown(verdict: Verdict) -> str:
    """A verdict as a cell of the docs' table."""
    if verdict.on_paper:
        return "papier"
    if verdict.allowed:
        return "✓"
    return "—" if verdict.reason == "not_in_phase" else str(verdict.reason)


# -- the table --------------------------------------------------------------------


def test_the_table_in_the_docs_is_exactly_the_policy_data() -> None:
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("<!-- permissions:start -->\n") + len("<!-- permissions:start -->\n")
    end = text.index("<!-- permissions:end -->")
    assert text[start:end] == permissions_markdown()


def test_the_docs_table_covers_every_standing_phase_and_action() -> None:
    cells, accesses = _documented()
    assert len(cells) == len(Standing) * len(Phase) * len(Action)
    assert len(accesses) == len(Standing) * len(Phase)


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("who", list(Standing))
def test_check_and_access_answer_exactly_the_documented_table(phase: Phase, who: Standing) -> None:
    cells, accesses = _documented()
    actor, dossier = SITUATIONS[who]
    now = instant_in(CAMPAIGN, phase)
    assert standing(actor, dossier) is who
    assert access(actor, dossier, CAMPAIGN, now).value == accesses[who, phase]
    for action in Action:
        shown = _shown(check(actor, action, dossier, CAMPAIGN, now))
        assert shown == cells[who, phase, action], (who, phase, action)


def test_the_allowed_cells_are_exactly_those_the_rules_ask_for() -> None:
    online = {key for key, v in PERMISSIONS.items() if v.allowed and not v.on_paper}
    on_paper = {key for key, v in PERMISSIONS.items() if v.on_paper}
    assert online == _cells(EXPECTED_ALLOWED)
    assert on_paper == _cells(EXPECTED_ON_PAPER)
    # A paper cell is an allowed cell, with nothing refused.
    assert all(v == Verdict(on_paper=True) for v in PERMISSIONS.values() if v.on_paper)


def test_the_matrix_has_a_cell_for_every_standing_phase_and_action() -> None:
    assert len(PERMISSIONS) == len(Standing) * len(Phase) * len(Action)


# -- strangers ---------------------------------------------------------------------


def _opening() -> tuple[Dossier, DossierOpened]:
    return Dossier.open(
        LEA,
        [CLAIRE, PAUL],
        campaign=CAMPAIGN,
        actor=SECRETARIAT,
        now=instant_in(CAMPAIGN, Phase.NOT_OPEN),
    )


def _opened() -> Dossier:
    return _opening()[0]


def _send(dossier: Dossier, command: Any, actor: Actor, now: datetime) -> Dossier:
    after, _ = dossier.handle(command, actor=actor, campaign=CAMPAIGN, now=now)
    return after


def _validated() -> Dossier:
    dossier = _opened()
    return _send(
        dossier,
        ValidateIntentions(dossier.version, IntentionSet([Intention(Voie.GT)])),
        CLAIRE,
        instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN),
    )


# The head decides on Saturday 3 July 2027, two days before the campaign
# closes: the family has until the end of Wednesday 7 July (3 jours
# ouvrables, Sunday is not one), well into CLOSED.
LATE_DECISION_AT = instant_in(CAMPAIGN, Phase.CLOSED, after=-timedelta(days=2))
CLOSED_NOW = instant_in(CAMPAIGN, Phase.CLOSED)


def _decided(at: datetime) -> Dossier:
    dossier = _validated()
    return _send(dossier, RecordDecision(dossier.version, Voie.PRO, "Résultats."), HEAD, at)


def _appealed_late() -> Dossier:
    dossier = _decided(LATE_DECISION_AT)
    return _send(dossier, LodgeAppeal(dossier.version, Voie.GT), CLAIRE, LATE_DECISION_AT)


STATES = (
    DOSSIER,
    WITH_ENTRANT,
    _opened(),
    _validated(),
    _decided(instant_in(CAMPAIGN, Phase.DECISIONS)),
    _decided(LATE_DECISION_AT),
    _appealed_late(),
)
# A guardian or pupil of another family (of the same class), a professeur
# principal of another class or of none, staff of another school (even a
# professeur principal of a class of the same name).
STRANGER_ACTORS: tuple[tuple[Actor, Standing], ...] = (
    (OTHER_GUARDIAN, Standing.OTHER_FAMILY),
    (Pupil("eleve-tom", "Tom Petit", "3e B"), Standing.OTHER_FAMILY),
    (PP_OTHER_CLASS, Standing.OTHER_CLASS),
    (Staff("pp-sans-classe", UAI, Role.PROFESSEUR_PRINCIPAL), Standing.OTHER_CLASS),
    (OTHER_HEAD, Standing.OTHER_SCHOOL),
    (Staff("pp-autre", "0931234B", Role.PROFESSEUR_PRINCIPAL, ["3e B"]), Standing.OTHER_SCHOOL),
    (Staff("sec-autre", "0931234B", Role.SECRETARIAT), Standing.OTHER_SCHOOL),
)


def test_strangers_are_another_family_another_class_and_another_school() -> None:
    assert _policy.STRANGERS == STRANGERS
    for actor, who in STRANGER_ACTORS:
        assert all(standing(actor, dossier) is who for dossier in STATES), actor


@given(
    st.sampled_from(STRANGER_ACTORS),
    st.sampled_from(STATES),
    campaign_instants(CAMPAIGN),
    st.sampled_from(Action),
)
def test_strangers_get_nothing_and_learn_nothing_whatever_the_dossiers_state(
    stranger: tuple[Actor, Standing], dossier: Dossier, now: datetime, action: Action
) -> None:
    # The same answer for every dossier, in every phase, whatever runs on it.
    actor, _ = stranger
    assert access(actor, dossier, CAMPAIGN, now) is Access.NONE
    assert check(actor, action, dossier, CAMPAIGN, now) == Verdict("no_access")


def test_a_pupil_of_another_dossier_is_a_stranger() -> None:
    other = Pupil("eleve-autre", "Tom Petit", "3e A")
    assert standing(other, DOSSIER) is Standing.OTHER_FAMILY


# -- a professeur principal's classes --------------------------------------------------


def _dossier_of_class(classe: str) -> Dossier:
    return Dossier(UAI, 2027, Pupil("eleve-1", "Jade Roux", classe), (CLAIRE,))


def test_a_professeur_principal_reaches_exactly_the_dossiers_of_their_classes() -> None:
    pp = Staff("pp-ab", UAI, Role.PROFESSEUR_PRINCIPAL, ["3e A", "3e B"])
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_CLOSED)
    for classe in ("3e A", "3e B"):
        dossier = _dossier_of_class(classe)
        assert standing(pp, dossier) is Standing.PROFESSEUR_PRINCIPAL
        assert access(pp, dossier, CAMPAIGN, now) is Access.EDIT
        assert check(pp, A.RECORD_AVIS, dossier, CAMPAIGN, now) == Verdict()
    other = _dossier_of_class("3e C")
    assert standing(pp, other) is Standing.OTHER_CLASS
    assert access(pp, other, CAMPAIGN, now) is Access.NONE
    assert check(pp, A.RECORD_AVIS, other, CAMPAIGN, now) == Verdict("no_access")
    # The head and the secretariat act school-wide.
    for actor, who in ((HEAD, Standing.HEAD), (SECRETARIAT, Standing.SECRETARIAT)):
        assert standing(actor, other) is who
        assert check(actor, A.RECORD_AVIS, other, CAMPAIGN, now) == Verdict()


def test_a_professeur_principal_of_another_class_cannot_open_the_dossier() -> None:
    now = instant_in(CAMPAIGN, Phase.NOT_OPEN)
    with pytest.raises(PermissionDenied) as error:
        Dossier.open(LEA, [CLAIRE], campaign=CAMPAIGN, actor=PP_OTHER_CLASS, now=now)
    assert (error.value.action, error.value.reason) == (A.OPEN_DOSSIER, "no_access")
    dossier, opened = Dossier.open(LEA, [CLAIRE], campaign=CAMPAIGN, actor=PP, now=now)
    assert (dossier.pupil, opened.actor) == (LEA, PP)


@given(
    st.one_of(staff_members(uai=UAI), staff_members()),
    st.sampled_from(["3e A", "3e B", "3e C", "3e D"]),
    st.sampled_from(Phase),
)
def test_staff_reach_a_dossier_iff_of_its_school_and_if_pp_of_its_class(
    staff: Staff, classe: str, phase: Phase
) -> None:
    dossier = _dossier_of_class(classe)
    now = instant_in(CAMPAIGN, phase)
    shut_out = staff.uai != UAI or (
        staff.role is Role.PROFESSEUR_PRINCIPAL and classe not in staff.classes
    )
    assert (access(staff, dossier, CAMPAIGN, now) is Access.NONE) == shut_out
    reasons = {check(staff, a, dossier, CAMPAIGN, now).reason for a in Action}
    assert (reasons == {"no_access"}) == shut_out
    assert ("no_access" in reasons) == shut_out


# -- what each standing may do -----------------------------------------------------------


def test_the_pupil_and_the_other_guardian_only_ever_read() -> None:
    for phase in Phase:
        now = instant_in(CAMPAIGN, phase)
        for who in (Standing.PUPIL, Standing.OTHER_GUARDIAN):
            actor, dossier = SITUATIONS[who]
            assert access(actor, dossier, CAMPAIGN, now) is Access.READ
            assert not any(check(actor, a, dossier, CAMPAIGN, now).allowed for a in Action)


def test_the_other_guardian_is_told_only_the_entrant_enters() -> None:
    actor, dossier = SITUATIONS[Standing.OTHER_GUARDIAN]
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    assert check(actor, A.VALIDATE_INTENTIONS, dossier, CAMPAIGN, now).reason == "not_entrant"


def test_a_draft_never_validated_gives_no_right_but_to_validate() -> None:
    now = instant_in(CAMPAIGN, Phase.AVIS_PUBLISHED)
    assert check(CLAIRE, A.ACKNOWLEDGE_AVIS, DOSSIER, CAMPAIGN, now).reason == "not_entrant"
    assert access(CLAIRE, DOSSIER, CAMPAIGN, now) is Access.READ


def test_before_the_service_opens_the_school_only_opens_dossiers() -> None:
    now = instant_in(CAMPAIGN, Phase.NOT_OPEN)
    for actor in (HEAD, PP, SECRETARIAT):
        allowed = {a for a in Action if check(actor, a, DOSSIER, CAMPAIGN, now).allowed}
        assert allowed == {A.OPEN_DOSSIER}
    assert check(CLAIRE, A.OPEN_DOSSIER, WITH_ENTRANT, CAMPAIGN, now).reason == "staff_only"
    assert check(LEA, A.OPEN_DOSSIER, DOSSIER, CAMPAIGN, now).reason == "read_only"
    assert access(HEAD, DOSSIER, CAMPAIGN, now) is Access.EDIT
    assert access(CLAIRE, WITH_ENTRANT, CAMPAIGN, now) is Access.READ


def test_only_the_head_decides_and_hands_over() -> None:
    decides = {
        (who, phase)
        for (who, phase, action), v in PERMISSIONS.items()
        if v.allowed and action in (A.RECORD_DECISION, A.HAND_OVER_ENTRANT)
    }
    assert {who for who, _ in decides} == {Standing.HEAD}
    now = instant_in(CAMPAIGN, Phase.DECISIONS)
    assert check(PP, A.RECORD_DECISION, DOSSIER, CAMPAIGN, now).reason == "head_only"
    assert check(SECRETARIAT, A.HAND_OVER_ENTRANT, DOSSIER, CAMPAIGN, now).reason == "head_only"


def test_the_head_hands_over_from_the_intentions_to_the_decisions() -> None:
    # Whether a family with no entrant may be given one yet is the dossier's
    # rule (not while it can still validate), not the matrix's.
    phases = {p for (w, p, a), v in PERMISSIONS.items() if a is A.HAND_OVER_ENTRANT and v.allowed}
    assert phases == {p for p in Phase if Phase.PROVISIONAL_OPEN <= p <= Phase.DECISIONS}
    assert check(HEAD, A.HAND_OVER_ENTRANT, DOSSIER, CAMPAIGN, CLOSED_NOW).reason == "closed"
    not_open = instant_in(CAMPAIGN, Phase.NOT_OPEN)
    assert check(HEAD, A.HAND_OVER_ENTRANT, DOSSIER, CAMPAIGN, not_open).reason == "not_in_phase"


def test_staff_record_avis_and_propositions_only_in_their_phases() -> None:
    for action, phase in (
        (A.RECORD_AVIS, Phase.PROVISIONAL_CLOSED),
        (A.RECORD_PROPOSITIONS, Phase.DEFINITIVE_CLOSED),
    ):
        phases = {p for (w, p, a), v in PERMISSIONS.items() if a is action and v.allowed}
        assert phases == {phase}


def test_staff_take_a_familys_action_only_as_its_paper_form() -> None:
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    for staff in (HEAD, PP, SECRETARIAT):
        verdict = check(staff, A.VALIDATE_INTENTIONS, WITH_ENTRANT, CAMPAIGN, now)
        assert verdict == Verdict(on_paper=True)
        assert verdict.allowed
    # Online, the entrant's own act is no paper form.
    assert check(CLAIRE, A.VALIDATE_INTENTIONS, WITH_ENTRANT, CAMPAIGN, now) == Verdict()
    # Only a family's act is ever on paper.
    for (who, _, action), verdict in PERMISSIONS.items():
        if verdict.on_paper:
            assert who in {S.HEAD, S.PROFESSEUR_PRINCIPAL, S.SECRETARIAT}
            assert action.by is Side.FAMILY


def test_the_family_takes_no_staff_action() -> None:
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_CLOSED)
    assert check(CLAIRE, A.RECORD_AVIS, WITH_ENTRANT, CAMPAIGN, now).reason == "staff_only"
    assert check(CLAIRE, A.OPEN_DOSSIER, WITH_ENTRANT, CAMPAIGN, now).reason == "staff_only"
    assert check(CLAIRE, A.HAND_OVER_ENTRANT, WITH_ENTRANT, CAMPAIGN, now).reason == "head_only"


# -- after the campaign closes ----------------------------------------------------------------


def test_once_closed_a_dossier_with_nothing_running_is_read_only_for_everybody_related() -> None:
    for who, (actor, dossier) in SITUATIONS.items():
        expected = Access.NONE if who in STRANGERS else Access.READ
        assert access(actor, dossier, CAMPAIGN, CLOSED_NOW) is expected
        reasons = {check(actor, a, dossier, CAMPAIGN, CLOSED_NOW).reason for a in Action}
        assert reasons == ({"no_access"} if expected is Access.NONE else {"closed"})


def test_once_closed_a_decision_taken_long_before_is_read_only() -> None:
    dossier = _decided(instant_in(CAMPAIGN, Phase.DECISIONS))
    assert dossier.late_actions(CAMPAIGN, CLOSED_NOW) == frozenset()
    for actor in (CLAIRE, PAUL, LEA, HEAD, PP, SECRETARIAT):
        assert access(actor, dossier, CAMPAIGN, CLOSED_NOW) is Access.READ
        assert {check(actor, a, dossier, CAMPAIGN, CLOSED_NOW).reason for a in Action} == {"closed"}


def test_once_closed_the_family_still_accepts_or_appeals_a_decision_within_its_window() -> None:
    dossier = _decided(LATE_DECISION_AT)
    assert dossier.late_actions(CAMPAIGN, CLOSED_NOW) == {A.ACCEPT_DECISION, A.LODGE_APPEAL}
    # The entrant answers online, staff key in the family's paper form.
    assert access(CLAIRE, dossier, CAMPAIGN, CLOSED_NOW) is Access.EDIT
    assert check(CLAIRE, A.ACCEPT_DECISION, dossier, CAMPAIGN, CLOSED_NOW) == Verdict()
    assert check(CLAIRE, A.LODGE_APPEAL, dossier, CAMPAIGN, CLOSED_NOW) == Verdict()
    for staff in (HEAD, PP, SECRETARIAT):
        assert access(staff, dossier, CAMPAIGN, CLOSED_NOW) is Access.EDIT
        verdict = check(staff, A.ACCEPT_DECISION, dossier, CAMPAIGN, CLOSED_NOW)
        assert verdict == Verdict(on_paper=True)
    # Answered as in the decisions phase: the others still only read.
    assert access(PAUL, dossier, CAMPAIGN, CLOSED_NOW) is Access.READ
    assert check(PAUL, A.ACCEPT_DECISION, dossier, CAMPAIGN, CLOSED_NOW).reason == "not_entrant"
    assert check(LEA, A.LODGE_APPEAL, dossier, CAMPAIGN, CLOSED_NOW).reason == "read_only"
    # Nothing else reopens.
    for action in set(Action) - {A.ACCEPT_DECISION, A.LODGE_APPEAL}:
        assert check(CLAIRE, action, dossier, CAMPAIGN, CLOSED_NOW).reason == "closed"
        assert check(HEAD, action, dossier, CAMPAIGN, CLOSED_NOW).reason == "closed"
    # The dossier takes the acceptance, and then nothing runs any more.
    accepted = _send(dossier, AcceptDecision(dossier.version), CLAIRE, CLOSED_NOW)
    assert accepted.decision_accepted_at == CLOSED_NOW
    assert access(CLAIRE, accepted, CAMPAIGN, CLOSED_NOW) is Access.READ
    assert check(CLAIRE, A.ACCEPT_DECISION, accepted, CAMPAIGN, CLOSED_NOW).reason == "closed"


def test_once_closed_the_decision_window_ends_at_its_deadline() -> None:
    dossier = _decided(LATE_DECISION_AT)
    deadline = CAMPAIGN.appeal_deadline(LATE_DECISION_AT)
    assert deadline == datetime.fromisoformat("2027-07-08T00:00:00+02:00")
    just_before = deadline - timedelta(microseconds=1)
    assert check(CLAIRE, A.LODGE_APPEAL, dossier, CAMPAIGN, just_before) == Verdict()
    assert access(CLAIRE, dossier, CAMPAIGN, deadline) is Access.READ
    assert check(CLAIRE, A.LODGE_APPEAL, dossier, CAMPAIGN, deadline).reason == "closed"
    assert check(HEAD, A.ACCEPT_DECISION, dossier, CAMPAIGN, deadline).reason == "closed"


def test_once_closed_staff_record_the_commissions_decision_then_maintien_may_follow() -> None:
    dossier = _appealed_late()
    assert dossier.late_actions(CAMPAIGN, CLOSED_NOW) == {A.RECORD_APPEAL_DECISION}
    # The commission sits whenever it sits: no deadline for its decision.
    much_later = CLOSED_NOW + timedelta(days=30)
    for now in (CLOSED_NOW, much_later):
        for staff in (HEAD, PP, SECRETARIAT):
            assert access(staff, dossier, CAMPAIGN, now) is Access.EDIT
            assert check(staff, A.RECORD_APPEAL_DECISION, dossier, CAMPAIGN, now) == Verdict()
        assert access(CLAIRE, dossier, CAMPAIGN, now) is Access.READ
        assert (
            check(CLAIRE, A.RECORD_APPEAL_DECISION, dossier, CAMPAIGN, now).reason == "staff_only"
        )
        assert check(CLAIRE, A.ACCEPT_DECISION, dossier, CAMPAIGN, now).reason == "closed"
    decided = _send(
        dossier, RecordAppealDecision(dossier.version, Voie.PRO), SECRETARIAT, much_later
    )
    # Maintien for 3 jours ouvrables after the commission's decision.
    assert decided.late_actions(CAMPAIGN, much_later) == {A.REQUEST_MAINTIEN}
    assert access(CLAIRE, decided, CAMPAIGN, much_later) is Access.EDIT
    assert check(CLAIRE, A.REQUEST_MAINTIEN, decided, CAMPAIGN, much_later) == Verdict()
    assert check(PP, A.RECORD_APPEAL_DECISION, decided, CAMPAIGN, much_later).reason == "closed"
    deadline = CAMPAIGN.appeal_deadline(much_later)
    assert check(CLAIRE, A.REQUEST_MAINTIEN, decided, CAMPAIGN, deadline).reason == "closed"
    assert access(CLAIRE, decided, CAMPAIGN, deadline) is Access.READ
    maintien = _send(decided, RequestMaintien(decided.version), CLAIRE, much_later)
    assert maintien.late_actions(CAMPAIGN, much_later) == frozenset()
    assert access(CLAIRE, maintien, CAMPAIGN, much_later) is Access.READ


# -- a host's mistakes ---------------------------------------------------------------------------


# The type expected is for developers (Problem.detail), never in the message.
WRONG_TYPE = "Cette valeur n'a pas le type attendu."


@pytest.mark.parametrize(
    ("actor", "action", "campaign", "now", "problem"),
    [
        (
            "claire",
            A.VALIDATE_INTENTIONS,
            CAMPAIGN,
            CLOSED_NOW,
            ("type.invalid", ("actor",), WRONG_TYPE),
        ),
        (
            CLAIRE,
            "VALIDATE",
            CAMPAIGN,
            CLOSED_NOW,
            ("type.invalid", ("action",), WRONG_TYPE),
        ),
        (
            CLAIRE,
            A.VALIDATE_INTENTIONS,
            object(),
            CLOSED_NOW,
            ("type.invalid", ("campaign",), WRONG_TYPE),
        ),
        (
            CLAIRE,
            A.VALIDATE_INTENTIONS,
            None,
            CLOSED_NOW,
            ("type.invalid", ("campaign",), WRONG_TYPE),
        ),
        (
            CLAIRE,
            A.VALIDATE_INTENTIONS,
            CAMPAIGN,
            "2027-01-12",
            ("type.invalid", ("now",), WRONG_TYPE),
        ),
        (
            CLAIRE,
            A.VALIDATE_INTENTIONS,
            CAMPAIGN,
            datetime(2027, 1, 12),  # noqa: DTZ001
            ("time.naive", ("now",), "Cette date doit être donnée avec son fuseau horaire."),
        ),
    ],
)
def test_bad_arguments_to_the_policy_are_invalid_values(
    actor: Any, action: Any, campaign: Any, now: Any, problem: tuple[str, tuple[str], str]
) -> None:
    # Whatever campaigns were answered before, junk is never taken for one.
    assert check(CLAIRE, A.VALIDATE_INTENTIONS, DOSSIER, CAMPAIGN, CLOSED_NOW).reason == "closed"
    with pytest.raises(InvalidValue) as error:
        check(actor, action, DOSSIER, campaign, now)
    assert [(p.code, p.path, p.message) for p in error.value.problems] == [problem]
    if problem[1] == ("campaign",):
        # What the developer reads: the type the library wanted.
        assert error.value.problems[0].detail == "expected: Campaign"


def test_a_history_replayed_on_junk_instead_of_a_campaign_is_an_invalid_value() -> None:
    with pytest.raises(InvalidValue) as error:
        Dossier.replay([], campaign=object())  # type: ignore[arg-type] # wrong type on purpose
    assert [(p.code, p.path, p.message) for p in error.value.problems] == [
        ("type.invalid", ("campaign",), WRONG_TYPE)
    ]


class HostCampaign:
    """A host's own campaign: the real one's answers, but for the ``wrong`` ones."""

    def __init__(self, campaign: Campaign, **wrong: object) -> None:
        self._campaign = campaign
        self._wrong = wrong

    def _answer(self, member: str, right: object) -> Any:
        return self._wrong.get(member, right)

    @property
    def uai(self) -> Any:
        return self._answer("uai", self._campaign.uai)

    @property
    def rentree(self) -> Any:
        return self._answer("rentree", self._campaign.rentree)

    @property
    def settings(self) -> Any:
        return self._answer("settings", self._campaign.settings)

    @property
    def dernier_mot_aux_familles(self) -> Any:
        return self._answer("dernier_mot_aux_familles", self._campaign.dernier_mot_aux_familles)

    def phase_at(self, now: datetime) -> Any:
        return self._answer("phase_at", self._campaign.phase_at(now))

    def appeal_deadline(self, notified_at: datetime) -> Any:
        return self._answer("appeal_deadline", self._campaign.appeal_deadline(notified_at))


class AnswersAnyInstant(HostCampaign):
    """A host's campaign that gives a phase for any instant, even one without its zone."""

    def phase_at(self, now: datetime) -> Any:
        return Phase.PROVISIONAL_OPEN


@pytest.mark.parametrize("campaign", [CAMPAIGN, AnswersAnyInstant(CAMPAIGN)])
def test_an_instant_without_its_zone_is_refused_before_the_campaign_is_asked(
    campaign: Any,
) -> None:
    dossier = _opened()
    command = ValidateIntentions(dossier.version, IntentionSet([Intention(Voie.GT)]))
    at = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    # Asked once with a sound instant, so that its class is known.
    dossier.handle(command, actor=CLAIRE, campaign=campaign, now=at)
    with pytest.raises(InvalidValue) as error:
        dossier.handle(command, actor=CLAIRE, campaign=campaign, now=at.replace(tzinfo=None))
    assert [(p.code, p.path) for p in error.value.problems] == [("time.naive", ("now",))]


@pytest.mark.parametrize("junk", [object(), None, "0751234J"])
def test_junk_for_a_campaign_is_refused_whatever_the_instant_s_zone(junk: Any) -> None:
    dossier = _opened()
    command = ValidateIntentions(dossier.version, IntentionSet([Intention(Voie.GT)]))
    at = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    for now in (at.astimezone(UTC), at.astimezone(CAMPAIGN.timezone)):
        with pytest.raises(InvalidValue) as error:
            dossier.handle(command, actor=CLAIRE, campaign=junk, now=now)
        assert [(p.code, p.path) for p in error.value.problems] == [("type.invalid", ("campaign",))]


def test_a_host_campaign_answering_sense_is_answered_like_the_campaign() -> None:
    host = HostCampaign(CAMPAIGN)
    dossier = _decided(LATE_DECISION_AT)
    assert access(CLAIRE, dossier, host, CLOSED_NOW) is Access.EDIT
    assert check(CLAIRE, A.ACCEPT_DECISION, dossier, host, CLOSED_NOW) == Verdict()


def test_a_host_campaign_of_a_class_never_seen_is_answered_at_its_first_question() -> None:
    fresh = type("FreshHostCampaign", (HostCampaign,), {})(CAMPAIGN)
    assert check(CLAIRE, A.ACCEPT_DECISION, _decided(LATE_DECISION_AT), fresh, CLOSED_NOW) == (
        Verdict()
    )


def test_a_history_replays_on_a_host_campaign_of_a_class_never_seen() -> None:
    dossier, opened = _opening()
    command = ValidateIntentions(1, IntentionSet([Intention(Voie.GT)]))
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    dossier, events = dossier.handle(command, actor=CLAIRE, campaign=CAMPAIGN, now=now)
    # Its first question is the replay's own.
    fresh = type("NeverSeenHostCampaign", (HostCampaign,), {})(CAMPAIGN)
    assert Dossier.replay([opened, *events], campaign=fresh) == dossier


def test_the_dossier_s_own_campaign_of_a_class_never_seen_is_its_campaign() -> None:
    # Asked of the dossier's campaign before anything else is: checked in full.
    fresh = type("UnaskedHostCampaign", (HostCampaign,), {})(CAMPAIGN)
    check_campaign(_opened(), fresh)
    other = type("UnaskedOtherSchool", (HostCampaign,), {})(CAMPAIGN, uai="0931234B")
    with pytest.raises(InvalidValue) as error:
        check_campaign(_opened(), other)
    assert error.value.codes == ("campaign.other_school",)


def _asks_the_phase(host: HostCampaign) -> object:
    return check(CLAIRE, A.VALIDATE_INTENTIONS, WITH_ENTRANT, host, CLOSED_NOW)


def _asks_the_school(host: HostCampaign) -> object:
    return access(CLAIRE, WITH_ENTRANT, host, CLOSED_NOW)


def _asks_the_deadline(host: HostCampaign) -> object:
    # Once closed, whether a decision's window still runs.
    return check(CLAIRE, A.ACCEPT_DECISION, _decided(LATE_DECISION_AT), host, CLOSED_NOW)


def _asks_the_deadline_for_access(host: HostCampaign) -> object:
    return access(SECRETARIAT, _decided(LATE_DECISION_AT), host, CLOSED_NOW)


def _asks_the_settings(host: HostCampaign) -> object:
    # Validating intentions checks them against the académie's settings.
    dossier = _opened()
    command = ValidateIntentions(dossier.version, IntentionSet([Intention(Voie.GT)]))
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    return dossier.handle(command, actor=CLAIRE, campaign=host, now=now)


def _asks_dernier_mot(host: HostCampaign) -> object:
    dossier = _decided(instant_in(CAMPAIGN, Phase.DECISIONS))
    now = instant_in(CAMPAIGN, Phase.DECISIONS, after=timedelta(hours=10))
    command = LodgeAppeal(dossier.version, Voie.GT)
    return dossier.handle(command, actor=CLAIRE, campaign=host, now=now)


NAIVE = datetime(2027, 7, 8)  # noqa: DTZ001 -- the nonsense under test


class SchoolCode(str):
    """A host's own text type: equal to the school's UAI, but not a plain str."""

    __slots__ = ()


class Year(int):
    """A host's own number type: equal to the rentrée, but not a plain int."""


@pytest.mark.parametrize(
    ("ask", "member", "answer"),
    [
        (_asks_the_phase, "phase_at", "DECISIONS"),
        (_asks_the_phase, "phase_at", None),
        (_asks_the_school, "phase_at", 7),
        (_asks_the_deadline, "appeal_deadline", NAIVE),
        (_asks_the_deadline, "appeal_deadline", "2027-07-08T00:00:00+02:00"),
        (_asks_the_deadline_for_access, "appeal_deadline", NAIVE),
        (_asks_the_deadline_for_access, "appeal_deadline", "2027-07-08"),
        (_asks_the_settings, "settings", {"details_enabled": True}),
        (_asks_the_settings, "settings", None),
        (_asks_the_phase, "uai", 751234),
        (_asks_the_school, "uai", None),
        (_asks_the_school, "uai", ""),
        (_asks_the_school, "rentree", "2027"),
        (_asks_the_settings, "uai", SchoolCode(CAMPAIGN.uai)),
        (_asks_the_settings, "rentree", Year(CAMPAIGN.rentree)),
        (_asks_dernier_mot, "dernier_mot_aux_familles", "non"),
    ],
)
def test_a_host_campaign_answering_nonsense_is_an_invalid_value_naming_the_member(
    ask: Any, member: str, answer: object
) -> None:
    with pytest.raises(InvalidValue) as error:
        ask(HostCampaign(CAMPAIGN, **{member: answer}))
    assert [(p.code, p.path) for p in error.value.problems] == [
        ("campaign.invalid_answer", ("campaign", member))
    ]
    # What the host answered is never shown.
    assert repr(answer) not in str(error.value)


def test_every_standing_has_a_label_for_the_docs() -> None:
    assert Standing.ENTRANT.label.startswith("représentant légal qui saisit")
    assert Standing.OTHER_CLASS.label == "professeur principal d'une autre classe"
    assert len({s.label for s in Standing}) == len(Standing)


def test_the_policy_answers_only_from_the_dossiers_own_campaign() -> None:
    # Another school's campaign, or the school's campaign of another rentrée,
    # would read another calendar: the host's mistake is refused.
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    other_school = attrs.evolve(CAMPAIGN, uai="0931234B")
    other_rentree = attrs.evolve(DOSSIER, rentree=2028)
    for dossier, campaign, code in (
        (DOSSIER, other_school, "campaign.other_school"),
        (other_rentree, CAMPAIGN, "campaign.other_rentree"),
    ):
        with pytest.raises(InvalidValue) as error:
            access(CLAIRE, dossier, campaign, now)
        assert [(p.code, p.path) for p in error.value.problems] == [(code, ("campaign",))]
        with pytest.raises(InvalidValue) as error:
            check(CLAIRE, Action.VALIDATE_INTENTIONS, dossier, campaign, now)
        assert error.value.codes == (code,)
    # A stranger still learns nothing, whatever campaign the host passed.
    for actor, _ in STRANGER_ACTORS:
        assert access(actor, DOSSIER, other_school, now) is Access.NONE
        assert check(actor, A.OPEN_DOSSIER, DOSSIER, other_school, now) == Verdict("no_access")
