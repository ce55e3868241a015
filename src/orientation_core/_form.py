"""Parsing the intentions form as a browser posts it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from orientation_core._describe import describe
from orientation_core._intention import (
    STATUT_BITS,
    STATUTS_BY_BITS,
    Intention,
    IntentionSet,
    intention_problems,
    normalise_precision,
    precision_is_valid,
    trusted_intention,
    trusted_set,
)
from orientation_core._problems import MAX_INTENTIONS, Path, problem
from orientation_core._settings import AcademySettings
from orientation_core._voie import Statut, Voie
from orientation_core.exceptions import InvalidForm, Problem

FIELDS = frozenset({"voie", "precision", "statuts"})
_VOIES = {v.value: v for v in Voie}
# Looked up once: reading a member off its enum costs about 80 ns each time.
_GT = Voie.GT


def parse_rows(rows: Sequence[Mapping[str, Any]], settings: AcademySettings) -> IntentionSet:
    """See :meth:`IntentionSet.from_form`."""
    if not isinstance(settings, AcademySettings):
        raise InvalidForm((problem("type.invalid", ("settings",), expected="AcademySettings"),))
    if not isinstance(rows, list | tuple):
        raise InvalidForm((problem("form.malformed"),))
    plain = _plain_rows(rows, settings)
    return _read_rows(rows, settings) if plain is None else plain


def _read_rows(rows: list[Any] | tuple[Any, ...], settings: AcademySettings) -> IntentionSet:
    # The full reading: every problem of every row, each located.
    problems: list[Problem] = []
    if not rows:
        problems.append(problem("intentions.empty"))
    elif len(rows) > MAX_INTENTIONS:
        problems.append(problem("intentions.too_many"))
    intentions: list[Intention] = []
    first_rank: dict[Voie, int] = {}
    for index, row in enumerate(rows):
        voie, parsed = _parse_row(index, row, settings, problems)
        if voie is not None:
            seen = first_rank.setdefault(voie, index + 1)
            if seen != index + 1:
                problems.append(problem("voie.duplicate", (index, "voie"), rank=seen))
        if parsed is not None:
            intentions.append(parsed)
    if problems:
        raise InvalidForm(problems)
    return trusted_set(tuple(intentions))


def _plain_rows(
    rows: list[Any] | tuple[Any, ...], settings: AcademySettings
) -> IntentionSet | None:
    """The set of a form as browsers post it when nothing is wrong, or None to look closer.

    It takes only the usual shape (a dict per row, one string per field but
    a list of statuts) and makes every decision of the full reading below,
    which takes over at the first doubt and words each problem: checking the
    happy path first, without building a list of problems for nothing, took
    a form of three rows from 2.7 to 1.1 times the floor of benchmarks/values.py.
    """
    if not 1 <= len(rows) <= MAX_INTENTIONS:
        return None
    intentions = []
    voies: list[Voie] = []
    for row in rows:
        intention = _plain_row(row, details_enabled=settings.details_enabled)
        if intention is None or intention.voie in voies:
            return None
        voies.append(intention.voie)
        intentions.append(intention)
    return trusted_set(tuple(intentions))


def _plain_row(row: object, *, details_enabled: bool) -> Intention | None:
    # One row for _plain_rows: its intention, or None at the first doubt.
    if type(row) is not dict or not FIELDS.issuperset(row):
        return None
    text = row.get("voie")
    voie = _VOIES.get(text.strip()) if type(text) is str else None
    text = row.get("precision")
    precision = normalise_precision(text) if type(text) is str else text
    bits = _plain_statuts(row.get("statuts"))
    if voie is None or bits is None or not precision_is_valid(precision):
        return None
    if (precision is not None or bits) and (voie is _GT or not details_enabled):
        return None
    return trusted_intention(voie, precision, STATUTS_BY_BITS[bits])


def _plain_statuts(codes: object) -> int | None:
    # The bits of the statuts ticked, or None at the first doubt.
    if codes is None:
        return 0
    if type(codes) is not list:
        return None
    bits = 0
    for code in codes:
        if type(code) is not str:
            return None
        code = code.strip()  # noqa: PLW2901 -- the code as the family meant it
        if code:  # a blank one is a box left unticked
            bit = STATUT_BITS.get(code)
            if bit is None:
                return None
            bits |= bit
    return bits


def _parse_row(
    index: int, row: object, settings: AcademySettings, problems: list[Problem]
) -> tuple[Voie | None, Intention | None]:
    if not isinstance(row, Mapping):
        problems.append(problem("form.malformed", (index,)))
        return None, None
    before = len(problems)
    problems.extend(
        problem("form.unknown_field", (index, describe(key)), field=describe(key))
        for key in row
        if key not in FIELDS
    )
    unreadable = len(problems)
    voie_text = _single(row.get("voie"), (index, "voie"), problems)
    voie_readable = len(problems) == unreadable
    precision_text = _single(row.get("precision"), (index, "precision"), problems)
    precision = None if precision_text is None else normalise_precision(precision_text)
    statuts = _statuts(row.get("statuts"), (index, "statuts"), problems)

    voie: Voie | None = None
    if voie_text is not None and voie_text.strip():
        voie = _VOIES.get(voie_text.strip())
        if voie is None:
            problems.append(problem("voie.unknown", (index, "voie")))
    elif voie_readable:
        problems.append(problem("voie.missing", (index, "voie")))
    # The voie's own problems were worded above, for what the browser sent.
    problems.extend(
        p
        for p in intention_problems(voie, precision, statuts, (index,))
        if p.code != "voie.missing"
    )
    problems.extend(settings.detail_problems(precision, statuts, (index,)))
    if voie is None or len(problems) > before:
        return voie, None
    return voie, trusted_intention(voie, precision, statuts)


def _single(value: object, at: Path, problems: list[Problem]) -> str | None:
    # A form field arrives as a string, or as a list from a multi-valued
    # parser; blank and absent are the same to the family.
    if isinstance(value, list | tuple):
        texts = [v for v in value if not (isinstance(v, str) and not v.strip())]
        if len(texts) > 1:
            problems.append(problem("form.multiple_values", at))
            return None
        value = texts[0] if texts else None
    if value is None or isinstance(value, str):
        return value
    problems.append(problem("type.invalid", at, expected="str"))
    return None


def _statuts(value: object, at: Path, problems: list[Problem]) -> frozenset[Statut]:
    if value is None:
        return frozenset()
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list | tuple):
        problems.append(problem("type.invalid", at, expected="list[str]"))
        return frozenset()
    bits = 0
    for v in values:
        if not isinstance(v, str):
            problems.append(problem("type.invalid", at, expected="list[str]"))
            return frozenset()
        if not v.strip():
            continue
        bit = STATUT_BITS.get(v.strip())
        if bit is None:
            problems.append(problem("statut.unknown", at))
            return frozenset()
        bits |= bit
    return STATUTS_BY_BITS[bits]
