"""The confirmation e-mail at logout: the guide's wording, to the entrant only, once a session."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any, cast
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given

from orientation_core import (
    Answer,
    Appeal,
    AppealDecision,
    AppealLodged,
    Avis,
    AvisAcknowledged,
    AvisConseil,
    AvisRecorded,
    ChoixValidated,
    Decision,
    DecisionAccepted,
    Dossier,
    DossierEvent,
    FamilyEvent,
    Guardian,
    Intention,
    IntentionSet,
    IntentionsValidated,
    MaintienRequested,
    Phase,
    Proposition,
    PropositionsAnswered,
    Statut,
    ValidateIntentions,
    Voie,
)
from orientation_core.exceptions import InvalidValue
from orientation_core.texts import confirmation_email, valid_address
from tests.strategies import (
    CLAIRE,
    LEA,
    PAUL,
    SECRETARIAT,
    dossier_campaign,
    example_campaign,
    guide_campaign,
    instant_in,
    intention_sessions,
)

PARIS = ZoneInfo("Europe/Paris")
SENDER = "orientation@ac-paris.fr"
# The intentions of the guide's e-mail.
GUIDE_INTENTIONS = IntentionSet(
    [
        Intention(Voie.GT),
        Intention(Voie.PRO, "Mécanique", [Statut.APPRENTI]),
        Intention(Voie.CAP, "Carrosserie", [Statut.SCOLAIRE]),
    ]
)
GUIDE_BODY = """Bonjour,

Suite à la démarche que vous avez effectuée en ligne le 07/11/2019 à 12:38:09, nous vous \
confirmons par cet email que vos intentions provisoires ont bien été enregistrées.

En voici le récapitulatif :

- Intention 1 : 2de générale et technologique ou 2de STHR
- Intention 2 : 2de professionnelle
Spécialité(s) ou famille(s) de métiers : Mécanique
Sous statut d'apprenti
- Intention 3 : 1re année de CAP
Spécialité(s) : Carrosserie
Sous statut scolaire

Vous pouvez encore faire des modifications jusqu'à la fermeture du service Orientation.
"""


def _guide_session() -> tuple[list[IntentionsValidated], Dossier]:
    # Claire validates the guide's intentions online, as the guide dates it.
    campaign = guide_campaign()
    dossier, _ = Dossier.open(
        LEA,
        [CLAIRE, PAUL],
        campaign=campaign,
        actor=SECRETARIAT,
        now=datetime(2019, 11, 4, 8, tzinfo=PARIS),
    )
    dossier, events = dossier.handle(
        ValidateIntentions(1, GUIDE_INTENTIONS),
        actor=CLAIRE,
        campaign=campaign,
        now=datetime(2019, 11, 7, 12, 38, 9, tzinfo=PARIS),
    )
    assert all(isinstance(event, IntentionsValidated) for event in events)
    return cast("list[IntentionsValidated]", list(events)), dossier


def _sent(message: EmailMessage | None) -> EmailMessage:
    # What the receiver reads: the message through its bytes and back.
    assert message is not None
    received = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert isinstance(received, EmailMessage)
    return received


def _body(message: EmailMessage | None) -> str:
    content = _sent(message).get_content()
    assert isinstance(content, str)
    return content


def test_the_guides_example_gives_the_guides_e_mail() -> None:
    events, dossier = _guide_session()
    message = _sent(confirmation_email(events, dossier, guide_campaign(), SENDER))
    assert message.get_content() == GUIDE_BODY
    assert message["From"] == "orientation@ac-paris.fr"
    assert message["To"] == "Claire Martin <claire@example.fr>"
    assert message["Subject"] == (
        "Orientation de Léa Martin : vos intentions provisoires ont bien été enregistrées"
    )
    assert message["Date"] == "Thu, 07 Nov 2019 12:38:09 +0100"
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert not message.is_multipart()


def test_sending_again_gives_the_same_message_id() -> None:
    events, dossier = _guide_session()
    first = confirmation_email(events, dossier, guide_campaign(), SENDER)
    again = confirmation_email(events, dossier, guide_campaign(), SENDER)
    assert first is not None
    assert again is not None
    assert first["Message-ID"] == again["Message-ID"]
    assert first["Message-ID"].endswith("@ac-paris.fr>")


def test_another_validation_gets_another_message_id() -> None:
    events, dossier = _guide_session()
    later = attrs.evolve(events[0], version=3, at=events[0].at + timedelta(minutes=5))
    dossier = attrs.evolve(dossier, version=3)
    first = confirmation_email(events, dossier, guide_campaign(), SENDER)
    second = confirmation_email([later], dossier, guide_campaign(), SENDER)
    assert first is not None
    assert second is not None
    assert first["Message-ID"] != second["Message-ID"]


def test_nothing_recorded_gives_no_e_mail() -> None:
    _, dossier = _guide_session()
    assert confirmation_email([], dossier, guide_campaign(), SENDER) is None


def test_a_dossier_nobody_entered_gives_no_e_mail() -> None:
    opened = Dossier.open(
        LEA, [CLAIRE], campaign=CAMPAIGN, actor=SECRETARIAT, now=datetime(2027, 1, 4, tzinfo=UTC)
    )
    assert confirmation_email(opened[1:], opened[0], CAMPAIGN, SENDER) is None


@pytest.mark.parametrize("address", [None, "claire@exemple..fr", "claire@exemple.invalid"])
def test_no_valid_address_gives_no_e_mail(address: str | None) -> None:
    events, dossier = _guide_session()
    claire = Guardian(CLAIRE.id, CLAIRE.name, address)
    dossier = attrs.evolve(dossier, guardians=(claire, PAUL))
    assert confirmation_email(events, dossier, guide_campaign(), SENDER) is None


def test_an_internationalised_domain_is_written_in_ascii() -> None:
    events, dossier = _guide_session()
    claire = Guardian(CLAIRE.id, CLAIRE.name, "claire@exämple.fr")
    dossier = attrs.evolve(dossier, guardians=(claire, PAUL))
    message = _sent(confirmation_email(events, dossier, guide_campaign(), SENDER))
    assert message["To"] == "Claire Martin <claire@xn--exmple-cua.fr>"


def test_the_other_guardians_acts_give_the_entrant_no_e_mail() -> None:
    # Paul's validation in this session; Claire enters (say the head handed
    # her the role): the e-mail goes to whoever acted, and Paul does not enter.
    events, dossier = _guide_session()
    pauls = attrs.evolve(events[0], actor=PAUL, guardian_id=PAUL.id)
    assert confirmation_email([pauls], dossier, guide_campaign(), SENDER) is None


def test_a_paper_form_keyed_in_by_staff_gives_no_e_mail() -> None:
    # The family did not act online: staff keyed in what it signed.
    events, dossier = _guide_session()
    keyed = attrs.evolve(events[0], actor=SECRETARIAT, paper_form=True)
    assert confirmation_email([keyed], dossier, guide_campaign(), SENDER) is None


def test_several_validations_give_one_e_mail_with_the_last_state() -> None:
    campaign = guide_campaign()
    dossier, _ = Dossier.open(
        LEA, [CLAIRE], campaign=campaign, actor=SECRETARIAT, now=datetime(2019, 11, 4, tzinfo=PARIS)
    )
    session: list[DossierEvent] = []
    for version, (intentions, moment) in enumerate(
        [
            (
                IntentionSet([Intention(Voie.PRO, "Vente")]),
                datetime(2019, 11, 7, 12, 30, tzinfo=PARIS),
            ),
            (GUIDE_INTENTIONS, datetime(2019, 11, 7, 12, 38, 9, tzinfo=PARIS)),
        ],
        1,
    ):
        dossier, events = dossier.handle(
            ValidateIntentions(version, intentions),
            actor=CLAIRE,
            campaign=campaign,
            now=moment,
        )
        session += events
    assert _body(confirmation_email(session, dossier, campaign, SENDER)) == GUIDE_BODY


def test_the_date_is_the_schools_own_in_reunion() -> None:
    campaign = example_campaign("Indian/Reunion")
    dossier, _ = Dossier.open(
        LEA,
        [CLAIRE],
        campaign=campaign,
        actor=attrs.evolve(SECRETARIAT, uai=campaign.uai),
        now=instant_in(campaign, Phase.NOT_OPEN),
    )
    # 08:38:09 UTC is 12:38:09 at Saint-Denis (UTC+4).
    dossier, events = dossier.handle(
        ValidateIntentions(1, IntentionSet([Intention(Voie.GT)])),
        actor=CLAIRE,
        campaign=campaign,
        now=datetime(2027, 1, 20, 8, 38, 9, tzinfo=UTC),
    )
    message = _sent(confirmation_email(events, dossier, campaign, SENDER))
    assert message["Date"] == "Wed, 20 Jan 2027 12:38:09 +0400"
    assert message.get_content() == (
        "Bonjour,\n\n"
        "Suite à la démarche que vous avez effectuée en ligne le 20/01/2027 à 12:38:09, nous "
        "vous confirmons par cet email que vos intentions provisoires ont bien été "
        "enregistrées.\n\n"
        "En voici le récapitulatif :\n\n"
        "- Intention 1 : 2de générale et technologique ou 2de STHR\n\n"
        "Vous pouvez encore faire des modifications jusqu'à la fermeture du service "
        "Orientation.\n"
    )


# -- the other acts of the family ------------------------------------------------

CAMPAIGN = dossier_campaign()
DOSSIER = attrs.evolve(
    Dossier.open(
        LEA,
        [CLAIRE, PAUL],
        campaign=CAMPAIGN,
        actor=SECRETARIAT,
        now=datetime(2027, 1, 4, tzinfo=UTC),
    )[0],
    entrant_id=CLAIRE.id,
    version=9,
)
# 18:05:02 in Paris, in summer time.
JUNE = datetime(2027, 6, 9, 16, 5, 2, tzinfo=UTC)


def _act(kind: type[FamilyEvent], **payload: Any) -> FamilyEvent:
    return kind(
        dossier=DOSSIER.id,
        version=9,
        actor=CLAIRE,
        at=JUNE,
        guardian_id=CLAIRE.id,
        paper_form=False,
        **payload,
    )


def _opening(recorded: str) -> str:
    return (
        "Bonjour,\n\n"
        "Suite à la démarche que vous avez effectuée en ligne le 09/06/2027 à 18:05:02, nous "
        f"vous confirmons par cet email que {recorded}.\n\n"
        "En voici le récapitulatif :\n\n"
    )


def test_the_choix_definitifs_are_confirmed_in_the_same_style() -> None:
    choix = IntentionSet(
        [Intention(Voie.CAP, "Cuisine", [Statut.SCOLAIRE, Statut.APPRENTI]), Intention(Voie.GT)]
    )
    dossier = attrs.evolve(DOSSIER, choix=choix)
    message = _sent(
        confirmation_email([_act(ChoixValidated, choix=choix)], dossier, CAMPAIGN, SENDER)
    )
    assert message["Subject"] == (
        "Orientation de Léa Martin : vos choix définitifs ont bien été enregistrés"
    )
    assert message.get_content() == (
        _opening("vos choix définitifs ont bien été enregistrés") + "- Choix 1 : 1re année de CAP\n"
        "Spécialité(s) : Cuisine\n"
        "Sous statut scolaire\n"
        "Sous statut d'apprenti\n"
        "- Choix 2 : 2de générale et technologique ou 2de STHR\n\n"
        "Vous pouvez encore faire des modifications jusqu'à la fermeture du service "
        "Orientation.\n"
    )


def test_the_answer_to_the_propositions_lists_each_with_its_answer() -> None:
    dossier = attrs.evolve(
        DOSSIER,
        propositions=(Proposition(Voie.PRO, "Projet réfléchi."), Proposition(Voie.GT)),
        answers=(Answer.D_ACCORD, Answer.PAS_D_ACCORD),
    )
    answered = _act(PropositionsAnswered, answers=(Answer.D_ACCORD, Answer.PAS_D_ACCORD))
    assert _body(confirmation_email([answered], dossier, CAMPAIGN, SENDER)) == (
        _opening("votre réponse aux propositions du conseil de classe a bien été enregistrée")
        + "- Proposition 1 : 2de professionnelle\n"
        "Votre réponse : D'accord (la proposition devient décision)\n"
        "- Proposition 2 : 2de générale et technologique ou 2de STHR\n"
        "Votre réponse : Pas d'accord (le dialogue continue, vous devez prendre contact "
        "avec le chef d'établissement)\n\n"
        "Vous pouvez encore faire des modifications jusqu'à la fermeture du service "
        "Orientation.\n"
    )


DECIDED = attrs.evolve(
    DOSSIER, decision=Decision(Voie.PRO, "Résultats insuffisants en 2de GT.", JUNE)
)


def test_accepting_the_decision_has_nothing_left_to_modify() -> None:
    dossier = attrs.evolve(DECIDED, decision_accepted_at=JUNE)
    assert _body(confirmation_email([_act(DecisionAccepted)], dossier, CAMPAIGN, SENDER)) == (
        _opening("votre acceptation de la décision d'orientation a bien été enregistrée")
        + "- Décision du chef d'établissement : 2de professionnelle\n"
        "Motifs : Résultats insuffisants en 2de GT.\n"
    )


def test_an_appeal_names_the_decision_and_the_demand() -> None:
    dossier = attrs.evolve(DECIDED, appeal=Appeal(Voie.GT, "Il a progressé.", JUNE, False))
    lodged = _act(AppealLodged, voie=Voie.GT, motif="Il a progressé.", dernier_mot=False)
    message = _sent(confirmation_email([lodged], dossier, CAMPAIGN, SENDER))
    assert message["Subject"] == (
        "Orientation de Léa Martin : votre appel de la décision d'orientation a bien été enregistré"
    )
    assert message.get_content() == (
        _opening("votre appel de la décision d'orientation a bien été enregistré")
        + "- Décision du chef d'établissement : 2de professionnelle\n"
        "Motifs : Résultats insuffisants en 2de GT.\n"
        "- Votre demande : 2de générale et technologique ou 2de STHR\n"
        "Motif : Il a progressé.\n\n"
        "Votre demande sera examinée par la commission d'appel, dont la décision est "
        "définitive.\n"
    )


def test_the_familys_last_word_is_the_decision() -> None:
    dossier = attrs.evolve(DECIDED, appeal=Appeal(Voie.GT, None, JUNE, True))
    lodged = _act(AppealLodged, voie=Voie.GT, motif=None, dernier_mot=True)
    assert _body(confirmation_email([lodged], dossier, CAMPAIGN, SENDER)) == (
        _opening("votre choix a bien été enregistré : la décision d'orientation le suit")
        + "- Décision du chef d'établissement : 2de professionnelle\n"
        "Motifs : Résultats insuffisants en 2de GT.\n"
        "- Votre demande : 2de générale et technologique ou 2de STHR\n"
    )


def test_the_acknowledgement_recalls_each_avis() -> None:
    avis = (
        AvisConseil(Voie.GT, Avis.RESERVE, "Résultats fragiles.", "À confirmer."),
        AvisConseil(Voie.PRO, Avis.FAVORABLE),
    )
    dossier = attrs.evolve(DOSSIER, avis=avis, acknowledged_at=JUNE)
    assert _body(confirmation_email([_act(AvisAcknowledged)], dossier, CAMPAIGN, SENDER)) == (
        _opening(
            "votre accusé de réception des avis provisoires du conseil de classe a bien été "
            "enregistré"
        )
        + "- Intention 1 : 2de générale et technologique ou 2de STHR\n"
        "Avis : Réservé\n"
        "Motif : Résultats fragiles.\n"
        "Commentaire : À confirmer.\n"
        "- Intention 2 : 2de professionnelle\n"
        "Avis : Favorable\n"
    )


def test_maintien_recalls_the_commissions_decision() -> None:
    dossier = attrs.evolve(
        DECIDED,
        appeal=Appeal(Voie.GT, None, JUNE, False),
        appeal_decision=AppealDecision(Voie.PRO, None, JUNE),
        maintien_requested_at=JUNE,
    )
    assert _body(confirmation_email([_act(MaintienRequested)], dossier, CAMPAIGN, SENDER)) == (
        _opening("votre demande de maintien en 3e a bien été enregistrée")
        + "- Décision de la commission d'appel : 2de professionnelle\n"
    )


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        (DecisionAccepted, {}),
        (AppealLodged, {"voie": Voie.GT, "motif": None, "dernier_mot": False}),
        (MaintienRequested, {}),
    ],
)
def test_a_dossier_that_does_not_follow_the_acts_is_refused(
    kind: type[FamilyEvent], payload: dict[str, Any]
) -> None:
    # Built by hand without the decision these acts need.
    with pytest.raises(InvalidValue) as error:
        confirmation_email([_act(kind, **payload)], DOSSIER, CAMPAIGN, SENDER)
    assert [(p.code, p.path) for p in error.value.problems] == [
        ("event.inconsistent", ("dossier",))
    ]


def test_staff_acts_in_the_session_are_not_the_familys() -> None:
    # The secretariat records the avis; Claire did nothing online.
    recorded = attrs.evolve(DOSSIER, avis=(AvisConseil(Voie.GT, Avis.FAVORABLE),))
    event = AvisRecorded(
        DOSSIER.id, 9, SECRETARIAT, JUNE, avis=(AvisConseil(Voie.GT, Avis.FAVORABLE),)
    )
    assert confirmation_email([event], recorded, CAMPAIGN, SENDER) is None


# -- bad input -------------------------------------------------------------------------


def _codes(call: Any) -> list[tuple[str, tuple[object, ...]]]:
    with pytest.raises(InvalidValue) as error:
        call()
    return [(p.code, p.path) for p in error.value.problems]


def test_bad_arguments_are_refused_in_the_librarys_terms() -> None:
    events, dossier = _guide_session()
    campaign = guide_campaign()
    text: Any = "Léa"
    number: Any = 42
    nothing: Any = None
    assert _codes(lambda: confirmation_email(events, text, campaign, SENDER)) == [
        ("type.invalid", ("dossier",))
    ]
    assert _codes(lambda: confirmation_email(events, dossier, text, SENDER)) == [
        ("type.invalid", ("campaign",))
    ]
    assert _codes(lambda: confirmation_email(events, dossier, CAMPAIGN, SENDER)) == [
        ("campaign.other_rentree", ("campaign",))
    ]
    assert _codes(lambda: confirmation_email(number, dossier, campaign, SENDER)) == [
        ("type.invalid", ("events",))
    ]
    assert _codes(lambda: confirmation_email([text], dossier, campaign, SENDER)) == [
        ("type.invalid", ("events",))
    ]
    assert _codes(lambda: confirmation_email(events, dossier, campaign, nothing)) == [
        ("type.invalid", ("sender",))
    ]
    assert _codes(lambda: confirmation_email(events, dossier, campaign, "pas une adresse")) == [
        ("email.invalid", ("sender",))
    ]


def test_events_of_another_dossier_or_after_it_are_refused() -> None:
    events, dossier = _guide_session()
    campaign = guide_campaign()
    other = attrs.evolve(events[0], dossier=attrs.evolve(dossier.id, pupil_id="eleve-autre"))
    assert _codes(lambda: confirmation_email([other], dossier, campaign, SENDER)) == [
        ("event.other_dossier", ("events", 0, "dossier"))
    ]
    later = attrs.evolve(events[0], version=dossier.version + 1)
    assert _codes(lambda: confirmation_email([later], dossier, campaign, SENDER)) == [
        ("event.inconsistent", ("events", 0, "version"))
    ]


@pytest.mark.parametrize("address", [None, 42, "", "claire", "claire@exemple..fr", "é@x.fr"])
def test_an_address_not_valid_in_syntax_is_none(address: object) -> None:
    assert valid_address(address) is None


# -- any session ------------------------------------------------------------------------


@given(intention_sessions())
def test_any_session_gives_at_most_one_e_mail_to_the_entrant_with_the_last_intentions(
    session: tuple[list[DossierEvent], Dossier, Any],
) -> None:
    events, dossier, campaign = session
    entrant = dossier.entrant
    online = [
        e
        for e in events
        if isinstance(e, IntentionsValidated)
        and not e.paper_form
        and entrant is not None
        and e.guardian_id == entrant.id
    ]
    message = confirmation_email(events, dossier, campaign, SENDER)
    valid = entrant is not None and entrant.email in ("famille@example.fr", "famille@exämple.fr")
    if not online or not valid:
        assert message is None
        return
    assert entrant is not None
    sent = _sent(message)
    assert sent["To"].addresses[0].display_name == entrant.name
    assert sent["To"].addresses[0].domain in ("example.fr", "xn--exmple-cua.fr")
    last = online[-1]
    assert isinstance(last, IntentionsValidated)
    items = [line for line in sent.get_content().splitlines() if line.startswith("- ")]
    assert items == [
        f"- Intention {rank} : {intention.voie.label}"
        for rank, intention in enumerate(last.intentions.intentions, 1)
    ]
    assert f"le {campaign.local(last.at):%d/%m/%Y à %H:%M:%S}," in sent.get_content()
