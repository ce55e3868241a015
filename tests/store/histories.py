"""Léa's school, its campaign, and dossier histories of any length, for the store's tests.

A long history is an opening followed by the entrant validating the same
intentions again and again, all at one instant: each event is built
directly for its version, with no replay, so that worker processes can make
thousands cheaply, and the whole history still replays.
"""

from __future__ import annotations

from benchmarks.dossier import CAMPAIGN, CLAIRE, HEAD, NOW, OPENED_AT, PARIS, PAUL, WISHES

from orientation_core import (
    Dossier,
    DossierEvent,
    DossierId,
    DossierOpened,
    IntentionsValidated,
    Pupil,
)

# Léa's school and family, as docs/dossier.md and the dossier benchmark have them.
__all__ = ["CAMPAIGN", "CLAIRE", "HEAD", "NOW", "PARIS", "PAUL", "RENTREE", "UAI", "WISHES"]

UAI = CAMPAIGN.uai
RENTREE = CAMPAIGN.rentree


def dossier_id(pupil_id: str = "eleve-lea") -> DossierId:
    """The dossier of ``pupil_id`` at Léa's school for the rentrée 2027."""
    return DossierId(UAI, RENTREE, pupil_id)


def opened(pupil_id: str = "eleve-lea") -> DossierOpened:
    """The opening of the dossier of ``pupil_id``, with Claire and Paul as guardians."""
    pupil = Pupil(pupil_id, f"Élève {pupil_id}", "3e B")
    _, event = Dossier.open(pupil, [CLAIRE, PAUL], campaign=CAMPAIGN, actor=HEAD, now=OPENED_AT)
    return event


def validated(dossier: DossierId, version: int) -> IntentionsValidated:
    """Claire validating the intentions again, giving ``version``."""
    return IntentionsValidated(
        dossier, version, CLAIRE, NOW, guardian_id=CLAIRE.id, paper_form=False, intentions=WISHES
    )


def following(dossier: DossierId, after: int, count: int) -> list[DossierEvent]:
    """The ``count`` validations that follow version ``after``."""
    return [validated(dossier, version) for version in range(after + 1, after + 1 + count)]


def history(pupil_id: str = "eleve-lea", length: int = 3) -> list[DossierEvent]:
    """A history of ``length`` events: the opening, then validations."""
    first = opened(pupil_id)
    return [first, *following(first.dossier, 1, length - 1)]
