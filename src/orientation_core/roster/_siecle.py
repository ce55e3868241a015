"""The pupils and guardians of a collège from its Siècle XML exports.

What is read, and why, is in ``docs/import.md`` and the domain notes
(``siecle-exports.md``): the ministry does not publish the format, so only
what the open-source importers rely on is used, and anything else is
optional.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException

from orientation_core._problems import problem
from orientation_core.exceptions import InvalidValue, Problem
from orientation_core.roster._files import contents
from orientation_core.roster._list import ListEntry, SchoolList, day_of, entry_of, year_of

if TYPE_CHECKING:
    from orientation_core.roster._files import Source

__all__ = ["THIRD_YEAR_MEF", "read_siecle"]

THIRD_YEAR_MEF = "103"
"""How a 3e level's CODE_MEF begins (10310019110 is the 3e générale)."""

_PUPILS = "BEE_ELEVES"
_GUARDIANS = "BEE_RESPONSABLES"
_LEGAL = frozenset({"1", "2"})


def read_siecle(*sources: Source) -> SchoolList:
    """The 3e pupils and their guardians from a school's Siècle exports.

    Args:
        sources: The pupils' export (``ElevesSansAdresses.xml`` or
            ``ElevesAvecAdresses.xml``) and the guardians' export
            (``ResponsablesAvecAdresses.xml`` or ``...SansAdresses.xml``), in
            any order, each as bytes or a path, alone or zipped (one archive
            may hold both).

    Only pupils whose level is a 3e (their CODE_MEF begins with
    :data:`THIRD_YEAR_MEF`) and who have not left take part; only the
    représentants légaux (RESP_LEGAL 1 and 2) are guardians.  Each pupil is
    matched across exports by its national number, each guardian by its
    PERSONNE_ID.

    Raises:
        InvalidValue: when the files as a whole cannot be used: unreadable,
            too large, not XML or unsafe XML (a DTD, entities), not the two
            exports, or from two schools or years.  A pupil that cannot be
            read is in :attr:`SchoolList.problems` instead.

    """
    roots: dict[str, tuple[str, Element]] = {}
    for index, source in enumerate(sources):
        where = f"fichier {index + 1}"
        for name, data in contents(source, where, ".xml"):
            root = _parse(data, name)
            if root.tag not in (_PUPILS, _GUARDIANS):
                raise InvalidValue((problem("list.not_siecle", (name,)),))
            if root.tag in roots:
                raise InvalidValue((problem("list.export_twice", (name,)),))
            roots[root.tag] = (name, root)
    if _PUPILS not in roots or _GUARDIANS not in roots:
        missing = "des élèves" if _PUPILS not in roots else "des responsables"
        raise InvalidValue((problem("list.export_missing", (), which=missing),))
    (pupils_name, pupils), (guardians_name, guardians) = roots[_PUPILS], roots[_GUARDIANS]
    school = _parameters(pupils, pupils_name)
    if _parameters(guardians, guardians_name) != school:
        raise InvalidValue((problem("list.exports_disagree", (guardians_name,)),))
    return _school_list(pupils, guardians, *school)


def _parse(data: bytes, name: str) -> Element:
    try:
        root: Element = SafeTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise InvalidValue((problem("list.unsafe_xml", (name,)),)) from None
    except (ParseError, ValueError, LookupError):
        # Not well-formed, or in an encoding Python does not know.
        raise InvalidValue((problem("list.not_xml", (name,)),)) from None
    return root


def _text(element: Element | None, tag: str) -> str:
    if element is None:
        return ""
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _parameters(root: Element, name: str) -> tuple[str, int]:
    parameters = root.find("PARAMETRES")
    uai = _text(parameters, "UAJ")
    year = year_of(_text(parameters, "ANNEE_SCOLAIRE"), (name, "ANNEE_SCOLAIRE"))
    if isinstance(year, Problem):
        raise InvalidValue((year,))
    if not uai:
        raise InvalidValue((problem("list.uai_missing", (name, "UAJ")),))
    return uai, year


def _person_name(element: Element) -> str:
    # The name in use (NOM_USAGE) is the one people know, when there is one.
    family = _text(element, "NOM_USAGE") or _text(element, "NOM_DE_FAMILLE")
    return " ".join(part for part in (family, _text(element, "PRENOM")) if part)


def _school_list(pupils: Element, guardians: Element, uai: str, year: int) -> SchoolList:
    classes: dict[str, str] = {}
    for structures in pupils.iter("STRUCTURES_ELEVE"):
        for structure in structures.iter("STRUCTURE"):
            if _text(structure, "TYPE_STRUCTURE") == "D":
                classes[structures.get("ELEVE_ID", "")] = _text(structure, "CODE_STRUCTURE")
    people = {p.get("PERSONNE_ID", ""): p for p in guardians.iter("PERSONNE")}
    links = _links(guardians)
    entries: list[ListEntry] = []
    problems: list[Problem] = []
    notices: list[Problem] = []
    seen: set[str] = set()
    left_aside = 0
    for pupil in pupils.iter("ELEVE"):
        eleve_id = pupil.get("ELEVE_ID", "")
        where: tuple[str | int, ...] = ("élève", eleve_id)
        if not _text(pupil, "CODE_MEF").startswith(THIRD_YEAR_MEF) or _text(pupil, "DATE_SORTIE"):
            left_aside += 1
            continue
        national_id = _text(pupil, "ID_NATIONAL")
        if national_id and national_id in seen:
            problems.append(problem("list.duplicate_pupil", (*where, "ine")))
            continue
        seen.add(national_id)
        found, unknown = _guardians_of(links.get(eleve_id, []), people, where, notices)
        entry = entry_of(
            where,
            pupil_id=national_id,
            pupil_name=_person_name(pupil),
            classe=classes.get(eleve_id, ""),
            guardians=found,
            notices=notices,
        )
        if isinstance(entry, ListEntry) and not unknown:
            entries.append(entry)
        else:
            problems.extend(unknown)
            problems.extend(entry if isinstance(entry, list) else ())
    exported = day_of(_text(pupils.find("PARAMETRES"), "DATE_EXPORT"))
    return SchoolList(
        uai, year, exported, tuple(entries), tuple(problems), tuple(notices), left_aside
    )


def _links(guardians: Element) -> dict[str, list[tuple[str, str]]]:
    # Each pupil's (PERSONNE_ID, RESP_LEGAL); exports name the element
    # RESPONSABLE_ELEVE, some older ones RESPONSABLE.
    links: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for tag in ("RESPONSABLE_ELEVE", "RESPONSABLE"):
        for link in guardians.iter(tag):
            links[_text(link, "ELEVE_ID")].append(
                (_text(link, "PERSONNE_ID"), _text(link, "RESP_LEGAL"))
            )
    return links


def _guardians_of(
    links: list[tuple[str, str]],
    people: dict[str, Element],
    where: tuple[str | int, ...],
    notices: list[Problem],
) -> tuple[list[tuple[str, str, str | None]], list[Problem]]:
    found: list[tuple[str, str, str | None]] = []
    unknown: list[Problem] = []
    for person_id, legal in links:
        if legal not in _LEGAL:
            notices.append(problem("list.not_a_guardian", (*where, "responsables", person_id)))
            continue
        person = people.get(person_id)
        if person is None:
            unknown.append(problem("list.guardian_unknown", (*where, "responsables")))
            continue
        found.append((person_id, _person_name(person), _text(person, "MEL") or None))
    return found, unknown
