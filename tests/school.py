"""A school's store for the exports and the command line: the Siècle test exports, a few acts."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from orientation_core import (
    Academy,
    AcceptDecision,
    Actor,
    Campaign,
    DossierCommand,
    DossierId,
    DossierOpened,
    Guardian,
    Intention,
    IntentionSet,
    LodgeAppeal,
    Phase,
    RecordAppealDecision,
    RecordDecision,
    Role,
    Staff,
    ValidateIntentions,
    Voie,
)
from orientation_core.roster import read_siecle
from orientation_core.store import SqliteEventStore, handle, import_list

ROOT = Path(__file__).resolve().parent.parent
SIECLE = ROOT / "tests" / "data" / "siecle"
PUPILS = SIECLE / "ElevesSansAdresses.xml"
GUARDIANS = SIECLE / "ResponsablesAvecAdresses.xml"
UAI = "0691234A"
RENTREE = 2027
LYON = ZoneInfo("Europe/Paris")
LEA = DossierId(UAI, RENTREE, "070812345AB")
EMILE = DossierId(UAI, RENTREE, "070812346BC")
HEAD = Staff("ce", UAI, Role.HEAD)
SECRETARIAT = Staff("orientation-core", UAI, Role.SECRETARIAT)

_DAYS = [
    date(2027, 1, 11),
    date(2027, 2, 6),
    date(2027, 3, 15),
    date(2027, 4, 12),
    date(2027, 5, 15),
    date(2027, 6, 7),
    date(2027, 6, 14),
    date(2027, 7, 5),
]


def lyon_campaign(rentree: int = RENTREE) -> Campaign:
    """The collège's campaign for a rentrée (2027), its phases as in docs/import.md."""
    days = [day.replace(year=day.year + rentree - RENTREE) for day in _DAYS]
    schedule = {
        phase: (days[i], date.fromordinal(days[i + 1].toordinal() - 1))
        for i, phase in enumerate(list(Phase)[1:-1])
    }
    return Campaign.plan(Academy("Lyon", "Europe/Paris"), UAI, rentree, schedule)


def planned_store(path: Path, rentree: int = RENTREE) -> SqliteEventStore:
    """A new store at ``path`` holding the collège's planned campaign, and nothing else."""
    store = SqliteEventStore(path)
    store.create_schema()
    store.append_campaign(UAI, rentree, [lyon_campaign(rentree).planned], expected_version=0)
    return store


def school_store(path: Path, until: datetime | None = None) -> SqliteEventStore:
    """The collège's store, through the year.

    Léa's (3A) mother Claire validates her intentions on 12 January 2027,
    Émile's (3B) on 1 February.  On 14 June the head decides: the voie
    professionnelle for Léa, whose family appeals (won before the
    commission on 1 July), the voie générale for Émile, whose family
    accepts on 15 June.  With ``until``, only the acts before it.
    """
    store = planned_store(path)
    campaign = lyon_campaign()
    school_list = read_siecle(PUPILS, GUARDIANS)
    import_list(
        store,
        school_list,
        campaign=campaign,
        actor=SECRETARIAT,
        now=datetime(2026, 11, 20, 9, tzinfo=LYON),
        skip_invalid=True,
    )
    claire = next(g for g in store_guardians(store, LEA) if g.name == "MARTIN Claire")
    thi_hoa = store_guardians(store, EMILE)[0]
    steps: list[tuple[DossierId, DossierCommand, Actor, tuple[int, int, int]]] = [
        (LEA, ValidateIntentions(1, IntentionSet([Intention(Voie.GT)])), claire, (1, 12, 20)),
        (LEA, RecordDecision(2, Voie.PRO, "Résultats insuffisants en 2de GT."), HEAD, (6, 14, 10)),
        (LEA, LodgeAppeal(3, Voie.GT, "=Elle veut être ingénieure."), claire, (6, 15, 18)),
        (LEA, RecordAppealDecision(4, Voie.GT, "Les progrès du 3e trimestre."), HEAD, (7, 1, 11)),
        (EMILE, ValidateIntentions(1, IntentionSet([Intention(Voie.GT)])), thi_hoa, (2, 1, 19)),
        (EMILE, RecordDecision(2, Voie.GT, "Bons résultats."), HEAD, (6, 14, 11)),
        (EMILE, AcceptDecision(3), thi_hoa, (6, 15, 8)),
    ]
    for dossier, command, actor, (month, day, hour) in steps:
        now = datetime(2027, month, day, hour, 30, tzinfo=LYON)
        if until is None or now < until:
            handle(store, dossier, command, actor=actor, campaign=campaign, now=now)
    return store


def store_guardians(store: SqliteEventStore, dossier: DossierId) -> tuple[Guardian, ...]:
    """The guardians the dossier was opened with."""
    opened = store.load(dossier)[0]
    assert isinstance(opened, DossierOpened)
    return opened.guardians
