"""The phases of a campaign and what each allows, written once, as data.

Everything else (the campaign's calendar, the dossier's permission policy,
the docs' phase table) reads these tables; nothing restates them.
"""

from __future__ import annotations

import functools
from types import MappingProxyType

from orientation_core._coerce import Coded

__all__ = [
    "LATE_ACTIONS",
    "PHASE_ACTIONS",
    "PHASE_GRAPH",
    "Action",
    "CampaignAction",
    "Phase",
    "Rhythm",
    "Side",
]


@functools.total_ordering
class Phase(Coded, kind="phase"):
    """The phase a school's service is in; the order is the order of the year."""

    NOT_OPEN = "NOT_OPEN"
    PROVISIONAL_OPEN = "PROVISIONAL_OPEN"
    PROVISIONAL_CLOSED = "PROVISIONAL_CLOSED"
    AVIS_PUBLISHED = "AVIS_PUBLISHED"
    DEFINITIVE_OPEN = "DEFINITIVE_OPEN"
    DEFINITIVE_CLOSED = "DEFINITIVE_CLOSED"
    PROPOSITIONS_PUBLISHED = "PROPOSITIONS_PUBLISHED"
    DECISIONS = "DECISIONS"
    CLOSED = "CLOSED"

    @property
    def label(self) -> str:
        """The French label of the phase, for a school on trimestres (see :meth:`label_in`)."""
        return _LABELS[self]

    def label_in(self, rhythm: Rhythm) -> str:
        """The French label of the phase for a school running its year in ``rhythm``.

        >>> Phase.PROVISIONAL_CLOSED.label_in(Rhythm.SEMESTRES)
        'Conseils de classe du 1er semestre'
        """
        return _RHYTHM_LABELS[Rhythm(rhythm)].get(self, _LABELS[self])

    @property
    def index(self) -> int:
        """The position of the phase in the year, from 0 (not open) to 8 (closed)."""
        return _ORDER[self]

    @property
    def allows(self) -> frozenset[Action]:
        """The actions the phase opens (who may take them is the policy's business)."""
        return PHASE_ACTIONS[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Phase):
            return NotImplemented
        return _ORDER[self] < _ORDER[other]


class Rhythm(Coded, kind="rythme de l'année scolaire"):
    """How a school divides its year: three trimestres or two semestres.

    It names the periods the family acts in and the conseils de classe:
    intentions in the 2nd trimestre or the 1st semestre, choix définitifs in
    the 3rd trimestre or the 2nd semestre (procedure.md §4, §6).
    """

    TRIMESTRES = "TRIMESTRES"
    SEMESTRES = "SEMESTRES"

    @property
    def intentions_period(self) -> str:
        """The period of the intentions provisoires, as a page heading names it."""
        return _PERIODS[self][0]

    @property
    def choix_period(self) -> str:
        """The period of the choix définitifs, as a page heading names it."""
        return _PERIODS[self][1]


class Side(Coded, kind="auteur d'une action"):
    """Who takes an action, as a kind: the family's entrant or the school's staff."""

    FAMILY = "FAMILY"
    STAFF = "STAFF"
    HEAD = "HEAD"


class Action(Coded, kind="action"):
    """What can be done to a dossier; each phase opens some of them.

    Each action is named like the command that carries it (``LODGE_APPEAL``
    for :class:`~orientation_core.LodgeAppeal`, whose event is
    :class:`~orientation_core.AppealLodged`).
    """

    OPEN_DOSSIER = "OPEN_DOSSIER"
    VALIDATE_INTENTIONS = "VALIDATE_INTENTIONS"
    ACKNOWLEDGE_AVIS = "ACKNOWLEDGE_AVIS"
    VALIDATE_CHOIX = "VALIDATE_CHOIX"
    ANSWER_PROPOSITIONS = "ANSWER_PROPOSITIONS"
    ACCEPT_DECISION = "ACCEPT_DECISION"
    LODGE_APPEAL = "LODGE_APPEAL"
    REQUEST_MAINTIEN = "REQUEST_MAINTIEN"
    RECORD_AVIS = "RECORD_AVIS"
    RECORD_PROPOSITIONS = "RECORD_PROPOSITIONS"
    RECORD_DECISION = "RECORD_DECISION"
    RECORD_APPEAL_DECISION = "RECORD_APPEAL_DECISION"
    HAND_OVER_ENTRANT = "HAND_OVER_ENTRANT"

    @property
    def by(self) -> Side:
        """Who takes this action: the family, staff of the school, or its head only."""
        return _ACTION_BY[self]


class CampaignAction(Coded, kind="action sur la campagne"):
    """What the head of a school can do to its campaign, named like its command."""

    MOVE_START = "MOVE_START"
    MOVE_END = "MOVE_END"
    CLOSE_SERVICE = "CLOSE_SERVICE"
    PUBLISH_AVIS = "PUBLISH_AVIS"
    PUBLISH_PROPOSITIONS = "PUBLISH_PROPOSITIONS"


_ORDER = {phase: index for index, phase in enumerate(Phase)}

_LABELS = {
    Phase.NOT_OPEN: "Campagne d'orientation non ouverte",
    Phase.PROVISIONAL_OPEN: "Saisie des intentions provisoires",
    Phase.PROVISIONAL_CLOSED: "Conseils de classe du 2e trimestre",
    Phase.AVIS_PUBLISHED: "Consultation de l'avis provisoire et accusé de réception",
    Phase.DEFINITIVE_OPEN: "Saisie des choix définitifs",
    Phase.DEFINITIVE_CLOSED: "Conseils de classe du 3e trimestre",
    Phase.PROPOSITIONS_PUBLISHED: "Réponse aux propositions du conseil de classe",
    Phase.DECISIONS: "Décision d'orientation et appel",
    Phase.CLOSED: "Campagne d'orientation terminée",
}

_RHYTHM_LABELS: dict[Rhythm, dict[Phase, str]] = {
    Rhythm.TRIMESTRES: {},
    Rhythm.SEMESTRES: {
        Phase.PROVISIONAL_CLOSED: "Conseils de classe du 1er semestre",
        Phase.DEFINITIVE_CLOSED: "Conseils de classe du 2nd semestre",
    },
}

_PERIODS = {
    Rhythm.TRIMESTRES: ("Deuxième trimestre", "Troisième trimestre"),
    Rhythm.SEMESTRES: ("Premier semestre", "Deuxième semestre"),
}

_ACTION_BY = {
    Action.OPEN_DOSSIER: Side.STAFF,
    Action.VALIDATE_INTENTIONS: Side.FAMILY,
    Action.ACKNOWLEDGE_AVIS: Side.FAMILY,
    Action.VALIDATE_CHOIX: Side.FAMILY,
    Action.ANSWER_PROPOSITIONS: Side.FAMILY,
    Action.ACCEPT_DECISION: Side.FAMILY,
    Action.LODGE_APPEAL: Side.FAMILY,
    Action.REQUEST_MAINTIEN: Side.FAMILY,
    Action.RECORD_AVIS: Side.STAFF,
    Action.RECORD_PROPOSITIONS: Side.STAFF,
    Action.RECORD_DECISION: Side.HEAD,
    Action.RECORD_APPEAL_DECISION: Side.STAFF,
    Action.HAND_OVER_ENTRANT: Side.HEAD,
}

# procedure.md §4.  Nobody acts on a dossier before the service opens: the
# school only opens the dossiers.  Staff key in a family's paper form whenever
# the phase opens the family's action (see the policy).  The head hands the
# entrant role over while anything is left to do; whether a family with no
# entrant may be given one yet is the dossier's business (it depends on
# whether the family can still validate).
_OPEN = Action.OPEN_DOSSIER
_HAND_OVER = Action.HAND_OVER_ENTRANT
PHASE_ACTIONS: MappingProxyType[Phase, frozenset[Action]] = MappingProxyType(
    {
        Phase.NOT_OPEN: frozenset({_OPEN}),
        Phase.PROVISIONAL_OPEN: frozenset({_OPEN, Action.VALIDATE_INTENTIONS, _HAND_OVER}),
        Phase.PROVISIONAL_CLOSED: frozenset({_OPEN, Action.RECORD_AVIS, _HAND_OVER}),
        Phase.AVIS_PUBLISHED: frozenset({_OPEN, Action.ACKNOWLEDGE_AVIS, _HAND_OVER}),
        Phase.DEFINITIVE_OPEN: frozenset(
            {
                _OPEN,
                Action.VALIDATE_CHOIX,
                # An acknowledgement not yet given may still be given.
                Action.ACKNOWLEDGE_AVIS,
                _HAND_OVER,
            }
        ),
        Phase.DEFINITIVE_CLOSED: frozenset({_OPEN, Action.RECORD_PROPOSITIONS, _HAND_OVER}),
        Phase.PROPOSITIONS_PUBLISHED: frozenset({_OPEN, Action.ANSWER_PROPOSITIONS, _HAND_OVER}),
        Phase.DECISIONS: frozenset(
            {
                _OPEN,
                Action.RECORD_DECISION,
                Action.ACCEPT_DECISION,
                Action.LODGE_APPEAL,
                Action.RECORD_APPEAL_DECISION,
                Action.REQUEST_MAINTIEN,
                _HAND_OVER,
            }
        ),
        # Read only, but for the windows still running on a decision: see
        # LATE_ACTIONS and the dossier's late_actions.
        Phase.CLOSED: frozenset(),
    }
)

LATE_ACTIONS: frozenset[Action] = frozenset(
    {
        Action.ACCEPT_DECISION,
        Action.LODGE_APPEAL,
        Action.RECORD_APPEAL_DECISION,
        Action.REQUEST_MAINTIEN,
    }
)
"""The actions a dossier may keep open after the decisions phase ends.

No family loses a right to the calendar: a decision's 3 jours ouvrables,
the commission d'appel's decision on an appeal lodged in time, and the
maintien request that may follow it outlive the phase (the dossier says
which are still running, :meth:`orientation_core.Dossier.late_actions`).
"""

# How the service moves through the year.  The head may close an open phase
# early and publish avis or propositions early, but never go back.
PHASE_GRAPH: MappingProxyType[Phase, frozenset[Phase]] = MappingProxyType(
    {
        Phase.NOT_OPEN: frozenset({Phase.PROVISIONAL_OPEN}),
        Phase.PROVISIONAL_OPEN: frozenset({Phase.PROVISIONAL_CLOSED}),
        Phase.PROVISIONAL_CLOSED: frozenset({Phase.AVIS_PUBLISHED}),
        Phase.AVIS_PUBLISHED: frozenset({Phase.DEFINITIVE_OPEN}),
        Phase.DEFINITIVE_OPEN: frozenset({Phase.DEFINITIVE_CLOSED}),
        Phase.DEFINITIVE_CLOSED: frozenset({Phase.PROPOSITIONS_PUBLISHED}),
        Phase.PROPOSITIONS_PUBLISHED: frozenset({Phase.DECISIONS}),
        Phase.DECISIONS: frozenset({Phase.CLOSED}),
        Phase.CLOSED: frozenset(),
    }
)
