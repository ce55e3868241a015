"""Every refusal speaks French to the person who made it: a family, or the school's staff."""

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import orientation_core
from orientation_core import (
    AcceptDecision,
    AcknowledgeAvis,
    Avis,
    AvisConseil,
    Campaign,
    CloseService,
    Decision,
    Dossier,
    Guardian,
    HandOverEntrant,
    Intention,
    IntentionSet,
    LodgeAppeal,
    MoveEnd,
    MoveStart,
    Phase,
    Pupil,
    RecordDecision,
    Role,
    Staff,
    ValidateChoix,
    ValidateIntentions,
    Voie,
)
from orientation_core._actors import Actor
from orientation_core.exceptions import (
    Conflict,
    IllegalTransition,
    InvalidValue,
    PermissionDenied,
)
from tests.strategies import (
    CLAIRE,
    HEAD,
    LEA,
    OTHER_HEAD,
    PAUL,
    PP,
    PP_OTHER_CLASS,
    SECRETARIAT,
    campaign_instants,
    dossier_campaign,
    dossier_commands,
    dossier_histories,
    example_campaign,
    head_commands,
    head_of,
    instant_in,
)
from tests.test_policy import HostCampaign

CAMPAIGN = dossier_campaign()
GT = IntentionSet([Intention(Voie.GT)])
NOT_ENTRANT = "Seul le représentant légal qui a validé le premier peut modifier les choix."
NO_ACCESS = "Ces informations n'existent pas ou ne vous sont pas accessibles."


def opened(campaign: Campaign = CAMPAIGN) -> Dossier:
    """Léa's dossier, with Claire and Paul, opened by the school's secretariat."""
    secretariat = Staff("sec", campaign.uai, Role.SECRETARIAT)
    first = campaign.start_of(Phase.PROVISIONAL_OPEN)
    assert first is not None
    now = first - timedelta(days=1)
    return Dossier.open(LEA, [CLAIRE, PAUL], campaign=campaign, actor=secretariat, now=now)[0]


Refusal = IllegalTransition | PermissionDenied | Conflict


def reason(error: Refusal) -> str:
    """The refusal's reason code; a Conflict's is always "conflict"."""
    return "conflict" if isinstance(error, Conflict) else error.reason


def refusal(
    dossier: Dossier, command: Any, actor: Actor, now: datetime, campaign: Any = CAMPAIGN
) -> Refusal:
    with pytest.raises((IllegalTransition, PermissionDenied, Conflict)) as caught:
        dossier.handle(command, actor=actor, campaign=campaign, now=now)
    error = caught.value
    assert isinstance(error, IllegalTransition | PermissionDenied | Conflict)
    return error


def validated_by_claire() -> Dossier:
    dossier = opened()
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    return dossier.handle(ValidateIntentions(1, GT), actor=CLAIRE, campaign=CAMPAIGN, now=now)[0]


# --- who may act ------------------------------------------------------------------------------


def test_the_second_guardian_is_told_that_only_the_first_to_validate_changes_the_choices() -> None:
    dossier = validated_by_claire()
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN, timedelta(hours=10))
    error = refusal(dossier, ValidateIntentions(2, GT), PAUL, now)
    assert isinstance(error, PermissionDenied)
    assert error.reason == "not_entrant"
    assert str(error) == error.message == NOT_ENTRANT
    assert error.detail == "VALIDATE_INTENTIONS denied: not_entrant"


def test_the_pupil_reads_and_is_told_who_enters() -> None:
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    error = refusal(opened(), ValidateIntentions(1, GT), LEA, now)
    assert error.message == (
        "Vous pouvez consulter le dossier, mais seul votre représentant légal peut le modifier."
    )


def test_only_the_head_decides_and_staff_are_told_so() -> None:
    dossier = validated_by_claire()
    now = instant_in(CAMPAIGN, Phase.DECISIONS)
    error = refusal(dossier, RecordDecision(2, Voie.GT, None), SECRETARIAT, now)
    assert (reason(error), error.message) == (
        "head_only",
        "Seul le chef d'établissement peut effectuer cette action.",
    )
    family = refusal(dossier, RecordDecision(2, Voie.GT, None), CLAIRE, now)
    assert family.message == "Cette action est réservée au chef d'établissement."


@pytest.mark.parametrize(
    "stranger",
    [
        Guardian("resp-autre", "Autre Famille"),
        Pupil("eleve-autre", "Autre Élève", "3e B"),
        PP_OTHER_CLASS,
        OTHER_HEAD,
    ],
)
def test_a_stranger_learns_nothing_of_the_dossier(stranger: Actor) -> None:
    for dossier in (opened(), validated_by_claire()):
        now = instant_in(CAMPAIGN, Phase.DEFINITIVE_OPEN)
        error = refusal(dossier, ValidateChoix(dossier.version, GT), stranger, now)
        assert (reason(error), str(error)) == ("no_access", NO_ACCESS)


# --- the dossier's state ----------------------------------------------------------------------


def acknowledged() -> Dossier:
    return Dossier(
        CAMPAIGN.uai,
        2027,
        LEA,
        [CLAIRE, PAUL],
        entrant_id=CLAIRE.id,
        intentions=GT,
        avis=(AvisConseil(Voie.GT, Avis.FAVORABLE),),
        acknowledged_at=instant_in(CAMPAIGN, Phase.AVIS_PUBLISHED),
        version=4,
    )


def test_an_acknowledgement_given_twice_is_worded_for_the_family_and_for_the_school() -> None:
    dossier = acknowledged()
    now = instant_in(CAMPAIGN, Phase.AVIS_PUBLISHED, timedelta(days=1))
    family = refusal(dossier, AcknowledgeAvis(4), CLAIRE, now)
    assert family.message == "Vous avez déjà accusé réception de l'avis du conseil de classe."
    staff = refusal(dossier, AcknowledgeAvis(4, signed_by=CLAIRE.id), SECRETARIAT, now)
    assert staff.message == "La famille a déjà accusé réception de l'avis du conseil de classe."
    assert staff.detail == "AcknowledgeAvis refused in AVIS_PUBLISHED: already_acknowledged"


def test_handing_over_while_the_family_can_still_validate_is_explained_to_the_head() -> None:
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    error = refusal(opened(), HandOverEntrant(1, PAUL.id), HEAD, now)
    assert error.message == (
        "Les représentants légaux peuvent encore valider en ligne : "
        "le premier qui valide effectue les saisies."
    )


def test_a_family_too_late_to_answer_a_decision_is_given_the_last_day() -> None:
    # Notified on Monday 14 June 2027: the 3 jours ouvrables are the 15th,
    # 16th and 17th, so the family could answer until the end of the 17th.
    notified = datetime(2027, 6, 14, 9, tzinfo=ZoneInfo("Europe/Paris"))
    decided = attrs.evolve(
        validated_by_claire(), decision=Decision(Voie.PRO, "Motifs.", notified), version=3
    )
    late = datetime(2027, 6, 18, 0, 0, tzinfo=ZoneInfo("Europe/Paris"))
    for command in (AcceptDecision(3), LodgeAppeal(3, Voie.GT)):
        error = refusal(decided, command, CLAIRE, late)
        assert (reason(error), error.message) == (
            "deadline_passed",
            (
                "Le délai pour accepter la décision d'orientation "
                "ou faire appel a pris fin le 17/06/2027."
            ),
        )


def test_two_guardians_validating_from_the_same_version_the_second_is_told_to_reload() -> None:
    dossier = validated_by_claire()
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN, timedelta(hours=10))
    family = refusal(dossier, ValidateIntentions(1, GT), PAUL, now)
    assert isinstance(family, Conflict)
    assert str(family) == (
        "Ces informations ont été modifiées entre-temps : "
        "rechargez la page pour voir les choix enregistrés avant de recommencer."
    )
    assert family.detail == "version 1 is stale, the current version is 2"
    staff = refusal(dossier, ValidateIntentions(1, GT, signed_by=CLAIRE.id), SECRETARIAT, now)
    assert str(staff) == (
        "Ces informations ont été modifiées entre-temps : "
        "rechargez la page pour voir leur version actuelle avant de recommencer."
    )


# --- the calendar, in the school's zone -------------------------------------------------------


def test_a_family_before_the_opening_is_told_the_day_it_opens_in_the_schools_zone() -> None:
    # Réunion is 4 hours ahead: the service opens on 11 January at midnight
    # there, which is still the 10th in UTC.
    reunion = example_campaign("Indian/Reunion")
    dossier = opened(reunion)
    now = datetime(2027, 1, 10, 23, 59, tzinfo=ZoneInfo("Indian/Reunion"))
    error = refusal(dossier, ValidateIntentions(1, GT), CLAIRE, now, reunion)
    assert (reason(error), error.message) == (
        "not_in_phase",
        "La saisie des intentions provisoires ouvre le 11/01/2027.",
    )


def test_a_family_after_the_closing_is_told_the_last_day_in_the_schools_zone() -> None:
    # In Cayenne (3 hours behind UTC) the intentions close at the end of
    # 5 February, local midnight, which is already the 6th in UTC.
    cayenne = example_campaign("America/Cayenne")
    dossier = opened(cayenne)
    closing = datetime(2027, 2, 6, 0, 0, tzinfo=ZoneInfo("America/Cayenne"))
    just_before = closing - timedelta(microseconds=1)
    dossier.handle(ValidateIntentions(1, GT), actor=CLAIRE, campaign=cayenne, now=just_before)
    error = refusal(dossier, ValidateIntentions(1, GT), CLAIRE, closing, cayenne)
    assert error.message == (
        "La saisie des intentions provisoires s'est terminée le 05/02/2027 : "
        "les intentions ne peuvent plus être modifiées."
    )


def test_a_service_closed_early_by_the_head_is_told_with_the_time() -> None:
    noumea = example_campaign("Pacific/Noumea")
    closing = datetime(2026, 7, 20, 14, 30, tzinfo=ZoneInfo("Pacific/Noumea"))
    closed, _ = noumea.handle(
        CloseService(1, Phase.PROVISIONAL_OPEN), actor=head_of(noumea), now=closing
    )
    dossier = opened(noumea)
    later = closing + timedelta(minutes=5)
    error = refusal(dossier, ValidateIntentions(1, GT), CLAIRE, later, closed)
    assert error.message == (
        "La saisie des intentions provisoires s'est terminée le 20/07/2026 à 14:30 : "
        "les intentions ne peuvent plus être modifiées."
    )


def test_an_opening_moved_to_the_morning_is_told_with_the_time() -> None:
    reunion = example_campaign("Indian/Reunion")
    at_eight = datetime(2027, 1, 11, 8, 0, tzinfo=ZoneInfo("Indian/Reunion"))
    moved, _ = reunion.handle(
        MoveStart(1, Phase.PROVISIONAL_OPEN, at_eight),
        actor=head_of(reunion),
        now=datetime(2027, 1, 4, tzinfo=ZoneInfo("Indian/Reunion")),
    )
    dossier = opened(reunion)
    error = refusal(
        dossier, ValidateIntentions(1, GT), CLAIRE, at_eight - timedelta(hours=1), moved
    )
    assert error.message == "La saisie des intentions provisoires ouvre le 11/01/2027 à 08:00."


def test_after_the_campaign_everybody_is_told_it_ended() -> None:
    dossier = validated_by_claire()
    now = instant_in(CAMPAIGN, Phase.CLOSED)
    for actor, command in ((CLAIRE, ValidateChoix(2, GT)), (HEAD, HandOverEntrant(2, PAUL.id))):
        error = refusal(dossier, command, actor, now)
        assert (reason(error), error.message) == (
            "closed",
            (
                "La campagne d'orientation s'est terminée le 04/07/2027 : "
                "le dossier ne peut plus être modifié."
            ),
        )


def test_a_dossier_opened_after_the_campaign_is_refused_with_the_day_it_ended() -> None:
    with pytest.raises(IllegalTransition) as caught:
        Dossier.open(
            LEA,
            [CLAIRE],
            campaign=CAMPAIGN,
            actor=SECRETARIAT,
            now=instant_in(CAMPAIGN, Phase.CLOSED),
        )
    assert (caught.value.reason, caught.value.message) == (
        "closed",
        (
            "La campagne d'orientation s'est terminée le 04/07/2027 : "
            "le dossier ne peut plus être modifié."
        ),
    )


def test_staff_acting_out_of_phase_on_their_own_actions_get_the_undated_sentence() -> None:
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    error = refusal(validated_by_claire(), RecordDecision(2, Voie.GT, None), HEAD, now)
    assert error.message == (
        "Cette action n'est pas possible à cette étape de la campagne d'orientation."
    )


class UndatedCampaign(HostCampaign):
    """A host's campaign that answers junk when asked for its dates."""

    def start_of(self, phase: Phase) -> object:
        return "bientôt"

    def end_of(self, phase: Phase) -> object:
        return None


@pytest.mark.parametrize("host", [HostCampaign(CAMPAIGN), UndatedCampaign(CAMPAIGN)])
def test_a_campaign_that_cannot_tell_its_dates_gives_the_undated_sentence(host: Any) -> None:
    dossier = opened()
    before = refusal(
        dossier,
        ValidateChoix(1, GT),
        CLAIRE,
        instant_in(CAMPAIGN, Phase.NOT_OPEN, timedelta(hours=1)),
        host,
    )
    closed = refusal(
        dossier, ValidateChoix(1, GT), CLAIRE, instant_in(CAMPAIGN, Phase.CLOSED), host
    )
    assert before.message == (
        "Cette action n'est pas possible à cette étape de la campagne d'orientation."
    )
    assert closed.message == (
        "La campagne d'orientation est terminée : le dossier ne peut plus être modifié."
    )


# --- the head's commands on the campaign ------------------------------------------------------


def test_staff_other_than_the_head_are_told_who_opens_and_closes_the_service() -> None:
    with pytest.raises(PermissionDenied) as caught:
        CAMPAIGN.handle(
            CloseService(1, Phase.PROVISIONAL_OPEN),
            actor=SECRETARIAT,
            now=instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN),
        )
    assert str(caught.value) == "Seul le chef d'établissement peut effectuer cette action."


def test_a_head_with_a_stale_calendar_is_told_to_reload() -> None:
    now = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
    changed, _ = CAMPAIGN.handle(CloseService(1, Phase.PROVISIONAL_OPEN), actor=HEAD, now=now)
    with pytest.raises(Conflict) as caught:
        changed.handle(MoveEnd(1, Phase.DECISIONS, now.date()), actor=HEAD, now=now)
    assert str(caught.value) == (
        "Ces informations ont été modifiées entre-temps : "
        "rechargez la page pour voir leur version actuelle avant de recommencer."
    )


# --- every refusal, whatever the command and the actor ----------------------------------------

# Words of Python or of the library's code that no person should read.
_PUBLIC_NAMES = {name for name in orientation_core.__all__ if name[:1].isupper()}
_CODE_WORDS = re.compile(r"_|\bNone\b|\bTrue\b|\bFalse\b|Action\.|[a-z][A-Z]|\[|\]|\{|\}|\|")


def assert_spoken(error: Refusal) -> None:
    message = str(error)
    assert message == error.message
    assert message[0].isupper() or message[0] == "«", message
    assert message.endswith("."), message
    assert not _CODE_WORDS.search(message), message
    assert not _PUBLIC_NAMES & set(re.findall(r"\w+", message)), message
    # The detail is the developer's, in English, naming what was refused.
    code = "stale" if isinstance(error, Conflict) else error.reason
    assert code in error.detail, (code, error.detail)


_CAST: tuple[Actor, ...] = (
    CLAIRE,
    PAUL,
    LEA,
    HEAD,
    PP,
    SECRETARIAT,
    PP_OTHER_CLASS,
    OTHER_HEAD,
    Guardian("resp-autre", "Autre Famille"),
)


# Each example replays a whole drawn procedure (dossier_histories): 100 are plenty.
@settings(max_examples=100)
@given(st.data())
def test_every_refusal_of_a_dossier_speaks_french_to_whoever_acted(data: st.DataObject) -> None:
    _, states = data.draw(dossier_histories(accept=data.draw(st.booleans())))
    dossier = data.draw(st.sampled_from(states))
    command = data.draw(dossier_commands(dossier.version))
    actor = data.draw(st.sampled_from(_CAST))
    now = data.draw(campaign_instants(CAMPAIGN))
    try:
        dossier.handle(command, actor=actor, campaign=CAMPAIGN, now=now)
    except (IllegalTransition, PermissionDenied, Conflict) as error:
        assert_spoken(error)
    except InvalidValue:
        pass


@given(st.data())
def test_every_refusal_of_a_head_command_speaks_french_to_whoever_acted(
    data: st.DataObject,
) -> None:
    command = data.draw(head_commands(CAMPAIGN))
    actor = data.draw(st.sampled_from((HEAD, PP, SECRETARIAT, OTHER_HEAD)))
    now = data.draw(campaign_instants(CAMPAIGN))
    try:
        CAMPAIGN.handle(command, actor=actor, now=now)
    except (IllegalTransition, PermissionDenied, Conflict) as error:
        assert_spoken(error)
    except InvalidValue:
        pass


def test_the_check_for_code_words_catches_them() -> None:
    # The property above is only as good as this check.
    for spoken in ("Action.VALIDATE_INTENTIONS denied", "int >= 1 | None", "Guardian ou Staff."):
        assert _CODE_WORDS.search(spoken) or _PUBLIC_NAMES & set(re.findall(r"\w+", spoken))
