"""The family's and the school's pages, in the guide's words."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orientation_core import (
    AcknowledgeAvis,
    Action,
    Answer,
    AnswerPropositions,
    Avis,
    AvisConseil,
    Campaign,
    Dossier,
    DossierCommand,
    Guardian,
    Intention,
    IntentionSet,
    LodgeAppeal,
    Phase,
    Proposition,
    Pupil,
    RecordAppealDecision,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    Rhythm,
    Staff,
    Statut,
    ValidateChoix,
    ValidateIntentions,
    Voie,
    access,
)
from orientation_core.exceptions import InvalidValue
from orientation_core.texts import (
    GUIDE_PERIOD,
    LOGIN_HELP,
    VALIDATED_MESSAGE,
    VALIDATED_MESSAGE_IN_GUIDE,
    Choice,
    Field,
    Page,
    PageState,
    avis_page,
    choix_entry_page,
    decision_page,
    family_page,
    intentions_entry_page,
    intentions_validated_page,
    login_help_page,
    not_open_page,
    propositions_page,
    staff_page,
)
from tests.strategies import (
    CLAIRE,
    HEAD,
    LEA,
    PAUL,
    PP,
    SECRETARIAT,
    campaign_instants,
    campaigns,
    dossier_campaign,
    dossiers,
    example_campaign,
    instant_in,
)

CAMPAIGN = dossier_campaign()
OPENED = Dossier.open(
    LEA,
    [CLAIRE, PAUL],
    campaign=CAMPAIGN,
    actor=SECRETARIAT,
    now=instant_in(CAMPAIGN, Phase.NOT_OPEN),
)[0]
# The guide's own example of a validated set.
GUIDE_SET = IntentionSet(
    [
        Intention(Voie.GT),
        Intention(Voie.PRO, "Pâtisserie"),
        Intention(Voie.CAP, "Boulangerie"),
    ]
)
STRANGER = Guardian("resp-autre", "Anne Autre")
OTHER_PUPIL = Pupil("eleve-autre", "Jules Autre", "3e B")

HEADING_T2 = (
    "Deuxième trimestre : DEMANDE(S) DES REPRÉSENTANTS LÉGAUX / Intention(s) d'orientation."
)
INSTRUCTIONS = (
    "Vous devez obligatoirement saisir une intention. Vous pouvez en saisir jusqu'à trois. "
    "Leur ordre d'affichage correspond à votre ordre de préférence."
)
WISH = "Nous souhaitons pour la rentrée prochaine :"
STEP_BAR = ("1 Intentions provisoires", "2 Choix définitifs", "3 Décision")
GUIDE_RECAP = (
    "Intention 1 : 2de générale et technologique ou 2de STHR",
    "Intention 2 : 2de professionnelle",
    "Métier ou formation : Pâtisserie",
    "Intention 3 : 1re année de CAP",
    "Métier ou formation : Boulangerie",
)
MESSAGE = (
    "Vos intentions ont bien été validées. Un e-mail de confirmation va vous être envoyé, si une "
    "adresse électronique valide est indiquée dans votre fiche de renseignements. Si ce n'est pas "
    "le cas, vous pouvez la compléter à partir du portail Scolarité Services. Vous pouvez encore "
    "faire des modifications jusqu'à la fermeture du service."
)


def at(phase: Phase, after: timedelta = timedelta(hours=9)) -> datetime:
    return instant_in(CAMPAIGN, phase, after)


def handled(dossier: Dossier, command: DossierCommand, actor: Any, now: datetime) -> Dossier:
    command = attrs.evolve(command, version=dossier.version)
    return dossier.handle(command, actor=actor, campaign=CAMPAIGN, now=now)[0]


VALIDATED = handled(OPENED, ValidateIntentions(1, GUIDE_SET), CLAIRE, at(Phase.PROVISIONAL_OPEN))
WITH_AVIS = handled(
    VALIDATED,
    RecordAvis(
        1,
        [
            AvisConseil(Voie.GT, Avis.FAVORABLE),
            AvisConseil(Voie.PRO, Avis.RESERVE, "Projet à préciser.", "Stage conseillé."),
            AvisConseil(Voie.CAP, Avis.FAVORABLE),
        ],
    ),
    PP,
    at(Phase.PROVISIONAL_CLOSED),
)
ACKNOWLEDGED = handled(WITH_AVIS, AcknowledgeAvis(1), CLAIRE, at(Phase.AVIS_PUBLISHED))
CHOSEN = handled(
    ACKNOWLEDGED,
    ValidateChoix(1, IntentionSet([Intention(Voie.PRO, "Cuisine", [Statut.APPRENTI])])),
    CLAIRE,
    at(Phase.DEFINITIVE_OPEN),
)
PROPOSED = handled(
    CHOSEN,
    RecordPropositions(1, [Proposition(Voie.PRO), Proposition(Voie.GT, "Bons résultats.")]),
    PP,
    at(Phase.DEFINITIVE_CLOSED),
)
ANSWERED = handled(
    PROPOSED,
    AnswerPropositions(1, [Answer.PAS_D_ACCORD, Answer.PAS_D_ACCORD]),
    CLAIRE,
    at(Phase.PROPOSITIONS_PUBLISHED),
)
DECIDED = handled(
    ANSWERED, RecordDecision(1, Voie.GT, "Résultats solides."), HEAD, at(Phase.DECISIONS)
)


# -- the login help and the not-open page -----------------------------------------------


LOGIN_CONNEXION = (
    "La connexion au téléservice se fait au moyen d'un compte ATEN responsable, qui "
    "permet de saisir les intentions provisoires et d'accuser réception de l'avis donné "
    "par le conseil de classe."
)
LOGIN_ONE_PARENT = (
    "Chaque parent d'élève possède un compte ATEN responsable, mais un seul des deux "
    "parents peut effectuer les saisies."
)
LOGIN_PUPIL = (
    "La connexion avec un compte ATEN élève permet uniquement la consultation des saisies."
)


def test_the_login_help_is_the_guides() -> None:
    page = login_help_page()
    assert page.heading == "Aide pour la première connexion des parents"
    assert page.paragraphs == LOGIN_HELP == (LOGIN_CONNEXION, LOGIN_ONE_PARENT, LOGIN_PUPIL)


PARIS_CALENDAR = (
    "Saisie des intentions provisoires : du 11/01/2027 au 05/02/2027",
    "Conseils de classe du 2e trimestre : du 06/02/2027 au 14/03/2027",
    "Consultation de l'avis provisoire et accusé de réception : du 15/03/2027 au 11/04/2027",
    "Saisie des choix définitifs : du 12/04/2027 au 14/05/2027",
    "Conseils de classe du 3e trimestre : du 15/05/2027 au 06/06/2027",
    "Réponse aux propositions du conseil de classe : du 07/06/2027 au 13/06/2027",
    "Décision d'orientation et appel : du 14/06/2027 au 04/07/2027",
)


def test_before_the_service_opens_everybody_reads_the_calendar() -> None:
    for reader in (CLAIRE, PAUL, LEA):
        page = family_page(reader, OPENED, CAMPAIGN, at(Phase.NOT_OPEN))
        assert page.state is PageState.NOT_OPEN
        assert page.title == "ORIENTATION"
        assert page.paragraphs == (
            "La campagne d'orientation n'est pas ouverte.",
            "Le calendrier est le suivant :",
        )
        assert page.lines == PARIS_CALENDAR
        assert page.buttons == ()
        assert page.fields == ()
        assert page.steps == ()


def test_the_calendar_is_in_the_schools_zone() -> None:
    # Nouméa runs the southern year: the rentrée is in February.
    assert not_open_page(example_campaign("Pacific/Noumea")).lines == (
        "Saisie des intentions provisoires : du 06/07/2026 au 31/07/2026",
        "Conseils de classe du 2e trimestre : du 01/08/2026 au 23/08/2026",
        "Consultation de l'avis provisoire et accusé de réception : du 24/08/2026 au 13/09/2026",
        "Saisie des choix définitifs : du 14/09/2026 au 16/10/2026",
        "Conseils de classe du 3e trimestre : du 17/10/2026 au 08/11/2026",
        "Réponse aux propositions du conseil de classe : du 09/11/2026 au 15/11/2026",
        "Décision d'orientation et appel : du 16/11/2026 au 06/12/2026",
    )


# -- a school on semestres -------------------------------------------------------------

SEMESTRES = attrs.evolve(CAMPAIGN, rhythm=Rhythm.SEMESTRES)


def test_a_school_on_semestres_names_its_own_periods() -> None:
    entry = family_page(CLAIRE, OPENED, SEMESTRES, at(Phase.PROVISIONAL_OPEN))
    assert entry.heading == (
        "Premier semestre : DEMANDE(S) DES REPRÉSENTANTS LÉGAUX / Intention(s) d'orientation."
    )
    choix = family_page(CLAIRE, ACKNOWLEDGED, SEMESTRES, at(Phase.DEFINITIVE_OPEN))
    assert choix.heading == (
        "Deuxième semestre : DEMANDE(S) DES REPRÉSENTANTS LÉGAUX / Choix définitif(s) "
        "d'orientation."
    )
    closed = family_page(LEA, VALIDATED, SEMESTRES, at(Phase.PROVISIONAL_CLOSED))
    assert closed.paragraphs[1] == (
        "Conseils de classe du 1er semestre : du 06/02/2027 au 14/03/2027"
    )


def test_a_school_on_semestres_shows_its_conseils_in_the_calendar() -> None:
    calendar = not_open_page(SEMESTRES).lines
    assert calendar[1] == "Conseils de classe du 1er semestre : du 06/02/2027 au 14/03/2027"
    assert calendar[4] == "Conseils de classe du 2nd semestre : du 15/05/2027 au 06/06/2027"
    assert staff_page(HEAD, SEMESTRES, at(Phase.DEFINITIVE_CLOSED)).heading == (
        "Conseils de classe du 2nd semestre"
    )


# Written by hand from the guide's combined heading, for the test only.
PERIODS = {
    Rhythm.TRIMESTRES: ("Deuxième trimestre", "Troisième trimestre"),
    Rhythm.SEMESTRES: ("Premier semestre", "Deuxième semestre"),
}


@given(campaign=campaigns(), data=st.data())
def test_every_schools_entry_pages_name_its_own_periods(
    campaign: Campaign, data: st.DataObject
) -> None:
    intentions, choix = PERIODS[campaign.rhythm]
    for phase, period, build in (
        (Phase.PROVISIONAL_OPEN, intentions, intentions_entry_page),
        (Phase.DEFINITIVE_OPEN, choix, choix_entry_page),
    ):
        start, end = campaign.start_of(phase), campaign.end_of(phase)
        assert start is not None
        assert end is not None
        span = (end - start) // timedelta(microseconds=1)
        now = start + timedelta(microseconds=data.draw(st.integers(0, span - 1)))
        page = build(campaign, now)
        assert page.heading is not None
        assert page.heading.startswith(f"{period} : DEMANDE(S) DES REPRÉSENTANTS LÉGAUX / ")
        assert GUIDE_PERIOD not in page.text


# -- the intentions ----------------------------------------------------------------


def test_either_guardian_gets_the_guides_form_until_one_validates() -> None:
    for guardian in (CLAIRE, PAUL):
        page = family_page(guardian, OPENED, CAMPAIGN, at(Phase.PROVISIONAL_OPEN))
        assert page.state is PageState.INTENTIONS_ENTRY
        assert page.steps == STEP_BAR
        assert page.step == 1
        assert page.heading == HEADING_T2
        assert page.paragraphs == (INSTRUCTIONS, "La saisie ferme dans 25 jours.", WISH)
        assert page.buttons == ("AJOUTER UNE INTENTION", "ANNULER", "VALIDER")


def test_the_form_offers_the_voies_the_precision_and_the_statuts_with_their_info_bulles() -> None:
    voie, precision, statuts = intentions_entry_page(CAMPAIGN, at(Phase.PROVISIONAL_OPEN)).fields
    assert voie == Field(
        "voie",
        "Intention 1",
        "Le rang détermine l'ordre de préférence",
        (
            Choice(
                "GT",
                "2de générale et technologique ou 2de STHR",
                "STHR : sciences et technologies de l'hôtellerie et de la restauration.",
            ),
            Choice("PRO", "2de professionnelle"),
            Choice("CAP", "1re année de CAP"),
        ),
    )
    assert precision.label == (
        "Vous pouvez préciser le métier ou la formation qui intéresse votre enfant :"
    )
    assert precision.help is not None
    assert precision.help.startswith("Vous trouverez des informations sur les métiers")
    assert [c.label for c in statuts.choices] == ["Sous statut scolaire", "Sous statut d'apprenti"]
    assert statuts.choices[0].help is not None
    assert statuts.choices[0].help.startswith("Votre enfant reste élève ;")


def test_the_form_reads_in_the_guides_order() -> None:
    page = intentions_entry_page(CAMPAIGN, at(Phase.PROVISIONAL_OPEN))
    assert page.text.splitlines() == [
        "ORIENTATION",
        *STEP_BAR,
        HEADING_T2,
        INSTRUCTIONS,
        "La saisie ferme dans 25 jours.",
        WISH,
        "Intention 1",
        "2de générale et technologique ou 2de STHR",
        "2de professionnelle",
        "1re année de CAP",
        "Vous pouvez préciser le métier ou la formation qui intéresse votre enfant :",
        "Sous statut scolaire",
        "Sous statut d'apprenti",
        "AJOUTER UNE INTENTION",
        "ANNULER",
        "VALIDER",
    ]


def test_without_the_academys_setting_only_the_voie_is_asked() -> None:
    campaign = dossier_campaign(details_enabled=False)
    page = intentions_entry_page(campaign, instant_in(campaign, Phase.PROVISIONAL_OPEN))
    assert [field.name for field in page.fields] == ["voie"]


def test_the_entrant_reads_the_recap_the_validation_message_and_may_modify() -> None:
    page = family_page(CLAIRE, VALIDATED, CAMPAIGN, at(Phase.PROVISIONAL_OPEN, timedelta(days=22)))
    assert page.state is PageState.INTENTIONS_VALIDATED
    assert page.heading == HEADING_T2
    assert page.paragraphs == (WISH,)
    assert page.lines == GUIDE_RECAP
    assert page.footer == (MESSAGE, "La saisie ferme dans 3 jours.")
    assert page.buttons == ("MODIFIER",)
    assert page.fields == ()


def test_the_guides_typo_is_corrected_and_kept_verbatim() -> None:
    assert "portail Sclarité Services" in VALIDATED_MESSAGE_IN_GUIDE
    assert VALIDATED_MESSAGE == MESSAGE
    # One letter apart, nothing else.
    assert VALIDATED_MESSAGE_IN_GUIDE.replace("Sclarité", "Scolarité") == VALIDATED_MESSAGE


def test_the_other_guardian_and_the_pupil_read_only() -> None:
    for reader in (PAUL, LEA):
        page = family_page(reader, VALIDATED, CAMPAIGN, at(Phase.PROVISIONAL_OPEN))
        assert page.state is PageState.INTENTIONS_READ_ONLY
        assert page.paragraphs == (WISH,)
        assert page.lines == GUIDE_RECAP
        assert page.footer == page.buttons == ()
        assert page.fields == ()


def test_the_pupil_reads_that_nothing_is_validated_yet() -> None:
    page = family_page(LEA, OPENED, CAMPAIGN, at(Phase.PROVISIONAL_OPEN))
    assert page.state is PageState.INTENTIONS_READ_ONLY
    assert page.paragraphs == ("Aucune saisie n'a encore été validée.",)
    assert page.lines == page.buttons == ()


def test_while_the_conseils_sit_the_recap_is_read_only_with_their_dates() -> None:
    page = family_page(CLAIRE, VALIDATED, CAMPAIGN, at(Phase.PROVISIONAL_CLOSED))
    assert page.state is PageState.INTENTIONS_CLOSED
    assert page.paragraphs == (
        "La saisie est fermée.",
        "Conseils de classe du 2e trimestre : du 06/02/2027 au 14/03/2027",
    )
    assert page.lines == GUIDE_RECAP
    assert page.buttons == ()


def test_the_guides_combined_period_stays_available() -> None:
    assert GUIDE_PERIOD == "Deuxième trimestre ou premier semestre"


# -- avis, choix, propositions, decision --------------------------------------------------


def test_the_entrant_acknowledges_the_avis_once() -> None:
    page = family_page(CLAIRE, WITH_AVIS, CAMPAIGN, at(Phase.AVIS_PUBLISHED))
    assert page.state is PageState.AVIS
    assert page.lines == (
        "Intention 1 : 2de générale et technologique ou 2de STHR",
        "Avis : Favorable",
        "Intention 2 : 2de professionnelle",
        "Avis : Réservé",
        "Motif : Projet à préciser.",
        "Commentaire : Stage conseillé.",
        "Intention 3 : 1re année de CAP",
        "Avis : Favorable",
    )
    assert page.buttons == ("ACCUSER RÉCEPTION",)
    assert family_page(PAUL, WITH_AVIS, CAMPAIGN, at(Phase.AVIS_PUBLISHED)).buttons == ()
    done = family_page(CLAIRE, ACKNOWLEDGED, CAMPAIGN, at(Phase.AVIS_PUBLISHED, timedelta(days=1)))
    assert done.buttons == ()
    assert done.footer == ("Vous avez accusé réception de ces avis.",)


def test_the_choix_definitifs_follow_the_intentions_pages() -> None:
    heading = (
        "Troisième trimestre : DEMANDE(S) DES REPRÉSENTANTS LÉGAUX / Choix définitif(s) "
        "d'orientation."
    )
    entry = family_page(CLAIRE, ACKNOWLEDGED, CAMPAIGN, at(Phase.DEFINITIVE_OPEN))
    assert entry.state is PageState.CHOIX_ENTRY
    assert entry.step == 2
    assert entry.heading == heading
    assert entry.fields[0].label == "Choix 1"
    assert entry.buttons == ("AJOUTER UN CHOIX", "ANNULER", "VALIDER")
    validated = family_page(CLAIRE, CHOSEN, CAMPAIGN, at(Phase.DEFINITIVE_OPEN))
    assert validated.state is PageState.CHOIX_VALIDATED
    assert validated.lines == (
        "Choix 1 : 2de professionnelle",
        "Métier ou formation : Cuisine",
    )
    assert validated.footer[0].startswith("Vos choix ont bien été validés. Un e-mail")
    assert validated.buttons == ("MODIFIER",)
    assert family_page(LEA, CHOSEN, CAMPAIGN, at(Phase.DEFINITIVE_OPEN)).buttons == ()
    closed = family_page(PAUL, CHOSEN, CAMPAIGN, at(Phase.DEFINITIVE_CLOSED))
    assert closed.state is PageState.CHOIX_CLOSED
    assert (
        closed.paragraphs[1] == "Conseils de classe du 3e trimestre : du 15/05/2027 au 06/06/2027"
    )


def test_the_entrant_answers_each_proposition_with_the_two_answers() -> None:
    page = family_page(CLAIRE, PROPOSED, CAMPAIGN, at(Phase.PROPOSITIONS_PUBLISHED))
    assert page.state is PageState.PROPOSITIONS
    assert page.step == 3
    answers = (
        Choice("D_ACCORD", "D'accord (la proposition devient décision)"),
        Choice(
            "PAS_D_ACCORD",
            "Pas d'accord (le dialogue continue, vous devez prendre contact avec le chef "
            "d'établissement)",
        ),
    )
    assert page.fields == (
        Field("answer-1", "Proposition 1 : 2de professionnelle", None, answers),
        Field(
            "answer-2",
            "Proposition 2 : 2de générale et technologique ou 2de STHR",
            "Bons résultats.",
            answers,
        ),
    )
    assert page.buttons == ("VALIDER",)
    assert family_page(PAUL, PROPOSED, CAMPAIGN, at(Phase.PROPOSITIONS_PUBLISHED)).fields == ()


NOT_AGREED = (
    "Votre réponse : Pas d'accord (le dialogue continue, vous devez prendre contact avec "
    "le chef d'établissement)"
)


def test_an_answered_proposition_shows_its_answer() -> None:
    page = propositions_page(ANSWERED, CAMPAIGN, can_answer=True)
    assert page.fields == ()
    assert page.buttons == ()
    assert page.lines == (
        "Proposition 1 : 2de professionnelle",
        NOT_AGREED,
        "Proposition 2 : 2de générale et technologique ou 2de STHR",
        "Commentaire : Bons résultats.",
        NOT_AGREED,
    )


def test_the_entrant_accepts_or_appeals_within_three_jours_ouvrables() -> None:
    # Notified on Monday 14 June at 9:00: the deadline is the end of Thursday 17.
    page = family_page(CLAIRE, DECIDED, CAMPAIGN, at(Phase.DECISIONS, timedelta(hours=10)))
    assert page.state is PageState.DECISION
    assert page.paragraphs == (
        "Vous pouvez accepter la décision ou faire appel : le délai se termine dans 3 jours.",
    )
    assert page.lines == (
        "Décision du chef d'établissement : 2de générale et technologique ou 2de STHR",
        "Motifs : Résultats solides.",
        "Orientation : 2de générale et technologique ou 2de STHR",
    )
    assert page.buttons == ("ACCEPTER LA DÉCISION", "FAIRE APPEL")
    assert (
        family_page(PAUL, DECIDED, CAMPAIGN, at(Phase.DECISIONS, timedelta(hours=10))).buttons == ()
    )
    late = family_page(CLAIRE, DECIDED, CAMPAIGN, at(Phase.DECISIONS, timedelta(days=4)))
    assert late.buttons == late.paragraphs == ()


def test_an_appeal_and_the_commissions_decision_show_and_maintien_may_follow() -> None:
    decided = handled(ANSWERED, RecordDecision(1, Voie.PRO), HEAD, at(Phase.DECISIONS))
    appealed = handled(
        decided, LodgeAppeal(1, Voie.GT), CLAIRE, at(Phase.DECISIONS, timedelta(hours=10))
    )
    pending = family_page(CLAIRE, appealed, CAMPAIGN, at(Phase.DECISIONS, timedelta(hours=11)))
    assert pending.lines == (
        "Décision du chef d'établissement : 2de professionnelle",
        "Votre demande : 2de générale et technologique ou 2de STHR",
        "La commission d'appel n'a pas encore rendu sa décision.",
    )
    assert pending.buttons == ()
    final = handled(
        appealed,
        RecordAppealDecision(1, Voie.CAP),
        SECRETARIAT,
        at(Phase.DECISIONS, timedelta(days=5)),
    )
    page = family_page(CLAIRE, final, CAMPAIGN, at(Phase.DECISIONS, timedelta(days=6)))
    assert page.lines[-2:] == (
        "Décision de la commission d'appel : 1re année de CAP",
        "Orientation : 1re année de CAP",
    )
    assert page.buttons == ("DEMANDER LE MAINTIEN EN 3E",)
    assert family_page(LEA, final, CAMPAIGN, at(Phase.DECISIONS, timedelta(days=6))).buttons == ()


def test_a_host_may_offer_the_answers_past_the_deadline_without_a_countdown() -> None:
    page = decision_page(
        DECIDED,
        CAMPAIGN,
        at(Phase.DECISIONS, timedelta(days=9)),
        actions=frozenset({Action.ACCEPT_DECISION}),
    )
    assert page.paragraphs == ()
    assert page.buttons == ("ACCEPTER LA DÉCISION", "FAIRE APPEL")


def test_before_any_decision_the_decision_page_says_so() -> None:
    page = family_page(CLAIRE, ANSWERED, CAMPAIGN, at(Phase.DECISIONS))
    assert page.lines == ("La décision d'orientation n'a pas encore été prise.",)
    assert page.buttons == ()


def test_once_closed_the_outcome_is_read_only() -> None:
    page = family_page(CLAIRE, DECIDED, CAMPAIGN, at(Phase.CLOSED, timedelta(days=10)))
    assert page.state is PageState.CLOSED
    assert page.paragraphs == ("La campagne d'orientation est terminée.",)
    assert page.lines[-1] == "Orientation : 2de générale et technologique ou 2de STHR"
    assert page.buttons == ()


def test_a_decision_notified_on_the_last_day_keeps_its_page_after_the_closing() -> None:
    end = CAMPAIGN.end_of(Phase.DECISIONS)
    assert end is not None
    late = handled(ANSWERED, RecordDecision(1, Voie.PRO, "Motifs."), HEAD, end - timedelta(hours=2))
    page = family_page(CLAIRE, late, CAMPAIGN, end + timedelta(hours=1))
    assert page.state is PageState.DECISION
    assert page.buttons == ("ACCEPTER LA DÉCISION", "FAIRE APPEL")


# -- strangers, staff, and the properties ------------------------------------------------


def test_a_stranger_reads_nothing() -> None:
    for stranger in (STRANGER, OTHER_PUPIL):
        for dossier in (OPENED, DECIDED):
            page = family_page(stranger, dossier, CAMPAIGN, at(Phase.PROVISIONAL_OPEN))
            assert page == Page(PageState.NO_ACCESS)
            assert page.text == "ORIENTATION"


def test_staff_read_what_the_phase_asks_of_them() -> None:
    page = staff_page(PP, CAMPAIGN, at(Phase.PROVISIONAL_CLOSED))
    assert page.state is PageState.STAFF
    assert page.heading == "Conseils de classe du 2e trimestre"
    assert page.paragraphs == (
        (
            "Saisissez l'avis provisoire du conseil de classe sur chaque intention : favorable, "
            "réservé ou défavorable ; un avis réservé ou défavorable doit être motivé."
        ),
        "Conseils de classe du 2e trimestre : du 06/02/2027 au 14/03/2027",
        "Cette étape se termine dans 36 jours.",
    )
    assert page.lines == PARIS_CALENDAR
    before = staff_page(SECRETARIAT, CAMPAIGN, at(Phase.NOT_OPEN))
    assert before.paragraphs == (
        "Ouvrez les dossiers des élèves avant l'ouverture du téléservice.",
        "Saisie des intentions provisoires : du 11/01/2027 au 05/02/2027",
    )
    after = staff_page(HEAD, CAMPAIGN, at(Phase.CLOSED))
    assert after.paragraphs == ("Tout est en lecture seule.",)


@settings(max_examples=100)  # each example drives a whole procedure through handle
@given(
    dossier=dossiers,
    now=campaign_instants(CAMPAIGN),
    reader=st.sampled_from((CLAIRE, PAUL, LEA, STRANGER, OTHER_PUPIL)),
)
def test_only_a_reader_who_may_act_sees_a_form_or_a_button(
    dossier: Dossier, now: datetime, reader: Guardian | Pupil
) -> None:
    page = family_page(reader, dossier, CAMPAIGN, now)
    rights = access(reader, dossier, CAMPAIGN, now)
    if page.buttons or page.fields:
        assert rights.value == "EDIT"
    if reader in (LEA, STRANGER, OTHER_PUPIL):
        assert page.buttons == ()
        assert page.fields == ()
    if reader in (STRANGER, OTHER_PUPIL):
        assert page == Page(PageState.NO_ACCESS)
    # Every template is filled.
    assert "{" not in page.text


@given(zone=st.sampled_from(("Europe/Paris", "Indian/Reunion", "Pacific/Noumea")))
def test_every_staff_page_of_a_running_campaign_says_when_its_step_ends(zone: str) -> None:
    campaign = example_campaign(zone)
    head = Staff("ce", campaign.uai, HEAD.role)
    for phase in tuple(Phase)[1:-1]:
        start = campaign.start_of(phase)
        assert start is not None
        page = staff_page(head, campaign, start)
        assert page.paragraphs[-1].startswith("Cette étape se termine ")


# -- bad input --------------------------------------------------------------------------


JUNK = cast(Any, "junk")


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: not_open_page(JUNK), "type.invalid"),
        (lambda: intentions_entry_page(CAMPAIGN, JUNK), "type.invalid"),
        (lambda: choix_entry_page(CAMPAIGN, at(Phase.NOT_OPEN).replace(tzinfo=None)), "time.naive"),
        (
            lambda: intentions_validated_page(VALIDATED, CAMPAIGN, at(Phase.CLOSED), editable=JUNK),
            "type.invalid",
        ),
        (lambda: avis_page(JUNK, JUNK, can_acknowledge=True), "type.invalid"),
        (
            lambda: avis_page(OPENED, example_campaign("Indian/Reunion"), can_acknowledge=True),
            "campaign.other_school",
        ),
        (
            lambda: decision_page(DECIDED, CAMPAIGN, at(Phase.DECISIONS), actions=JUNK),
            "type.invalid",
        ),
        (
            lambda: family_page(cast(Any, HEAD), OPENED, CAMPAIGN, at(Phase.NOT_OPEN)),
            "type.invalid",
        ),
        (lambda: family_page(CLAIRE, JUNK, CAMPAIGN, at(Phase.NOT_OPEN)), "type.invalid"),
        (lambda: staff_page(cast(Any, CLAIRE), CAMPAIGN, at(Phase.NOT_OPEN)), "type.invalid"),
        (lambda: staff_page(HEAD, JUNK, at(Phase.NOT_OPEN)), "type.invalid"),
        (
            lambda: staff_page(
                Staff("ce-autre", "0931234B", HEAD.role), CAMPAIGN, at(Phase.NOT_OPEN)
            ),
            "campaign.other_school",
        ),
    ],
)
def test_bad_input_is_refused_in_the_librarys_words(call: Any, code: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        call()
    assert caught.value.problems[0].code == code
