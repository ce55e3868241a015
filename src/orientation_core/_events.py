"""What happened to a dossier: one event per accepted command, plus the opening.

Every event names the dossier it belongs to, the dossier version after it,
who did it and when, so that a receiver can apply each once and in order.
Folding the events from the opening gives the dossier back
(:meth:`orientation_core.Dossier.replay`), and only if :meth:`handle
<orientation_core.Dossier.handle>` could have produced them: each event
knows the command that gives it (:attr:`DossierEvent.command`).
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs

from orientation_core._actors import Actor, Guardian, Pupil, Staff
from orientation_core._checks import all_of, aware, flag, identifier, of_type, version
from orientation_core._commands import (
    AcceptDecision,
    AcknowledgeAvis,
    Answer,
    AnswerPropositions,
    AvisConseil,
    DossierCommand,
    HandOverEntrant,
    LodgeAppeal,
    Proposition,
    RecordAppealDecision,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    RequestMaintien,
    ValidateChoix,
    ValidateIntentions,
    answers_problems,
    clean_text,
    propositions_problems,
    text_problems,
)
from orientation_core._intention import IntentionSet
from orientation_core._problems import problem
from orientation_core._schedule import utc_field
from orientation_core._voie import Voie
from orientation_core.exceptions import InvalidValue, Problem

_ACTOR_TYPES = (Guardian, Pupil, Staff)

__all__ = [
    "AppealDecisionRecorded",
    "AppealLodged",
    "AvisAcknowledged",
    "AvisRecorded",
    "ChoixValidated",
    "DecisionAccepted",
    "DecisionRecorded",
    "DossierEvent",
    "DossierId",
    "DossierOpened",
    "EntrantHandedOver",
    "FamilyEvent",
    "IntentionsValidated",
    "MaintienRequested",
    "PropositionsAnswered",
    "PropositionsRecorded",
]


@attrs.frozen
class DossierId:
    """Which dossier: one pupil's, in one school, for one rentrée.

    Attributes:
        uai: The school's UAI code.
        rentree: The year of the rentrée the campaign prepares.
        pupil_id: The host's stable identifier of the pupil.

    """

    uai: str
    rentree: int
    pupil_id: str

    def __attrs_post_init__(self) -> None:
        # Every command builds one (Dossier.id): the sound case first, with
        # no list of problems built (0.6 against 0.8 µs an id).
        uai, pupil_id = self.uai, self.pupil_id
        if (
            type(uai) is str
            and type(pupil_id) is str
            and uai
            and pupil_id
            and type(self.rentree) is int
        ):
            return
        problems = identifier(self.uai, ("uai",))
        if type(self.rentree) is not int:
            problems.append(problem("type.invalid", ("rentree",), expected="int"))
        problems.extend(identifier(self.pupil_id, ("pupil_id",)))
        # Only an id with something wrong gets here.
        raise InvalidValue(problems)


@attrs.frozen
class DossierEvent:
    """The base of every dossier event.

    Attributes:
        dossier: The dossier it belongs to.
        version: The dossier's version after it: 1 for the opening, then one
            more per event.
        actor: Who did it (for a paper form, the member of staff who keyed it).
        at: The aware instant it was accepted, kept in UTC.

    """

    dossier: DossierId
    version: int
    actor: Actor
    at: datetime = attrs.field(converter=utc_field)

    def __attrs_post_init__(self) -> None:
        # Events check themselves, so that folding them can trust their
        # parts: a history built or loaded by a host is refused here, not
        # half-applied.  The common fields' sound case is tested first, with
        # no list of problems built: every command and every replayed event
        # builds an event (2.2 against 2.6 µs an event).
        if (
            type(self.dossier) is DossierId
            and type(self.version) is int
            and self.version >= 1
            and type(self.actor) in _ACTOR_TYPES
            and type(self.at) is datetime
            and self.at.tzinfo is UTC  # what utc_field makes of an aware instant
        ):
            problems = self._payload_problems()
        else:
            problems = of_type(self.dossier, DossierId, ("dossier",))
            problems.extend(version(self.version))
            problems.extend(
                of_type(self.actor, _ACTOR_TYPES, ("actor",), "Guardian | Pupil | Staff")
            )
            problems.extend(aware(self.at, ("at",)))
            problems.extend(self._payload_problems())
        if problems:
            raise InvalidValue(problems)

    def _payload_problems(self) -> list[Problem]:
        return []

    @property
    def command(self) -> DossierCommand | None:
        """The command :meth:`~orientation_core.Dossier.handle` turns into this event.

        None for the opening, which no command gives.
        """
        return None


@attrs.frozen
class DossierOpened(DossierEvent):
    """The school opened the dossier of one pupil, from its own list.

    Attributes:
        pupil: The pupil.
        guardians: The pupil's 1 or 2 guardians.

    """

    pupil: Pupil
    guardians: tuple[Guardian, ...]

    def _payload_problems(self) -> list[Problem]:
        # The sound case first, in one test, with no list built: every
        # opening builds one.
        pupil, guardians = self.pupil, self.guardians
        if (
            type(self.actor) is Staff
            and type(pupil) is Pupil
            and type(guardians) is tuple
            and all(type(guardian) is Guardian for guardian in guardians)
            and type(self.version) is int
            and self.version == 1
            and type(self.dossier) is DossierId
            and pupil.id == self.dossier.pupil_id
        ):
            return []
        problems = [
            *of_type(self.actor, Staff, ("actor",)),
            *of_type(self.pupil, Pupil, ("pupil",)),
            *all_of(self.guardians, Guardian, ("guardians",)),
        ]
        # A version that is no whole number is reported as such already, and
        # is never compared: a host's object may refuse to be.
        if type(self.version) is int and self.version != 1:
            problems.append(problem("event.inconsistent", ("version",)))
        if (
            isinstance(self.pupil, Pupil)
            and isinstance(self.dossier, DossierId)
            and self.pupil.id != self.dossier.pupil_id
        ):
            problems.append(problem("event.inconsistent", ("pupil",)))
        return problems


@attrs.frozen
class FamilyEvent(DossierEvent):
    """The base of what the family did, online or on a paper form keyed in by staff.

    Attributes:
        guardian_id: The guardian who acted: online, the actor; on paper, the
            signatory.  The entrant from then on if there was none.
        paper_form: Whether staff keyed it in from a paper form the family
            signed (then ``actor`` is the member of staff).

    """

    guardian_id: str
    paper_form: bool

    def _payload_problems(self) -> list[Problem]:
        actor, guardian_id, paper_form = self.actor, self.guardian_id, self.paper_form
        # The sound cases first, with no list built: online, the guardian who
        # acted; on paper, a signatory and staff who keyed it in.
        if type(guardian_id) is str and guardian_id and type(paper_form) is bool:
            if paper_form:
                sound = type(actor) is Staff
            else:
                sound = type(actor) is Guardian and actor.id == guardian_id
            if sound:
                return self._family_payload_problems()
        problems = identifier(self.guardian_id, ("guardian_id",))
        problems.extend(flag(self.paper_form, ("paper_form",)))
        if not problems:
            # Online, the guardian is the actor; on paper, staff keyed it in.
            online = type(self.actor) is Guardian and self.actor.id == self.guardian_id
            if online is self.paper_form and isinstance(self.actor, Guardian | Staff):
                problems.append(problem("event.inconsistent", ("paper_form",)))
            elif type(self.actor) is Pupil:
                problems.append(problem("event.inconsistent", ("actor",)))
        return [*problems, *self._family_payload_problems()]

    def _family_payload_problems(self) -> list[Problem]:
        return []

    @property
    def signed_by(self) -> str | None:
        """The signatory of the paper form, or None online."""
        return self.guardian_id if self.paper_form else None


@attrs.frozen
class IntentionsValidated(FamilyEvent):
    """Intentions were validated, online by a guardian or from a paper form.

    Attributes:
        intentions: The validated intentions.

    """

    intentions: IntentionSet

    def _family_payload_problems(self) -> list[Problem]:
        return of_type(self.intentions, IntentionSet, ("intentions",))

    @property
    def command(self) -> ValidateIntentions:
        """The command that gives this event."""
        return ValidateIntentions(self.version - 1, self.intentions, signed_by=self.signed_by)


@attrs.frozen
class AvisAcknowledged(FamilyEvent):
    """The entrant acknowledged receipt of the avis."""

    @property
    def command(self) -> AcknowledgeAvis:
        """The command that gives this event."""
        return AcknowledgeAvis(self.version - 1, signed_by=self.signed_by)


@attrs.frozen
class ChoixValidated(FamilyEvent):
    """Choix définitifs were validated, online by a guardian or from a paper form.

    Attributes:
        choix: The validated choices.

    """

    choix: IntentionSet

    def _family_payload_problems(self) -> list[Problem]:
        return of_type(self.choix, IntentionSet, ("choix",))

    @property
    def command(self) -> ValidateChoix:
        """The command that gives this event."""
        return ValidateChoix(self.version - 1, self.choix, signed_by=self.signed_by)


@attrs.frozen
class PropositionsAnswered(FamilyEvent):
    """The entrant answered the propositions.

    Attributes:
        answers: One answer per proposition, in their order.

    """

    answers: tuple[Answer, ...]

    def _family_payload_problems(self) -> list[Problem]:
        return answers_problems(self.answers, ("answers",))

    @property
    def command(self) -> AnswerPropositions:
        """The command that gives this event."""
        return AnswerPropositions(self.version - 1, self.answers, signed_by=self.signed_by)


@attrs.frozen
class DecisionAccepted(FamilyEvent):
    """The entrant accepted the head's decision."""

    @property
    def command(self) -> AcceptDecision:
        """The command that gives this event."""
        return AcceptDecision(self.version - 1, signed_by=self.signed_by)


@attrs.frozen
class AppealLodged(FamilyEvent):
    """The entrant appealed the head's decision (or, dernier mot, kept a choice).

    Attributes:
        voie: The voie asked for.
        motif: The family's reason, if given.
        dernier_mot: Whether the school runs "dernier mot aux familles": the
            decision then follows the family, without a commission.

    """

    voie: Voie
    motif: str | None
    dernier_mot: bool

    def _family_payload_problems(self) -> list[Problem]:
        return [
            *of_type(self.voie, Voie, ("voie",)),
            *text_problems(self.motif, ("motif",)),
            *flag(self.dernier_mot, ("dernier_mot",)),
        ]

    @property
    def command(self) -> LodgeAppeal:
        """The command that gives this event."""
        return LodgeAppeal(self.version - 1, self.voie, self.motif, signed_by=self.signed_by)


@attrs.frozen
class MaintienRequested(FamilyEvent):
    """The entrant asked for the pupil to stay in 3e, after the commission."""

    @property
    def command(self) -> RequestMaintien:
        """The command that gives this event."""
        return RequestMaintien(self.version - 1, signed_by=self.signed_by)


@attrs.frozen
class AvisRecorded(DossierEvent):
    """Staff recorded the conseil de classe's avis.

    Attributes:
        avis: One avis per validated intention, in rank order.

    """

    avis: tuple[AvisConseil, ...]

    def _payload_problems(self) -> list[Problem]:
        return all_of(self.avis, AvisConseil, ("avis",))

    @property
    def command(self) -> RecordAvis:
        """The command that gives this event."""
        return RecordAvis(self.version - 1, self.avis)


@attrs.frozen
class PropositionsRecorded(DossierEvent):
    """Staff recorded the conseil de classe's propositions.

    Attributes:
        propositions: The propositions, in the conseil's order.

    """

    propositions: tuple[Proposition, ...]

    def _payload_problems(self) -> list[Problem]:
        return propositions_problems(self.propositions, ("propositions",))

    @property
    def command(self) -> RecordPropositions:
        """The command that gives this event."""
        return RecordPropositions(self.version - 1, self.propositions)


@attrs.frozen
class DecisionRecorded(DossierEvent):
    """The head recorded the decision; ``at`` is when it was notified.

    Attributes:
        voie: The voie decided.
        reasons: The written reasons, if any.

    """

    voie: Voie
    reasons: str | None

    def _payload_problems(self) -> list[Problem]:
        return [
            *of_type(self.voie, Voie, ("voie",)),
            *text_problems(self.reasons, ("reasons",)),
        ]

    @property
    def command(self) -> RecordDecision:
        """The command that gives this event."""
        return RecordDecision(self.version - 1, self.voie, self.reasons)


@attrs.frozen
class AppealDecisionRecorded(DossierEvent):
    """Staff recorded the commission d'appel's final decision.

    Attributes:
        voie: The voie decided.
        comment: The comment, if any.

    """

    voie: Voie
    comment: str | None

    def _payload_problems(self) -> list[Problem]:
        return [
            *of_type(self.voie, Voie, ("voie",)),
            *text_problems(self.comment, ("comment",)),
        ]

    @property
    def command(self) -> RecordAppealDecision:
        """The command that gives this event."""
        return RecordAppealDecision(self.version - 1, self.voie, self.comment)


@attrs.frozen
class EntrantHandedOver(DossierEvent):
    """The head handed the entrant role to a guardian, or named one.

    Attributes:
        to: The id of the guardian who enters from now on.

    """

    to: str

    def _payload_problems(self) -> list[Problem]:
        return identifier(self.to, ("to",))

    @property
    def command(self) -> HandOverEntrant:
        """The command that gives this event."""
        return HandOverEntrant(self.version - 1, self.to)


# Each event's command, and the event's fields that are the command's payload,
# named alike.
_PAYLOADS: dict[type, tuple[type[DossierCommand], tuple[str, ...]]] = {
    IntentionsValidated: (ValidateIntentions, ("intentions",)),
    AvisAcknowledged: (AcknowledgeAvis, ()),
    ChoixValidated: (ValidateChoix, ("choix",)),
    PropositionsAnswered: (AnswerPropositions, ("answers",)),
    DecisionAccepted: (AcceptDecision, ()),
    AppealLodged: (LodgeAppeal, ("voie", "motif")),
    MaintienRequested: (RequestMaintien, ()),
    AvisRecorded: (RecordAvis, ("avis",)),
    PropositionsRecorded: (RecordPropositions, ("propositions",)),
    DecisionRecorded: (RecordDecision, ("voie", "reasons")),
    AppealDecisionRecorded: (RecordAppealDecision, ("voie", "comment")),
    EntrantHandedOver: (HandOverEntrant, ("to",)),
}
# The texts a command keeps trimmed and NFC (clean_text), as its class does.
_TEXTS = frozenset({"motif", "reasons", "comment"})
_set = object.__setattr__


def replayed_command(event: object) -> DossierCommand | None:
    """What :attr:`DossierEvent.command` gives, from the parts the event's class checked.

    None for the opening and for anything but one of the library's own
    events.  The event's class has made on the same parts every check the
    command's class makes on construction (the answers' and the
    propositions' rules included), but for three that replay makes anyway:
    a version below 1 (of an event of version 1 that is no opening) is
    refused as stale, a paper form's signatory the command would trim is no
    guardian's id, and a text the command would clean comes back cleaned,
    so that the event decided again differs from the one given.  So the
    command is built as attrs builds it, without running those checks
    again: 486 against 541 thousand instructions a replay of 9 events,
    counted with callgrind.
    """
    payload = _PAYLOADS.get(type(event))
    if payload is None:
        return None
    kind, names = payload
    command = object.__new__(kind)
    _set(command, "version", event.version - 1)  # type: ignore[attr-defined]
    if isinstance(event, FamilyEvent):
        _set(command, "signed_by", event.guardian_id if event.paper_form else None)
    for name in names:
        value = getattr(event, name)
        _set(command, name, clean_text(value) if name in _TEXTS else value)
    return command
