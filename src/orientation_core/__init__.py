"""orientation_core: the rules and the words of the end-of-3e orientation procedure."""

from orientation_core._academy import Academy, PhaseWindow, SchoolYear
from orientation_core._campaign import (
    AvisPublished,
    BoundaryMoved,
    CalendarEntry,
    Campaign,
    CampaignCommand,
    CampaignEvent,
    CloseService,
    MoveEnd,
    MoveStart,
    PhaseChange,
    PropositionsPublished,
    PublishAvis,
    PublishPropositions,
    ServiceClosed,
)
from orientation_core._intention import Intention, IntentionSet, normalise_precision
from orientation_core._phase import PHASE_ACTIONS, PHASE_GRAPH, Action, Phase, Side
from orientation_core._recap import recap_lines
from orientation_core._settings import AcademySettings
from orientation_core._voie import PRECISION_HELP, PRECISION_LABEL, Statut, Voie
from orientation_core._workdays import (
    APPEAL_JOURS_OUVRABLES,
    Territory,
    is_jour_ouvrable,
    jours_ouvrables_after,
    public_holidays,
)

__all__ = [
    "APPEAL_JOURS_OUVRABLES",
    "PHASE_ACTIONS",
    "PHASE_GRAPH",
    "PRECISION_HELP",
    "PRECISION_LABEL",
    "Academy",
    "AcademySettings",
    "Action",
    "AvisPublished",
    "BoundaryMoved",
    "CalendarEntry",
    "Campaign",
    "CampaignCommand",
    "CampaignEvent",
    "CloseService",
    "Intention",
    "IntentionSet",
    "MoveEnd",
    "MoveStart",
    "Phase",
    "PhaseChange",
    "PhaseWindow",
    "PropositionsPublished",
    "PublishAvis",
    "PublishPropositions",
    "SchoolYear",
    "ServiceClosed",
    "Side",
    "Statut",
    "Territory",
    "Voie",
    "is_jour_ouvrable",
    "jours_ouvrables_after",
    "normalise_precision",
    "public_holidays",
    "recap_lines",
]
