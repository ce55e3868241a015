"""The school's list of 3e pupils and their guardians, as read from its own exports."""

from __future__ import annotations

from datetime import date

import attrs

from orientation_core._actors import Guardian, Pupil
from orientation_core._describe import describe
from orientation_core._problems import Path, problem
from orientation_core.exceptions import InvalidValue, Problem

__all__ = ["ListEntry", "SchoolList", "entry_of"]


@attrs.frozen
class ListEntry:
    """One 3e pupil of the school's list, ready for its dossier to be opened.

    Attributes:
        pupil: The pupil; its ``id`` is the national number (INE), stable
            from one export to the next.
        guardians: The pupil's one or two représentants légaux.
        where: Where the pupil is in the files, for messages: the pupil's
            line in a CSV file, or its identifier in a Siècle export.

    """

    pupil: Pupil
    guardians: tuple[Guardian, ...]
    where: tuple[str | int, ...]


@attrs.frozen
class SchoolList:
    """What a school's exports say of its 3e pupils, with what could not be read.

    Attributes:
        uai: The school's UAI code, as the files give it (None for a CSV
            file, which does not say).
        annee_scolaire: The year the school year starts (2026 for
            2026-2027), as the files give it (None for a CSV file).
        exported_on: The day the files were exported, if they say.
        entries: The 3e pupils that can be opened, in the files' order.
        problems: What is wrong, each located (``("ligne", 4, "classe")``,
            ``("élève", "4102", "responsables")``) and worded in French: the
            pupils concerned are not in :attr:`entries`.
        notices: What was read but left aside, each located and worded: an
            address that cannot take an e-mail, a contact person who is no
            représentant légal.
        left_aside: How many pupils the files hold that do not take part: in
            another level, or gone from the school.

    """

    uai: str | None
    annee_scolaire: int | None
    exported_on: date | None
    entries: tuple[ListEntry, ...]
    problems: tuple[Problem, ...] = ()
    notices: tuple[Problem, ...] = ()
    left_aside: int = 0

    @property
    def ok(self) -> bool:
        """Whether every pupil of the list could be read."""
        return not self.problems


def entry_of(
    where: Path,
    *,
    pupil_id: str,
    pupil_name: str,
    classe: str,
    guardians: list[tuple[str, str, str | None]],
    notices: list[Problem],
) -> ListEntry | list[Problem]:
    """The entry for one pupil, or the problems that keep it out of the list.

    ``guardians`` are ``(id, name, email)``; an e-mail address the library
    would refuse is left out with a notice, so that a typing slip in the
    school's software does not keep a family out of the procedure.
    """
    problems: list[Problem] = []
    if not pupil_id:
        problems.append(problem("list.national_id_missing", (*where, "ine")))
    if not pupil_name:
        problems.append(problem("list.name_missing", (*where, "nom")))
    if not classe:
        problems.append(problem("list.class_missing", (*where, "classe")))
    if not guardians:
        problems.append(problem("list.no_guardian", (*where, "responsables")))
    elif len(guardians) > 2:
        problems.append(problem("list.too_many_guardians", (*where, "responsables")))
    people: list[Guardian] = []
    for index, (id_, name, given) in enumerate(guardians[:2]):
        at = (*where, "responsables", index)
        email = given
        if given is not None:
            try:
                Guardian(id_ or "?", name or "?", given)
            except InvalidValue:
                notices.append(problem("list.email_ignored", (*at, "mel")))
                email = None
        try:
            people.append(Guardian(id_, name, email))
        except InvalidValue as error:
            problems.extend(_located(error.problems, at))
    if problems:
        return problems
    try:
        pupil = Pupil(pupil_id, pupil_name, classe)
    except InvalidValue as error:
        return _located(error.problems, where)
    if len({g.id for g in people}) != len(people):
        return [problem("guardians.duplicate", (*where, "responsables"))]
    return ListEntry(pupil, tuple(people), where)


def _located(problems: tuple[Problem, ...], where: Path) -> list[Problem]:
    # An actor's own problems are about its fields; here they are about a
    # line or a pupil of a file.
    return [Problem(p.code, (*where, *p.path), p.message) for p in problems]


def year_of(text: str | None, where: Path) -> int | Problem:
    """The school year's first year as the files write it ("2026")."""
    if text is not None and text.isascii() and text.isdigit() and len(text) == 4:
        return int(text)
    return problem("list.year_unreadable", where, found=describe(text or ""))


def day_of(text: str | None) -> date | None:
    """A day written DD/MM/YYYY, or None when there is none or it cannot be read."""
    if not text:
        return None
    parts = text.strip().split("/")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None
