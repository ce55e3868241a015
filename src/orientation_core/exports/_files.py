"""The files a school's back office takes out of the store."""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from orientation_core import sync
from orientation_core._campaign import Campaign
from orientation_core._dossier import Dossier
from orientation_core._followup import families_to_follow_up_from_events, name_order
from orientation_core._problems import problem
from orientation_core.exceptions import InvalidValue

if TYPE_CHECKING:
    from datetime import datetime

    from orientation_core._events import DossierEvent
    from orientation_core.store import EventStore

__all__ = [
    "APPEAL_COLUMNS",
    "DECISION_COLUMNS",
    "FOLLOW_UP_COLUMNS",
    "write_appeals",
    "write_decisions",
    "write_follow_up",
    "write_sync_records",
]

DECISION_COLUMNS = (
    "INE",
    "Élève",
    "Classe",
    "Décision",
    "Prise par",
    "Motifs",
    "Notifiée le",
    "Réponse de la famille",
    "Répondu le",
)
"""The decisions file's header line."""

APPEAL_COLUMNS = (
    "INE",
    "Élève",
    "Classe",
    "Décision contestée",
    "Voie demandée",
    "Motif",
    "Déposé le",
    "Dernier mot de la famille",
    "Décision de la commission",
    "Commentaire de la commission",
    "Décidée le",
    "Maintien en 3e demandé le",
)
"""The appeals file's header line."""

FOLLOW_UP_COLUMNS = (
    "Classe",
    "Élève",
    "INE",
    "Démarche attendue",
    "Représentant légal 1",
    "Courriel 1",
    "Représentant légal 2",
    "Courriel 2",
)
"""The follow-up file's header line."""

# A spreadsheet opens a UTF-8 file as such only when it starts with a byte
# order mark (Excel reads one without as Windows-1252: "Ã©" for "é").
_BOM = "\ufeff"
# A cell starting with one of these is a formula to a spreadsheet: a motif a
# family typed must never run as one (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PAGE = 500


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def _checked(store: object, campaign: object, out: object) -> None:
    problems = []
    if not all(callable(getattr(store, name, None)) for name in ("dossiers", "load", "read_after")):
        problems.append(problem("type.invalid", ("store",), expected="EventStore"))
    if not isinstance(campaign, Campaign):
        problems.append(problem("type.invalid", ("campaign",), expected="Campaign"))
    if not callable(getattr(out, "write", None)):
        problems.append(problem("type.invalid", ("out",), expected="TextIO"))
    if problems:
        raise InvalidValue(problems)


def _cell(value: str | None) -> str:
    if value is None:
        return ""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def _when(campaign: Campaign, moment: datetime | None) -> str:
    return "" if moment is None else f"{campaign.local(moment):%d/%m/%Y %H:%M}"


def _write_csv(out: _Writable, header: tuple[str, ...], rows: list[list[str | None]]) -> int:
    out.write(_BOM)
    # RFC 4180's line ends, which every spreadsheet reads; the caller opens
    # a file with newline="" so that they are written as they are.
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return len(rows)


def _dossiers(store: EventStore, campaign: Campaign) -> list[Dossier]:
    dossiers = [
        Dossier.replay(store.load(found), campaign=campaign)
        for found in store.dossiers(campaign.uai, campaign.rentree)
    ]
    # A class list's order: by class, then name, then id for namesakes.
    return sorted(
        dossiers,
        key=lambda d: (name_order(d.pupil.classe), name_order(d.pupil.name), d.pupil.id),
    )


def write_decisions(store: EventStore, campaign: Campaign, out: _Writable) -> int:
    """Write the campaign's decisions as CSV to ``out``; return how many lines (header aside).

    One line per pupil with a decision: the head's, after the interview, or
    the conseil de classe's proposition the family agreed to ("la proposition
    devient décision"), with the reasons, when it was notified, and the
    family's answer: "Acceptée", "Appel", or "En attente" while it has
    given none.

    Raises:
        InvalidValue: an argument of the wrong type, or a history the store
            cannot give back (``"store.corrupt"``).

    """
    _checked(store, campaign, out)
    rows: list[list[str | None]] = []
    for dossier in _dossiers(store, campaign):
        decision = dossier.decision
        accepted = dossier.accepted_proposition
        head: list[str | None]
        if decision is not None:
            answer, answered = _answer(dossier)
            head = [decision.voie.label, "Chef d'établissement", decision.reasons]
            rows.append(
                [
                    *_pupil(dossier),
                    *head,
                    _when(campaign, decision.notified_at),
                    answer,
                    _when(campaign, answered),
                ]
            )
        elif accepted is not None:
            # The family agreed to it: nothing to notify, nothing to answer.
            head = [accepted.voie.label, "Conseil de classe (proposition acceptée)", None]
            rows.append([*_pupil(dossier), *head, None, "Acceptée", None])
    return _write_csv(out, DECISION_COLUMNS, rows)


def _pupil(dossier: Dossier) -> list[str | None]:
    return [dossier.pupil.id, dossier.pupil.name, dossier.pupil.classe]


def _answer(dossier: Dossier) -> tuple[str, datetime | None]:
    if dossier.decision_accepted_at is not None:
        return "Acceptée", dossier.decision_accepted_at
    if dossier.appeal is not None:
        return "Appel", dossier.appeal.at
    return "En attente", None


def write_appeals(store: EventStore, campaign: Campaign, out: _Writable) -> int:
    """Write the campaign's appeals as CSV to ``out``; return how many lines (header aside).

    One line per appeal: the decision appealed, the voie asked for, the
    family's motif, when it was lodged, whether it was the family's last
    word ("Oui": the decision follows the family, no commission), the
    commission d'appel's decision, its comment and when it was recorded, and
    when the family asked for maintien en 3e.

    Raises:
        InvalidValue: as :func:`write_decisions`.

    """
    _checked(store, campaign, out)
    rows: list[list[str | None]] = []
    for dossier in _dossiers(store, campaign):
        appeal, decision = dossier.appeal, dossier.decision
        if appeal is None or decision is None:
            continue
        decided = dossier.appeal_decision
        rows.append(
            [
                *_pupil(dossier),
                decision.voie.label,
                appeal.voie.label,
                appeal.motif,
                _when(campaign, appeal.at),
                "Oui" if appeal.dernier_mot else "Non",
                None if decided is None else decided.voie.label,
                None if decided is None else decided.comment,
                _when(campaign, None if decided is None else decided.at),
                _when(campaign, dossier.maintien_requested_at),
            ]
        )
    return _write_csv(out, APPEAL_COLUMNS, rows)


def write_follow_up(store: EventStore, campaign: Campaign, out: _Writable, *, now: datetime) -> int:
    """Write the families to follow up at ``now`` as CSV to ``out``; return how many lines.

    One line per family that has not done what the campaign's phase asks
    (:func:`~orientation_core.families_to_follow_up`), by class and by name:
    the pupil, what is expected, and the guardians to contact with their
    e-mail addresses.  Before the service opens nothing is asked, and the
    file has its header only.

    Raises:
        InvalidValue: as :func:`write_decisions`, or ``now`` not an aware
            instant.

    """
    _checked(store, campaign, out)
    events = itertools.chain.from_iterable(
        store.load(found) for found in store.dossiers(campaign.uai, campaign.rentree)
    )
    follow_up = families_to_follow_up_from_events(events, campaign, now)
    pending = None if follow_up.pending is None else follow_up.pending.label
    rows: list[list[str | None]] = []
    for group in follow_up.classes:
        for family in group.families:
            contacts: list[str | None] = []
            for guardian in family.guardians:
                contacts += [guardian.name, guardian.email]
            # Every line has every column, a pupil with one guardian too.
            contacts += [None] * (len(FOLLOW_UP_COLUMNS) - 4 - len(contacts))
            rows.append([group.classe, family.pupil.name, family.pupil.id, pending, *contacts])
    return _write_csv(out, FOLLOW_UP_COLUMNS, rows)


def _campaign_events(store: EventStore, campaign: Campaign) -> Iterator[DossierEvent]:
    position = 0
    while page := store.read_after(position, limit=_PAGE):
        for _, event in page:
            if (event.dossier.uai, event.dossier.rentree) == (campaign.uai, campaign.rentree):
                yield event
        position = page[-1][0]


def write_sync_records(store: EventStore, campaign: Campaign, out: _Writable) -> int:
    """Write the campaign's sync records as JSON Lines to ``out``; return how many.

    One record (:func:`orientation_core.sync.dump`) a line, in the order of
    the store's global feed, every dossier of the campaign's school and
    rentrée from its opening: what a back office that missed the feed loads
    to catch up (:func:`orientation_core.sync.apply_all`).  UTF-8 text with
    no byte order mark, as JSON Lines are.

    Raises:
        InvalidValue: as :func:`write_decisions`.

    """
    _checked(store, campaign, out)
    count = 0
    for event in _campaign_events(store, campaign):
        record = sync.dump(sync.sync_record(event))
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
