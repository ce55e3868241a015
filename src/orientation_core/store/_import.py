"""Opening the dossiers of a school's list in one batch, once each."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from orientation_core._campaign import Campaign
from orientation_core._dossier import Dossier
from orientation_core._problems import problem
from orientation_core.exceptions import Conflict, InvalidValue
from orientation_core.roster import SchoolList

if TYPE_CHECKING:
    from datetime import datetime

    from orientation_core._actors import Staff
    from orientation_core._events import DossierId
    from orientation_core.store._protocol import EventStore

__all__ = ["ImportReport", "import_list"]


@attrs.frozen
class ImportReport:
    """What an import did.

    Attributes:
        opened: The dossiers it opened, in the list's order.
        already_open: How many pupils of the list had their dossier
            already (from an earlier import of the same school and year).
        skipped: How many pupils could not be read and were left out
            (only with ``skip_invalid``).

    """

    opened: tuple[DossierId, ...]
    already_open: int
    skipped: int


def import_list(
    store: EventStore,
    school_list: SchoolList,
    *,
    campaign: Campaign,
    actor: Staff,
    now: datetime,
    skip_invalid: bool = False,
) -> ImportReport:
    """Open the dossier of every pupil of ``school_list`` that has none yet.

    Importing the same export again opens nothing twice (a pupil is its
    national number, the id of its dossier); a newer export opens the late
    arrivals.  The files' school and year must be the campaign's.

    Raises:
        InvalidValue: ``list.other_school`` or ``list.other_year``; or the
            list's problems, when it has some and ``skip_invalid`` is false:
            then nothing is opened.
        OrientationError: whatever :meth:`Dossier.open
            <orientation_core.Dossier.open>` refuses (a member of staff of
            another school, a closed campaign...): nothing more is opened.

    """
    if not isinstance(school_list, SchoolList):
        raise InvalidValue((problem("type.invalid", ("school_list",), expected="SchoolList"),))
    if not isinstance(campaign, Campaign):
        raise InvalidValue((problem("type.invalid", ("campaign",), expected="Campaign"),))
    school_year = campaign.academy.school_year
    # The files name a school year by the year it starts in.
    first_year = school_year.campaign_days(campaign.rentree)[0].year
    mismatches = []
    if school_list.uai is not None and school_list.uai != campaign.uai:
        mismatches.append(
            problem("list.other_school", ("uai",), found=school_list.uai, expected=campaign.uai)
        )
    if school_list.annee_scolaire is not None and school_list.annee_scolaire != first_year:
        mismatches.append(
            problem(
                "list.other_year",
                ("annee_scolaire",),
                found=school_year.label(campaign.rentree + school_list.annee_scolaire - first_year),
                expected=campaign.school_year,
            )
        )
    if mismatches:
        raise InvalidValue(mismatches)
    if school_list.problems and not skip_invalid:
        raise InvalidValue(school_list.problems)
    known = {d.pupil_id for d in store.dossiers(campaign.uai, campaign.rentree)}
    opened: list[DossierId] = []
    already = 0
    for entry in school_list.entries:
        if entry.pupil.id in known:
            already += 1
            continue
        dossier, event = Dossier.open(
            entry.pupil, entry.guardians, campaign=campaign, actor=actor, now=now
        )
        try:
            store.append(dossier.id, [event], expected_version=0)
        except Conflict:
            # Opened by another import running at the same time.
            already += 1
            continue
        known.add(entry.pupil.id)
        opened.append(dossier.id)
    return ImportReport(tuple(opened), already, len(school_list.problems))
