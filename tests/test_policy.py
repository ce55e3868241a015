import re
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import pytest

from orientation_core import (
    PERMISSIONS,
    Access,
    Action,
    Dossier,
    Guardian,
    Phase,
    Pupil,
    Role,
    Staff,
    Standing,
    access,
    check,
    permissions_markdown,
    standing,
)
from orientation_core._actors import Actor
from orientation_core.exceptions import InvalidValue
from tests.strategies import example_campaign, instant_in

CAMPAIGN = example_campaign()
UAI = CAMPAIGN.uai
CLAIRE = Guardian("resp-claire", "Claire Martin")
PAUL = Guardian("resp-paul", "Paul Martin")
LEA = Pupil("eleve-lea", "Léa Martin", "3e B")
DOSSIER = Dossier(UAI, 2027, LEA, (CLAIRE, PAUL))
DOCS = Path(__file__).parent.parent / "docs" / "permissions.md"

# One actor and one dossier for every standing.
SITUATIONS: dict[Standing, tuple[Actor, Dossier]] = {
    Standing.ENTRANT: (CLAIRE, Dossier(UAI, 2027, LEA, (CLAIRE, PAUL), entrant_id=CLAIRE.id)),
    Standing.GUARDIAN: (PAUL, DOSSIER),
    Standing.OTHER_GUARDIAN: (PAUL, Dossier(UAI, 2027, LEA, (CLAIRE, PAUL), entrant_id=CLAIRE.id)),
    Standing.PUPIL: (LEA, DOSSIER),
    Standing.HEAD: (Staff("ce", UAI, Role.HEAD), DOSSIER),
    Standing.PROFESSEUR_PRINCIPAL: (Staff("pp", UAI, Role.PROFESSEUR_PRINCIPAL), DOSSIER),
    Standing.SECRETARIAT: (Staff("sec", UAI, Role.SECRETARIAT), DOSSIER),
    Standing.OTHER_FAMILY: (Guardian("resp-autre", "Autre Parent"), DOSSIER),
    Standing.OTHER_SCHOOL: (Staff("ce-autre", "0931234B", Role.HEAD), DOSSIER),
}

# What the issue asks, written out cell by cell: every allowed
# (phase, standing, action); everything else is refused.
_STAFF = (Standing.HEAD, Standing.PROFESSEUR_PRINCIPAL, Standing.SECRETARIAT)
A = Action
EXPECTED_ALLOWED = {
    Phase.NOT_OPEN: {Standing.HEAD: {A.HAND_OVER_ENTRANT}},
    Phase.PROVISIONAL_OPEN: {
        Standing.ENTRANT: {A.VALIDATE_INTENTIONS},
        Standing.GUARDIAN: {A.VALIDATE_INTENTIONS},
        Standing.HEAD: {A.KEY_IN_PAPER_FORM, A.HAND_OVER_ENTRANT},
        Standing.PROFESSEUR_PRINCIPAL: {A.KEY_IN_PAPER_FORM},
        Standing.SECRETARIAT: {A.KEY_IN_PAPER_FORM},
    },
    Phase.PROVISIONAL_CLOSED: {
        Standing.HEAD: {A.RECORD_AVIS, A.HAND_OVER_ENTRANT},
        Standing.PROFESSEUR_PRINCIPAL: {A.RECORD_AVIS},
        Standing.SECRETARIAT: {A.RECORD_AVIS},
    },
    Phase.AVIS_PUBLISHED: {
        Standing.ENTRANT: {A.ACKNOWLEDGE_AVIS},
        Standing.HEAD: {A.HAND_OVER_ENTRANT},
    },
    Phase.DEFINITIVE_OPEN: {
        Standing.ENTRANT: {A.VALIDATE_CHOIX, A.ACKNOWLEDGE_AVIS},
        Standing.GUARDIAN: {A.VALIDATE_CHOIX},
        Standing.HEAD: {A.KEY_IN_PAPER_FORM, A.HAND_OVER_ENTRANT},
        Standing.PROFESSEUR_PRINCIPAL: {A.KEY_IN_PAPER_FORM},
        Standing.SECRETARIAT: {A.KEY_IN_PAPER_FORM},
    },
    Phase.DEFINITIVE_CLOSED: {
        Standing.HEAD: {A.RECORD_PROPOSITIONS, A.HAND_OVER_ENTRANT},
        Standing.PROFESSEUR_PRINCIPAL: {A.RECORD_PROPOSITIONS},
        Standing.SECRETARIAT: {A.RECORD_PROPOSITIONS},
    },
    Phase.PROPOSITIONS_PUBLISHED: {
        Standing.ENTRANT: {A.ANSWER_PROPOSITIONS},
        Standing.HEAD: {A.HAND_OVER_ENTRANT},
    },
    Phase.DECISIONS: {
        Standing.ENTRANT: {A.ACCEPT_DECISION, A.APPEAL, A.REQUEST_MAINTIEN},
        Standing.HEAD: {A.RECORD_DECISION, A.RECORD_APPEAL_DECISION, A.HAND_OVER_ENTRANT},
        Standing.PROFESSEUR_PRINCIPAL: {A.RECORD_APPEAL_DECISION},
        Standing.SECRETARIAT: {A.RECORD_APPEAL_DECISION},
    },
    Phase.CLOSED: {},
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
        verdict = check(actor, action, dossier, CAMPAIGN, now)
        shown = "✓" if verdict.allowed else verdict.reason
        if verdict.reason == "not_in_phase":
            shown = "—"
        assert shown == cells[who, phase, action], (who, phase, action)


def test_the_allowed_cells_are_exactly_those_the_issue_asks_for() -> None:
    allowed = {key for key, verdict in PERMISSIONS.items() if verdict.allowed}
    expected = {
        (who, phase, action)
        for phase, rows in EXPECTED_ALLOWED.items()
        for who, actions in rows.items()
        for action in actions
    }
    assert allowed == expected


def test_strangers_get_nothing_and_learn_nothing_in_every_phase() -> None:
    for phase in Phase:
        now = instant_in(CAMPAIGN, phase)
        for who in (Standing.OTHER_FAMILY, Standing.OTHER_SCHOOL):
            actor, dossier = SITUATIONS[who]
            assert access(actor, dossier, CAMPAIGN, now) is Access.NONE
            assert {check(actor, a, dossier, CAMPAIGN, now).reason for a in Action} == {"no_access"}


def test_a_pupil_of_another_dossier_is_a_stranger() -> None:
    other = Pupil("eleve-autre", "Tom Petit", "3e A")
    assert standing(other, DOSSIER) is Standing.OTHER_FAMILY


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


def test_only_the_head_decides_and_hands_over() -> None:
    decides = {
        (who, phase)
        for (who, phase, action), v in PERMISSIONS.items()
        if v.allowed and action in (A.RECORD_DECISION, A.HAND_OVER_ENTRANT)
    }
    assert {who for who, _ in decides} == {Standing.HEAD}
    pp, _ = SITUATIONS[Standing.PROFESSEUR_PRINCIPAL]
    now = instant_in(CAMPAIGN, Phase.DECISIONS)
    assert check(pp, A.RECORD_DECISION, DOSSIER, CAMPAIGN, now).reason == "head_only"


def test_staff_record_avis_and_propositions_only_in_their_phases() -> None:
    for action, phase in (
        (A.RECORD_AVIS, Phase.PROVISIONAL_CLOSED),
        (A.RECORD_PROPOSITIONS, Phase.DEFINITIVE_CLOSED),
    ):
        phases = {p for (w, p, a), v in PERMISSIONS.items() if a is action and v.allowed}
        assert phases == {phase}


def test_after_closed_nothing_changes_for_anybody() -> None:
    now = instant_in(CAMPAIGN, Phase.CLOSED)
    for who, (actor, dossier) in SITUATIONS.items():
        expected = (
            Access.NONE if who in (Standing.OTHER_FAMILY, Standing.OTHER_SCHOOL) else Access.READ
        )
        assert access(actor, dossier, CAMPAIGN, now) is expected
        reasons = {check(actor, a, dossier, CAMPAIGN, now).reason for a in Action}
        assert reasons == ({"no_access"} if expected is Access.NONE else {"closed"})


def test_staff_do_not_act_for_the_family_nor_the_family_for_staff() -> None:
    head, _ = SITUATIONS[Standing.HEAD]
    entrant, dossier = SITUATIONS[Standing.ENTRANT]
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    assert check(head, A.VALIDATE_INTENTIONS, dossier, CAMPAIGN, now).reason == "family_only"
    assert check(entrant, A.KEY_IN_PAPER_FORM, dossier, CAMPAIGN, now).reason == "staff_only"
    assert check(entrant, A.HAND_OVER_ENTRANT, dossier, CAMPAIGN, now).reason == "head_only"


@pytest.mark.parametrize(
    ("actor", "action", "campaign", "now", "code"),
    [
        (
            "claire",
            A.VALIDATE_INTENTIONS,
            CAMPAIGN,
            instant_in(CAMPAIGN, Phase.CLOSED),
            "type.invalid",
        ),
        (CLAIRE, "VALIDATE", CAMPAIGN, instant_in(CAMPAIGN, Phase.CLOSED), "type.invalid"),
        (
            CLAIRE,
            A.VALIDATE_INTENTIONS,
            object(),
            instant_in(CAMPAIGN, Phase.CLOSED),
            "type.invalid",
        ),
        (CLAIRE, A.VALIDATE_INTENTIONS, CAMPAIGN, "2027-01-12", "type.invalid"),
        (CLAIRE, A.VALIDATE_INTENTIONS, CAMPAIGN, datetime(2027, 1, 12), "time.naive"),  # noqa: DTZ001
    ],
)
def test_bad_arguments_to_the_policy_are_invalid_values(
    actor: Any, action: Any, campaign: Any, now: Any, code: str
) -> None:
    with pytest.raises(InvalidValue) as error:
        check(actor, action, DOSSIER, campaign, now)
    assert error.value.codes == (code,)


def test_every_standing_has_a_label_for_the_docs() -> None:
    assert Standing.ENTRANT.label.startswith("représentant légal qui saisit")
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
        assert error.value.codes == (code,)
        with pytest.raises(InvalidValue) as error:
            check(CLAIRE, Action.VALIDATE_INTENTIONS, dossier, campaign, now)
        assert error.value.codes == (code,)
    # A stranger still learns nothing, whatever campaign the host passed.
    assert access(Guardian("resp-autre", "Autre"), DOSSIER, other_school, now) is Access.NONE
