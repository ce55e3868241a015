"""Who acts on a dossier, as values the host builds after its own authentication.

The library never authenticates anybody: it decides from these values.  An
actor is identified by its ``id`` (the host's stable account identifier); the
name and the other fields are what the record shows.
"""

from __future__ import annotations

import re

import attrs

from orientation_core._coerce import Coded, collected
from orientation_core._problems import Path, problem
from orientation_core.exceptions import InvalidValue, Problem

__all__ = ["Actor", "Guardian", "Pupil", "Role", "Staff"]

MAX_NAME_LENGTH = 200
# Deliberately loose: one "@", no white space, a dot in the domain.  Whether
# the address exists is for the mail server to say, not for this library.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


class Role(Coded, kind="fonction"):
    """The role of a member of a school's staff."""

    HEAD = "HEAD"
    PROFESSEUR_PRINCIPAL = "PROFESSEUR_PRINCIPAL"
    SECRETARIAT = "SECRETARIAT"

    @property
    def label(self) -> str:
        """The French name of the role."""
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.HEAD: "Chef d'établissement",
    Role.PROFESSEUR_PRINCIPAL: "Professeur principal",
    Role.SECRETARIAT: "Secrétariat",
}


def _stripped(value: object) -> object:
    # Anything but text is left as it is, for __attrs_post_init__ to report.
    return value.strip() if type(value) is str else value


def _text_problems(value: object, at: Path, code: str) -> list[Problem]:
    if type(value) is not str:
        return [problem("type.invalid", at, expected="str")]
    if not value:
        return [problem(code, at)]
    if len(value) > MAX_NAME_LENGTH or _CONTROL.search(value):
        return [problem("actor.text_invalid", at, max=MAX_NAME_LENGTH)]
    return []


def _identity_problems(id_: object, name: object) -> list[Problem]:
    return [
        *_text_problems(id_, ("id",), "actor.id_missing"),
        *_text_problems(name, ("name",), "actor.name_missing"),
    ]


@attrs.frozen
class Guardian:
    """A représentant légal of one pupil, with an own account.

    >>> Guardian("resp-1", " Claire Martin ", "claire@example.fr").name
    'Claire Martin'

    Attributes:
        id: The host's stable identifier of the account.
        name: The name the record shows.
        email: Where the recap e-mail goes, or None when none is on file.

    """

    id: str = attrs.field(converter=_stripped)
    name: str = attrs.field(converter=_stripped)
    email: str | None = attrs.field(default=None, converter=_stripped)

    def __attrs_post_init__(self) -> None:
        problems = _identity_problems(self.id, self.name)
        if self.email is not None:
            if type(self.email) is not str:
                problems.append(problem("type.invalid", ("email",), expected="str"))
            elif not _EMAIL.fullmatch(self.email) or len(self.email) > MAX_NAME_LENGTH:
                problems.append(problem("email.invalid", ("email",)))
        if problems:
            raise InvalidValue(problems)


@attrs.frozen
class Pupil:
    """The élève of a dossier; as an actor, the pupil only reads.

    Attributes:
        id: The host's stable identifier of the pupil's account.
        name: The name the record shows.
        classe: The pupil's class, such as ``"3e B"``.

    """

    id: str = attrs.field(converter=_stripped)
    name: str = attrs.field(converter=_stripped)
    classe: str = attrs.field(converter=_stripped)

    def __attrs_post_init__(self) -> None:
        problems = _identity_problems(self.id, self.name)
        problems.extend(_text_problems(self.classe, ("classe",), "pupil.classe_missing"))
        if problems:
            raise InvalidValue(problems)


def _classes(value: object) -> object:
    # Anything but an iterable of text is left as it is, for __attrs_post_init__.
    items = collected(value, tuple)
    if type(items) is not tuple or not all(type(item) is str for item in items):
        return items
    return frozenset(item.strip() for item in items)


@attrs.frozen
class Staff:
    """A member of a school's staff.

    The head and the secretariat act school-wide; a professeur principal
    acts on the dossiers of the classes they are professeur principal of,
    and knows nothing of any other pupil's.

    >>> Staff("pp-1", "0751234J", Role.PROFESSEUR_PRINCIPAL, ["3e B "]).classes
    frozenset({'3e B'})

    Attributes:
        id: The host's stable identifier of the account.
        uai: The UAI code of the school the member works in.
        role: Head, professeur principal or secretariat.
        classes: For a professeur principal, the classes they are
            professeur principal of, as pupils carry them (``"3e B"``);
            empty for the other roles.

    """

    id: str = attrs.field(converter=_stripped)
    uai: str = attrs.field(converter=_stripped)
    role: Role
    classes: frozenset[str] = attrs.field(default=frozenset(), converter=_classes)

    def __attrs_post_init__(self) -> None:
        problems = _text_problems(self.id, ("id",), "actor.id_missing")
        problems.extend(_text_problems(self.uai, ("uai",), "staff.uai_missing"))
        role: object = self.role  # typed Role, but the host may pass anything
        if not isinstance(role, Role):
            problems.append(problem("type.invalid", ("role",), expected="Role"))
        if type(self.classes) is not frozenset:
            problems.append(problem("type.invalid", ("classes",), expected="list[str]"))
        else:
            problems.extend(
                found
                for classe in sorted(self.classes)
                for found in _text_problems(classe, ("classes",), "pupil.classe_missing")
            )
            if self.classes and role is not Role.PROFESSEUR_PRINCIPAL:
                problems.append(problem("staff.classes_not_pp", ("classes",)))
        if problems:
            raise InvalidValue(problems)

    @property
    def is_head(self) -> bool:
        """Whether this member is the school's head (chef d'établissement)."""
        return self.role is Role.HEAD


Actor = Guardian | Pupil | Staff
"""Anybody who may send a command or read a dossier."""
