"""The académie: its school-year rhythm, its phase windows, its settings."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from orientation_core import Academy, AcademySettings, Phase, PhaseWindow, SchoolYear
from orientation_core.exceptions import InvalidValue
from tests.strategies import DEEP, HUGE, LONG_TEXT, Unprintable


def test_a_northern_campaign_runs_in_the_school_year_before_a_september_rentree() -> None:
    assert SchoolYear.NORTHERN.campaign_days(2027) == (date(2026, 9, 1), date(2027, 8, 31))
    assert SchoolYear.NORTHERN.rentree_month == 9
    assert SchoolYear.NORTHERN.label(2027) == "2026-2027"


def test_a_southern_rentree_2027_is_prepared_during_2026() -> None:
    # Nouvelle-Calédonie, Wallis-et-Futuna: the rentrée prochaine is in February.
    assert SchoolYear.SOUTHERN.campaign_days(2027) == (date(2026, 2, 1), date(2027, 1, 31))
    assert SchoolYear.SOUTHERN.rentree_month == 2
    assert SchoolYear.SOUTHERN.label(2027) == "2026"


def test_a_leap_year_ends_the_southern_campaign_days_on_31_january() -> None:
    assert SchoolYear.SOUTHERN.campaign_days(2029)[1] == date(2029, 1, 31)
    assert SchoolYear.NORTHERN.campaign_days(2028)[1] == date(2028, 8, 31)


def test_an_academy_keeps_its_windows_in_the_order_of_the_year() -> None:
    definitive = PhaseWindow(Phase.DEFINITIVE_OPEN, date(2027, 4, 1), date(2027, 5, 31))
    provisional = PhaseWindow(Phase.PROVISIONAL_OPEN, date(2027, 1, 4), date(2027, 2, 12))
    academy = Academy("Paris", "Europe/Paris", windows=[definitive, provisional])
    assert academy.windows == (provisional, definitive)
    assert academy == Academy("Paris", "Europe/Paris", windows=(provisional, definitive))
    assert academy.window(Phase.DEFINITIVE_OPEN) is definitive
    assert academy.window(Phase.DECISIONS) is None


def test_the_academy_names_the_schools_that_give_the_families_the_last_word() -> None:
    academy = Academy("Lyon", "Europe/Paris", dernier_mot_schools=["0690001A"])
    assert academy.runs_dernier_mot("0690001A")
    assert not academy.runs_dernier_mot("0690002B")
    assert academy.dernier_mot_schools == frozenset({"0690001A"})
    with pytest.raises(InvalidValue) as error:
        academy.runs_dernier_mot(["0690001A"])  # type: ignore[arg-type] # wrong type on purpose
    assert error.value.codes == ("type.invalid",)


def test_an_academy_defaults_to_a_northern_year_and_default_settings() -> None:
    academy = Academy("Nouvelle-Calédonie", "Pacific/Noumea", SchoolYear.SOUTHERN)
    assert academy.settings == AcademySettings()
    assert academy.school_year is SchoolYear.SOUTHERN
    assert academy.windows == ()


def test_a_window_of_days_cannot_end_before_it_starts() -> None:
    with pytest.raises(InvalidValue) as caught:
        PhaseWindow(Phase.PROVISIONAL_OPEN, date(2027, 2, 1), date(2027, 1, 31))
    assert caught.value.codes == ("window.empty",)
    one_day = PhaseWindow(Phase.PROVISIONAL_OPEN, date(2027, 2, 1), date(2027, 2, 1))
    assert one_day.first_day == one_day.last_day


@pytest.mark.parametrize("phase", [Phase.NOT_OPEN, Phase.CLOSED])
def test_only_dated_phases_have_windows(phase: Phase) -> None:
    with pytest.raises(InvalidValue) as caught:
        PhaseWindow(phase, date(2027, 1, 1), date(2027, 1, 2))
    assert caught.value.codes == ("schedule.not_dated",)


def test_a_window_is_made_of_days_not_instants() -> None:
    with pytest.raises(InvalidValue) as caught:
        PhaseWindow(
            "PROVISIONAL_OPEN",  # type: ignore[arg-type] # wrong type on purpose
            datetime(2027, 1, 1),  # noqa: DTZ001 -- the wrong type is the point
            "2027-01-31",  # type: ignore[arg-type] # wrong type on purpose
        )
    assert caught.value.codes == ("schedule.not_dated", "type.invalid", "type.invalid")


def test_an_academy_lists_everything_wrong_at_once() -> None:
    window = PhaseWindow(Phase.PROVISIONAL_OPEN, date(2027, 1, 4), date(2027, 2, 12))
    with pytest.raises(InvalidValue) as caught:
        Academy(
            " ",
            "Europe/Lutece",
            "NORTHERN",  # type: ignore[arg-type] # wrong type on purpose
            {"details_enabled": True},  # type: ignore[arg-type] # wrong type on purpose
            [window, window, "window"],  # type: ignore[list-item] # wrong type on purpose
            [1],  # type: ignore[list-item] # wrong type on purpose
        )
    assert caught.value.codes == (
        "academy.name_empty",
        "timezone.unknown",
        "type.invalid",
        "type.invalid",
        "academy.window_duplicate",
        "type.invalid",
        "type.invalid",
    )
    assert [p.path for p in caught.value.problems][-3:] == [
        ("windows", 1),
        ("windows", 2),
        ("dernier_mot_schools",),
    ]


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"name": 7}, "type.invalid"),
        ({"timezone": None}, "timezone.unknown"),
        ({"timezone": "../etc/passwd"}, "timezone.unknown"),
        ({"timezone": "Europe"}, "timezone.unknown"),
        ({"windows": 3}, "type.invalid"),
        ({"windows": "PROVISIONAL_OPEN"}, "type.invalid"),
        ({"dernier_mot_schools": 3}, "type.invalid"),
        ({"dernier_mot_schools": "0750001A"}, "type.invalid"),
    ],
)
def test_bad_input_never_escapes_as_a_stdlib_error(kwargs: dict[str, object], code: str) -> None:
    arguments: dict[str, object] = {"name": "Paris", "timezone": "Europe/Paris", **kwargs}
    with pytest.raises(InvalidValue) as caught:
        Academy(**arguments)  # type: ignore[arg-type] # wrong type on purpose
    assert caught.value.codes == (code,)


# --- values at the limits (issue 7) -------------------------------------------


@pytest.mark.parametrize(
    "zone", [HUGE, DEEP, LONG_TEXT, Unprintable()], ids=["huge", "deep", "long", "unprintable"]
)
def test_a_timezone_that_cannot_be_written_out_is_unknown_in_few_words(zone: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        Academy("Paris", zone)  # type: ignore[arg-type] # wrong type on purpose
    [found] = caught.value.problems
    assert (found.code, found.path) == ("timezone.unknown", ("timezone",))
    assert len(found.message) < 100


def test_a_window_for_an_object_that_cannot_be_compared_is_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        PhaseWindow(Unprintable(), date(2027, 1, 11), date(2027, 2, 5))  # type: ignore[arg-type] # wrong type on purpose
    assert [(p.code, p.path, p.message) for p in caught.value.problems] == [
        (
            "schedule.not_dated",
            ("phase",),
            "La phase « valeur non reconnue » n'a pas de dates dans le calendrier.",
        )
    ]
