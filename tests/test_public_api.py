"""Every public name, fed anything at all, works or raises the library's own error."""

from __future__ import annotations

import contextlib
import enum
import inspect
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import orientation_core
from orientation_core import (
    AcademySettings,
    Dossier,
    Intention,
    IntentionSet,
    Phase,
    Role,
    Voie,
    codec,
)
from orientation_core.exceptions import OrientationError
from tests.strategies import (
    CLAIRE,
    DEEP,
    EDGES_OF_TIME,
    HUGE,
    LEA,
    LONG_TEXT,
    PAUL,
    SECRETARIAT,
    Unprintable,
    dossier_campaign,
    head_of,
)

# Values at the limits of what Python holds: the library must not even try
# to write them out, walk them, compare them or move them by a day.
AT_THE_LIMITS: tuple[object, ...] = (
    HUGE,
    -HUGE,
    DEEP,
    LONG_TEXT,
    b"\xff" * 3,
    float("nan"),
    float("inf"),
    Unprintable(),
    *EDGES_OF_TIME,
)
HASHABLE_AT_THE_LIMITS = (HUGE, -HUGE, LONG_TEXT)


def _limit(index: int) -> object:
    # Drawn by index: Hypothesis writes out the values a strategy samples
    # from, and these cannot all be written out.
    return AT_THE_LIMITS[index]


def _key_at_the_limit(index: int) -> object:
    return HASHABLE_AT_THE_LIMITS[index]


# Anything a host might pass by mistake: wrong types, near-misses, the
# library's own values in the wrong place, naive and aware instants, and
# values at the limits, as they are or as the keys of a mapping.
junk: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.integers(0, len(AT_THE_LIMITS) - 1).map(_limit)
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.binary(max_size=4)
    | st.sampled_from([Voie.GT, Phase.CLOSED, Role.HEAD, "GT", "PRO", "SCOLAIRE", "0751234J"])
    | st.datetimes()
    | st.datetimes(timezones=st.just(UTC))
    | st.dates()
    | st.builds(object),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(
            st.text(max_size=5) | st.integers(0, 2).map(_key_at_the_limit), inner, max_size=3
        )
    ),
    max_leaves=6,
)

CAMPAIGN = dossier_campaign()
NOW = datetime(2027, 1, 20, 12, tzinfo=UTC)
DOSSIER = Dossier.open(LEA, [CLAIRE, PAUL], campaign=CAMPAIGN, actor=SECRETARIAT, now=NOW)[0]
SET = IntentionSet([Intention(Voie.GT), Intention(Voie.PRO, "Vente")])


def _is_public_callable(value: object) -> bool:
    # Protocols describe what hosts pass; they are not called.
    if isinstance(value, type):
        return not getattr(value, "_is_protocol", False)
    return inspect.isfunction(value)


PUBLIC = sorted(
    (name, value)
    for name, value in vars(orientation_core).items()
    if name in orientation_core.__all__ and _is_public_callable(value)
)


def _required(function: Callable[..., object]) -> int:
    parameters = inspect.signature(function).parameters.values()
    return sum(
        1
        for p in parameters
        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    )


def _refuses_in_kind(call: Callable[[], object]) -> None:
    with contextlib.suppress(OrientationError):
        call()


@pytest.mark.parametrize(("name", "public"), PUBLIC, ids=[name for name, _ in PUBLIC])
@given(data=st.data())
def test_every_public_class_and_function_takes_junk_without_a_bare_error(
    name: str, public: Any, data: st.DataObject
) -> None:
    if isinstance(public, type) and issubclass(public, enum.Enum):
        arguments = [data.draw(junk)]
    else:
        arguments = [data.draw(junk) for _ in range(_required(public))]
    _refuses_in_kind(lambda: public(*arguments))


METHODS: dict[str, Callable[[Any, Any], object]] = {
    "Campaign.phase_at": lambda a, _: CAMPAIGN.phase_at(a),
    "Campaign.next_change": lambda a, _: CAMPAIGN.next_change(a),
    "Campaign.local": lambda a, _: CAMPAIGN.local(a),
    "Campaign.appeal_deadline": lambda a, _: CAMPAIGN.appeal_deadline(a),
    "Campaign.start_of": lambda a, _: CAMPAIGN.start_of(a),
    "Campaign.end_of": lambda a, _: CAMPAIGN.end_of(a),
    "Campaign.handle": lambda a, b: CAMPAIGN.handle(a, actor=head_of(CAMPAIGN), now=b),
    "Campaign.handle actor": lambda a, b: CAMPAIGN.handle(a, actor=b, now=NOW),
    "Campaign.replay": lambda a, _: CAMPAIGN.replay(a),
    "Campaign.plan": lambda a, b: type(CAMPAIGN).plan(
        CAMPAIGN.academy, "0751234J", 2027, a, zone=b
    ),
    "Academy.runs_dernier_mot": lambda a, _: CAMPAIGN.academy.runs_dernier_mot(a),
    "Academy.window": lambda a, _: CAMPAIGN.academy.window(a),
    "IntentionSet.at": lambda a, _: SET.at(a),
    "IntentionSet.add": lambda a, _: SET.add(a),
    "IntentionSet.remove": lambda a, _: SET.remove(a),
    "IntentionSet.move_up": lambda a, _: SET.move_up(a),
    "IntentionSet.move_down": lambda a, _: SET.move_down(a),
    "IntentionSet.replace": SET.replace,
    "IntentionSet.rank_of": lambda a, _: SET.rank_of(a),
    "IntentionSet.from_form": IntentionSet.from_form,
    "AcademySettings.check": lambda a, _: AcademySettings().check(a),
    "Dossier.handle": lambda a, b: DOSSIER.handle(a, actor=b, campaign=CAMPAIGN, now=NOW),
    "Dossier.handle now": lambda a, b: DOSSIER.handle(a, actor=CLAIRE, campaign=b, now=a),
    "Dossier.replay": lambda a, _: Dossier.replay(a, campaign=CAMPAIGN),
    "Dossier.replay campaign": lambda a, b: Dossier.replay(a, campaign=b),
    "Dossier.late_actions": DOSSIER.late_actions,
    "Dossier.late_actions now": lambda a, _: DOSSIER.late_actions(CAMPAIGN, a),
    "Dossier.open": lambda a, b: Dossier.open(a, b, campaign=CAMPAIGN, actor=SECRETARIAT, now=NOW),
    "Dossier.apply": lambda a, b: DOSSIER.apply(a, campaign=b),
    "Dossier.apply event": lambda a, _: DOSSIER.apply(a, campaign=CAMPAIGN),
    "Campaign.apply": lambda a, _: CAMPAIGN.apply(a),
    "Dossier.conforms": lambda a, _: DOSSIER.conforms(a),
    "codec.load": codec.load,
    "codec.dump": lambda a, _: codec.dump(a),
}


@pytest.mark.parametrize("method", sorted(METHODS))
@given(first=junk, second=junk)
def test_every_public_method_takes_junk_without_a_bare_error(
    method: str, first: Any, second: Any
) -> None:
    _refuses_in_kind(lambda: METHODS[method](first, second))
    # Whatever happened, the values it was called on are as they were.
    assert dossier_campaign() == CAMPAIGN
    assert IntentionSet([Intention(Voie.GT), Intention(Voie.PRO, "Vente")]) == SET


def test_the_junk_reaches_every_public_callable() -> None:
    names = {name for name, _ in PUBLIC}
    assert {"Intention", "IntentionSet", "Campaign", "Dossier", "Voie", "Phase"} <= names
    assert {"access", "check", "normalise_precision", "jours_ouvrables_after"} <= names
