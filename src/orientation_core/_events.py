"""What happened to a dossier: one event per accepted command, plus the opening.

Every event carries who did it, when, and the dossier version after it, so
that a receiver can apply each once and in order.  Folding the events from
the opening gives the dossier back (:meth:`orientation_core.Dossier.replay`).
"""

from __future__ import annotations

from datetime import datetime

import attrs

from orientation_core._actors import Actor, Guardian, Pupil, Staff
from orientation_core._checks import all_of, aware, flag, identifier, of_type, version
from orientation_core._commands import AvisConseil, Proposition, Reponse, text_problems
from orientation_core._intention import IntentionSet
from orientation_core._voie import Voie
from orientation_core.exceptions import InvalidValue, Problem

__all__ = [
    "AppealDecided",
    "AppealLodged",
    "AvisAcknowledged",
    "AvisRecorded",
    "ChoixValidated",
    "DecisionAccepted",
    "DecisionRecorded",
    "DossierEvent",
    "DossierOpened",
    "EntrantHandedOver",
    "IntentionsValidated",
    "MaintienRequested",
    "PropositionsAnswered",
    "PropositionsRecorded",
]


@attrs.frozen
class DossierEvent:
    """The base of every event.

    Attributes:
        actor: Who did it (for a paper form, the member of staff who keyed it).
        at: The aware instant it was accepted.
        version: The dossier's version after it: 1 for the opening, then one
            more per event.

    """

    actor: Actor
    at: datetime
    version: int

    def __attrs_post_init__(self) -> None:
        # Events check themselves, so that folding them can trust them: a
        # history built or loaded by a host is refused here, not half-applied.
        problems = of_type(
            self.actor, (Guardian, Pupil, Staff), ("actor",), "Guardian | Pupil | Staff"
        )
        problems.extend(aware(self.at, ("at",)))
        problems.extend(version(self.version))
        problems.extend(self._payload_problems())
        if problems:
            raise InvalidValue(problems)

    def _payload_problems(self) -> list[Problem]:
        return []


@attrs.frozen
class DossierOpened(DossierEvent):
    """The school opened the dossier of one pupil, from its own list.

    Attributes:
        uai: The school's UAI code.
        rentree: The year of the rentrée the campaign prepares.
        pupil: The pupil.
        guardians: The pupil's 1 or 2 guardians.

    """

    uai: str
    rentree: int
    pupil: Pupil
    guardians: tuple[Guardian, ...]

    def _payload_problems(self) -> list[Problem]:
        return [
            *identifier(self.uai, ("uai",)),
            *of_type(self.rentree, int, ("rentree",)),
            *of_type(self.pupil, Pupil, ("pupil",)),
            *all_of(self.guardians, Guardian, ("guardians",)),
        ]


@attrs.frozen
class IntentionsValidated(DossierEvent):
    """Intentions were validated, online by a guardian or from a paper form.

    Attributes:
        intentions: The validated intentions.
        guardian_id: The guardian who validated (or signed the form); the
            entrant from now on if there was none.
        paper_form: Whether staff keyed it in from a paper form.

    """

    intentions: IntentionSet
    guardian_id: str
    paper_form: bool

    def _payload_problems(self) -> list[Problem]:
        return [
            *of_type(self.intentions, IntentionSet, ("intentions",)),
            *identifier(self.guardian_id, ("guardian_id",)),
            *flag(self.paper_form, ("paper_form",)),
        ]


@attrs.frozen
class AvisAcknowledged(DossierEvent):
    """The entrant acknowledged receipt of the avis."""


@attrs.frozen
class ChoixValidated(DossierEvent):
    """Choix définitifs were validated, online by a guardian or from a paper form.

    Attributes:
        choix: The validated choices.
        guardian_id: The guardian who validated (or signed the form); the
            entrant from now on if there was none.
        paper_form: Whether staff keyed it in from a paper form.

    """

    choix: IntentionSet
    guardian_id: str
    paper_form: bool

    def _payload_problems(self) -> list[Problem]:
        return [
            *of_type(self.choix, IntentionSet, ("choix",)),
            *identifier(self.guardian_id, ("guardian_id",)),
            *flag(self.paper_form, ("paper_form",)),
        ]


@attrs.frozen
class PropositionsAnswered(DossierEvent):
    """The entrant answered the propositions.

    Attributes:
        answers: One answer per proposition, in their order.

    """

    answers: tuple[Reponse, ...]

    def _payload_problems(self) -> list[Problem]:
        return all_of(self.answers, Reponse, ("answers",))


@attrs.frozen
class DecisionAccepted(DossierEvent):
    """The entrant accepted the head's decision."""


@attrs.frozen
class AppealLodged(DossierEvent):
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

    def _payload_problems(self) -> list[Problem]:
        return [
            *of_type(self.voie, Voie, ("voie",)),
            *text_problems(self.motif, ("motif",)),
            *flag(self.dernier_mot, ("dernier_mot",)),
        ]


@attrs.frozen
class MaintienRequested(DossierEvent):
    """The entrant asked for the pupil to stay in 3e, after the commission."""


@attrs.frozen
class AvisRecorded(DossierEvent):
    """Staff recorded the conseil de classe's avis.

    Attributes:
        avis: One avis per validated intention, in rank order.

    """

    avis: tuple[AvisConseil, ...]

    def _payload_problems(self) -> list[Problem]:
        return all_of(self.avis, AvisConseil, ("avis",))


@attrs.frozen
class PropositionsRecorded(DossierEvent):
    """Staff recorded the conseil de classe's propositions.

    Attributes:
        propositions: The propositions, in the conseil's order.

    """

    propositions: tuple[Proposition, ...]

    def _payload_problems(self) -> list[Problem]:
        return all_of(self.propositions, Proposition, ("propositions",))


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


@attrs.frozen
class AppealDecided(DossierEvent):
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


@attrs.frozen
class EntrantHandedOver(DossierEvent):
    """The head handed the entrant role to a guardian.

    Attributes:
        to: The id of the guardian who enters from now on.

    """

    to: str

    def _payload_problems(self) -> list[Problem]:
        return identifier(self.to, ("to",))
