"""A value of the wrong type tells the host's developer which type was expected.

The family or the staff member reads the problem's message, which never names
a Python type ("Cette valeur n'a pas le type attendu."); the developer reads
its ``detail``, which does. Each entry point below, the values', the
campaign's, the dossier's and the policy's, is held to the detail it gives.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import attrs
import pytest

from orientation_core import (
    AcademySettings,
    AcknowledgeAvis,
    Avis,
    AvisConseil,
    Campaign,
    Decision,
    Dossier,
    Guardian,
    Intention,
    IntentionSet,
    MoveStart,
    Phase,
    PublishAvis,
    Pupil,
    Role,
    Staff,
    Voie,
    check,
    normalise_precision,
)
from orientation_core.exceptions import InvalidValue
from tests.strategies import CLAIRE, HEAD, LEA, dossier_campaign

CAMPAIGN = dossier_campaign()
WHEN = datetime(2027, 6, 9, 16, tzinfo=UTC)
DOSSIER, _ = Dossier.open(LEA, (CLAIRE,), campaign=CAMPAIGN, actor=HEAD, now=WHEN)
WISHES = IntentionSet((Intention(Voie.GT),))
WRONG: Any = 42  # a number where no number belongs; Any hides it from mypy
WRONG_TEXT: Any = "1"  # text where a number belongs

CASES: list[tuple[str, Callable[[], object], tuple[str | int, ...], str]] = [
    ("Intention.voie", lambda: Intention(WRONG), ("voie",), "Voie"),
    ("Intention.precision", lambda: Intention(Voie.PRO, WRONG), ("precision",), "str"),
    (
        "Intention.statuts",
        lambda: Intention(Voie.PRO, None, WRONG),
        ("statuts",),
        "frozenset[Statut]",
    ),
    ("IntentionSet", lambda: IntentionSet(WRONG), ("intentions",), "tuple[Intention, ...]"),
    ("IntentionSet.intentions[0]", lambda: IntentionSet((WRONG,)), ("intentions", 0), "Intention"),
    ("IntentionSet.add", lambda: WISHES.add(WRONG), ("intention",), "Intention"),
    ("IntentionSet.move_up", lambda: WISHES.move_up(WRONG_TEXT), ("rank",), "int"),
    ("normalise_precision", lambda: normalise_precision(WRONG), ("text",), "str"),
    ("AcademySettings", lambda: AcademySettings(WRONG), ("details_enabled",), "bool"),
    (
        "AcademySettings.check",
        lambda: CAMPAIGN.settings.check(WRONG),
        ("intentions",),
        "IntentionSet",
    ),
    ("Pupil.name", lambda: Pupil("eleve-1", WRONG, "3e 1"), ("name",), "str"),
    ("Guardian.email", lambda: Guardian("resp-1", "Claire", WRONG), ("email",), "str"),
    ("Staff.role", lambda: Staff("ce", "0691234A", WRONG), ("role",), "Role"),
    (
        "Staff.classes",
        lambda: Staff("pp", "0691234A", Role.PROFESSEUR_PRINCIPAL, WRONG),
        ("classes",),
        "list[str]",
    ),
    ("AvisConseil.avis", lambda: AvisConseil(Voie.GT, WRONG), ("avis",), "Avis"),
    (
        "AvisConseil.reason",
        lambda: AvisConseil(Voie.GT, Avis.RESERVE, WRONG),
        ("reason",),
        "str",
    ),
    ("Decision.voie", lambda: Decision(WRONG, None, WHEN), ("voie",), "Voie"),
    (
        "Campaign.plan.academy",
        lambda: Campaign.plan(WRONG, "0691234A", 2027, {}),
        ("academy",),
        "Academy",
    ),
    (
        "Campaign.plan.territory",
        lambda: Campaign.plan(CAMPAIGN.academy, "0691234A", 2027, {}, territory=WRONG),
        ("territory",),
        "Territory",
    ),
    (
        "Campaign.plan.rhythm",
        lambda: Campaign.plan(CAMPAIGN.academy, "0691234A", 2027, {}, rhythm=WRONG),
        ("rhythm",),
        "Rhythm",
    ),
    (
        "Campaign.starts",
        lambda: attrs.evolve(CAMPAIGN, starts=WRONG),
        ("starts",),
        "tuple[datetime, ...]",
    ),
    (
        "CampaignPlanned.rentree",
        lambda: attrs.evolve(CAMPAIGN.planned, rentree=WRONG_TEXT),
        ("rentree",),
        "int",
    ),
    ("Campaign.start_of", lambda: CAMPAIGN.start_of(WRONG), ("phase",), "Phase"),
    ("Campaign.replay", lambda: Campaign.replay(WRONG), ("events",), "Iterable"),
    (
        "Campaign.handle.command",
        lambda: CAMPAIGN.handle(WRONG, actor=HEAD, now=WHEN),
        ("command",),
        "CampaignCommand",
    ),
    (
        "Campaign.handle.actor",
        lambda: CAMPAIGN.handle(PublishAvis(1), actor=WRONG, now=WHEN),
        ("actor",),
        "Staff",
    ),
    ("MoveStart.phase", lambda: MoveStart(1, WRONG, date(2027, 2, 1)), ("phase",), "Phase"),
    (
        "MoveStart.to",
        lambda: MoveStart(1, Phase.AVIS_PUBLISHED, WRONG),
        ("to",),
        "date | datetime",
    ),
    (
        "Dossier.open.campaign",
        lambda: Dossier.open(LEA, (CLAIRE,), campaign=WRONG, actor=HEAD, now=WHEN),
        ("campaign",),
        "Campaign",
    ),
    (
        "Dossier.handle.actor",
        lambda: DOSSIER.handle(AcknowledgeAvis(1), actor=WRONG, campaign=CAMPAIGN, now=WHEN),
        ("actor",),
        "Guardian | Pupil | Staff",
    ),
    (
        "Dossier.replay",
        lambda: Dossier.replay(WRONG, campaign=CAMPAIGN),
        ("events",),
        "list[Event]",
    ),
    ("Dossier.conforms", lambda: DOSSIER.conforms(WRONG), ("proposition",), "Proposition"),
    ("Dossier.late_actions", lambda: DOSSIER.late_actions(CAMPAIGN, WRONG), ("now",), "datetime"),
    (
        "check.action",
        lambda: check(CLAIRE, WRONG, DOSSIER, CAMPAIGN, WHEN),
        ("action",),
        "Action",
    ),
]


@pytest.mark.parametrize(
    ("build", "path", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],  # plain ASCII: node ids select them as written
)
def test_a_wrong_type_names_the_type_expected_for_the_developer_only(
    build: Callable[[], object], path: tuple[str | int, ...], expected: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        build()
    # The type's problem comes first at its path (a rentrée given as text is
    # also out of range).
    found = next(p for p in caught.value.problems if p.path == path)
    assert (found.code, found.detail) == ("type.invalid", f"expected: {expected}")
    assert found.message == "Cette valeur n'a pas le type attendu."
