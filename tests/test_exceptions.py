import pickle
from datetime import UTC, datetime

import pytest

from orientation_core import (
    Action,
    Dossier,
    Intention,
    IntentionSet,
    Phase,
    ValidateIntentions,
    Voie,
)
from orientation_core.exceptions import (
    Conflict,
    IllegalTransition,
    InvalidForm,
    InvalidValue,
    OrientationError,
    PermissionDenied,
    Problem,
)
from tests.strategies import CLAIRE, HUGE, LEA, SECRETARIAT, dossier_campaign

TOO_LONG = Problem("precision.too_long", (0, "precision"), "Trop long.")
CAMPAIGN = dossier_campaign()
NOW = datetime(2027, 1, 20, 12, tzinfo=UTC)
MISSING = Problem("voie.missing", (1, "voie"), "Vous devez sélectionner une voie.")


def test_every_error_is_an_orientation_error_with_its_own_stable_code() -> None:
    errors: list[OrientationError] = [
        InvalidValue([TOO_LONG]),
        InvalidForm([TOO_LONG]),
        IllegalTransition(Phase.CLOSED, "COMMAND", "closed"),
        PermissionDenied("ACTOR", Action.VALIDATE_CHOIX, "not_entrant"),
        Conflict(3, 4),
    ]
    assert [e.code for e in errors] == [
        "invalid_value",
        "invalid_form",
        "illegal_transition",
        "permission_denied",
        "conflict",
    ]


def test_invalid_value_lists_its_problems_and_their_codes() -> None:
    error = InvalidValue([TOO_LONG, MISSING])
    assert error.problems == (TOO_LONG, MISSING)
    assert error.codes == ("precision.too_long", "voie.missing")
    assert str(error) == "Trop long. Vous devez sélectionner une voie."


def test_invalid_form_leads_with_the_form_level_sentence() -> None:
    error = InvalidForm([MISSING])
    assert str(error) == (
        "Veuillez corriger le formulaire avant de valider vos choix. "
        "Vous devez sélectionner une voie."
    )


def test_refusals_carry_what_was_refused_as_attributes() -> None:
    illegal = IllegalTransition(Phase.PROVISIONAL_CLOSED, "CloseNow", "not_open", "Fermé.")
    assert (illegal.phase, illegal.command, illegal.reason) == (
        Phase.PROVISIONAL_CLOSED,
        "CloseNow",
        "not_open",
    )
    assert str(illegal) == illegal.message == "Fermé."
    assert illegal.detail == "str refused in PROVISIONAL_CLOSED: not_open"
    denied = PermissionDenied("pupil", Action.VALIDATE_INTENTIONS, "read_only", "Non.", "why")
    assert (denied.actor, denied.action, denied.reason) == (
        "pupil",
        Action.VALIDATE_INTENTIONS,
        "read_only",
    )
    assert (str(denied), denied.message, denied.detail) == ("Non.", "Non.", "why")
    conflict = Conflict(expected=2, actual=3)
    assert (conflict.expected, conflict.actual) == (2, 3)
    assert conflict.detail == "version 2 is stale, the current version is 3"


def test_a_refusal_built_by_hand_speaks_french_and_keeps_the_reason_for_developers() -> None:
    unworded = IllegalTransition(Phase.CLOSED, ValidateIntentions, "closed")
    assert str(unworded) == "Cette action n'est pas possible pour le moment."
    assert unworded.detail == "type refused in CLOSED: closed"
    denied = PermissionDenied("pupil", Action.VALIDATE_INTENTIONS, "read_only")
    assert str(denied) == "Vous ne pouvez pas effectuer cette action."
    assert denied.detail == "VALIDATE_INTENTIONS denied: read_only"
    assert str(Conflict(2, 3)) == (
        "Ces informations ont été modifiées entre-temps : "
        "rechargez la page pour voir leur version actuelle avant de recommencer."
    )


def test_problems_are_plain_values() -> None:
    assert pickle.loads(pickle.dumps(TOO_LONG)) == TOO_LONG
    assert hash(Problem("a", (), "m")) == hash(Problem("a", (), "m"))


def test_errors_cross_process_boundaries_intact() -> None:
    for error in (
        InvalidValue([TOO_LONG]),
        InvalidForm([MISSING]),
        IllegalTransition(Phase.CLOSED, "COMMAND", "closed"),
        IllegalTransition(Phase.CLOSED, "COMMAND", "closed", "Fermé.", "closed for good"),
        PermissionDenied("ACTOR", Action.LODGE_APPEAL, "no_access"),
        PermissionDenied("ACTOR", Action.LODGE_APPEAL, "no_access", "Non.", "no access"),
        Conflict(1, 2),
        Conflict(1, 2, "Rechargez."),
    ):
        clone = pickle.loads(pickle.dumps(error))
        assert type(clone) is type(error)
        assert str(clone) == str(error)
        assert vars(clone) == vars(error)


def test_a_stale_version_of_thousands_of_digits_is_not_written_out() -> None:
    error = Conflict(HUGE, 3)
    assert (error.expected, error.actual) == (HUGE, 3)
    assert error.detail == "version valeur non reconnue is stale, the current version is 3"


def test_a_command_from_a_version_of_thousands_of_digits_is_a_conflict() -> None:
    dossier = Dossier.open(LEA, [CLAIRE], campaign=CAMPAIGN, actor=SECRETARIAT, now=NOW)[0]
    command = ValidateIntentions(HUGE, IntentionSet([Intention(Voie.GT)]))
    with pytest.raises(Conflict) as caught:
        dossier.handle(command, actor=CLAIRE, campaign=CAMPAIGN, now=NOW)
    assert (caught.value.expected, caught.value.actual) == (HUGE, 1)
