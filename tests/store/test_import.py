"""Opening the dossiers of a school's list: once each, late arrivals later, on every store."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from orientation_core import Academy, Campaign, DossierId, Phase, Role, SchoolYear, Staff
from orientation_core.exceptions import InvalidValue
from orientation_core.roster import read_csv, read_siecle
from orientation_core.store import ImportReport, SqliteEventStore, import_list
from orientation_core.store._sql import SqlEventStore

DATA = Path(__file__).parent.parent / "data"
PUPILS = DATA / "siecle" / "ElevesSansAdresses.xml"
GUARDIANS = DATA / "siecle" / "ResponsablesAvecAdresses.xml"

LYON = Academy("Lyon", "Europe/Paris", SchoolYear.NORTHERN)
SCHEDULE = {
    Phase.PROVISIONAL_OPEN: (date(2027, 1, 11), date(2027, 2, 5)),
    Phase.PROVISIONAL_CLOSED: (date(2027, 2, 6), date(2027, 3, 14)),
    Phase.AVIS_PUBLISHED: (date(2027, 3, 15), date(2027, 4, 11)),
    Phase.DEFINITIVE_OPEN: (date(2027, 4, 12), date(2027, 5, 14)),
    Phase.DEFINITIVE_CLOSED: (date(2027, 5, 15), date(2027, 6, 6)),
    Phase.PROPOSITIONS_PUBLISHED: (date(2027, 6, 7), date(2027, 6, 13)),
    Phase.DECISIONS: (date(2027, 6, 14), date(2027, 7, 4)),
}
COLLEGE = Campaign.plan(LYON, "0691234A", 2027, SCHEDULE)
SECRETARIAT = Staff("secretariat", "0691234A", Role.SECRETARIAT)
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


def dossier(pupil_id: str) -> DossierId:
    return DossierId("0691234A", 2027, pupil_id)


def test_an_import_opens_the_dossier_of_each_3e_pupil_with_guardians_read_from_the_files(
    store: SqlEventStore,
) -> None:
    school_list = read_siecle(PUPILS, GUARDIANS)
    report = import_list(
        store, school_list, campaign=COLLEGE, actor=SECRETARIAT, now=NOW, skip_invalid=True
    )
    assert report == ImportReport(
        opened=(dossier("070812345AB"), dossier("070812346BC")), already_open=0, skipped=1
    )
    (opened,) = store.load(dossier("070812345AB"))
    assert opened.pupil.name == "MARTIN Léa"  # type: ignore[attr-defined]
    assert [g.id for g in opened.guardians] == ["880101", "880102"]  # type: ignore[attr-defined]


def test_importing_the_same_export_again_opens_nothing_twice_and_a_newer_one_adds_late_arrivals(
    store: SqlEventStore,
) -> None:
    first = read_siecle(PUPILS, GUARDIANS)
    import_list(store, first, campaign=COLLEGE, actor=SECRETARIAT, now=NOW, skip_invalid=True)
    again = import_list(
        store, first, campaign=COLLEGE, actor=SECRETARIAT, now=NOW, skip_invalid=True
    )
    assert again == ImportReport(opened=(), already_open=2, skipped=1)
    # Chloé's guardian was keyed in Siècle in the meantime: the newer export adds her.
    newer = GUARDIANS.read_bytes().replace(
        b"    </RESPONSABLES>",
        b"      <RESPONSABLE_ELEVE><ELEVE_ID>4105</ELEVE_ID><PERSONNE_ID>880105</PERSONNE_ID>"
        b"<RESP_LEGAL>1</RESP_LEGAL></RESPONSABLE_ELEVE>\n    </RESPONSABLES>",
    )
    late = import_list(
        store, read_siecle(PUPILS, newer), campaign=COLLEGE, actor=SECRETARIAT, now=NOW
    )
    assert late == ImportReport(opened=(dossier("070812349EF"),), already_open=2, skipped=0)
    assert len(store.dossiers("0691234A", 2027)) == 3


def test_nothing_is_opened_from_files_with_errors_unless_asked(store: SqlEventStore) -> None:
    with pytest.raises(InvalidValue) as caught:
        import_list(
            store, read_siecle(PUPILS, GUARDIANS), campaign=COLLEGE, actor=SECRETARIAT, now=NOW
        )
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("list.no_guardian", ("élève", "4105", "responsables"))
    ]
    assert store.dossiers("0691234A", 2027) == []


def test_files_of_another_school_or_year_open_nothing(store: SqlEventStore) -> None:
    other = Campaign.plan(LYON, "0691235B", 2027, SCHEDULE)
    with pytest.raises(InvalidValue) as caught:
        import_list(
            store,
            read_siecle(PUPILS, GUARDIANS),
            campaign=other,
            actor=Staff("secretariat", "0691235B", Role.SECRETARIAT),
            now=NOW,
            skip_invalid=True,
        )
    assert [(p.code, p.message) for p in caught.value.problems] == [
        (
            "list.other_school",
            "Ces fichiers sont ceux de l'établissement 0691234A, pas de 0691235B.",
        )
    ]
    last_year = PUPILS.read_bytes().replace(b"<ANNEE_SCOLAIRE>2026", b"<ANNEE_SCOLAIRE>2025")
    last_year_guardians = GUARDIANS.read_bytes().replace(
        b"<ANNEE_SCOLAIRE>2026", b"<ANNEE_SCOLAIRE>2025"
    )
    with pytest.raises(InvalidValue) as caught:
        import_list(
            store,
            read_siecle(last_year, last_year_guardians),
            campaign=COLLEGE,
            actor=SECRETARIAT,
            now=NOW,
            skip_invalid=True,
        )
    assert [(p.code, p.message) for p in caught.value.problems] == [
        (
            "list.other_year",
            "Ces fichiers sont ceux de l'année scolaire 2025-2026, pas de 2026-2027.",
        )
    ]
    assert store.dossiers("0691234A", 2027) == []
    assert store.dossiers("0691235B", 2027) == []


def test_a_csv_list_opens_its_pupils_for_the_campaign_it_is_imported_into(
    store: SqlEventStore,
) -> None:
    report = import_list(
        store,
        read_csv(DATA / "lists" / "eleves-3e.csv"),
        campaign=COLLEGE,
        actor=SECRETARIAT,
        now=NOW,
        skip_invalid=True,
    )
    assert report.opened == (dossier("070812345AB"), dossier("070812346BC"))
    assert report.skipped == 1


@pytest.mark.parametrize("junk", [None, "list", 3])
def test_an_import_of_what_is_no_list_is_refused(store: SqlEventStore, junk: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        import_list(store, junk, campaign=COLLEGE, actor=SECRETARIAT, now=NOW)  # type: ignore[arg-type]
    assert [(p.code, p.path) for p in caught.value.problems] == [("type.invalid", ("school_list",))]
    with pytest.raises(InvalidValue) as caught:
        import_list(
            store,
            read_csv(DATA / "lists" / "eleves-3e.csv"),
            campaign=junk,  # type: ignore[arg-type]
            actor=SECRETARIAT,
            now=NOW,
        )
    assert [(p.code, p.path) for p in caught.value.problems] == [("type.invalid", ("campaign",))]


class StaleSqliteStore(SqliteEventStore):
    """A store whose list of dossiers was read just before another import opened one."""

    def dossiers(self, uai: str, rentree: int) -> list[DossierId]:
        return []


def test_two_imports_at_once_open_each_dossier_once(tmp_path: Path) -> None:
    path = str(tmp_path / "events.db")
    with SqliteEventStore(path) as first:
        first.create_schema()
        school_list = read_siecle(PUPILS, GUARDIANS)
        import_list(
            first, school_list, campaign=COLLEGE, actor=SECRETARIAT, now=NOW, skip_invalid=True
        )
    with StaleSqliteStore(path) as second:
        report = import_list(
            second, school_list, campaign=COLLEGE, actor=SECRETARIAT, now=NOW, skip_invalid=True
        )
        assert report == ImportReport(opened=(), already_open=2, skipped=1)
        assert len(second.load(dossier("070812345AB"))) == 1
