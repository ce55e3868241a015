"""Schools in semestres: the campaign knows the school's rhythm and every label follows it."""

from datetime import UTC, date, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from orientation_core import (
    Academy,
    Campaign,
    CloseService,
    MoveStart,
    Phase,
    PublishAvis,
    Rhythm,
    SchoolYear,
)
from orientation_core.exceptions import IllegalTransition, InvalidValue
from tests.strategies import campaigns, head_of

ACADEMY = Academy("Lyon", "Europe/Paris", SchoolYear.NORTHERN)

# A real semestre calendar: the intentions from mid-November to late January,
# the conseils de classe of the 1st semestre in early February.
SEMESTRE_SCHEDULE: dict[Phase, tuple[date | datetime, date | datetime]] = {
    Phase.PROVISIONAL_OPEN: (date(2026, 11, 16), date(2027, 1, 29)),
    Phase.PROVISIONAL_CLOSED: (date(2027, 1, 30), date(2027, 2, 14)),
    Phase.AVIS_PUBLISHED: (date(2027, 2, 15), date(2027, 3, 28)),
    Phase.DEFINITIVE_OPEN: (date(2027, 3, 29), date(2027, 5, 21)),
    Phase.DEFINITIVE_CLOSED: (date(2027, 5, 22), date(2027, 6, 6)),
    Phase.PROPOSITIONS_PUBLISHED: (date(2027, 6, 7), date(2027, 6, 13)),
    Phase.DECISIONS: (date(2027, 6, 14), date(2027, 7, 4)),
}


def semestre_campaign() -> Campaign:
    return Campaign.plan(ACADEMY, "0691234A", 2027, SEMESTRE_SCHEDULE, rhythm=Rhythm.SEMESTRES)


def test_a_school_on_semestres_names_its_conseils_de_classe_by_semestre() -> None:
    calendar = semestre_campaign().calendar()
    assert [entry.label for entry in calendar] == [
        "Saisie des intentions provisoires",
        "Conseils de classe du 1er semestre",
        "Consultation de l'avis provisoire et accusé de réception",
        "Saisie des choix définitifs",
        "Conseils de classe du 2nd semestre",
        "Réponse aux propositions du conseil de classe",
        "Décision d'orientation et appel",
    ]
    assert calendar[0].text == "du 16/11/2026 au 29/01/2027"


def test_a_school_runs_in_trimestres_unless_it_says_otherwise() -> None:
    schedule = SEMESTRE_SCHEDULE
    campaign = Campaign.plan(ACADEMY, "0691234A", 2027, schedule)
    assert campaign.rhythm is Rhythm.TRIMESTRES
    labels = [entry.label for entry in campaign.calendar()]
    assert labels[1] == "Conseils de classe du 2e trimestre"
    assert labels[4] == "Conseils de classe du 3e trimestre"


def test_each_rhythm_names_the_periods_the_family_acts_in() -> None:
    assert Rhythm.TRIMESTRES.intentions_period == "Deuxième trimestre"
    assert Rhythm.TRIMESTRES.choix_period == "Troisième trimestre"
    assert Rhythm.SEMESTRES.intentions_period == "Premier semestre"
    assert Rhythm.SEMESTRES.choix_period == "Deuxième semestre"


def test_a_phase_outside_the_conseils_de_classe_has_one_label_in_both_rhythms() -> None:
    for phase in Phase:
        if phase not in (Phase.PROVISIONAL_CLOSED, Phase.DEFINITIVE_CLOSED):
            assert phase.label_in(Rhythm.SEMESTRES) == phase.label_in(Rhythm.TRIMESTRES)
            assert phase.label_in(Rhythm.TRIMESTRES) == phase.label


def test_a_semestre_school_reads_its_own_labels_in_the_problems_of_its_plan() -> None:
    schedule = dict(SEMESTRE_SCHEDULE)
    del schedule[Phase.PROVISIONAL_CLOSED]
    with pytest.raises(InvalidValue) as caught:
        Campaign.plan(ACADEMY, "0691234A", 2027, schedule, rhythm=Rhythm.SEMESTRES)
    missing = [p for p in caught.value.problems if p.code == "schedule.missing"]
    assert [p.message for p in missing] == [
        "Les dates de la phase « Conseils de classe du 1er semestre » manquent au calendrier."
    ]


def test_the_head_of_a_semestre_school_is_told_the_phase_in_its_own_words() -> None:
    campaign = semestre_campaign()
    head = head_of(campaign)
    during_intentions = datetime(2026, 12, 1, 10, tzinfo=UTC)
    with pytest.raises(IllegalTransition) as caught:
        campaign.handle(PublishAvis(1), actor=head, now=during_intentions)
    assert caught.value.reason == "wrong_phase"
    assert "« Conseils de classe du 1er semestre »" in caught.value.message


def test_a_semestre_head_moving_a_phase_wrongly_is_told_it_in_the_school_s_words() -> None:
    campaign = semestre_campaign()
    # The avis published on the first day of the conseils de classe: out of order.
    with pytest.raises(IllegalTransition) as caught:
        campaign.handle(
            MoveStart(1, Phase.AVIS_PUBLISHED, date(2027, 1, 30)),
            actor=head_of(campaign),
            now=datetime(2027, 1, 10, 10, tzinfo=UTC),
        )
    assert caught.value.reason == "out_of_order"
    assert caught.value.message == (
        "« Consultation de l'avis provisoire et accusé de réception » doit commencer après "
        "« Conseils de classe du 1er semestre »."
    )


def test_a_rhythm_that_is_not_one_is_refused_where_it_is_given() -> None:
    with pytest.raises(InvalidValue) as caught:
        Campaign.plan(ACADEMY, "0691234A", 2027, SEMESTRE_SCHEDULE, rhythm="SEMESTRES")  # type: ignore[arg-type]
    assert [(p.code, p.path) for p in caught.value.problems] == [("type.invalid", ("rhythm",))]
    with pytest.raises(InvalidValue) as caught:
        attrs.evolve(semestre_campaign(), rhythm=2)  # type: ignore[arg-type]
    assert [(p.code, p.path) for p in caught.value.problems] == [("type.invalid", ("rhythm",))]


@given(campaigns(), st.sampled_from(Rhythm))
def test_the_rhythm_is_part_of_the_plan_and_of_every_line_of_the_calendar(
    campaign: Campaign, rhythm: Rhythm
) -> None:
    campaign = attrs.evolve(campaign, rhythm=rhythm)
    assert campaign.planned.rhythm is rhythm
    assert campaign.planned.campaign == campaign
    assert {entry.rhythm for entry in campaign.calendar()} == {rhythm}


def test_the_rhythm_is_kept_through_the_head_s_changes_and_their_replay() -> None:
    campaign = semestre_campaign()
    closed, events = campaign.handle(
        CloseService(1, Phase.PROVISIONAL_OPEN),
        actor=head_of(campaign),
        now=datetime(2027, 1, 20, 17, tzinfo=UTC),
    )
    assert closed.rhythm is Rhythm.SEMESTRES
    assert Campaign.replay((campaign.planned, *events)) == closed


def test_a_semestre_campaign_built_from_its_starts_reads_its_own_labels_in_its_problems() -> None:
    planned = semestre_campaign()
    # The conseils de classe of the 1st semestre start after the intentions' close.
    starts = list(planned.starts)
    starts[1] = starts[0]
    with pytest.raises(InvalidValue) as caught:
        Campaign(
            planned.academy,
            planned.uai,
            planned.rentree,
            tuple(starts),
            planned.zone,
            planned.territory,
            rhythm=Rhythm.SEMESTRES,
        )
    assert [p.message for p in caught.value.problems] == [
        (
            "« Conseils de classe du 1er semestre » doit commencer après "
            "« Saisie des intentions provisoires »."
        )
    ]
