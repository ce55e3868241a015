"""A school's own lists in: the Siècle XML exports and a plain CSV file."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orientation_core import Guardian, Pupil
from orientation_core.exceptions import InvalidValue
from orientation_core.roster import MAX_FILE_BYTES, SchoolList, read_csv, read_siecle

DATA = Path(__file__).parent / "data"
PUPILS = DATA / "siecle" / "ElevesSansAdresses.xml"
GUARDIANS = DATA / "siecle" / "ResponsablesAvecAdresses.xml"
CSV = DATA / "lists" / "eleves-3e.csv"

LEA = Pupil("070812345AB", "MARTIN Léa", "3A")
LEA_GUARDIANS = (
    Guardian("880101", "MARTIN Claire", "claire.martin@example.fr"),
    Guardian("880102", "MARTIN Julien"),
)
EMILE = Pupil("070812346BC", "DURAND-NGUYEN Émile", "3B")
EMILE_GUARDIANS = (Guardian("880103", "DURAND Thi Hoa"),)


def codes(error: pytest.ExceptionInfo[InvalidValue]) -> list[tuple[str, tuple[str | int, ...]]]:
    return [(p.code, p.path) for p in error.value.problems]


def zipped(*files: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            archive.writestr(file.name, file.read_bytes())
    return buffer.getvalue()


# --- Siècle --------------------------------------------------------------------


def test_the_exports_give_the_3e_pupils_still_at_school_with_their_legal_guardians() -> None:
    school_list = read_siecle(PUPILS, GUARDIANS)
    assert (school_list.uai, school_list.annee_scolaire) == ("0691234A", 2026)
    assert school_list.exported_on == date(2026, 11, 16)
    assert [(e.pupil, e.guardians) for e in school_list.entries] == [
        (LEA, LEA_GUARDIANS),
        (EMILE, EMILE_GUARDIANS),
    ]
    # Hugo is in 5e and Yanis has left: neither takes part.
    assert school_list.left_aside == 2


def test_a_pupil_the_exports_cannot_give_a_guardian_is_reported_where_it_is() -> None:
    school_list = read_siecle(PUPILS, GUARDIANS)
    assert not school_list.ok
    assert [(p.code, p.path, p.message) for p in school_list.problems] == [
        (
            "list.no_guardian",
            ("élève", "4105", "responsables"),
            "Aucun représentant légal de l'élève n'est indiqué.",
        )
    ]


def test_a_contact_person_and_an_address_that_cannot_take_mail_are_left_aside_with_a_notice() -> (
    None
):
    school_list = read_siecle(PUPILS, GUARDIANS)
    assert [(p.code, p.path) for p in school_list.notices] == [
        ("list.not_a_guardian", ("élève", "4102", "responsables", "880104")),
        ("list.email_ignored", ("élève", "4102", "responsables", 0, "mel")),
    ]


def test_the_exports_may_come_in_any_order_as_bytes_or_zipped_alone_or_together() -> None:
    expected = read_siecle(PUPILS, GUARDIANS)
    assert read_siecle(GUARDIANS.read_bytes(), PUPILS.read_bytes()) == expected
    assert read_siecle(zipped(PUPILS), zipped(GUARDIANS)) == expected
    assert read_siecle(zipped(PUPILS, GUARDIANS)) == expected


def test_an_export_missing_or_given_twice_is_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        read_siecle(PUPILS)
    assert codes(caught) == [("list.export_missing", ())]
    assert caught.value.problems[0].message == "Il manque l'export des responsables de Siècle."
    with pytest.raises(InvalidValue) as caught:
        read_siecle(PUPILS, PUPILS, GUARDIANS)
    assert codes(caught) == [("list.export_twice", ("ElevesSansAdresses.xml",))]


def test_exports_of_two_schools_are_refused() -> None:
    other = GUARDIANS.read_bytes().replace(b"<UAJ>0691234A</UAJ>", b"<UAJ>0691235B</UAJ>")
    with pytest.raises(InvalidValue) as caught:
        read_siecle(PUPILS, other)
    assert [p.code for p in caught.value.problems] == ["list.exports_disagree"]


@pytest.mark.parametrize(
    "xml",
    [
        # An entity expansion bomb ("billion laughs").
        (
            b'<?xml version="1.0"?><!DOCTYPE BEE_ELEVES [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><BEE_ELEVES>&b;</BEE_ELEVES>'
        ),
        # An external entity reading a file of the machine.
        (
            b'<?xml version="1.0"?><!DOCTYPE BEE_ELEVES [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<BEE_ELEVES>&x;</BEE_ELEVES>"
        ),
        # Any DTD at all.
        (
            b'<?xml version="1.0"?><!DOCTYPE BEE_ELEVES SYSTEM "http://example.org/x.dtd">'
            b"<BEE_ELEVES/>"
        ),
    ],
)
def test_xml_with_a_dtd_or_entities_is_never_expanded_nor_followed(xml: bytes) -> None:
    with pytest.raises(InvalidValue) as caught:
        read_siecle(xml, GUARDIANS)
    assert codes(caught) == [("list.unsafe_xml", ("fichier 1",))]


def test_a_file_that_is_no_export_is_named_in_the_refusal() -> None:
    with pytest.raises(InvalidValue) as caught:
        read_siecle(b"<NOMENCLATURES/>", GUARDIANS)
    assert codes(caught) == [("list.not_siecle", ("fichier 1",))]
    with pytest.raises(InvalidValue) as caught:
        read_siecle(b"\x89PNG not xml", GUARDIANS)
    assert codes(caught) == [("list.not_xml", ("fichier 1",))]
    with pytest.raises(InvalidValue) as caught:
        read_siecle(DATA / "siecle" / "absent.xml", GUARDIANS)
    assert codes(caught) == [("list.unreadable", ("fichier 1",))]


def test_a_file_or_a_zipped_member_past_the_size_bound_is_not_read() -> None:
    with pytest.raises(InvalidValue) as caught:
        read_siecle(b" " * (MAX_FILE_BYTES + 1), GUARDIANS)
    assert codes(caught) == [("list.too_large", ("fichier 1",))]
    assert caught.value.problems[0].message == "Ce fichier dépasse la taille acceptée (64 Mo)."
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ElevesSansAdresses.xml", b"\0" * (MAX_FILE_BYTES + 1))
    bomb = buffer.getvalue()
    assert len(bomb) < MAX_FILE_BYTES // 100
    with pytest.raises(InvalidValue) as caught:
        read_siecle(bomb, GUARDIANS)
    assert codes(caught) == [("list.too_large", ("fichier 1",))]


def test_a_damaged_archive_is_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        read_siecle(zipped(PUPILS)[:200], GUARDIANS)
    assert codes(caught) == [("list.zip_invalid", ("fichier 1",))]


@given(st.binary(max_size=2_000))
def test_any_bytes_give_a_list_or_the_library_s_own_error(data: bytes) -> None:
    for source in ((data, GUARDIANS), (data,)):
        try:
            read = read_siecle(*source) if len(source) == 2 else read_csv(data)
        except InvalidValue as error:
            assert all(p.code.startswith("list.") for p in error.problems)
        else:
            assert isinstance(read, SchoolList)


@given(st.sampled_from([PUPILS, GUARDIANS]), st.integers(0, 4_000), st.binary(max_size=20))
def test_an_export_damaged_anywhere_gives_a_list_or_the_library_s_own_error(
    export: Path, at: int, junk: bytes
) -> None:
    data = export.read_bytes()
    damaged = data[:at] + junk + data[at + len(junk) :]
    other = GUARDIANS if export == PUPILS else PUPILS
    try:
        school_list = read_siecle(damaged, other)
    except InvalidValue as error:
        assert all(p.code.startswith("list.") for p in error.problems)
    else:
        for entry in school_list.entries:
            assert 1 <= len(entry.guardians) <= 2


# --- CSV -------------------------------------------------------------------------


def test_a_csv_file_gives_its_pupils_with_every_bad_line_located() -> None:
    school_list = read_csv(CSV)
    assert (school_list.uai, school_list.annee_scolaire) == (None, None)
    assert [(e.pupil, e.guardians, e.where) for e in school_list.entries] == [
        (LEA, LEA_GUARDIANS, ("ligne", 2)),
        (EMILE, EMILE_GUARDIANS, ("ligne", 3)),
    ]
    assert [(p.code, p.path, p.message) for p in school_list.problems] == [
        ("list.class_missing", ("ligne", 4, "classe"), "La classe de l'élève manque.")
    ]


def test_a_csv_file_saved_by_a_spreadsheet_in_windows_1252_reads_the_same() -> None:
    assert read_csv(DATA / "lists" / "eleves-3e-windows.csv") == read_csv(CSV)


def test_a_csv_file_without_a_required_column_is_refused_whole() -> None:
    data = "INE;Nom;Prenom;Resp1_Id\n070812345AB;MARTIN;Léa;880101\n".encode()
    with pytest.raises(InvalidValue) as caught:
        read_csv(data)
    assert [(p.code, p.path, p.message) for p in caught.value.problems] == [
        (
            "list.csv_column_missing",
            ("ligne", 1),
            "Il manque la colonne « classe » sur la première ligne.",
        ),
        (
            "list.csv_column_missing",
            ("ligne", 1),
            "Il manque la colonne « resp1_nom » sur la première ligne.",
        ),
    ]


def test_a_csv_line_of_the_wrong_width_or_a_pupil_twice_is_reported_and_left_out() -> None:
    data = (
        "ine;nom;prenom;classe;resp1_id;resp1_nom;extra\n"
        "070812345AB;MARTIN;Léa;3A;880101;MARTIN Claire;\n"
        "070812345AB;MARTIN;Léa;3A;880101;MARTIN Claire;\n"
        "070812346BC;DURAND;Émile;3B\n"
        "\n"
    ).encode()
    school_list = read_csv(data)
    assert [e.pupil.id for e in school_list.entries] == ["070812345AB"]
    assert [(p.code, p.path) for p in school_list.problems] == [
        ("list.duplicate_pupil", ("ligne", 3, "ine")),
        ("list.csv_row", ("ligne", 4)),
    ]
    assert [(p.code, p.path) for p in school_list.notices] == [
        ("list.csv_column_ignored", ("ligne", 1, "extra"))
    ]


def test_a_file_in_neither_encoding_is_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        read_csv(b"ine;nom\n\x81\x8d\x8f;x\n")
    assert codes(caught) == [("list.encoding", ("fichier",))]


@pytest.mark.parametrize("junk", [None, 42, ["a.xml"], {"path": "a.xml"}])
def test_what_is_neither_a_file_nor_its_bytes_is_refused(junk: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        read_csv(junk)  # type: ignore[arg-type]
    assert codes(caught) == [("type.invalid", ("fichier",))]
    with pytest.raises(InvalidValue) as caught:
        read_siecle(junk, GUARDIANS)  # type: ignore[arg-type]
    assert codes(caught) == [("type.invalid", ("fichier 1",))]


# --- every way a line or a pupil can be wrong --------------------------------------

HEADER = "ine;nom;prenom;classe;resp1_id;resp1_nom;resp1_prenom;resp1_mel;resp2_id;resp2_nom\n"


def problems_of(*lines: str) -> list[tuple[str, tuple[str | int, ...]]]:
    school_list = read_csv((HEADER + "".join(lines)).encode())
    assert school_list.entries == ()
    return [(p.code, p.path) for p in school_list.problems]


def test_a_line_without_ine_name_class_or_guardian_says_which() -> None:
    # A line of empty cells, as spreadsheets leave at the end, is no pupil.
    assert problems_of(";;;;;;;;;\n") == []
    assert problems_of(";;Léa;;;;;;;\n") == [
        ("list.national_id_missing", ("ligne", 2, "ine")),
        ("list.class_missing", ("ligne", 2, "classe")),
        ("list.no_guardian", ("ligne", 2, "responsables")),
    ]
    assert problems_of("070812345AB;;;3A;880101;MARTIN;;;;\n") == [
        ("list.name_missing", ("ligne", 2, "nom"))
    ]


def test_a_guardian_or_pupil_the_library_refuses_is_located_in_its_line() -> None:
    assert problems_of("070812345AB;MARTIN;Léa;3A;;MARTIN;Claire;;;\n") == [
        ("actor.id_missing", ("ligne", 2, "responsables", 0, "id"))
    ]
    long_name = "M" * 300
    assert problems_of(f"070812345AB;{long_name};Léa;3A;880101;MARTIN;;;;\n") == [
        ("actor.text_invalid", ("ligne", 2, "name"))
    ]
    assert problems_of("070812345AB;MARTIN;Léa;3A;880101;MARTIN;Claire;;880101;MARTIN\n") == [
        ("guardians.duplicate", ("ligne", 2, "responsables"))
    ]


def test_a_field_past_what_csv_reads_spoils_its_line_only() -> None:
    huge = "x" * 200_000
    school_list = read_csv(
        (HEADER + f"1;{huge};a;3A;1;b;;;;\n" + "070812345AB;MARTIN;Léa;3A;880101;M;;;;\n").encode()
    )
    assert [(p.code, p.path) for p in school_list.problems] == [("list.csv_row", ("ligne", 2))]
    assert [e.pupil.id for e in school_list.entries] == ["070812345AB"]
    with pytest.raises(InvalidValue) as caught:
        read_csv(f"{huge};ine\n".encode())
    assert {p.code for p in caught.value.problems} == {"list.csv_column_missing"}


def siecle(
    pupils: bytes = b"", guardians: bytes = b"", parameters: str | None = None
) -> tuple[bytes, bytes]:
    head = (
        "<PARAMETRES><UAJ>0691234A</UAJ><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE></PARAMETRES>"
        if parameters is None
        else parameters
    )
    return (
        f"<BEE_ELEVES>{head}<DONNEES><ELEVES>".encode()
        + pupils
        + b"</ELEVES><STRUCTURES><STRUCTURES_ELEVE ELEVE_ID='1'><STRUCTURE>"
        b"<CODE_STRUCTURE>3A</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>"
        b"</STRUCTURES_ELEVE></STRUCTURES></DONNEES></BEE_ELEVES>",
        f"<BEE_RESPONSABLES>{head}<DONNEES>".encode()
        + guardians
        + b"</DONNEES></BEE_RESPONSABLES>",
    )


LEA_XML = (
    b"<ELEVE ELEVE_ID='1'><ID_NATIONAL>070812345AB</ID_NATIONAL><NOM_DE_FAMILLE>MARTIN"
    b"</NOM_DE_FAMILLE><PRENOM>L\xc3\xa9a</PRENOM><CODE_MEF>10310019110</CODE_MEF></ELEVE>"
)
CLAIRE_XML = (
    b"<PERSONNES><PERSONNE PERSONNE_ID='9'><NOM_DE_FAMILLE>MARTIN</NOM_DE_FAMILLE>"
    b"<PRENOM>Claire</PRENOM></PERSONNE></PERSONNES>"
)


def link(person: str) -> bytes:
    return (
        f"<RESPONSABLE><ELEVE_ID>1</ELEVE_ID><PERSONNE_ID>{person}</PERSONNE_ID>"
        "<RESP_LEGAL>1</RESP_LEGAL></RESPONSABLE>"
    ).encode()


def test_older_exports_link_guardians_with_a_responsable_element_and_may_not_say_when() -> None:
    school_list = read_siecle(*siecle(LEA_XML, CLAIRE_XML + link("9")))
    assert [(e.pupil.name, e.guardians) for e in school_list.entries] == [
        ("MARTIN Léa", (Guardian("9", "MARTIN Claire"),))
    ]
    assert school_list.exported_on is None


def test_a_pupil_with_three_legal_guardians_is_reported() -> None:
    people = CLAIRE_XML.replace(b"</PERSONNES>", b"") + (
        b"<PERSONNE PERSONNE_ID='10'><NOM_DE_FAMILLE>A</NOM_DE_FAMILLE></PERSONNE>"
        b"<PERSONNE PERSONNE_ID='11'><NOM_DE_FAMILLE>B</NOM_DE_FAMILLE></PERSONNE></PERSONNES>"
    )
    school_list = read_siecle(*siecle(LEA_XML, people + link("9") + link("10") + link("11")))
    assert [(p.code, p.path) for p in school_list.problems] == [
        ("list.too_many_guardians", ("élève", "1", "responsables"))
    ]


def test_a_pupil_twice_or_a_guardian_missing_from_the_guardians_export_is_reported() -> None:
    school_list = read_siecle(*siecle(LEA_XML + LEA_XML, CLAIRE_XML + link("9") + link("10")))
    assert [(p.code, p.path) for p in school_list.problems] == [
        ("list.guardian_unknown", ("élève", "1", "responsables")),
        ("list.duplicate_pupil", ("élève", "1", "ine")),
    ]
    assert school_list.entries == ()


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        ("", [("list.year_unreadable", ("fichier 1", "ANNEE_SCOLAIRE"))]),
        (
            "<PARAMETRES><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE></PARAMETRES>",
            [("list.uai_missing", ("fichier 1", "UAJ"))],
        ),
        (
            "<PARAMETRES><UAJ>0691234A</UAJ><ANNEE_SCOLAIRE>26</ANNEE_SCOLAIRE></PARAMETRES>",
            [("list.year_unreadable", ("fichier 1", "ANNEE_SCOLAIRE"))],
        ),
    ],
)
def test_exports_that_do_not_say_their_school_and_year_are_refused(
    parameters: str, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    with pytest.raises(InvalidValue) as caught:
        read_siecle(*siecle(LEA_XML, CLAIRE_XML, parameters))
    assert codes(caught) == expected


@pytest.mark.parametrize("day", ["31/02/2026", "16-11-2026", "16/11", ""])
def test_an_export_day_that_cannot_be_read_is_left_unknown(day: str) -> None:
    parameters = (
        "<PARAMETRES><UAJ>0691234A</UAJ><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE>"
        f"<DATE_EXPORT>{day}</DATE_EXPORT></PARAMETRES>"
    )
    assert read_siecle(*siecle(LEA_XML, CLAIRE_XML, parameters)).exported_on is None


def test_an_archive_with_no_export_or_too_many_files_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("lisez-moi.txt", b"")
    with pytest.raises(InvalidValue) as caught:
        read_siecle(buffer.getvalue(), GUARDIANS)
    assert codes(caught) == [("list.zip_invalid", ("fichier 1",))]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(20):
            archive.writestr(f"export-{index}.xml", b"<BEE_ELEVES/>")
    with pytest.raises(InvalidValue) as caught:
        read_siecle(buffer.getvalue(), GUARDIANS)
    assert codes(caught) == [("list.zip_invalid", ("fichier 1",))]
    with pytest.raises(InvalidValue) as caught:
        read_csv(zipped(CSV, DATA / "lists" / "eleves-3e-windows.csv"))
    assert codes(caught) == [("list.zip_invalid", ("fichier",))]


class BytesPath:
    """A path-like object naming its file in bytes, as some hosts hold paths."""

    def __fspath__(self) -> bytes:
        return bytes(CSV)


def test_a_file_past_the_bound_on_disk_or_named_in_bytes_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "eleves.csv"
    with big.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(InvalidValue) as caught:
        read_csv(big)
    assert codes(caught) == [("list.too_large", ("fichier",))]
    with pytest.raises(InvalidValue) as caught:
        read_csv(BytesPath())  # type: ignore[arg-type]
    assert codes(caught) == [("list.unreadable", ("fichier",))]
