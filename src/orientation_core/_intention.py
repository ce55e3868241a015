"""An intention, and the ranked set of 1 to 3 intentions a family validates."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import attrs

from orientation_core._coerce import collected
from orientation_core._describe import describe
from orientation_core._problems import MAX_INTENTIONS, MAX_PRECISION_LENGTH, Path, problem
from orientation_core._voie import Statut, Voie
from orientation_core.exceptions import InvalidValue, Problem

if TYPE_CHECKING:
    from orientation_core._settings import AcademySettings

__all__ = ["Intention", "IntentionSet", "normalise_precision"]

_WHITESPACE = re.compile(r"\s+")
# What is left after folding white space: C0/C1 controls and lone surrogates,
# which no e-mail, sync record or screen can carry faithfully.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


# There are only four sets of statuts: each is built once here and shared by
# every intention, read from a form, from data or built by a host (a frozenset
# is 216 bytes; a cohort holds millions of intentions).  The forms and the
# codec find theirs from the codes' bits, without hashing a Statut.
STATUT_BITS: dict[str, int] = {"SCOLAIRE": 1, "APPRENTI": 2}
STATUTS_BY_BITS: tuple[frozenset[Statut], ...] = (
    frozenset(),
    frozenset({Statut.SCOLAIRE}),
    frozenset({Statut.APPRENTI}),
    frozenset({Statut.SCOLAIRE, Statut.APPRENTI}),
)
_SHARED_STATUTS = {statuts: statuts for statuts in STATUTS_BY_BITS}
# The codes of each, in the form's order, as the codec writes them.
STATUT_CODES: dict[frozenset[Statut], tuple[str, ...]] = {
    statuts: tuple(s.value for s in Statut if s in statuts) for statuts in STATUTS_BY_BITS
}


def normalise_precision(text: str) -> str | None:
    r"""Normalise a précision as it is stored: ``None`` when nothing is left.

    White space is trimmed and every run of it (tabs and line breaks
    included) is folded to one space; the text is put in Unicode NFC.
    Normalising twice gives the same result as normalising once.

    >>> normalise_precision("  Pâtisserie\n\t fine ")
    'Pâtisserie fine'
    >>> normalise_precision(" \t ") is None
    True
    """
    if type(text) is not str:
        raise InvalidValue((problem("type.invalid", ("text",), expected="str"),))
    folded = _WHITESPACE.sub(" ", text).strip()
    if not folded.isascii():
        folded = unicodedata.normalize("NFC", folded)
    return folded or None


def _normalised_if_text(value: str | None) -> str | None:
    # Anything but text is left as it is, for __attrs_post_init__ to report
    # with every other problem rather than fail here with a TypeError.
    return normalise_precision(value) if type(value) is str else value


def _frozen_statuts(value: Iterable[Statut]) -> frozenset[Statut]:
    return cast("frozenset[Statut]", collected(value, frozenset))  # pragma: no mutate


def _as_tuple(value: Iterable[Intention]) -> tuple[Intention, ...]:
    return cast("tuple[Intention, ...]", collected(value, tuple))  # pragma: no mutate


def precision_is_valid(precision: object) -> bool:
    """Whether a précision, once normalised, is None or text that keeps to the rules."""
    return precision is None or (
        type(precision) is str
        and len(precision) <= MAX_PRECISION_LENGTH
        and not _FORBIDDEN.search(precision)
    )


def intention_problems(voie: object, precision: object, statuts: object, at: Path) -> list[Problem]:
    """Everything wrong with an intention's parts, located below ``at``."""
    problems: list[Problem] = []
    if voie is None:
        problems.append(problem("voie.missing", (*at, "voie")))
    elif not isinstance(voie, Voie):
        problems.append(problem("type.invalid", (*at, "voie"), expected="Voie"))
    if precision is not None:
        if type(precision) is not str:
            problems.append(problem("type.invalid", (*at, "precision"), expected="str"))
        else:
            if len(precision) > MAX_PRECISION_LENGTH:
                problems.append(problem("precision.too_long", (*at, "precision")))
            if _FORBIDDEN.search(precision):
                problems.append(problem("precision.invalid_character", (*at, "precision")))
    if type(statuts) is not frozenset:
        problems.append(problem("type.invalid", (*at, "statuts"), expected="frozenset[Statut]"))
    elif not all(isinstance(s, Statut) for s in statuts):
        problems.append(problem("statut.unknown", (*at, "statuts")))
    if voie is Voie.GT:
        if precision is not None:
            problems.append(problem("details.not_allowed", (*at, "precision")))
        if statuts:
            problems.append(problem("details.not_allowed", (*at, "statuts")))
    return problems


@attrs.frozen
class Intention:
    """One intention: a voie and, for a vocational voie, optional details.

    The précision is normalised on construction (see
    :func:`normalise_precision`); any iterable of statuts is stored as a
    frozenset.  Anything that breaks a rule raises
    :class:`~orientation_core.exceptions.InvalidValue` listing every problem.

    >>> Intention(Voie.PRO, "  Mécanique  auto ", [Statut.APPRENTI])
    Intention(voie=<Voie.PRO: 'PRO'>, precision='Mécanique auto', statuts=frozenset({<Statut.APPRENTI: 'APPRENTI'>}))

    Attributes:
        voie: The voie asked for.
        precision: The métier or formation that interests the pupil, free
            text of at most 200 characters, or None.
        statuts: Under which statut(s): none, one or both.

    """  # noqa: E501 -- the doctest shows the real repr, on one line

    voie: Voie
    precision: str | None = attrs.field(default=None, converter=_normalised_if_text)
    statuts: frozenset[Statut] = attrs.field(default=frozenset(), converter=_frozen_statuts)

    def __attrs_post_init__(self) -> None:
        problems = intention_problems(self.voie, self.precision, self.statuts, ())
        if problems:
            raise InvalidValue(problems)
        # Checked above: a frozenset of statuts, hence one of the four.
        _set_statuts(self, _SHARED_STATUTS[self.statuts])

    @property
    def has_details(self) -> bool:
        """Whether a précision or a statut was given."""
        return self.precision is not None or bool(self.statuts)

    @property
    def statuts_in_order(self) -> tuple[Statut, ...]:
        """The statuts in the order the form shows them (scolaire, then apprenti)."""
        return tuple(s for s in Statut if s in self.statuts)


# attrs makes Intention and IntentionSet slotted: each field is a slot, whose
# own descriptor sets it without the frozen class's __setattr__ (which raises)
# and faster than object.__setattr__ (56 against 100 ns a field); and looking
# object.__new__ up once here saves about 100 ns a value.
_new = object.__new__
_set_voie = cast("Any", Intention).__dict__["voie"].__set__
_set_precision = cast("Any", Intention).__dict__["precision"].__set__
_set_statuts = cast("Any", Intention).__dict__["statuts"].__set__


def trusted_intention(voie: Voie, precision: str | None, statuts: frozenset[Statut]) -> Intention:
    """An intention of parts already normalised and checked, one of the shared statuts.

    For the form's and the codec's readers, which check every rule of the
    constructor on the data as they read it: skipping the converters and the
    checks a second time is most of the cost of building an intention.
    """
    if precision is None:
        return _BARE_INTENTIONS[voie._value_][statuts]
    self = _new(Intention)
    _set_voie(self, voie)
    _set_precision(self, precision)
    _set_statuts(self, statuts)
    return self


# An intention without a précision can take only nine forms (GT, and PRO or
# CAP with one of the four sets of statuts): each is built once here and
# shared, which saves building one (about 0.3 µs) and its memory.  Keyed by
# the voie's code (``_value_``, as ``.value`` gives it without the property's
# call): a str's hash is kept, a Voie's is computed in Python each time.
_BARE_INTENTIONS = {
    voie.value: {
        statuts: Intention(voie, None, statuts)
        for statuts in (STATUTS_BY_BITS if voie.accepts_details else STATUTS_BY_BITS[:1])
    }
    for voie in Voie
}


def set_problems(intentions: object, at: Path) -> list[Problem]:
    """Everything wrong with a tuple of intentions as a set, located below ``at``."""
    if type(intentions) is not tuple:
        return [problem("type.invalid", at, expected="tuple[Intention, ...]")]
    problems: list[Problem] = []
    if not intentions:
        problems.append(problem("intentions.empty", at))
    elif len(intentions) > MAX_INTENTIONS:
        problems.append(problem("intentions.too_many", at))
    first_rank: dict[Voie, int] = {}
    for index, intention in enumerate(intentions):
        if not isinstance(intention, Intention):
            problems.append(problem("type.invalid", (*at, index), expected="Intention"))
            continue
        seen = first_rank.setdefault(intention.voie, index + 1)
        if seen != index + 1:
            problems.append(problem("voie.duplicate", (*at, index, "voie"), rank=seen))
    return problems


@attrs.frozen
class IntentionSet:
    """1 to 3 intentions, each voie at most once; the order is the rank.

    Rank 1 is the first preference.  Ranks are 1-based in every method.
    Every operation returns a new set and leaves this one as it was; one
    that would break a rule raises
    :class:`~orientation_core.exceptions.InvalidValue` instead.

    >>> s = IntentionSet([Intention(Voie.GT), Intention(Voie.PRO, "Pâtisserie")])
    >>> [i.voie.value for i in s.move_up(2)]
    ['PRO', 'GT']
    >>> len(s.remove(1))
    1

    Attributes:
        intentions: The intentions, first preference first.

    """

    intentions: tuple[Intention, ...] = attrs.field(converter=_as_tuple)

    def __attrs_post_init__(self) -> None:
        problems = set_problems(self.intentions, ("intentions",))
        if problems:
            raise InvalidValue(problems)

    @classmethod
    def from_form(
        cls, rows: Sequence[Mapping[str, Any]], settings: AcademySettings
    ) -> IntentionSet:
        """Parse what the intentions form posts, or list every problem.

        Args:
            rows: One mapping per intention row, in rank order, with the keys
                ``"voie"``, ``"precision"`` and ``"statuts"``; each value a
                string or a list of strings, blank as a browser sends it.
            settings: The académie's parameters (whether details are allowed).

        Raises:
            InvalidForm: with every problem, each located ``(row_index, field)``
                or ``()`` for the form as a whole.

        """
        from orientation_core._form import parse_rows  # noqa: PLC0415 -- _form imports this module

        return parse_rows(rows, settings)

    def __len__(self) -> int:
        return len(self.intentions)

    def __iter__(self) -> Iterator[Intention]:
        return iter(self.intentions)

    @property
    def voies(self) -> tuple[Voie, ...]:
        """The voies, in rank order."""
        return tuple(i.voie for i in self.intentions)

    def rank_of(self, voie: Voie) -> int | None:
        """The rank of the intention for ``voie``, or None when it is not asked for."""
        for rank, intention in enumerate(self.intentions, 1):
            if intention.voie is voie:
                return rank
        return None

    def at(self, rank: int) -> Intention:
        """The intention of rank ``rank`` (1 is the first preference)."""
        return self.intentions[self._index(rank)]

    def add(self, intention: Intention) -> IntentionSet:
        """A new set with ``intention`` added at the lowest preference."""
        if len(self.intentions) >= MAX_INTENTIONS:
            raise InvalidValue((problem("intentions.too_many", ("intentions",)),))
        self._check_newcomer(intention, replacing=None)
        return trusted_set((*self.intentions, intention))

    def remove(self, rank: int) -> IntentionSet:
        """A new set without the intention of rank ``rank``; the last one cannot go."""
        index = self._index(rank)
        if len(self.intentions) == 1:
            raise InvalidValue((problem("intentions.empty", ("intentions",)),))
        return trusted_set(self.intentions[:index] + self.intentions[index + 1 :])

    # An edit is a handful of operations, so that one more call is a sixth of
    # its cost: move_up and move_down check the usual rank and build the new
    # set inline (from 3.1 to 1.8 times the floor, benchmarks/values.py);
    # _index words the problem of any other rank.

    def move_up(self, rank: int) -> IntentionSet:
        """A new set where the intention of rank ``rank`` is preferred one place more."""
        items = list(self.intentions)
        if type(rank) is int and 1 < rank <= len(items):
            items[rank - 2], items[rank - 1] = items[rank - 1], items[rank - 2]
            moved = _new(IntentionSet)  # trusted_set, inline
            _set_intentions(moved, tuple(items))
            return moved
        self._index(rank)
        raise InvalidValue((problem("rank.first_cannot_move_up", ("rank",)),))

    def move_down(self, rank: int) -> IntentionSet:
        """A new set where the intention of rank ``rank`` is preferred one place less."""
        items = list(self.intentions)
        if type(rank) is int and 1 <= rank < len(items):
            items[rank - 1], items[rank] = items[rank], items[rank - 1]
            moved = _new(IntentionSet)  # trusted_set, inline
            _set_intentions(moved, tuple(items))
            return moved
        self._index(rank)
        raise InvalidValue((problem("rank.last_cannot_move_down", ("rank",)),))

    def replace(self, rank: int, intention: Intention) -> IntentionSet:
        """A new set where ``intention`` takes the place of rank ``rank``."""
        index = self._index(rank)
        self._check_newcomer(intention, replacing=index)
        items = list(self.intentions)
        items[index] = intention
        return trusted_set(tuple(items))

    def _index(self, rank: object) -> int:
        if type(rank) is not int:
            raise InvalidValue((problem("type.invalid", ("rank",), expected="int"),))
        if not 1 <= rank <= len(self.intentions):
            raise InvalidValue((problem("rank.out_of_range", ("rank",), rank=describe(rank)),))
        return rank - 1

    def _check_newcomer(self, intention: object, replacing: int | None) -> None:
        if not isinstance(intention, Intention):
            raise InvalidValue((problem("type.invalid", ("intention",), expected="Intention"),))
        for index, present in enumerate(self.intentions):
            if index != replacing and present.voie is intention.voie:
                raise InvalidValue(
                    (problem("voie.duplicate", ("intention", "voie"), rank=index + 1),)
                )


_set_intentions = cast("Any", IntentionSet).__dict__["intentions"].__set__


def trusted_set(intentions: tuple[Intention, ...]) -> IntentionSet:
    """A set of a tuple proven valid already (read and checked, or a permutation of a valid set).

    Skips the checks, which are most of the cost of an edit (see trusted_intention).
    """
    self = _new(IntentionSet)
    _set_intentions(self, intentions)
    return self
