"""What the conseil de classe and the family say, and the commands that carry it.

A command is a small frozen value carrying the dossier version its sender
saw; constructing one checks its own payload (raising
:class:`~orientation_core.exceptions.InvalidValue`), and
:meth:`orientation_core.Dossier.handle` checks the rest against the dossier.

Names follow one rule: a command is a verb and its object
(:class:`LodgeAppeal`), its :class:`~orientation_core.Action` the same words
(``LODGE_APPEAL``), its event the object and the past participle
(:class:`~orientation_core.AppealLodged`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, cast

import attrs

from orientation_core._checks import all_of, identifier, of_type, version
from orientation_core._coerce import Coded, collected
from orientation_core._intention import IntentionSet
from orientation_core._phase import Action
from orientation_core._problems import MAX_INTENTIONS, Path, problem
from orientation_core._voie import Voie
from orientation_core.exceptions import InvalidValue, Problem

__all__ = [
    "AcceptDecision",
    "AcknowledgeAvis",
    "Answer",
    "AnswerPropositions",
    "Avis",
    "AvisConseil",
    "DossierCommand",
    "FamilyCommand",
    "HandOverEntrant",
    "LodgeAppeal",
    "Proposition",
    "RecordAppealDecision",
    "RecordAvis",
    "RecordDecision",
    "RecordPropositions",
    "RequestMaintien",
    "ValidateChoix",
    "ValidateIntentions",
]

MAX_TEXT_LENGTH = 2000
# Line breaks and tabs are kept in reasons and comments; every other control
# character is refused, as in a précision.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(value: object) -> object:
    """A reason or comment as stored: trimmed, NFC, ``None`` when blank.

    Anything but text is left as it is, for the class to report.
    """
    if type(value) is not str:
        return value
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").strip())
    return text or None


def text_problems(value: object, at: Path) -> list[Problem]:
    """What is wrong with a reason or comment already passed through :func:`clean_text`."""
    if value is None:
        return []
    if type(value) is not str:
        return [problem("type.invalid", at, expected="str")]
    if len(value) > MAX_TEXT_LENGTH:
        return [problem("text.too_long", at, max=MAX_TEXT_LENGTH)]
    if _FORBIDDEN.search(value):
        return [problem("text.invalid_character", at)]
    return []


def answers_problems(value: object, at: Path) -> list[Problem]:
    """What is wrong with a family's answers: a tuple of :class:`Answer`, at most one "d'accord".

    The command checks them, and so does its event: a history can hold only
    what a command could give.
    """
    if problems := all_of(value, Answer, at):
        return problems
    answers = cast("tuple[Answer, ...]", value)  # pragma: no mutate
    if answers.count(Answer.D_ACCORD) > 1:
        return [problem("answers.several_accepted", at)]
    return []


def propositions_problems(value: object, at: Path) -> list[Problem]:
    """What is wrong with a conseil's propositions: 1 to 3 :class:`Proposition`, each voie once.

    The command checks them, and so does its event.
    """
    if problems := all_of(value, Proposition, at):
        return problems
    propositions = cast("tuple[Proposition, ...]", value)  # pragma: no mutate
    if not propositions:
        return [problem("propositions.empty", at)]
    if len(propositions) > MAX_INTENTIONS:
        return [problem("propositions.too_many", at)]
    seen: set[Voie] = set()
    problems = []
    for index, proposition in enumerate(propositions):
        if proposition.voie in seen:
            problems.append(problem("propositions.duplicate", (*at, index, "voie")))
        seen.add(proposition.voie)
    return problems


def _stripped(value: object) -> object:
    return value.strip() if type(value) is str else value


def _answers(value: Iterable[Answer]) -> tuple[Answer, ...]:
    return cast("tuple[Answer, ...]", collected(value, tuple))  # pragma: no mutate


def _avis(value: Iterable[AvisConseil]) -> tuple[AvisConseil, ...]:
    return cast("tuple[AvisConseil, ...]", collected(value, tuple))  # pragma: no mutate


def _propositions(value: Iterable[Proposition]) -> tuple[Proposition, ...]:
    return cast("tuple[Proposition, ...]", collected(value, tuple))  # pragma: no mutate


class Avis(Coded, kind="avis"):
    """The conseil de classe's avis provisoire on one intention."""

    FAVORABLE = "FAVORABLE"
    RESERVE = "RESERVE"
    DEFAVORABLE = "DEFAVORABLE"

    @property
    def label(self) -> str:
        """The exact French label the family reads."""
        return _AVIS_LABELS[self]

    @property
    def needs_reason(self) -> bool:
        """Whether the conseil must say why (réservé and défavorable)."""
        return self is not Avis.FAVORABLE


_AVIS_LABELS = {
    Avis.FAVORABLE: "Favorable",
    Avis.RESERVE: "Réservé",
    Avis.DEFAVORABLE: "Défavorable",
}


class Answer(Coded, kind="réponse"):
    """The family's answer to one proposition of the conseil de classe."""

    D_ACCORD = "D_ACCORD"
    PAS_D_ACCORD = "PAS_D_ACCORD"

    @property
    def label(self) -> str:
        """The exact French label the family reads."""
        return _ANSWER_LABELS[self]


_ANSWER_LABELS = {
    Answer.D_ACCORD: "D'accord (la proposition devient décision)",
    Answer.PAS_D_ACCORD: (
        "Pas d'accord (le dialogue continue, vous devez prendre contact avec le chef "
        "d'établissement)"
    ),
}


@attrs.frozen
class AvisConseil:
    """The avis of the conseil de classe on one validated intention.

    >>> AvisConseil(Voie.GT, Avis.RESERVE, "Résultats fragiles en mathématiques.").avis.label
    'Réservé'

    Attributes:
        voie: The voie of the intention the avis is about.
        avis: Favorable, réservé or défavorable.
        reason: Why; required when the avis is réservé or défavorable.
        comment: An optional comment.

    """

    voie: Voie
    avis: Avis
    reason: str | None = attrs.field(default=None, converter=clean_text)
    comment: str | None = attrs.field(default=None, converter=clean_text)

    def __attrs_post_init__(self) -> None:
        problems = of_type(self.voie, Voie, ("voie",))
        avis: object = self.avis  # typed Avis, but the host may pass anything
        if not isinstance(avis, Avis):
            problems.append(problem("type.invalid", ("avis",), expected="Avis"))
        elif avis.needs_reason and self.reason is None:
            problems.append(problem("avis.reason_required", ("reason",)))
        problems.extend(text_problems(self.reason, ("reason",)))
        problems.extend(text_problems(self.comment, ("comment",)))
        if problems:
            raise InvalidValue(problems)


@attrs.frozen
class Proposition:
    """One proposition of the conseil de classe, for a choice or for a voie not asked for.

    Whether it conforms to the family's choices is for the dossier to say
    (:meth:`orientation_core.Dossier.conforms`).

    Attributes:
        voie: The voie proposed.
        comment: An optional comment of the conseil.

    """

    voie: Voie
    comment: str | None = attrs.field(default=None, converter=clean_text)

    def __attrs_post_init__(self) -> None:
        problems = of_type(self.voie, Voie, ("voie",))
        problems.extend(text_problems(self.comment, ("comment",)))
        if problems:
            raise InvalidValue(problems)


@attrs.frozen
class DossierCommand:
    """What an actor asks of a dossier; the base of every command.

    Attributes:
        version: The dossier version the sender saw: a command built from a
            stale version is refused with
            :class:`~orientation_core.exceptions.Conflict`.

    """

    action: ClassVar[Action]

    version: int

    def __attrs_post_init__(self) -> None:
        problems = self._common_problems()
        payload = self._payload_problems()
        # No list joined in the sound case: every command a host sends, and
        # every event a replay takes back to its command, builds one.
        if problems or payload:
            raise InvalidValue([*problems, *payload])

    def _common_problems(self) -> list[Problem]:
        return version(self.version)

    def _payload_problems(self) -> list[Problem]:
        return []


@attrs.frozen
class FamilyCommand(DossierCommand):
    """What the family does: online by the entrant, or keyed in by staff from paper.

    Attributes:
        signed_by: For a paper form keyed in by staff (the fiche de
            dialogue), the id of the guardian who signed it; None online.
            The signatory must be the entrant, or becomes it when there is
            none yet.

    """

    signed_by: str | None = attrs.field(default=None, kw_only=True, converter=_stripped)

    def _common_problems(self) -> list[Problem]:
        # The version's check written here rather than through super(): with
        # the problems joined only when there are some, a command went from
        # 10.3 to 8.9 thousand instructions.
        problems = version(self.version)
        if self.signed_by is not None:
            problems.extend(identifier(self.signed_by, ("signed_by",)))
        return problems


@attrs.frozen
class ValidateIntentions(FamilyCommand):
    """The family validates its intentions provisoires; a later validation replaces it.

    Attributes:
        intentions: The 1 to 3 ranked intentions.

    """

    action: ClassVar[Action] = Action.VALIDATE_INTENTIONS

    intentions: IntentionSet

    def _payload_problems(self) -> list[Problem]:
        return of_type(self.intentions, IntentionSet, ("intentions",))


@attrs.frozen
class AcknowledgeAvis(FamilyCommand):
    """The entrant acknowledges receipt of the published avis (accusé de réception)."""

    action: ClassVar[Action] = Action.ACKNOWLEDGE_AVIS


@attrs.frozen
class ValidateChoix(FamilyCommand):
    """The family validates its choix définitifs; a later validation replaces it.

    Attributes:
        choix: The 1 to 3 ranked choices.

    """

    action: ClassVar[Action] = Action.VALIDATE_CHOIX

    choix: IntentionSet

    def _payload_problems(self) -> list[Problem]:
        return of_type(self.choix, IntentionSet, ("choix",))


@attrs.frozen
class AnswerPropositions(FamilyCommand):
    """The family answers each proposition, in the order they were recorded.

    At most one answer is "D'accord": that proposition becomes the decision.

    Attributes:
        answers: One answer per proposition.

    """

    action: ClassVar[Action] = Action.ANSWER_PROPOSITIONS

    answers: tuple[Answer, ...] = attrs.field(converter=_answers)

    def _payload_problems(self) -> list[Problem]:
        return answers_problems(self.answers, ("answers",))


@attrs.frozen
class AcceptDecision(FamilyCommand):
    """The family accepts the head's decision."""

    action: ClassVar[Action] = Action.ACCEPT_DECISION


@attrs.frozen
class LodgeAppeal(FamilyCommand):
    """The family appeals the head's decision, asking for ``voie``.

    Where the school runs "dernier mot aux familles", this is the family
    keeping one of its choix définitifs: the decision then follows it.

    Attributes:
        voie: The voie the family asks for.
        motif: Why, in the family's words (optional).

    """

    action: ClassVar[Action] = Action.LODGE_APPEAL

    voie: Voie
    motif: str | None = attrs.field(default=None, converter=clean_text)

    def _payload_problems(self) -> list[Problem]:
        return [*of_type(self.voie, Voie, ("voie",)), *text_problems(self.motif, ("motif",))]


@attrs.frozen
class RequestMaintien(FamilyCommand):
    """After the commission d'appel, the family asks for the pupil to stay in 3e."""

    action: ClassVar[Action] = Action.REQUEST_MAINTIEN


@attrs.frozen
class RecordAvis(DossierCommand):
    """Staff record the conseil de classe's avis: one per validated intention.

    A later record replaces the earlier one while the phase lasts.

    Attributes:
        avis: The avis, one for each validated intention.

    """

    action: ClassVar[Action] = Action.RECORD_AVIS

    avis: tuple[AvisConseil, ...] = attrs.field(converter=_avis)

    def _payload_problems(self) -> list[Problem]:
        return all_of(self.avis, AvisConseil, ("avis",))

    @classmethod
    def from_form(
        cls, version: int, rows: Sequence[Mapping[str, Any]], intentions: IntentionSet
    ) -> RecordAvis:
        """Parse what the avis form posts, or list every problem.

        Args:
            version: The dossier version the page was built from.
            rows: One mapping per validated intention, with the keys
                ``"voie"`` and ``"avis"`` (codes such as ``"PRO"`` and
                ``"RESERVE"``), ``"reason"`` and ``"comment"``; each value a
                string, or a list of strings, blank as a browser sends it.
            intentions: The dossier's validated intentions: the rows name
                each of their voies once, and no other.

        Raises:
            InvalidStaffForm: with every problem, each located
                ``(row_index, field)``, or ``()`` for the form as a whole.

        """
        from orientation_core._staff_form import parse_avis  # noqa: PLC0415 -- it imports this module

        return parse_avis(version, rows, intentions)


@attrs.frozen
class RecordPropositions(DossierCommand):
    """Staff record the conseil de classe's 1 to 3 propositions, each voie once.

    Attributes:
        propositions: The propositions, in the conseil's order.

    """

    action: ClassVar[Action] = Action.RECORD_PROPOSITIONS

    propositions: tuple[Proposition, ...] = attrs.field(converter=_propositions)

    def _payload_problems(self) -> list[Problem]:
        return propositions_problems(self.propositions, ("propositions",))

    @classmethod
    def from_form(cls, version: int, rows: Sequence[Mapping[str, Any]]) -> RecordPropositions:
        """Parse what the propositions form posts, or list every problem.

        Args:
            version: The dossier version the page was built from.
            rows: 1 to 3 mappings, in the conseil's order, with the keys
                ``"voie"`` (a code such as ``"GT"``) and ``"comment"``.

        Raises:
            InvalidStaffForm: with every problem, each located
                ``(row_index, field)``, or ``()`` for the form as a whole.

        """
        from orientation_core._staff_form import parse_propositions  # noqa: PLC0415 -- as above

        return parse_propositions(version, rows)


@attrs.frozen
class RecordDecision(DossierCommand):
    """The head records the decision after the interview; notified at the command's instant.

    Attributes:
        voie: The voie decided.
        reasons: Written reasons, required when the decision does not follow
            the family's first choix définitif.

    """

    action: ClassVar[Action] = Action.RECORD_DECISION

    voie: Voie
    reasons: str | None = attrs.field(default=None, converter=clean_text)

    def _payload_problems(self) -> list[Problem]:
        return [*of_type(self.voie, Voie, ("voie",)), *text_problems(self.reasons, ("reasons",))]

    @classmethod
    def from_form(
        cls, version: int, data: Mapping[str, Any], choix: IntentionSet | None
    ) -> RecordDecision:
        """Parse what the decision form posts, or list every problem.

        Args:
            version: The dossier version the page was built from.
            data: A mapping with the keys ``"voie"`` (a code such as
                ``"GT"``) and ``"reasons"``.
            choix: The dossier's choix définitifs (None when the family
                validated none): reasons are required when the decision is
                not the first of them.

        Raises:
            InvalidStaffForm: with every problem, each located ``(field,)``,
                or ``()`` for the form as a whole.

        """
        from orientation_core._staff_form import parse_decision  # noqa: PLC0415 -- as above

        return parse_decision(version, data, choix)


@attrs.frozen
class RecordAppealDecision(DossierCommand):
    """Staff record the commission d'appel's decision, which is final.

    Attributes:
        voie: The voie decided by the commission.
        comment: An optional comment.

    """

    action: ClassVar[Action] = Action.RECORD_APPEAL_DECISION

    voie: Voie
    comment: str | None = attrs.field(default=None, converter=clean_text)

    def _payload_problems(self) -> list[Problem]:
        return [*of_type(self.voie, Voie, ("voie",)), *text_problems(self.comment, ("comment",))]


@attrs.frozen
class HandOverEntrant(DossierCommand):
    """The head hands the entrant role to the other guardian (or names one when none).

    Attributes:
        to: The id of the guardian who enters from now on.

    """

    action: ClassVar[Action] = Action.HAND_OVER_ENTRANT

    to: str

    def _payload_problems(self) -> list[Problem]:
        return identifier(self.to, ("to",))
