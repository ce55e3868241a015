"""How far the back office's sync is from a hand-written floor: ``python -m benchmarks.sync``.

Each case does the same work twice: once with :mod:`orientation_core.sync`,
once written by hand for the one event kind measured (the floor).  Both sides
run interleaved in the same rounds; the table shows the median time per call
and the ratio library / floor.

- writing a record of a validation, event included, as JSON-compatible data;
- reading it back, with the event's checks and the header's agreement;
- receiving a shuffled feed of openings and validations, with repeats, into
  the view of every dossier.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from benchmarks._timing import compare, table
from orientation_core import (
    Dossier,
    DossierId,
    DossierOpened,
    Guardian,
    Intention,
    IntentionSet,
    IntentionsValidated,
    Pupil,
    Role,
    Staff,
    Statut,
    Voie,
)
from orientation_core.sync import BackOfficeView, SyncRecord, apply_all, dump, load, sync_records

UAI = "0751234J"
OPENED_AT = datetime(2027, 1, 5, 8, tzinfo=UTC)
HEAD = Staff("ce", UAI, Role.HEAD)
CLAIRE = Guardian("resp-claire", "Claire Martin", "claire@example.fr")
WISHES = IntentionSet(
    [Intention(Voie.PRO, "Pâtisserie", frozenset({Statut.SCOLAIRE})), Intention(Voie.GT)]
)


def feed(pupils: int) -> list[IntentionsValidated | DossierOpened]:
    """Each pupil's opening, then Claire's validation, in commit order."""
    events: list[IntentionsValidated | DossierOpened] = []
    for index in range(pupils):
        pupil = Pupil(f"eleve-{index}", "Léa Martin", "3e B")
        dossier = DossierId(UAI, 2027, pupil.id)
        events.append(DossierOpened(dossier, 1, HEAD, OPENED_AT, pupil, (CLAIRE,)))
        at = OPENED_AT + timedelta(days=7, minutes=index)
        events.append(
            IntentionsValidated(
                dossier, 2, CLAIRE, at, CLAIRE.id, paper_form=False, intentions=WISHES
            )
        )
    return events


# --- the floor: the same record, written and read by hand --------------------------


def floor_dump(event: IntentionsValidated) -> dict[str, Any]:
    dossier, actor = event.dossier, event.actor
    assert type(actor) is Guardian
    ids = {"uai": dossier.uai, "rentree": dossier.rentree, "pupil_id": dossier.pupil_id}
    who = {"type": "Guardian", "id": actor.id, "name": actor.name, "email": actor.email}
    at = event.at.isoformat()
    rows = [
        {
            "voie": i.voie.value,
            "precision": i.precision,
            "statuts": [s.value for s in Statut if s in i.statuts],
        }
        for i in event.intentions
    ]
    body = {
        "schema": 1,
        "type": "IntentionsValidated",
        "dossier": ids,
        "version": event.version,
        "actor": who,
        "at": at,
        "guardian_id": event.guardian_id,
        "paper_form": event.paper_form,
        "intentions": {"intentions": rows},
    }
    return {
        "schema": 1,
        "type": "SyncRecord",
        "key": f"{dossier.uai}:{dossier.rentree}:{dossier.pupil_id}:{event.version}",
        "dossier": ids,
        "version": event.version,
        "kind": "IntentionsValidated",
        "actor": who,
        "paper_form": event.paper_form,
        "at": at,
        "event": body,
    }


_RECORD_KEYS = {"schema", "type", "key", "dossier", "version", "kind", "actor"}
_RECORD_KEYS |= {"paper_form", "at", "event"}
_EVENT_KEYS = {"schema", "type", "dossier", "version", "actor", "at", "guardian_id"}
_EVENT_KEYS |= {"paper_form", "intentions"}


def floor_load(data: dict[str, Any]) -> IntentionsValidated:
    if data.keys() != _RECORD_KEYS or data["schema"] != 1 or data["type"] != "SyncRecord":
        raise ValueError("record")
    body = data["event"]
    if body.keys() != _EVENT_KEYS or body["type"] != "IntentionsValidated":
        raise ValueError("event")
    who = body["actor"]
    if who.keys() != {"type", "id", "name", "email"} or who["type"] != "Guardian":
        raise ValueError("actor")
    ids = body["dossier"]
    intentions = IntentionSet(
        [
            Intention(Voie(row["voie"]), row["precision"], frozenset(map(Statut, row["statuts"])))
            for row in body["intentions"]["intentions"]
        ]
    )
    event = IntentionsValidated(
        DossierId(ids["uai"], ids["rentree"], ids["pupil_id"]),
        body["version"],
        Guardian(who["id"], who["name"], who["email"]),
        datetime.fromisoformat(body["at"]),
        body["guardian_id"],
        body["paper_form"],
        intentions,
    )
    dossier = event.dossier
    key = f"{dossier.uai}:{dossier.rentree}:{dossier.pupil_id}:{event.version}"
    if (
        data["key"] != key
        or data["dossier"] != ids
        or data["version"] != event.version
        or data["kind"] != "IntentionsValidated"
        or data["actor"] != who
        or data["paper_form"] != event.paper_form
        or datetime.fromisoformat(data["at"]) != event.at
    ):
        raise ValueError("header")
    return event


def floor_receive(events: list[Any]) -> dict[DossierId, Dossier]:
    """Each dossier's applied events and picture, holding back what is early, by hand."""
    applied: dict[DossierId, list[Any]] = {}
    pending: dict[DossierId, dict[int, Any]] = {}
    pictures: dict[DossierId, Dossier] = {}
    for received in events:
        done = applied.setdefault(received.dossier, [])
        waiting = pending.setdefault(received.dossier, {})
        if received.version <= len(done):
            if done[received.version - 1] != received:
                raise ValueError("conflict")
            continue
        if received.version > len(done) + 1:
            if waiting.setdefault(received.version, received) != received:
                raise ValueError("conflict")
            continue
        event = received
        while event is not None:
            if type(event) is DossierOpened:
                pictures[event.dossier] = Dossier(
                    UAI, 2027, event.pupil, event.guardians, updated_at=event.at
                )
            else:
                before = pictures[event.dossier]
                pictures[event.dossier] = attrs.evolve(
                    before,
                    intentions=event.intentions,
                    entrant_id=before.entrant_id or event.guardian_id,
                    paper_form=before.paper_form or event.paper_form,
                    version=event.version,
                    updated_at=event.at,
                )
            done.append(event)
            event = waiting.pop(len(done) + 1, None)
    return pictures


def main(rounds: int = 15, number: int = 400, pupils: int = 100) -> list[tuple[str, float, float]]:
    """Run every case, print the table, and return its rows."""
    events = feed(pupils)
    validation = events[1]
    assert type(validation) is IntentionsValidated
    record = SyncRecord(validation)
    data = dump(record)
    shuffle = random.Random(9)
    delivered = events + shuffle.sample(events, len(events) // 4)
    shuffle.shuffle(delivered)
    records = sync_records(delivered)
    # The benchmark is worth nothing if the two sides do not agree.
    assert floor_dump(validation) == data
    assert floor_load(data) == validation == load(data).event
    view = apply_all(BackOfficeView(), records)
    assert {key: view.dossier(key) for key in view.dossiers} == floor_receive(delivered)

    cases = [
        ("sync.dump (a validation)", lambda: dump(record), lambda: floor_dump(validation)),
        ("sync.load (a validation)", lambda: load(data), lambda: floor_load(data)),
        (
            f"apply_all ({len(delivered)} records, shuffled)",
            lambda: apply_all(BackOfficeView(), records),
            lambda: floor_receive(delivered),
        ),
    ]
    # The feed is a few hundred records: fewer calls of it per round.
    rows = compare(cases[:2], rounds, number)
    rows += compare(cases[2:], rounds, max(1, number // 100))
    print(
        table(
            "The back office's sync against a hand-written floor (median per call)", rows, "floor"
        )
    )
    return rows


if __name__ == "__main__":
    main()
