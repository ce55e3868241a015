"""The protocol every event store follows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence

    from orientation_core._campaign import CampaignEvent
    from orientation_core._events import DossierEvent, DossierId

__all__ = ["EventStore"]


class EventStore(Protocol):
    """An append-only store of dossier and campaign histories.

    Each dossier and each campaign is a stream whose events are numbered by
    their version (1, 2, ...).  An append names the version it was decided
    on: of two appends from the same version, one is written and the other
    raises :class:`~orientation_core.exceptions.Conflict`, writing nothing.
    Dossier events also get a global position, in commit order, that a
    back-office sync follows with :meth:`read_after`.
    """

    def create_schema(self) -> None:
        """Create the tables if they are missing (idempotent)."""

    def append(
        self, stream: DossierId, events: Sequence[DossierEvent], *, expected_version: int
    ) -> int:
        """Append ``events`` to the dossier ``stream`` if it is at ``expected_version``.

        Returns:
            The dossier's new version.

        Raises:
            Conflict: someone appended first; nothing of ``events`` is written.
            InvalidValue: the events are not this dossier's next ones.

        """

    def load(self, stream: DossierId) -> list[DossierEvent]:
        """The dossier's events in order; empty if it was never opened."""

    def dossiers(self, uai: str, rentree: int) -> list[DossierId]:
        """The dossiers of the school ``uai`` for the rentrée ``rentree``."""

    def read_after(self, position: int, *, limit: int = ...) -> list[tuple[int, DossierEvent]]:
        """Up to ``limit`` dossier events after ``position``, with their positions, in order."""

    def append_campaign(
        self, uai: str, rentree: int, events: Sequence[CampaignEvent], *, expected_version: int
    ) -> int:
        """Append ``events`` to a campaign's stream, as :meth:`append` does to a dossier's."""

    def load_campaign(self, uai: str, rentree: int) -> list[CampaignEvent]:
        """The campaign's events in order; empty if it was never planned."""
