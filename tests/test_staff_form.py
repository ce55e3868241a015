import pickle
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orientation_core import (
    Avis,
    AvisConseil,
    Dossier,
    Intention,
    IntentionSet,
    Phase,
    Proposition,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    Statut,
    ValidateChoix,
    ValidateIntentions,
    Voie,
)
from orientation_core._describe import describe
from orientation_core.exceptions import InvalidForm, InvalidStaffForm, InvalidValue
from tests.strategies import (
    CLAIRE,
    HEAD,
    LEA,
    PP,
    SECRETARIAT,
    avis_forms,
    bare_intention_sets,
    dossier_campaign,
    instant_in,
    proposition_forms,
    staff_blanks,
    staff_posts,
    staff_texts,
    voies,
)

CAMPAIGN = dossier_campaign()
GT_PRO = IntentionSet([Intention(Voie.GT), Intention(Voie.PRO, "Cuisine", [Statut.APPRENTI])])
STAFF_MESSAGE = "Veuillez corriger le formulaire avant de l'enregistrer."


def BAD(value: object) -> Any:  # noqa: N802 -- reads as a marker
    """A value of the wrong type, for the type checker to let through."""
    return value


Located = list[tuple[str, tuple[str | int, ...], str]]


def problems_of(parse: Any) -> Located:
    """Every problem the parse finds: its code, where it is, and what staff read."""
    with pytest.raises(InvalidStaffForm) as error:
        parse()
    return [(p.code, p.path, p.message) for p in error.value.problems]


def codes_of(parse: Any) -> list[tuple[str, tuple[str | int, ...]]]:
    return [(code, path) for code, path, _ in problems_of(parse)]


def avis(rows: Any, intentions: IntentionSet = GT_PRO) -> Any:
    return lambda: RecordAvis.from_form(4, rows, intentions)


def propositions(rows: Any) -> Any:
    return lambda: RecordPropositions.from_form(4, rows)


def decision(data: Any, choix: IntentionSet | None = GT_PRO) -> Any:
    return lambda: RecordDecision.from_form(4, data, choix)


def with_intentions(intentions: IntentionSet) -> Dossier:
    """Léa's dossier once Claire has validated ``intentions``."""
    dossier, _ = Dossier.open(
        LEA,
        [CLAIRE],
        campaign=CAMPAIGN,
        actor=SECRETARIAT,
        now=instant_in(CAMPAIGN, Phase.NOT_OPEN),
    )
    dossier, _ = dossier.handle(
        ValidateIntentions(dossier.version, intentions),
        actor=CLAIRE,
        campaign=CAMPAIGN,
        now=instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN),
    )
    return dossier


def with_choix(choix: IntentionSet | None) -> Dossier:
    """Léa's dossier after the avis, with ``choix`` validated (or none), then propositions."""
    dossier = with_intentions(GT_PRO)
    dossier, _ = dossier.handle(
        RecordAvis(
            dossier.version,
            [AvisConseil(Voie.GT, Avis.FAVORABLE), AvisConseil(Voie.PRO, Avis.FAVORABLE)],
        ),
        actor=PP,
        campaign=CAMPAIGN,
        now=instant_in(CAMPAIGN, Phase.PROVISIONAL_CLOSED),
    )
    if choix is not None:
        dossier, _ = dossier.handle(
            ValidateChoix(dossier.version, choix),
            actor=CLAIRE,
            campaign=CAMPAIGN,
            now=instant_in(CAMPAIGN, Phase.DEFINITIVE_OPEN),
        )
    dossier, _ = dossier.handle(
        RecordPropositions(dossier.version, [Proposition(Voie.CAP)]),
        actor=PP,
        campaign=CAMPAIGN,
        now=instant_in(CAMPAIGN, Phase.DEFINITIVE_CLOSED),
    )
    return dossier


# -- the avis of the conseil de classe ------------------------------------------


def test_the_conseils_avis_as_posted_are_recorded_on_the_dossier() -> None:
    rows = [
        {"voie": "PRO", "avis": "RESERVE", "reason": " Projet à préciser.\r\n", "comment": ""},
        {"voie": "GT", "avis": "FAVORABLE", "reason": "", "comment": "Bon trimestre."},
    ]
    command = RecordAvis.from_form(2, rows, GT_PRO)
    assert command == RecordAvis(
        2,
        [
            AvisConseil(Voie.PRO, Avis.RESERVE, "Projet à préciser."),
            AvisConseil(Voie.GT, Avis.FAVORABLE, None, "Bon trimestre."),
        ],
    )
    dossier, _ = with_intentions(GT_PRO).handle(
        command, actor=PP, campaign=CAMPAIGN, now=instant_in(CAMPAIGN, Phase.PROVISIONAL_CLOSED)
    )
    assert [(a.voie, a.avis, a.reason) for a in dossier.avis] == [
        (Voie.GT, Avis.FAVORABLE, None),
        (Voie.PRO, Avis.RESERVE, "Projet à préciser."),
    ]


def test_blank_and_absent_are_the_same_and_a_field_may_come_as_a_list() -> None:
    rows = [
        {"voie": ["GT"], "avis": [" FAVORABLE ", ""], "reason": "   ", "comment": [" "]},
        {"voie": " PRO ", "avis": "DEFAVORABLE", "reason": ["Pas de stage trouvé."]},
    ]
    assert RecordAvis.from_form(1, rows, GT_PRO).avis == (
        AvisConseil(Voie.GT, Avis.FAVORABLE),
        AvisConseil(Voie.PRO, Avis.DEFAVORABLE, "Pas de stage trouvé."),
    )


def test_a_row_without_an_avis_asks_to_select_one() -> None:
    rows = [{"voie": "GT", "avis": ""}, {"voie": "PRO", "avis": "FAVORABLE"}]
    assert problems_of(avis(rows)) == [
        ("avis.not_selected", (0, "avis"), "Vous devez sélectionner un avis.")
    ]


@pytest.mark.parametrize("given", ["RESERVE", "DEFAVORABLE"])
def test_a_reserved_or_unfavourable_avis_must_give_its_reason(given: str) -> None:
    rows = [{"voie": "GT", "avis": "FAVORABLE"}, {"voie": "PRO", "avis": given, "reason": " "}]
    assert problems_of(avis(rows)) == [
        ("avis.reason_required", (1, "reason"), "Un avis réservé ou défavorable doit être motivé.")
    ]


def test_an_intention_no_row_names_is_missing_from_the_form_as_a_whole() -> None:
    assert problems_of(avis([{"voie": "GT", "avis": "FAVORABLE"}])) == [
        ("avis.missing", (), "Il manque l'avis sur l'intention 2.")
    ]
    assert problems_of(avis([])) == [
        ("avis.missing", (), "Il manque l'avis sur l'intention 1."),
        ("avis.missing", (), "Il manque l'avis sur l'intention 2."),
    ]


def test_an_avis_on_a_voie_the_family_did_not_ask_for_is_refused() -> None:
    rows = [
        {"voie": "GT", "avis": "FAVORABLE"},
        {"voie": "PRO", "avis": "FAVORABLE"},
        {"voie": "CAP", "avis": "FAVORABLE"},
    ]
    assert problems_of(avis(rows)) == [
        (
            "avis.not_an_intention",
            (2, "voie"),
            "Cette voie ne fait pas partie des intentions validées.",
        )
    ]


def test_a_second_avis_on_the_same_intention_is_pointed_at() -> None:
    rows = [
        {"voie": "GT", "avis": "FAVORABLE"},
        {"voie": "PRO", "avis": "FAVORABLE"},
        {"voie": "GT", "avis": "RESERVE", "reason": "Après réflexion."},
    ]
    assert problems_of(avis(rows)) == [
        ("avis.duplicate", (2, "voie"), "Cette intention a déjà un avis.")
    ]


def test_an_avis_that_does_not_exist_is_refused() -> None:
    rows = [{"voie": "GT", "avis": "Favorable"}, {"voie": "PRO", "avis": "FAVORABLE"}]
    assert problems_of(avis(rows)) == [
        (
            "avis.unknown",
            (0, "avis"),
            "Cet avis n'existe pas : choisissez « Favorable », « Réservé » ou « Défavorable ».",
        )
    ]


def test_reasons_and_comments_are_bounded_and_printable() -> None:
    rows = [
        {"voie": "GT", "avis": "RESERVE", "reason": "é" * 2001, "comment": "Bien\x07"},
        {"voie": "PRO", "avis": "FAVORABLE", "comment": "x" * 2000},
    ]
    assert problems_of(avis(rows)) == [
        ("text.too_long", (0, "reason"), "Ce texte ne doit pas dépasser 2000 caractères."),
        ("text.invalid_character", (0, "comment"), "Ce texte contient un caractère non autorisé."),
    ]


def test_every_problem_of_the_avis_form_is_listed_at_once_the_form_first() -> None:
    rows = [
        {"voie": "", "avis": "RESERVE", "motif": "Fragile"},
        {"voie": "BAC", "avis": ["FAVORABLE", "RESERVE"]},
        None,
        {"voie": "GT", "avis": "DEFAVORABLE", "reason": 3},
    ]
    assert codes_of(avis(rows)) == [
        ("avis.missing", ()),
        ("form.unknown_field", (0, "motif")),
        ("voie.missing", (0, "voie")),
        ("avis.reason_required", (0, "reason")),
        ("voie.unknown", (1, "voie")),
        ("form.multiple_values", (1, "avis")),
        ("form.malformed", (2,)),
        ("type.invalid", (3, "reason")),
    ]


# -- the propositions ----------------------------------------------------------


def test_the_conseils_propositions_are_kept_in_its_order_with_their_comments() -> None:
    rows = [{"voie": "CAP"}, {"voie": "PRO", "comment": " Une 2de pro en alternance ?\t"}]
    command = RecordPropositions.from_form(7, rows)
    assert command == RecordPropositions(
        7, [Proposition(Voie.CAP), Proposition(Voie.PRO, "Une 2de pro en alternance ?")]
    )


def test_the_conseil_proposes_at_least_once() -> None:
    assert problems_of(propositions([])) == [
        ("propositions.empty", (), "Le conseil de classe fait au moins une proposition.")
    ]


def test_the_conseil_proposes_at_most_three_voies_each_once() -> None:
    rows = [{"voie": "GT"}, {"voie": "PRO"}, {"voie": "GT"}, {"voie": "CAP"}]
    assert problems_of(propositions(rows)) == [
        ("propositions.too_many", (), "Le conseil de classe fait au plus trois propositions."),
        ("propositions.duplicate", (2, "voie"), "Cette voie est déjà proposée."),
    ]


def test_a_proposition_row_names_a_voie_that_exists() -> None:
    rows = [{"voie": " ", "comment": "x" * 2001}, {"voie": "2de"}, {"voie": "GT", "avis": "OK"}]
    assert problems_of(propositions(rows)) == [
        ("voie.missing", (0, "voie"), "Vous devez sélectionner une voie."),
        ("text.too_long", (0, "comment"), "Ce texte ne doit pas dépasser 2000 caractères."),
        (
            "voie.unknown",
            (1, "voie"),
            "Cette voie n'existe pas : choisissez l'une des voies proposées.",
        ),
        ("form.unknown_field", (2, "avis"), "Ce champ n'existe pas dans le formulaire : avis."),
    ]


def test_a_row_that_is_not_a_row_does_not_hide_the_rows_after_it() -> None:
    rows = [{"voie": "GT"}, "PRO", {"voie": "BAC"}]
    assert codes_of(propositions(rows)) == [("form.malformed", (1,)), ("voie.unknown", (2, "voie"))]


def test_a_proposition_s_comment_too_long_is_pointed_at_even_with_a_sound_voie() -> None:
    rows = [{"voie": "GT", "comment": "x" * 2001}]
    assert problems_of(propositions(rows)) == [
        ("text.too_long", (0, "comment"), "Ce texte ne doit pas dépasser 2000 caractères."),
    ]


# -- the decision --------------------------------------------------------------


def test_a_decision_that_follows_the_first_choix_needs_no_reasons() -> None:
    assert RecordDecision.from_form(9, {"voie": "GT", "reasons": ""}, GT_PRO) == RecordDecision(
        9, Voie.GT
    )


def test_a_decision_that_does_not_follow_the_first_choix_must_give_its_reasons() -> None:
    assert problems_of(decision({"voie": "PRO", "reasons": " \r\n "})) == [
        (
            "decision.reasons_required",
            ("reasons",),
            "Une décision qui ne suit pas le premier choix de la famille doit être motivée.",
        )
    ]
    reasoned = {"voie": "PRO", "reasons": "Résultats insuffisants\r\nen 2de GT. "}
    assert RecordDecision.from_form(9, reasoned, GT_PRO) == RecordDecision(
        9, Voie.PRO, "Résultats insuffisants\nen 2de GT."
    )


def test_without_choix_definitifs_every_decision_gives_its_reasons() -> None:
    assert codes_of(decision({"voie": "GT"}, None)) == [("decision.reasons_required", ("reasons",))]


def test_reasons_are_not_asked_for_before_the_voie_is_known() -> None:
    assert codes_of(decision({"reasons": ""})) == [("voie.missing", ("voie",))]
    assert codes_of(decision({"voie": "PRO", "reasons": ["a", "b"]})) == [
        ("form.multiple_values", ("reasons",))
    ]


def test_every_problem_of_the_decision_form_is_listed_at_once() -> None:
    data = {"voie": "BTS", "reasons": "Motif\x00", "motif": "", 4: "x"}
    assert problems_of(decision(data)) == [
        ("form.unknown_field", ("motif",), "Ce champ n'existe pas dans le formulaire : motif."),
        ("form.unknown_field", ("4",), "Ce champ n'existe pas dans le formulaire : 4."),
        (
            "voie.unknown",
            ("voie",),
            "Cette voie n'existe pas : choisissez l'une des voies proposées.",
        ),
        ("text.invalid_character", ("reasons",), "Ce texte contient un caractère non autorisé."),
    ]


# -- the form as a whole -------------------------------------------------------


def test_a_staff_form_says_to_correct_it_before_recording() -> None:
    with pytest.raises(InvalidForm) as error:
        RecordPropositions.from_form(1, [])
    assert isinstance(error.value, InvalidStaffForm)
    assert error.value.message == STAFF_MESSAGE
    assert str(error.value) == (
        "Veuillez corriger le formulaire avant de l'enregistrer. "
        "Le conseil de classe fait au moins une proposition."
    )
    assert error.value.code == "invalid_form"
    assert isinstance(error.value, InvalidValue)
    again = pickle.loads(pickle.dumps(error.value))
    assert (type(again), again.problems, str(again)) == (
        InvalidStaffForm,
        error.value.problems,
        str(error.value),
    )


@pytest.mark.parametrize(
    ("parse", "expected"),
    [
        (avis(None), [("form.malformed", ())]),
        (avis({"voie": "GT", "avis": "FAVORABLE"}), [("form.malformed", ())]),
        (avis("GT"), [("form.malformed", ())]),
        (propositions([["GT"]]), [("form.malformed", (0,))]),
        (propositions([{"voie": 1}]), [("type.invalid", (0, "voie"))]),
        (propositions([{"voie": "GT", "comment": 2.5}]), [("type.invalid", (0, "comment"))]),
        (decision([{"voie": "GT"}]), [("form.malformed", ())]),
        (decision(None), [("form.malformed", ())]),
        (decision({"voie": {"GT": 1}}), [("type.invalid", ("voie",))]),
    ],
)
def test_malformed_posts_are_refused_as_invalid_forms(parse: Any, expected: Any) -> None:
    assert codes_of(parse) == expected


VERSION = "expected: int >= 1"
INTENTION_SET = "expected: IntentionSet"


@pytest.mark.parametrize(
    ("parse", "expected"),
    [
        (lambda: RecordAvis.from_form(0, [], GT_PRO), [("type.invalid", ("version",), VERSION)]),
        (
            lambda: RecordAvis.from_form(1, [], BAD(None)),
            [("type.invalid", ("intentions",), INTENTION_SET)],
        ),
        (
            lambda: RecordPropositions.from_form(BAD("1"), []),
            [("type.invalid", ("version",), VERSION)],
        ),
        (
            lambda: RecordDecision.from_form(True, {}, BAD([Voie.GT])),
            [("type.invalid", ("version",), VERSION), ("type.invalid", ("choix",), INTENTION_SET)],
        ),
    ],
)
def test_what_the_host_passes_besides_the_post_is_checked(parse: Any, expected: Any) -> None:
    # The developer reads what was expected; the page, only that the form is to correct.
    with pytest.raises(InvalidStaffForm) as error:
        parse()
    assert [(p.code, p.path, p.detail) for p in error.value.problems] == expected


# -- properties ----------------------------------------------------------------


def points_into(path: tuple[str | int, ...], posted: Any, fields: frozenset[str]) -> bool:
    """Whether ``path`` is the form, a posted row, or a field of one (posted or expected)."""

    def is_field(name: str | int, mapping: Any) -> bool:
        return name in fields or any(describe(key) == name for key in mapping)

    if not path:
        return True
    if isinstance(posted, Mapping):
        return len(path) == 1 and is_field(path[0], posted)
    index, *rest = path
    if not (type(index) is int and 0 <= index < len(posted)):
        return False
    return not rest or (len(rest) == 1 and is_field(rest[0], posted[index]))


def typed(value: Any) -> str | None:
    """What staff typed in a field: its text, or None for a field left blank."""
    return value if isinstance(value, str) and value.strip() else None


AVIS_FIELDS = frozenset({"voie", "avis", "reason", "comment"})
PROPOSITION_FIELDS = frozenset({"voie", "comment"})
DECISION_FIELDS = frozenset({"voie", "reasons"})


# Each example validates a family's intentions through handle before the
# avis: a few milliseconds, worth it at CI's 500 examples.
@given(bare_intention_sets.flatmap(lambda s: st.tuples(st.just(s), avis_forms(s.voies))))
def test_any_avis_form_filled_in_is_a_command_the_dossier_records(
    drawn: tuple[IntentionSet, list[dict[str, Any]]],
) -> None:
    intentions, rows = drawn
    dossier = with_intentions(intentions)
    command = RecordAvis.from_form(dossier.version, rows, intentions)
    assert command == RecordAvis(
        dossier.version,
        [
            AvisConseil(
                Voie(row["voie"]),
                Avis(row["avis"]),
                typed(row.get("reason")),
                typed(row.get("comment")),
            )
            for row in rows
        ],
    )
    recorded, _ = dossier.handle(
        command, actor=PP, campaign=CAMPAIGN, now=instant_in(CAMPAIGN, Phase.PROVISIONAL_CLOSED)
    )
    assert tuple(a.voie for a in recorded.avis) == intentions.voies


PROPOSING = with_choix(GT_PRO)


@given(proposition_forms)
def test_any_propositions_form_filled_in_is_a_command_the_dossier_records(
    rows: list[dict[str, Any]],
) -> None:
    command = RecordPropositions.from_form(PROPOSING.version, rows)
    assert command == RecordPropositions(
        PROPOSING.version,
        [Proposition(Voie(row["voie"]), typed(row.get("comment"))) for row in rows],
    )
    # A later record replaces the one PROPOSING already holds.
    recorded, _ = PROPOSING.handle(
        command,
        actor=HEAD,
        campaign=CAMPAIGN,
        now=instant_in(CAMPAIGN, Phase.DEFINITIVE_CLOSED, timedelta(hours=10)),
    )
    assert recorded.propositions == command.propositions


# Each example takes a dossier through five commands to the decisions phase.
@settings(max_examples=100)
@given(st.none() | bare_intention_sets, voies, staff_texts, staff_blanks)
def test_any_decision_form_filled_in_is_a_command_the_dossier_records(
    choix: IntentionSet | None, voie: Voie, reasons: str, blank: Any
) -> None:
    dossier = with_choix(choix)
    follows = choix is not None and choix.voies[0] is voie
    data = {"voie": voie.value, "reasons": blank if follows else reasons}
    command = RecordDecision.from_form(dossier.version, data, choix)
    decided, _ = dossier.handle(
        command, actor=HEAD, campaign=CAMPAIGN, now=instant_in(CAMPAIGN, Phase.DECISIONS)
    )
    assert decided.decision is not None
    assert decided.decision.voie is voie
    assert (decided.decision.reasons is None) == follows


@given(staff_posts, bare_intention_sets)
def test_any_avis_post_is_a_command_or_an_invalid_form_located_in_it(
    posted: Any, intentions: IntentionSet
) -> None:
    try:
        command = RecordAvis.from_form(1, posted, intentions)
    except InvalidStaffForm as error:
        assert error.problems
        assert all(points_into(p.path, posted, AVIS_FIELDS) for p in error.problems)
    else:
        assert {a.voie for a in command.avis} == set(intentions.voies)


@given(staff_posts)
def test_any_propositions_post_is_a_command_or_an_invalid_form_located_in_it(
    posted: Any,
) -> None:
    try:
        command = RecordPropositions.from_form(1, posted)
    except InvalidStaffForm as error:
        assert error.problems
        assert all(points_into(p.path, posted, PROPOSITION_FIELDS) for p in error.problems)
    else:
        assert 1 <= len(command.propositions) <= 3


@given(staff_posts, st.none() | bare_intention_sets)
def test_any_decision_post_is_a_command_or_an_invalid_form_located_in_it(
    posted: Any, choix: IntentionSet | None
) -> None:
    try:
        command = RecordDecision.from_form(1, posted, choix)
    except InvalidStaffForm as error:
        assert error.problems
        assert all(points_into(p.path, posted, DECISION_FIELDS) for p in error.problems)
    else:
        assert command.reasons is not None or (choix is not None and choix.voies[0] is command.voie)
