"""The errors orientation_core raises.

Every error is an :class:`OrientationError` with a stable, machine-readable
:attr:`~OrientationError.code`; hosts branch on the class or the code, never on
the message.  What a person reads is French and is ``str(error)``: the
:attr:`Problem.message` of each problem, or the ``message`` of a refusal,
worded for a family or for staff.  What only a developer needs (an expected
type, a parser's complaint, the versions of a conflict) is in a separate
``detail``, in English, and never in a message.

A refused operation never changes anything: values are immutable, and a
transition either returns a new state or raises one of these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from orientation_core._describe import describe

if TYPE_CHECKING:
    from collections.abc import Iterable

    from orientation_core._phase import Action, CampaignAction, Phase

__all__ = [
    "Conflict",
    "IllegalTransition",
    "InvalidForm",
    "InvalidStaffForm",
    "InvalidValue",
    "OrientationError",
    "PermissionDenied",
    "Problem",
]

FORM_MESSAGE = "Veuillez corriger le formulaire avant de valider vos choix."
STAFF_FORM_MESSAGE = "Veuillez corriger le formulaire avant de l'enregistrer."
# What a refusal says when whoever raised it gave no words of its own (a host
# building one by hand, the store): the library's own refusals are worded in
# orientation_core._problems, for a family or for staff.
ILLEGAL_MESSAGE = "Cette action n'est pas possible pour le moment."
DENIED_MESSAGE = "Vous ne pouvez pas effectuer cette action."
CONFLICT_MESSAGE = (
    "Ces informations ont été modifiées entre-temps : "
    "rechargez la page pour voir leur version actuelle avant de recommencer."
)


@attrs.frozen
class Problem:
    """One thing wrong with some input, located and worded for its reader.

    Attributes:
        code: Stable machine-readable code, such as ``"voie.missing"``.
        path: Where the problem is in the input: keys of mappings and 0-based
            indices of sequences, outermost first; ``()`` for the input as a
            whole.  A form row's problem is ``(row_index, field)``.
        message: The French sentence a parent or a member of staff reads:
            never a type name nor anything in a developer's words.
        detail: For developers, in English, what the message leaves out
            (such as ``"expected: int >= 1"``), or ``""``.  It is not part of
            the problem's identity: two problems are equal whatever their
            details, which may change between versions of the library.

    """

    code: str
    path: tuple[str | int, ...]
    message: str
    detail: str = attrs.field(default="", eq=False)


class OrientationError(Exception):
    """Base class of every error orientation_core raises.

    Attributes:
        code: Stable machine-readable code of the kind of error.

    """

    code: ClassVar[str] = "orientation_error"


class InvalidValue(OrientationError, ValueError):
    """A value, or a piece of input, breaks the domain's rules.

    It lists every problem found at once, so that a form or a sync record can
    be corrected in one go.

    Attributes:
        problems: What is wrong, each located, coded and worded in French.

    """

    code: ClassVar[str] = "invalid_value"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(" ".join(p.message for p in self.problems))

    def __reduce__(self) -> tuple[type[InvalidValue], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))

    @property
    def codes(self) -> tuple[str, ...]:
        """The problems' codes, in order: handy for hosts and tests."""
        return tuple(p.code for p in self.problems)


class InvalidForm(InvalidValue):
    """What a family posted cannot be validated.

    The form-level sentence the service shows above the form is
    :attr:`message`; each located problem is in :attr:`problems`.
    """

    code: ClassVar[str] = "invalid_form"
    message: ClassVar[str] = FORM_MESSAGE

    def __init__(self, problems: Iterable[Problem]) -> None:
        super().__init__(problems)
        self.args = (" ".join((FORM_MESSAGE, *(p.message for p in self.problems))),)


class IllegalTransition(OrientationError):
    """A command is not possible in the current phase or state.

    ``str(error)`` is :attr:`message`, the French sentence for the person who
    acted, like every error of the library; what a developer needs is in
    :attr:`detail` and :attr:`reason`.

    Attributes:
        phase: The phase the command was applied in.
        command: The command that was refused (for the opening of a
            dossier, which no command carries, ``Action.OPEN_DOSSIER``).
        reason: Stable code of why, such as ``"boundary_passed"``.
        message: The French sentence the person who acted reads, worded for
            a family or for staff (see ``docs/problems.md``).
        detail: For developers, in English: what was refused, where and why.

    """

    code: ClassVar[str] = "illegal_transition"

    def __init__(
        self, phase: Phase, command: object, reason: str, message: str = "", detail: str = ""
    ) -> None:
        self.phase = phase
        self.command = command
        self.reason = reason
        self.message = message or ILLEGAL_MESSAGE
        # The values are the library's own, but a host may build one by hand,
        # so nothing here may fail on what it holds.
        self.detail = detail or (
            f"{type(command).__name__} refused in {getattr(phase, 'value', '?')}: {reason!s:.80}"
        )
        super().__init__(self.message)

    def __reduce__(
        self,
    ) -> tuple[type[IllegalTransition], tuple[Phase, object, str, str, str]]:
        return (type(self), (self.phase, self.command, self.reason, self.message, self.detail))


class PermissionDenied(OrientationError):
    """The actor may not perform the action on this dossier.

    When the actor has no relation to the dossier at all, the reason is
    ``"no_access"`` and nothing else is said, so that the error reveals
    nothing about the dossier, not even that it exists.  ``str(error)`` is
    :attr:`message`.

    Attributes:
        actor: Who asked.
        action: What was asked.
        reason: Stable code of why, such as ``"not_entrant"``.
        message: The French sentence the actor reads, worded for a family or
            for staff (see ``docs/problems.md``).
        detail: For developers, in English: which action, and why.

    """

    code: ClassVar[str] = "permission_denied"

    def __init__(
        self,
        actor: object,
        action: Action | CampaignAction,
        reason: str,
        message: str = "",
        detail: str = "",
    ) -> None:
        self.actor = actor
        self.action = action
        self.reason = reason
        self.message = message or DENIED_MESSAGE
        self.detail = detail or f"{getattr(action, 'value', '?')} denied: {reason!s:.80}"
        super().__init__(self.message)

    def __reduce__(
        self,
    ) -> tuple[type[PermissionDenied], tuple[object, Action | CampaignAction, str, str, str]]:
        return (type(self), (self.actor, self.action, self.reason, self.message, self.detail))


class Conflict(OrientationError):
    """The command was built from a version that is no longer the current one.

    The sender must reload and decide again; nothing is merged silently.
    ``str(error)`` is :attr:`message`.

    Attributes:
        expected: The version the sender saw.
        actual: The current version.
        message: The French sentence the sender reads: reload, then decide again.
        detail: For developers, in English: both versions.

    """

    code: ClassVar[str] = "conflict"

    def __init__(self, expected: int, actual: int, message: str = "") -> None:
        self.expected = expected
        self.actual = actual
        self.message = message or CONFLICT_MESSAGE
        # The sender's version is whatever its command held, however large.
        stale, current = describe(expected), describe(actual)
        self.detail = f"version {stale} is stale, the current version is {current}"
        super().__init__(self.message)

    def __reduce__(self) -> tuple[type[Conflict], tuple[int, int, str]]:
        return (type(self), (self.expected, self.actual, self.message))


class InvalidStaffForm(InvalidForm):
    """What a member of staff posted cannot be recorded.

    An :class:`InvalidForm` (hosts catch both alike) whose :attr:`message`
    is the sentence above a staff form: staff record, they do not validate
    choices.
    """

    message: ClassVar[str] = STAFF_FORM_MESSAGE

    def __init__(self, problems: Iterable[Problem]) -> None:
        super().__init__(problems)
        self.args = (" ".join((STAFF_FORM_MESSAGE, *(p.message for p in self.problems))),)
