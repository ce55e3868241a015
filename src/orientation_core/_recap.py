"""The recap the service shows once a family has validated its intentions."""

from __future__ import annotations

from orientation_core._intention import IntentionSet
from orientation_core._problems import problem
from orientation_core.exceptions import InvalidValue

__all__ = ["RECAP_PRECISION_LABEL", "recap_lines"]

RECAP_PRECISION_LABEL = "Métier ou formation"
"""How the on-screen recap labels a précision, whatever the voie (the e-mail's differs)."""


def recap_lines(intentions: IntentionSet) -> tuple[str, ...]:
    """The lines of the on-screen recap, in rank order, worded as in the guide.

    Each intention gives a line with its rank and voie, then its précision
    when there is one.  The screen shows no statut: the guide's recap has
    none, only the confirmation e-mail lists them.

    >>> from orientation_core import Intention, Statut, Voie
    >>> for line in recap_lines(IntentionSet([
    ...     Intention(Voie.GT),
    ...     Intention(Voie.CAP, "Boulangerie", [Statut.APPRENTI]),
    ... ])):
    ...     print(line)
    Intention 1 : 2de générale et technologique ou 2de STHR
    Intention 2 : 1re année de CAP
    Métier ou formation : Boulangerie

    Raises:
        InvalidValue: when ``intentions`` is not an :class:`IntentionSet`.

    """
    if not isinstance(intentions, IntentionSet):
        raise InvalidValue((problem("type.invalid", ("intentions",), expected="IntentionSet"),))
    lines: list[str] = []
    for rank, intention in enumerate(intentions.intentions, 1):
        lines.append(f"Intention {rank} : {intention.voie.label}")
        if intention.precision is not None:
            lines.append(f"{RECAP_PRECISION_LABEL} : {intention.precision}")
    return tuple(lines)
