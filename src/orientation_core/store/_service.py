"""Load, decide, append: a dossier's commands against a store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from orientation_core._dossier import Dossier
from orientation_core._problems import problem
from orientation_core.exceptions import InvalidValue

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from orientation_core._actors import Actor, Guardian, Pupil, Staff
    from orientation_core._commands import DossierCommand
    from orientation_core._events import DossierEvent, DossierId, DossierOpened
    from orientation_core._policy import CampaignView
    from orientation_core.store._protocol import EventStore

__all__ = ["handle", "open_dossier"]


def open_dossier(
    store: EventStore,
    pupil: Pupil,
    guardians: Sequence[Guardian],
    *,
    campaign: CampaignView,
    actor: Staff,
    now: datetime,
) -> tuple[Dossier, DossierOpened]:
    """Open a dossier (:meth:`Dossier.open <orientation_core.Dossier.open>`) and store its opening.

    Raises:
        Conflict: the dossier was already opened (``actual`` is its version).
        OrientationError: whatever :meth:`Dossier.open` raises.

    """
    dossier, opened = Dossier.open(pupil, guardians, campaign=campaign, actor=actor, now=now)
    store.append(dossier.id, [opened], expected_version=0)
    return dossier, opened


def handle(
    store: EventStore,
    dossier_id: DossierId,
    command: DossierCommand,
    *,
    actor: Actor,
    campaign: CampaignView,
    now: datetime,
) -> tuple[Dossier, tuple[DossierEvent, ...]]:
    """Load the dossier, handle ``command``, and append its events at the loaded version.

    Returns:
        The new dossier and the events appended.

    Raises:
        Conflict: the command was built from an older version, or someone
            appended between the load and the append: reload and decide
            again (the caller decides whether to retry).
        InvalidValue: ``"store.no_dossier"``: the dossier was never opened;
            ``"store.corrupt"``: its history cannot be read.
        OrientationError: whatever :meth:`Dossier.handle
            <orientation_core.Dossier.handle>` raises.

    """
    events = store.load(dossier_id)
    if not events:
        raise InvalidValue((problem("store.no_dossier", ("dossier_id",)),))
    dossier = Dossier.replay(events, campaign=campaign)
    after, given = dossier.handle(command, actor=actor, campaign=campaign, now=now)
    store.append(dossier_id, given, expected_version=dossier.version)
    return after, given
