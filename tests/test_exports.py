import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orientation_core import (
    Actor,
    Answer,
    AnswerPropositions,
    DossierCommand,
    Guardian,
    Intention,
    IntentionSet,
    Proposition,
    Pupil,
    RecordPropositions,
    ValidateChoix,
    Voie,
    sync,
)
from orientation_core.exceptions import InvalidValue
from orientation_core.exports import (
    write_appeals,
    write_decisions,
    write_follow_up,
    write_sync_records,
)
from orientation_core.exports._files import _write_csv
from orientation_core.store import SqliteEventStore, handle, open_dossier
from tests.school import (
    HEAD,
    LYON,
    RENTREE,
    SECRETARIAT,
    lyon_campaign,
    planned_store,
    school_store,
)
from tests.strategies import dossier_campaign

BOM = "\ufeff"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> SqliteEventStore:
    return school_store(tmp_path_factory.mktemp("school") / "orientation.db")


def written(write: object, *args: object, **kwargs: object) -> tuple[int, str]:
    out = io.StringIO()
    count = write(*args, out, **kwargs)  # type: ignore[operator]
    return count, out.getvalue()


def test_the_decisions_file_has_a_line_per_decision_by_class_and_name(
    store: SqliteEventStore,
) -> None:
    count, text = written(write_decisions, store, lyon_campaign())
    assert count == 2
    assert text.startswith(BOM)
    assert text[1:].split("\r\n") == [
        "INE;Élève;Classe;Décision;Prise par;Motifs;Notifiée le;Réponse de la famille;Répondu le",
        (
            "070812345AB;MARTIN Léa;3A;2de professionnelle;Chef d'établissement;"
            "Résultats insuffisants en 2de GT.;14/06/2027 10:30;Appel;15/06/2027 18:30"
        ),
        (
            "070812346BC;DURAND-NGUYEN Émile;3B;2de générale et technologique ou 2de STHR;"
            "Chef d'établissement;Bons résultats.;14/06/2027 11:30;Acceptée;15/06/2027 08:30"
        ),
        "",
    ]


def test_a_decision_not_answered_yet_is_pending(tmp_path: Path) -> None:
    store = school_store(tmp_path / "orientation.db", until=datetime(2027, 6, 14, 23, tzinfo=LYON))
    _, text = written(write_decisions, store, lyon_campaign())
    assert [line.split(";")[-2:] for line in text.split("\r\n")[1:3]] == [
        ["En attente", ""],
        ["En attente", ""],
    ]


def test_before_any_decision_the_file_has_its_header_only(tmp_path: Path) -> None:
    store = school_store(tmp_path / "orientation.db", until=datetime(2027, 6, 1, tzinfo=LYON))
    assert written(write_decisions, store, lyon_campaign()) == (
        0,
        BOM + "INE;Élève;Classe;Décision;Prise par;Motifs;Notifiée le;Réponse de la famille;"
        "Répondu le\r\n",
    )


def test_a_proposition_the_family_agreed_to_is_a_decision(tmp_path: Path) -> None:
    store = planned_store(tmp_path / "orientation.db")
    campaign = lyon_campaign()
    paul = Guardian("880201", "PETIT Paul")
    dossier, _ = open_dossier(
        store,
        Pupil("070812347CD", "PETIT Zoé", "3A"),
        [paul],
        campaign=campaign,
        actor=SECRETARIAT,
        now=datetime(2026, 11, 20, tzinfo=LYON),
    )
    steps: list[tuple[DossierCommand, Actor, datetime]] = [
        (
            ValidateChoix(1, IntentionSet([Intention(Voie.GT)])),
            paul,
            datetime(2027, 4, 20, tzinfo=LYON),
        ),
        (RecordPropositions(2, [Proposition(Voie.GT)]), HEAD, datetime(2027, 5, 20, tzinfo=LYON)),
        (AnswerPropositions(3, [Answer.D_ACCORD]), paul, datetime(2027, 6, 8, tzinfo=LYON)),
    ]
    for command, actor, day in steps:
        handle(store, dossier.id, command, actor=actor, campaign=campaign, now=day)
    _, text = written(write_decisions, store, campaign)
    assert text.split("\r\n")[1] == (
        "070812347CD;PETIT Zoé;3A;2de générale et technologique ou 2de STHR;"
        "Conseil de classe (proposition acceptée);;;Acceptée;"
    )


def test_the_appeals_file_has_the_commissions_decision_and_no_formula(
    store: SqliteEventStore,
) -> None:
    count, text = written(write_appeals, store, lyon_campaign())
    assert count == 1
    assert text[1:].split("\r\n") == [
        (
            "INE;Élève;Classe;Décision contestée;Voie demandée;Motif;Déposé le;"
            "Dernier mot de la famille;Décision de la commission;Commentaire de la commission;"
            "Décidée le;Maintien en 3e demandé le"
        ),
        # The family's motif starts with "=": a spreadsheet must show it, not run it.
        (
            "070812345AB;MARTIN Léa;3A;2de professionnelle;"
            "2de générale et technologique ou 2de STHR;'=Elle veut être ingénieure.;"
            "15/06/2027 18:30;Non;2de générale et technologique ou 2de STHR;"
            "Les progrès du 3e trimestre.;01/07/2027 11:30;"
        ),
        "",
    ]


def test_the_follow_up_file_lists_the_families_with_their_contacts(tmp_path: Path) -> None:
    store = school_store(tmp_path / "orientation.db", until=datetime(2027, 1, 11, 9, tzinfo=LYON))
    now = datetime(2027, 1, 11, 10, tzinfo=LYON)
    count, text = written(write_follow_up, store, lyon_campaign(), now=now)
    assert count == 2
    assert text[1:].split("\r\n") == [
        (
            "Classe;Élève;INE;Démarche attendue;Représentant légal 1;Courriel 1;"
            "Représentant légal 2;Courriel 2"
        ),
        (
            "3A;MARTIN Léa;070812345AB;Aucune intention provisoire validée;MARTIN Claire;"
            "claire.martin@example.fr;MARTIN Julien;"
        ),
        "3B;DURAND-NGUYEN Émile;070812346BC;Aucune intention provisoire validée;DURAND Thi Hoa;;;",
        "",
    ]


def test_before_the_service_opens_nobody_is_followed_up(store: SqliteEventStore) -> None:
    now = datetime(2026, 12, 1, tzinfo=LYON)
    assert written(write_follow_up, store, lyon_campaign(), now=now) == (
        0,
        BOM + "Classe;Élève;INE;Démarche attendue;Représentant légal 1;Courriel 1;"
        "Représentant légal 2;Courriel 2\r\n",
    )


def test_the_sync_records_are_the_campaigns_feed_one_a_line(tmp_path: Path) -> None:
    store = school_store(tmp_path / "orientation.db")
    # Another school's dossier in the same store is not this campaign's.
    other = dossier_campaign()
    open_dossier(
        store,
        Pupil("eleve-1", "Zoé Petit", "3e A"),
        [Guardian("resp-1", "Paul Petit")],
        campaign=other,
        actor=HEAD.__class__("ce", other.uai, HEAD.role),
        now=datetime(2027, 1, 5, tzinfo=LYON),
    )
    count, text = written(write_sync_records, store, lyon_campaign())
    lines = text.split("\n")
    assert count == 9
    assert lines[-1] == ""
    records = [sync.load(json.loads(line)) for line in lines[:-1]]
    assert [(r.dossier.pupil_id, r.version, r.kind) for r in records] == [
        ("070812345AB", 1, "DossierOpened"),
        ("070812346BC", 1, "DossierOpened"),
        ("070812345AB", 2, "IntentionsValidated"),
        ("070812345AB", 3, "DecisionRecorded"),
        ("070812345AB", 4, "AppealLodged"),
        ("070812345AB", 5, "AppealDecisionRecorded"),
        ("070812346BC", 2, "IntentionsValidated"),
        ("070812346BC", 3, "DecisionRecorded"),
        ("070812346BC", 4, "DecisionAccepted"),
    ]
    assert {r.dossier.rentree for r in records} == {RENTREE}
    # Accents as they are: JSON Lines are UTF-8.
    assert "MARTIN Léa" in lines[0]


@pytest.mark.parametrize(
    "write", [write_decisions, write_appeals, write_sync_records], ids=lambda f: f.__name__
)
def test_arguments_of_the_wrong_type_are_refused_together(write: object) -> None:
    with pytest.raises(InvalidValue) as error:
        write("orientation.db", "0691234A", "out.csv")  # type: ignore[operator]
    assert [(p.code, p.path) for p in error.value.problems] == [
        ("type.invalid", ("store",)),
        ("type.invalid", ("campaign",)),
        ("type.invalid", ("out",)),
    ]


def test_a_naive_now_is_refused(store: SqliteEventStore) -> None:
    with pytest.raises(InvalidValue) as error:
        write_follow_up(store, lyon_campaign(), io.StringIO(), now=datetime(2027, 1, 11))  # noqa: DTZ001
    assert error.value.problems[0].code == "time.naive"


cells = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)


@given(rows=st.lists(st.lists(cells, min_size=3, max_size=3), max_size=5))
def test_any_text_reads_back_as_written_but_a_formula(rows: list[list[str]]) -> None:
    out = io.StringIO()
    _write_csv(out, ("a", "b", "c"), [list(row) for row in rows])
    read = list(
        csv.reader(io.StringIO(out.getvalue().removeprefix(BOM), newline=""), delimiter=";")
    )
    assert read[0] == ["a", "b", "c"]
    expected = [
        [f"'{cell}" if cell[:1] in {"=", "+", "-", "@", "\t", "\r"} else cell for cell in row]
        for row in rows
    ]
    assert read[1:] == expected
