"""How a message or a path shows a value a host passed, whatever that value is."""

from __future__ import annotations

MAX_SHOWN = 40
"""The longest text a message or a path repeats from the input."""

UNRECOGNISED = "valeur non reconnue"
"""What stands for a value that is neither short text nor a small whole number."""

# Beyond this, a number says nothing to a reader, and past 4,300 digits
# Python cannot even write it out.
_LARGEST_SHOWN = 10**9


def describe(value: object) -> str:
    """``value`` as a message or a path may repeat it: short, and never failing.

    Text is cut to :data:`MAX_SHOWN` characters and a small whole number is
    written out; anything else is :data:`UNRECOGNISED`, for its own text may
    be endless (a list nested past the recursion limit), impossible (an
    integer of thousands of digits, an object whose ``__str__`` raises) or
    in Python's words rather than the reader's.

    >>> describe("Europe/Pariss"), describe(4), describe(10**5000), describe([1])
    ('Europe/Pariss', '4', 'valeur non reconnue', 'valeur non reconnue')
    """
    if type(value) is str:
        return value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 1] + "…"
    if type(value) is int and -_LARGEST_SHOWN < value < _LARGEST_SHOWN:
        return str(value)
    return UNRECOGNISED
