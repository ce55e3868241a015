"""Jours ouvrables and public holidays of each territory, against the published lists."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orientation_core import (
    Territory,
    is_jour_ouvrable,
    jours_ouvrables_after,
    public_holidays,
)
from orientation_core.exceptions import InvalidValue

# The jours fériés of metropolitan France in 2027 (Code du travail L3133-1;
# Easter Sunday is 28 March 2027).
METROPOLE_2027 = {
    date(2027, 1, 1),
    date(2027, 3, 29),  # lundi de Pâques
    date(2027, 5, 1),
    date(2027, 5, 6),  # Ascension
    date(2027, 5, 8),
    date(2027, 5, 17),  # lundi de Pentecôte
    date(2027, 7, 14),
    date(2027, 8, 15),
    date(2027, 11, 1),
    date(2027, 11, 11),
    date(2027, 12, 25),
}
# And in 2026 (Easter Sunday 5 April 2026).
METROPOLE_2026 = {
    date(2026, 1, 1),
    date(2026, 4, 6),
    date(2026, 5, 1),
    date(2026, 5, 8),
    date(2026, 5, 14),
    date(2026, 5, 25),
    date(2026, 7, 14),
    date(2026, 8, 15),
    date(2026, 11, 1),
    date(2026, 11, 11),
    date(2026, 12, 25),
}


def test_metropolitan_holidays_are_the_published_ones() -> None:
    assert public_holidays(Territory.METROPOLE, 2027) == METROPOLE_2027
    assert public_holidays(Territory.METROPOLE, 2026) == METROPOLE_2026


def test_alsace_moselle_adds_good_friday_and_saint_etienne() -> None:
    assert public_holidays(Territory.ALSACE_MOSELLE, 2027) == METROPOLE_2027 | {
        date(2027, 3, 26),  # Vendredi saint
        date(2027, 12, 26),  # Saint-Étienne
    }
    assert public_holidays(Territory.ALSACE_MOSELLE, 2026) - METROPOLE_2026 == {
        date(2026, 4, 3),
        date(2026, 12, 26),
    }


@pytest.mark.parametrize(
    ("territory", "abolition"),
    [
        # Décret 83-1003 (and loi 2011 for Mayotte): each territory's day.
        (Territory.MAYOTTE, date(2027, 4, 27)),
        (Territory.MARTINIQUE, date(2027, 5, 22)),
        (Territory.GUADELOUPE, date(2027, 5, 27)),
        (Territory.SAINT_MARTIN, date(2027, 5, 28)),
        (Territory.GUYANE, date(2027, 6, 10)),
        (Territory.SAINT_BARTHELEMY, date(2027, 10, 9)),
        (Territory.REUNION, date(2027, 12, 20)),
    ],
)
def test_each_overseas_departement_has_its_own_abolition_day(
    territory: Territory, abolition: date
) -> None:
    holidays = public_holidays(territory, 2027)
    assert abolition in holidays
    assert abolition not in public_holidays(Territory.METROPOLE, 2027)
    others = {date(2027, 4, 27), date(2027, 5, 22), date(2027, 5, 27), date(2027, 6, 10)}
    others |= {date(2027, 5, 28), date(2027, 10, 9), date(2027, 12, 20)}
    assert holidays & (others - {abolition}) == set()


def test_the_pacific_territories_have_their_own_days() -> None:
    assert date(2026, 9, 24) in public_holidays(Territory.NOUVELLE_CALEDONIE, 2026)
    wallis = public_holidays(Territory.WALLIS_ET_FUTUNA, 2026)
    assert {date(2026, 4, 28), date(2026, 7, 29)} <= wallis
    polynesie = public_holidays(Territory.POLYNESIE_FRANCAISE, 2026)
    assert {date(2026, 3, 5), date(2026, 4, 3)} <= polynesie  # Évangile, Vendredi saint
    assert public_holidays(Territory.SAINT_PIERRE_ET_MIQUELON, 2026) == METROPOLE_2026


def test_sunday_is_never_a_jour_ouvrable_but_saturday_is() -> None:
    assert not is_jour_ouvrable(date(2027, 6, 20), Territory.METROPOLE)
    assert is_jour_ouvrable(date(2027, 6, 19), Territory.METROPOLE)


def test_a_holiday_is_not_a_jour_ouvrable_only_where_it_is_one() -> None:
    saint_etienne = date(2026, 12, 26)  # a Saturday
    assert is_jour_ouvrable(saint_etienne, Territory.METROPOLE)
    assert not is_jour_ouvrable(saint_etienne, Territory.ALSACE_MOSELLE)


def test_three_jours_ouvrables_skip_sunday() -> None:
    # Notified on Friday 18 June 2027: Saturday, (Sunday), Monday, Tuesday.
    assert jours_ouvrables_after(date(2027, 6, 18), 3, Territory.METROPOLE) == date(2027, 6, 22)


def test_three_jours_ouvrables_skip_pentecost_monday_and_the_sunday() -> None:
    # Notified on Friday 14 May 2027: Sat 15, (Sun 16, Mon 17 Pentecôte), Tue 18, Wed 19.
    assert jours_ouvrables_after(date(2027, 5, 14), 3, Territory.METROPOLE) == date(2027, 5, 19)


def test_three_jours_ouvrables_skip_the_local_abolition_day() -> None:
    # Martinique, Thursday 20 May 2027: Fri 21, (Sat 22 abolition), (Sun 23), Mon 24, Tue 25.
    day = date(2027, 5, 20)
    assert jours_ouvrables_after(day, 3, Territory.MARTINIQUE) == date(2027, 5, 25)
    assert jours_ouvrables_after(day, 3, Territory.METROPOLE) == date(2027, 5, 24)


def test_zero_jours_ouvrables_is_the_day_itself() -> None:
    assert jours_ouvrables_after(date(2027, 6, 20), 0, Territory.METROPOLE) == date(2027, 6, 20)


@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    count=st.integers(0, 10),
    territory=st.sampled_from(Territory),
)
def test_the_nth_jour_ouvrable_is_one_and_has_exactly_n_before_it(
    day: date, count: int, territory: Territory
) -> None:
    last = jours_ouvrables_after(day, count, territory)
    between = [day + timedelta(days=i) for i in range(1, (last - day).days + 1)]
    assert sum(is_jour_ouvrable(d, territory) for d in between) == count
    if count:
        assert is_jour_ouvrable(last, territory)
    # At most one Sunday and a few holidays in a row: never far away.
    assert (last - day).days <= 2 * count + 3


@pytest.mark.parametrize(
    "call",
    [
        lambda: is_jour_ouvrable("2027-06-18", Territory.METROPOLE),  # type: ignore[arg-type] # wrong type on purpose
        lambda: is_jour_ouvrable(date(2027, 6, 18), "METROPOLE"),  # type: ignore[arg-type] # wrong type on purpose
        lambda: jours_ouvrables_after(date(2027, 6, 18), -1, Territory.METROPOLE),
        lambda: jours_ouvrables_after(date(2027, 6, 18), 3.0, Territory.METROPOLE),  # type: ignore[arg-type] # wrong type on purpose
        lambda: jours_ouvrables_after(date.max, 3, Territory.METROPOLE),
        lambda: public_holidays("FR", 2027),  # type: ignore[arg-type] # wrong type on purpose
        lambda: public_holidays(Territory.METROPOLE, "2027"),  # type: ignore[arg-type] # wrong type on purpose
        lambda: public_holidays(Territory.METROPOLE, 10_000),
    ],
)
def test_bad_input_is_refused_with_invalid_value(call: object) -> None:
    with pytest.raises(InvalidValue):
        call()  # type: ignore[operator] # wrong type on purpose


def test_territories_come_from_the_zone_only_where_it_is_unambiguous() -> None:
    assert Territory.for_zone("Europe/Paris") is Territory.METROPOLE
    assert Territory.for_zone("Pacific/Marquesas") is Territory.POLYNESIE_FRANCAISE
    assert Territory.for_zone("America/Puerto_Rico") is None
    assert Territory.ALSACE_MOSELLE.label == "Alsace-Moselle"
    assert Territory.METROPOLE.subdivision is None


def test_counting_past_the_last_day_datetime_holds_is_out_of_range() -> None:
    with pytest.raises(InvalidValue) as caught:
        jours_ouvrables_after(date(9999, 12, 30), 3, Territory.METROPOLE)
    assert [(p.code, p.path) for p in caught.value.problems] == [("date.out_of_range", ("day",))]
