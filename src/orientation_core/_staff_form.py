"""Parsing what a staff page posts: the conseil de classe's avis and propositions, the decision.

Each parser reads the rows or the fields as a browser posts them, as
:meth:`~orientation_core.IntentionSet.from_form` does for a family, and
gives the command to hand to :meth:`~orientation_core.Dossier.handle`, or
raises :class:`~orientation_core.exceptions.InvalidStaffForm` with every
problem at once, each at its place in what was posted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from orientation_core._checks import version as version_problems
from orientation_core._commands import (
    Avis,
    AvisConseil,
    Proposition,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    clean_text,
    text_problems,
)
from orientation_core._describe import describe
from orientation_core._form import _single
from orientation_core._intention import IntentionSet
from orientation_core._problems import MAX_INTENTIONS, Path, problem
from orientation_core._voie import Voie
from orientation_core.exceptions import InvalidStaffForm, Problem

AVIS_FIELDS = frozenset({"voie", "avis", "reason", "comment"})
PROPOSITION_FIELDS = frozenset({"voie", "comment"})
DECISION_FIELDS = frozenset({"voie", "reasons"})
_VOIES = {v.value: v for v in Voie}
_AVIS = {a.value: a for a in Avis}

T = TypeVar("T")


def parse_avis(
    version: int, rows: Sequence[Mapping[str, Any]], intentions: IntentionSet
) -> RecordAvis:
    """See :meth:`RecordAvis.from_form <orientation_core.RecordAvis.from_form>`."""
    _check_arguments(version, ("intentions", intentions, False))
    problems: list[Problem] = []
    given: list[AvisConseil] = []
    named: set[Voie] = set()
    for index, row in enumerate(_rows(rows)):
        before = len(problems)
        fields = _fields(row, (index,), AVIS_FIELDS, problems)
        if fields is None:
            continue
        voie = _voie(fields.get("voie"), (index, "voie"), problems)
        if voie is not None:
            if voie in named:
                problems.append(problem("avis.duplicate", (index, "voie")))
            elif intentions.rank_of(voie) is None:
                problems.append(problem("avis.not_an_intention", (index, "voie")))
            named.add(voie)
        avis = _avis(fields.get("avis"), (index, "avis"), problems)
        readable = len(problems)
        reason = _text(fields.get("reason"), (index, "reason"), problems)
        if avis is not None and avis.needs_reason and reason is None and len(problems) == readable:
            problems.append(problem("avis.reason_required", (index, "reason")))
        comment = _text(fields.get("comment"), (index, "comment"), problems)
        if len(problems) == before and voie is not None and avis is not None:
            given.append(AvisConseil(voie, avis, reason, comment))
    # An intention no row names has no place on the form: the form as a whole
    # lacks it, and its rank says which.
    missing = [
        problem("avis.missing", rank=rank)
        for rank, voie in enumerate(intentions.voies, 1)
        if voie not in named
    ]
    if missing or problems:
        raise InvalidStaffForm([*missing, *problems])
    return RecordAvis(version, given)


def parse_propositions(version: int, rows: Sequence[Mapping[str, Any]]) -> RecordPropositions:
    """See :meth:`RecordPropositions.from_form <orientation_core.RecordPropositions.from_form>`."""
    _check_arguments(version)
    posted = _rows(rows)
    problems: list[Problem] = []
    if not posted:
        problems.append(problem("propositions.empty"))
    elif len(posted) > MAX_INTENTIONS:
        problems.append(problem("propositions.too_many"))
    given: list[Proposition] = []
    named: set[Voie] = set()
    for index, row in enumerate(posted):
        before = len(problems)
        fields = _fields(row, (index,), PROPOSITION_FIELDS, problems)
        if fields is None:
            continue
        voie = _voie(fields.get("voie"), (index, "voie"), problems)
        if voie is not None:
            if voie in named:
                problems.append(problem("propositions.duplicate", (index, "voie")))
            named.add(voie)
        comment = _text(fields.get("comment"), (index, "comment"), problems)
        if len(problems) == before and voie is not None:
            given.append(Proposition(voie, comment))
    if problems:
        raise InvalidStaffForm(problems)
    return RecordPropositions(version, given)


def parse_decision(
    version: int, data: Mapping[str, Any], choix: IntentionSet | None
) -> RecordDecision:
    """See :meth:`RecordDecision.from_form <orientation_core.RecordDecision.from_form>`."""
    _check_arguments(version, ("choix", choix, True))
    problems: list[Problem] = []
    fields = _fields(data, (), DECISION_FIELDS, problems)
    if fields is None:
        raise InvalidStaffForm(problems)
    voie = _voie(fields.get("voie"), ("voie",), problems)
    readable = len(problems)
    reasons = _text(fields.get("reasons"), ("reasons",), problems)
    follows_first_choice = choix is not None and choix.voies[0] is voie
    # Without a readable voie, whether reasons are due is not known yet.
    unreasoned = reasons is None and len(problems) == readable
    if voie is not None and not follows_first_choice and unreasoned:
        problems.append(problem("decision.reasons_required", ("reasons",)))
    if problems or voie is None:
        raise InvalidStaffForm(problems)
    return RecordDecision(version, voie, reasons)


def _check_arguments(version: object, *dossier_values: tuple[str, object, bool]) -> None:
    # What the host passes besides the posted data: the version the page was
    # built from, and what the dossier holds (its intentions, its choix).
    problems = version_problems(version)
    for name, value, optional in dossier_values:
        if not (isinstance(value, IntentionSet) or (optional and value is None)):
            problems.append(problem("type.invalid", (name,), expected="IntentionSet"))
    if problems:
        raise InvalidStaffForm(problems)


def _rows(rows: object) -> Sequence[object]:
    if not isinstance(rows, list | tuple):
        raise InvalidStaffForm((problem("form.malformed"),))
    return rows


def _fields(
    row: object, at: Path, allowed: frozenset[str], problems: list[Problem]
) -> Mapping[Any, object] | None:
    if not isinstance(row, Mapping):
        problems.append(problem("form.malformed", at))
        return None
    problems.extend(
        problem("form.unknown_field", (*at, describe(key)), field=describe(key))
        for key in row
        if key not in allowed
    )
    return row


def _chosen(
    value: object,
    at: Path,
    problems: list[Problem],
    codes: Mapping[str, T],
    refusals: tuple[str, str],
) -> T | None:
    # A choice among codes (a voie, an avis); refusals: the codes of an
    # unknown choice and of a blank one.
    before = len(problems)
    text = _single(value, at, problems)
    if text is not None and text.strip():
        chosen = codes.get(text.strip())
        if chosen is None:
            problems.append(problem(refusals[0], at))
        return chosen
    if len(problems) == before:
        problems.append(problem(refusals[1], at))
    return None


def _voie(value: object, at: Path, problems: list[Problem]) -> Voie | None:
    return _chosen(value, at, problems, _VOIES, ("voie.unknown", "voie.missing"))


def _avis(value: object, at: Path, problems: list[Problem]) -> Avis | None:
    return _chosen(value, at, problems, _AVIS, ("avis.unknown", "avis.not_selected"))


def _text(value: object, at: Path, problems: list[Problem]) -> str | None:
    # A reason or a comment, as the command will store it; blank is absent.
    text = clean_text(_single(value, at, problems))
    problems.extend(text_problems(text, at))
    return text if isinstance(text, str) else None
