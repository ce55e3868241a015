"""The reference receiver: the back office's view, built from records in any order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from orientation_core._coerce import collected
from orientation_core._dossier import Appeal, AppealDecision, Decision, Dossier
from orientation_core._events import (
    AppealDecisionRecorded,
    AppealLodged,
    AvisAcknowledged,
    AvisRecorded,
    ChoixValidated,
    DecisionAccepted,
    DecisionRecorded,
    DossierEvent,
    DossierId,
    DossierOpened,
    EntrantHandedOver,
    FamilyEvent,
    IntentionsValidated,
    MaintienRequested,
    PropositionsAnswered,
    PropositionsRecorded,
)
from orientation_core._problems import Path, problem
from orientation_core.exceptions import InvalidValue, Problem
from orientation_core.sync._record import SyncRecord

__all__ = ["BackOfficeView", "DossierView", "apply", "apply_all"]


def _records(value: object) -> Any:
    return collected(value, tuple)


def _record_problems(value: object, at: Path) -> list[Problem]:
    if type(value) is tuple and all(type(item) is SyncRecord for item in value):
        return []
    return [problem("type.invalid", at, expected="tuple[SyncRecord, ...]")]


@attrs.frozen
class DossierView:
    """The back office's picture of one dossier, and the records it holds back.

    Attributes:
        applied: The records applied, in version order: the ``n``-th is
            version ``n``.
        pending: The records received ahead of a missing version, in
            version order: each is applied once every version before it is.
        dossier: The dossier as the school holds it after the records
            applied (the pupil, the entrant, the intentions, the avis and
            their acknowledgement, the choix, the propositions and answers,
            the decision and its acceptance, the appeal and its decision,
            the maintien, whether a paper form was used); None until the
            opening is applied.

    The records must be one dossier's, applied from version 1 without a gap
    and held back beyond the next version (``"sync.inconsistent"``
    otherwise); the picture is taken as given.

    """

    applied: tuple[SyncRecord, ...] = attrs.field(default=(), converter=_records)
    pending: tuple[SyncRecord, ...] = attrs.field(default=(), converter=_records)
    dossier: Dossier | None = None

    def __attrs_post_init__(self) -> None:
        problems = _record_problems(self.applied, ("applied",))
        problems += _record_problems(self.pending, ("pending",))
        dossier: object = self.dossier  # typed Dossier | None, but a host may pass anything
        if dossier is not None and not isinstance(dossier, Dossier):
            problems.append(problem("type.invalid", ("dossier",), expected="Dossier | None"))
        if problems:
            raise InvalidValue(problems)
        # What apply relies on: one dossier's records, applied from version 1
        # without a gap, then held back in order beyond the next version.
        records = (*self.applied, *self.pending)
        for index, record in enumerate(self.applied):
            if record.version != index + 1 or record.dossier != records[0].dossier:
                problems.append(problem("sync.inconsistent", ("applied", index)))
        versions = [record.version for record in self.pending]
        if self.pending and (
            versions[0] <= self.version + 1
            or versions != sorted(set(versions))
            or any(record.dossier != records[0].dossier for record in self.pending)
        ):
            problems.append(problem("sync.inconsistent", ("pending",)))
        if (dossier is None) != (not self.applied):
            problems.append(problem("sync.inconsistent", ("dossier",)))
        if problems:
            raise InvalidValue(problems)

    @property
    def version(self) -> int:
        """The last version applied: 0 before the opening."""
        return len(self.applied)


_EMPTY = DossierView()


def _views(value: object) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType(dict(value))
    return value


@attrs.frozen
class BackOfficeView:
    """What the back office (Siècle Orientation) knows of every dossier it received.

    Build it from ``BackOfficeView()`` with :func:`apply` or :func:`apply_all`.

    Attributes:
        dossiers: Each dossier's :class:`DossierView`, by dossier.

    """

    # Left out of the hash, which a read-only mapping cannot give: equal
    # views still hash alike.
    dossiers: Mapping[DossierId, DossierView] = attrs.field(
        factory=dict, converter=_views, hash=False
    )

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.dossiers, Mapping) or not all(
            type(key) is DossierId and type(view) is DossierView
            for key, view in self.dossiers.items()
        ):
            raise InvalidValue(
                (problem("type.invalid", ("dossiers",), expected="dict[DossierId, DossierView]"),)
            )
        for key, view in self.dossiers.items():
            records = (*view.applied, *view.pending)
            if records and records[0].dossier != key:
                raise InvalidValue((problem("sync.inconsistent", ("dossiers",)),))

    @property
    def pending(self) -> int:
        """How many records are held back, waiting for a missing version."""
        return sum(len(view.pending) for view in self.dossiers.values())

    def dossier(self, dossier: DossierId) -> Dossier | None:
        """The back office's picture of ``dossier``, or None before its opening arrives."""
        if type(dossier) is not DossierId:
            raise InvalidValue((problem("type.invalid", ("dossier",), expected="DossierId"),))
        view = self.dossiers.get(dossier)
        return None if view is None else view.dossier


def apply(view: BackOfficeView, record: SyncRecord) -> BackOfficeView:
    """The view after receiving ``record``; ``view`` itself is left as it was.

    A record already received is ignored, so that a repeat changes nothing; a
    record ahead of a missing version is held back in its dossier's
    :attr:`~DossierView.pending`; a record of the next version is applied,
    then every held-back record that follows it.  Any order of any repeats of
    a dossier's records thus gives the view of its records in order.

    Raises:
        InvalidValue: a value is not a view or a record; another record of
            the same key was received (``"sync.conflict"``); the first version
            of a dossier is not its opening (``"sync.not_opened"``); or the
            record cannot apply to the dossier (the dossier's own codes).

    """
    if type(view) is not BackOfficeView:
        raise InvalidValue((problem("type.invalid", ("view",), expected="BackOfficeView"),))
    if type(record) is not SyncRecord:
        raise InvalidValue((problem("type.invalid", ("record",), expected="SyncRecord"),))
    before = view.dossiers.get(record.dossier, _EMPTY)
    after = _received(before, record, ("record",))
    if after is before:
        return view
    return BackOfficeView({**view.dossiers, record.dossier: after})


def apply_all(view: BackOfficeView, records: Iterable[SyncRecord]) -> BackOfficeView:
    """The view after receiving ``records`` one after the other, as :func:`apply` does.

    Raises:
        InvalidValue: as :func:`apply` does, each problem located by the
            record's index.

    """
    if type(view) is not BackOfficeView:
        raise InvalidValue((problem("type.invalid", ("view",), expected="BackOfficeView"),))
    items = collected(records, tuple)
    if type(items) is not tuple:
        raise InvalidValue((problem("type.invalid", ("records",), expected="list[SyncRecord]"),))
    dossiers = dict(view.dossiers)
    for index, record in enumerate(items):
        if type(record) is not SyncRecord:
            raise InvalidValue(
                (problem("type.invalid", ("records", index), expected="SyncRecord"),)
            )
        before = dossiers.get(record.dossier, _EMPTY)
        dossiers[record.dossier] = _received(before, record, ("records", index))
    return BackOfficeView(dossiers)


def _received(view: DossierView, record: SyncRecord, at: Path) -> DossierView:
    version = record.version
    if version <= view.version:
        _same(view.applied[version - 1], record, at)
        return view
    for held in view.pending:
        if held.version == version:
            _same(held, record, at)
            return view
    if version > view.version + 1:
        pending = tuple(sorted((*view.pending, record), key=lambda held: held.version))
        return DossierView(view.applied, pending, view.dossier)
    applied, dossier = (*view.applied, record), _folded(view.dossier, record.event, at)
    pending = view.pending
    # Every held-back record that now follows, in order.
    while pending and pending[0].version == len(applied) + 1:
        dossier = _folded(dossier, pending[0].event, at)
        applied, pending = (*applied, pending[0]), pending[1:]
    return DossierView(applied, pending, dossier)


def _same(held: SyncRecord, record: SyncRecord, at: Path) -> None:
    # One key, one event: a different event under a held key is a sender's bug.
    if held != record:
        raise InvalidValue((problem("sync.conflict", (*at, "key")),))


def _folded(dossier: Dossier | None, event: DossierEvent, at: Path) -> Dossier:
    """The back office's dossier after ``event``, folded from the event's payload alone.

    The back office has no campaign: it takes the school's accepted events as
    they are and only checks that the dossier they give is a valid one.
    """
    # A view holds a dossier once its opening, version 1, is applied
    # (DossierView checks it): an opening only ever comes to no dossier.
    if dossier is None:
        if type(event) is not DossierOpened:
            raise InvalidValue((problem("sync.not_opened", (*at, "event")),))
        return Dossier(
            event.dossier.uai,
            event.dossier.rentree,
            event.pupil,
            event.guardians,
            updated_at=event.at,
        )
    changes = _FOLDS[type(event)](event)
    if isinstance(event, FamilyEvent):
        # The first family act, online or on paper, names the entrant.
        changes["entrant_id"] = dossier.entrant_id or event.guardian_id
        changes["paper_form"] = dossier.paper_form or event.paper_form
    try:
        return attrs.evolve(dossier, **changes, version=event.version, updated_at=event.at)
    except InvalidValue as error:
        raise InvalidValue(
            [Problem(p.code, (*at, "event"), p.message) for p in error.problems]
        ) from None


# An opening is always version 1 (DossierOpened checks it), so it is only
# ever folded into no dossier, above.
_FOLDS: dict[type[DossierEvent], Callable[[Any], dict[str, Any]]] = {
    IntentionsValidated: lambda e: {"intentions": e.intentions},
    ChoixValidated: lambda e: {"choix": e.choix},
    AvisAcknowledged: lambda e: {"acknowledged_at": e.at},
    PropositionsAnswered: lambda e: {"answers": e.answers},
    DecisionAccepted: lambda e: {"decision_accepted_at": e.at},
    AppealLodged: lambda e: {"appeal": Appeal(e.voie, e.motif, e.at, e.dernier_mot)},
    MaintienRequested: lambda e: {"maintien_requested_at": e.at},
    AvisRecorded: lambda e: {"avis": e.avis},
    # New propositions call for new answers.
    PropositionsRecorded: lambda e: {"propositions": e.propositions, "answers": ()},
    DecisionRecorded: lambda e: {"decision": Decision(e.voie, e.reasons, e.at)},
    AppealDecisionRecorded: lambda e: {"appeal_decision": AppealDecision(e.voie, e.comment, e.at)},
    EntrantHandedOver: lambda e: {"entrant_id": e.to},
}
