"""The families to follow up: who has not done yet what the phase asks of them.

"L'établissement peut visualiser dans Siècle Orientation les familles pour
lesquelles il n'y a pas de saisies enregistrées, et les accompagner" (the
guide).  For a school at an instant, :func:`families_to_follow_up` lists the
pupils whose family has not done what the campaign's phase asks, by class
and by name, with counts; :func:`families_to_follow_up_from_events` gives the
same list straight from the events a store keeps, without rebuilding the
dossiers.  Both decide with the same predicate over the same few facts, so
they cannot disagree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType

import attrs

from orientation_core._actors import Guardian, Pupil
from orientation_core._checks import all_of
from orientation_core._coerce import Coded
from orientation_core._dossier import Dossier
from orientation_core._events import (
    AppealLodged,
    AvisAcknowledged,
    AvisRecorded,
    ChoixValidated,
    DecisionAccepted,
    DecisionRecorded,
    DossierEvent,
    DossierId,
    DossierOpened,
    IntentionsValidated,
    PropositionsAnswered,
    PropositionsRecorded,
)
from orientation_core._phase import Phase
from orientation_core._policy import CampaignView, appeal_deadline, check_campaign_view, phase_of
from orientation_core._problems import Path, problem
from orientation_core.exceptions import InvalidValue, Problem

__all__ = [
    "PHASE_PENDING",
    "FollowUp",
    "FollowUpClass",
    "FollowUpFamily",
    "Pending",
    "families_to_follow_up",
    "families_to_follow_up_from_events",
    "name_order",
]


class Pending(Coded, kind="démarche attendue"):
    """What a phase asks of the family and some families have not done yet."""

    INTENTIONS = "INTENTIONS"
    ACKNOWLEDGEMENT = "ACKNOWLEDGEMENT"
    CHOIX = "CHOIX"
    ANSWERS = "ANSWERS"
    DECISION = "DECISION"

    @property
    def label(self) -> str:
        """What is missing, as the school's list heads it."""
        return _PENDING_LABELS[self]


_PENDING_LABELS = {
    Pending.INTENTIONS: "Aucune intention provisoire validée",
    Pending.ACKNOWLEDGEMENT: "Avis provisoire sans accusé de réception",
    Pending.CHOIX: "Aucun choix définitif validé",
    Pending.ANSWERS: "Aucune réponse aux propositions du conseil de classe",
    Pending.DECISION: "Décision d'orientation ni acceptée ni contestée",
}

# What each phase asks of the family.  A conseils-de-classe phase keeps the
# list of the phase before it: the family can no longer act, but the conseil
# and the school see who left the step undone.  Once closed, the decisions'
# windows may still run (no family loses a right to the calendar).
PHASE_PENDING: Mapping[Phase, Pending | None] = MappingProxyType(
    {
        Phase.NOT_OPEN: None,
        Phase.PROVISIONAL_OPEN: Pending.INTENTIONS,
        Phase.PROVISIONAL_CLOSED: Pending.INTENTIONS,
        Phase.AVIS_PUBLISHED: Pending.ACKNOWLEDGEMENT,
        Phase.DEFINITIVE_OPEN: Pending.CHOIX,
        Phase.DEFINITIVE_CLOSED: Pending.CHOIX,
        Phase.PROPOSITIONS_PUBLISHED: Pending.ANSWERS,
        Phase.DECISIONS: Pending.DECISION,
        Phase.CLOSED: Pending.DECISION,
    }
)
"""What the family is asked in each phase, for :func:`families_to_follow_up`."""


# -- the order people expect ---------------------------------------------------------

_NOT_A_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"(\d+)")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def _primary(text: str) -> tuple[str | int, ...]:
    # Letters without accents or case, words apart, numbers by their value.
    plain = "".join(
        c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c)
    )
    words = _NOT_A_WORD.sub(" ", plain.translate(_LIGATURES)).strip()
    return tuple(int(p) if i % 2 else p for i, p in enumerate(_DIGITS.split(words)))


def name_order(text: str) -> tuple[object, ...]:
    """The key that sorts names and classes as a French reader expects.

    Case and accents count only to break ties (unaccented first, then by
    the text itself), punctuation separates words as a space does, and
    numbers go by their value ("3e 2" before "3e 10").

    >>> sorted(["Émile", "emile", "Elodie", "Zoé", "Éloi"], key=name_order)
    ['Elodie', 'Éloi', 'emile', 'Émile', 'Zoé']

    Raises:
        InvalidValue: ``text`` is not text.

    """
    if type(text) is not str:
        raise InvalidValue((problem("type.invalid", ("text",), expected="str"),))
    return (_primary(text), unicodedata.normalize("NFD", text.casefold()), text)


# -- the values --------------------------------------------------------------------


@attrs.frozen
class FollowUpFamily:
    """One family to follow up: the pupil, and the guardians to contact.

    Attributes:
        pupil: The pupil.
        guardians: The pupil's guardians, as the school listed them.

    """

    pupil: Pupil
    guardians: tuple[Guardian, ...]

    def __attrs_post_init__(self) -> None:
        problems = [] if isinstance(self.pupil, Pupil) else _type("pupil", "Pupil")
        problems.extend(all_of(self.guardians, Guardian, ("guardians",)))
        if problems:
            raise InvalidValue(problems)


@attrs.frozen
class FollowUpClass:
    """The families of one class to follow up, sorted by the pupil's name.

    Attributes:
        classe: The class, such as ``"3e B"``.
        families: Its families to follow up, by the pupil's name.

    """

    classe: str
    families: tuple[FollowUpFamily, ...]

    def __attrs_post_init__(self) -> None:
        problems = [] if type(self.classe) is str else _type("classe", "str")
        problems.extend(all_of(self.families, FollowUpFamily, ("families",)))
        if problems:
            raise InvalidValue(problems)

    @property
    def count(self) -> int:
        """How many families of the class to follow up."""
        return len(self.families)


@attrs.frozen
class FollowUp:
    """The families of a school to follow up at some instant, by class.

    Attributes:
        phase: The campaign's phase at that instant.
        pending: What the phase asks and these families have not done, or
            None when it asks nothing (before the service opens).
        classes: The classes with at least one family to follow up, in
            order (:func:`name_order`).

    """

    phase: Phase
    pending: Pending | None
    classes: tuple[FollowUpClass, ...]

    def __attrs_post_init__(self) -> None:
        problems = [] if isinstance(self.phase, Phase) else _type("phase", "Phase")
        pending: object = self.pending  # typed Pending | None, but the host may pass anything
        if pending is not None and not isinstance(pending, Pending):
            problems.extend(_type("pending", "Pending"))
        problems.extend(all_of(self.classes, FollowUpClass, ("classes",)))
        if problems:
            raise InvalidValue(problems)

    @property
    def total(self) -> int:
        """How many families to follow up in the whole school."""
        return sum(group.count for group in self.classes)


def _type(name: str, expected: str) -> list[Problem]:
    return [problem("type.invalid", (name,), expected=expected)]


# -- the decision, on a few facts --------------------------------------------------------


class _Facts:
    # What a follow-up reads of one dossier: a few flags, folded from its
    # events or read off the dossier.
    __slots__ = (
        "acknowledged",
        "answered",
        "avis",
        "choix",
        "guardians",
        "intentions",
        "notified_at",
        "propositions",
        "pupil",
        "settled",
        "version",
    )

    def __init__(self, pupil: Pupil, guardians: tuple[Guardian, ...]) -> None:
        self.pupil = pupil
        self.guardians = guardians
        self.version = 1
        self.intentions = self.avis = self.acknowledged = self.choix = False
        self.propositions = self.answered = self.settled = False
        self.notified_at: datetime | None = None

    @classmethod
    def of(cls, dossier: Dossier) -> _Facts:
        facts = cls(dossier.pupil, dossier.guardians)
        facts.intentions = dossier.intentions is not None
        facts.avis = bool(dossier.avis)
        facts.acknowledged = dossier.acknowledged_at is not None
        facts.choix = dossier.choix is not None
        facts.propositions = bool(dossier.propositions)
        facts.answered = bool(dossier.answers)
        decision = dossier.decision
        facts.notified_at = None if decision is None else decision.notified_at
        facts.settled = dossier.decision_accepted_at is not None or dossier.appeal is not None
        return facts


def _waits(pending: Pending, facts: _Facts, campaign: CampaignView, now: datetime) -> bool:
    # Whether the family has not done what ``pending`` asks, and still can
    # or could have: no acknowledgement is asked where no avis was given, no
    # answer where nothing was proposed, and a decision whose window has run
    # out is final, with nothing left to do.
    if pending is Pending.INTENTIONS:
        return not facts.intentions
    if pending is Pending.ACKNOWLEDGEMENT:
        return facts.avis and not facts.acknowledged
    if pending is Pending.CHOIX:
        return not facts.choix
    if pending is Pending.ANSWERS:
        return facts.propositions and not facts.answered
    notified_at = facts.notified_at
    return (
        notified_at is not None
        and not facts.settled
        and now < appeal_deadline(campaign, notified_at)
    )


def _follow_up(
    phase: Phase, facts: Iterable[_Facts], campaign: CampaignView, now: datetime
) -> FollowUp:
    pending = PHASE_PENDING[phase]
    by_class: dict[str, list[tuple[tuple[object, ...], str, FollowUpFamily]]] = {}
    if pending is not None:
        for each in facts:
            if _waits(pending, each, campaign, now):
                pupil = each.pupil
                family = FollowUpFamily(pupil, each.guardians)
                by_class.setdefault(pupil.classe, []).append(
                    (name_order(pupil.name), pupil.id, family)
                )
    classes = tuple(
        FollowUpClass(classe, tuple(family for *_, family in sorted(rows)))
        for classe, rows in sorted(by_class.items(), key=lambda item: name_order(item[0]))
    )
    return FollowUp(phase, pending, classes)


# -- the two ways in -----------------------------------------------------------------


def _items(value: object, name: str, expected: str) -> Iterable[object]:
    # Text and mappings are iterable, but never a list of dossiers or events.
    if not isinstance(value, Iterable) or isinstance(value, str | bytes | Mapping):
        raise InvalidValue((problem("type.invalid", (name,), expected=expected),))
    return value


def families_to_follow_up(
    dossiers: Iterable[Dossier], campaign: CampaignView, now: datetime
) -> FollowUp:
    """The families of the campaign's school to follow up at ``now``, by class and name.

    What the family is asked depends on the phase the campaign is in at
    ``now`` (:data:`PHASE_PENDING`): intentions provisoires validated (from
    the opening of the service to the avis), the avis acknowledged (where
    the conseil gave one), choix définitifs validated, the propositions
    answered (where there are any), a decision accepted or appealed (while
    its 3 jours ouvrables run, even after the campaign closes).

    Args:
        dossiers: The school's dossiers for the campaign's rentrée, in any
            order.
        campaign: The school's campaign.
        now: The aware instant of the list.

    Raises:
        InvalidValue: a dossier is not one (``"type.invalid"``), is another
            school's or another rentrée's (``"campaign.other_school"``,
            ``"campaign.other_rentree"``, like :meth:`Dossier.handle
            <orientation_core.Dossier.handle>`), or comes twice
            (``"dossiers.duplicate"``), located at its index.

    """
    phase = phase_of(campaign, now)
    uai, rentree = check_campaign_view(campaign)
    facts = []
    seen: set[str] = set()
    for index, dossier in enumerate(_items(dossiers, "dossiers", "list[Dossier]")):
        at: Path = ("dossiers", index)
        if type(dossier) is not Dossier:
            raise InvalidValue((problem("type.invalid", at, expected="Dossier"),))
        if dossier.uai != uai:
            raise InvalidValue((problem("campaign.other_school", at),))
        if dossier.rentree != rentree:
            raise InvalidValue((problem("campaign.other_rentree", at),))
        if dossier.pupil.id in seen:
            raise InvalidValue((problem("dossiers.duplicate", at),))
        seen.add(dossier.pupil.id)
        facts.append(_Facts.of(dossier))
    return _follow_up(phase, facts, campaign, now)


def _fold(facts: _Facts, event: DossierEvent) -> None:
    # Only what a follow-up reads; every other event only counts.
    if isinstance(event, IntentionsValidated):
        facts.intentions = True
    elif isinstance(event, AvisRecorded):
        facts.avis = bool(event.avis)
    elif isinstance(event, AvisAcknowledged):
        facts.acknowledged = True
    elif isinstance(event, ChoixValidated):
        facts.choix = True
    elif isinstance(event, PropositionsRecorded):
        # New propositions call for new answers.
        facts.propositions = bool(event.propositions)
        facts.answered = False
    elif isinstance(event, PropositionsAnswered):
        facts.answered = bool(event.answers)
    elif isinstance(event, DecisionRecorded):
        facts.notified_at = event.at
    elif isinstance(event, DecisionAccepted | AppealLodged):
        facts.settled = True


def families_to_follow_up_from_events(
    events: Iterable[DossierEvent], campaign: CampaignView, now: datetime
) -> FollowUp:
    """:func:`families_to_follow_up`, straight from the events of the school's dossiers.

    The events are those a store gives back: every event of the school's
    dossiers for the campaign's rentrée, each dossier's in order from its
    opening, the dossiers' interleaved in any way (``store.load`` of each
    dossier one after the other, or ``read_after`` keeping the campaign's
    school and rentrée).
    Rather than replaying each dossier through ``handle``, it folds only
    the few facts the follow-up reads, so it costs little more than reading
    the events; it trusts the events to be a history ``handle`` produced
    (as the store's are), checking only that each dossier's come in order.

    Raises:
        InvalidValue: located at the event's index: not a dossier event
            (``"type.invalid"``), another campaign's
            (``"event.other_campaign"``), or out of its dossier's order
            (``"events.invalid"``: its opening missing or repeated, a
            version skipped or repeated).

    """
    phase = phase_of(campaign, now)
    uai, rentree = check_campaign_view(campaign)
    dossiers: dict[DossierId, _Facts] = {}
    for index, event in enumerate(_items(events, "events", "list[DossierEvent]")):
        at: Path = ("events", index)
        if not isinstance(event, DossierEvent):
            raise InvalidValue((problem("type.invalid", at, expected="DossierEvent"),))
        dossier = event.dossier
        if dossier.uai != uai or dossier.rentree != rentree:
            raise InvalidValue((problem("event.other_campaign", at),))
        facts = dossiers.get(dossier)
        if type(event) is DossierOpened and facts is None:
            dossiers[dossier] = _Facts(event.pupil, event.guardians)
            continue
        if facts is None or event.version != facts.version + 1:
            raise InvalidValue((problem("events.invalid", at),))
        facts.version = event.version
        _fold(facts, event)
    return _follow_up(phase, dossiers.values(), campaign, now)
