"""What a message or a path repeats of a host's value: short, and never failing."""

from __future__ import annotations

import pytest

from orientation_core._describe import MAX_SHOWN, UNRECOGNISED, describe
from tests.strategies import DEEP, HUGE, LONG_TEXT, Unprintable


def test_short_text_and_small_numbers_are_repeated_as_they_are() -> None:
    assert describe("Europe/Pariss") == "Europe/Pariss"
    assert describe(-12) == "-12"


def test_long_text_is_cut_and_says_so() -> None:
    shown = describe(LONG_TEXT)
    assert len(shown) == MAX_SHOWN
    assert shown == "x" * (MAX_SHOWN - 1) + "…"


@pytest.mark.parametrize(
    "value",
    [HUGE, -HUGE, 10**9, DEEP, Unprintable(), None, True, 1.5, b"GT", ["GT"], object()],
    ids=[
        "huge",
        "-huge",
        "billion",
        "deep",
        "unprintable",
        "none",
        "bool",
        "float",
        "bytes",
        "list",
        "object",
    ],
)
def test_anything_else_is_an_unrecognised_value_in_french(value: object) -> None:
    assert describe(value) == UNRECOGNISED == "valeur non reconnue"
