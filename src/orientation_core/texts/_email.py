"""The confirmation e-mail sent to the entrant at logout, worded as in the guide.

Given what was recorded during one login session, :func:`confirmation_email`
gives the one e-mail to send, or None.  Only what the entrant did online
counts: a draft never validated is not recorded at all, and a paper form
keyed in by staff was not done online by the family, so neither gives an
e-mail.  Several acts in one session give one e-mail, about the last one,
with the state it left.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

import attrs
from email_validator import EmailNotValidError, validate_email

from orientation_core._campaign import Campaign
from orientation_core._checks import all_of
from orientation_core._coerce import collected
from orientation_core._dossier import Dossier
from orientation_core._events import (
    AppealLodged,
    AvisAcknowledged,
    ChoixValidated,
    DecisionAccepted,
    DossierEvent,
    FamilyEvent,
    IntentionsValidated,
    MaintienRequested,
    PropositionsAnswered,
)
from orientation_core._intention import IntentionSet
from orientation_core._policy import check_campaign
from orientation_core._problems import problem
from orientation_core.exceptions import InvalidValue

__all__ = ["MODIFICATIONS_SENTENCE", "confirmation_email", "valid_address"]

MODIFICATIONS_SENTENCE = (
    "Vous pouvez encore faire des modifications jusqu'à la fermeture du service Orientation."
)
"""The guide's closing sentence, for what the family may still change."""


def valid_address(address: object) -> str | None:
    """``address`` as an e-mail is sent to, or None when its syntax is not valid.

    Checked with email-validator, never over the network.  The domain is
    given in ASCII (an internationalised one in its ``xn--`` form); a local
    part with letters beyond ASCII is refused, since only some mail servers
    carry it (SMTPUTF8).

    >>> valid_address("claire@exämple.fr")
    'claire@xn--exmple-cua.fr'
    >>> valid_address("claire@exemple..fr") is None
    True
    """
    if type(address) is not str:
        return None
    try:
        checked = validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return None
    return checked.ascii_email


def _items(noun: str, intentions: IntentionSet) -> list[str]:
    # The e-mail labels the précision per voie and lists the statuts, unlike the screen.
    lines = []
    for rank, intention in enumerate(intentions.intentions, 1):
        lines.append(f"- {noun} {rank} : {intention.voie.label}")
        if intention.precision is not None:
            lines.append(f"{intention.voie.precision_label} : {intention.precision}")
        lines.extend(statut.label for statut in intention.statuts_in_order)
    return lines


def _remark(label: str, text: str | None) -> list[str]:
    return [] if text is None else [f"{label} : {text}"]


def _inconsistent() -> InvalidValue:
    # A dossier built by hand, not the one after the session's events.
    return InvalidValue((problem("event.inconsistent", ("dossier",)),))


def _decision_items(dossier: Dossier) -> list[str]:
    decision = dossier.decision
    # Accepting or appealing needs a decision: the dossier after them has one.
    if decision is None:
        raise _inconsistent()
    return [
        f"- Décision du chef d'établissement : {decision.voie.label}",
        *_remark("Motifs", decision.reasons),
    ]


def _intentions(event: IntentionsValidated, _: Dossier) -> list[str]:
    return _items("Intention", event.intentions)


def _choix(event: ChoixValidated, _: Dossier) -> list[str]:
    return _items("Choix", event.choix)


def _answers(event: PropositionsAnswered, dossier: Dossier) -> list[str]:
    lines = []
    pairs = zip(dossier.propositions, event.answers, strict=False)
    for rank, (proposition, answer) in enumerate(pairs, 1):
        lines.append(f"- Proposition {rank} : {proposition.voie.label}")
        lines.append(f"Votre réponse : {answer.label}")
    return lines


def _acknowledgement(_: AvisAcknowledged, dossier: Dossier) -> list[str]:
    lines = []
    for rank, avis in enumerate(dossier.avis, 1):
        lines.append(f"- Intention {rank} : {avis.voie.label}")
        lines.append(f"Avis : {avis.avis.label}")
        lines.extend(_remark("Motif", avis.reason))
        lines.extend(_remark("Commentaire", avis.comment))
    return lines


def _acceptance(_: DecisionAccepted, dossier: Dossier) -> list[str]:
    return _decision_items(dossier)


def _appeal(event: AppealLodged, dossier: Dossier) -> list[str]:
    return [
        *_decision_items(dossier),
        f"- Votre demande : {event.voie.label}",
        *_remark("Motif", event.motif),
    ]


def _maintien(_: MaintienRequested, dossier: Dossier) -> list[str]:
    decided = dossier.appeal_decision
    # Maintien is asked for after the commission's decision only.
    if decided is None:
        raise _inconsistent()
    return [f"- Décision de la commission d'appel : {decided.voie.label}"]


@attrs.frozen
class _Wording:
    # What the e-mail about one kind of act says: what was recorded (in the
    # subject and the first sentence), the recap's items, the closing.
    recorded: str
    items: Callable[[Any, Dossier], list[str]]
    closing: str | None


_WORDINGS: dict[type[FamilyEvent], _Wording] = {
    IntentionsValidated: _Wording(
        "vos intentions provisoires ont bien été enregistrées",
        _intentions,
        MODIFICATIONS_SENTENCE,
    ),
    AvisAcknowledged: _Wording(
        "votre accusé de réception des avis provisoires du conseil de classe a bien été enregistré",
        _acknowledgement,
        None,
    ),
    ChoixValidated: _Wording(
        "vos choix définitifs ont bien été enregistrés",
        _choix,
        MODIFICATIONS_SENTENCE,
    ),
    PropositionsAnswered: _Wording(
        "votre réponse aux propositions du conseil de classe a bien été enregistrée",
        _answers,
        MODIFICATIONS_SENTENCE,
    ),
    DecisionAccepted: _Wording(
        "votre acceptation de la décision d'orientation a bien été enregistrée",
        _acceptance,
        None,
    ),
    AppealLodged: _Wording(
        "votre appel de la décision d'orientation a bien été enregistré",
        _appeal,
        "Votre demande sera examinée par la commission d'appel, dont la décision est définitive.",
    ),
    MaintienRequested: _Wording(
        "votre demande de maintien en 3e a bien été enregistrée",
        _maintien,
        None,
    ),
}
# Under "dernier mot aux familles" the family's demand is the decision: no commission.
_DERNIER_MOT = _Wording(
    "votre choix a bien été enregistré : la décision d'orientation le suit",
    _appeal,
    None,
)


def _wording(event: FamilyEvent) -> _Wording:
    if isinstance(event, AppealLodged) and event.dernier_mot:
        return _DERNIER_MOT
    return _WORDINGS[type(event)]


def _checked(
    events: object, dossier: object, campaign: object, sender: object
) -> tuple[tuple[DossierEvent, ...], str]:
    if not isinstance(dossier, Dossier):
        raise InvalidValue((problem("type.invalid", ("dossier",), expected="Dossier"),))
    if not isinstance(campaign, Campaign):
        raise InvalidValue((problem("type.invalid", ("campaign",), expected="Campaign"),))
    check_campaign(dossier, campaign)
    recorded = collected(events, tuple)
    if problems := all_of(recorded, DossierEvent, ("events",)):
        raise InvalidValue(problems)
    for index, event in enumerate(recorded):
        if event.dossier != dossier.id:
            raise InvalidValue((problem("event.other_dossier", ("events", index, "dossier")),))
        if event.version > dossier.version:
            # The dossier must be the one after these events, not before.
            raise InvalidValue((problem("event.inconsistent", ("events", index, "version")),))
    if type(sender) is not str:
        raise InvalidValue((problem("type.invalid", ("sender",), expected="str"),))
    from_address = valid_address(sender)
    if from_address is None:
        raise InvalidValue((problem("email.invalid", ("sender",)),))
    return recorded, from_address


def confirmation_email(
    events: Iterable[DossierEvent], dossier: Dossier, campaign: Campaign, sender: str
) -> EmailMessage | None:
    """The e-mail to send the entrant for what was recorded in one login session, or None.

    One e-mail when the entrant did at least one act online in the session
    (validated intentions or choix définitifs, acknowledged the avis,
    answered the propositions, accepted or appealed the decision, asked for
    maintien) and has an address valid in syntax (:func:`valid_address`).
    None when nothing was recorded, when only staff acted (a paper form
    keyed in by staff included), when the events are another guardian's, or
    when the entrant has no valid address.

    The e-mail is about the session's last act: dated at its instant in the
    school's zone ("le 07/11/2019 à 12:38:09"), listing the state it left.
    It is plain text in UTF-8, from ``sender`` to the entrant; its
    Message-ID is derived from the dossier and the act's version, so that a
    second sending of the same e-mail is recognised as one.

    Args:
        events: The events recorded during the session, oldest first.
        dossier: The dossier after them.
        campaign: The dossier's campaign: its zone dates the e-mail.
        sender: The address the host sends from.

    Raises:
        InvalidValue: An argument has the wrong type, ``sender`` is not a
            valid address (``"email.invalid"``), the campaign is not the
            dossier's, or an event is not one of the dossier's up to its
            version.

    """
    recorded, from_address = _checked(events, dossier, campaign, sender)
    entrant = dossier.entrant
    if entrant is None:
        return None
    acts = [
        event
        for event in recorded
        if isinstance(event, FamilyEvent)
        and not event.paper_form
        and event.guardian_id == entrant.id
        and type(event) in _WORDINGS
    ]
    if not acts:
        return None
    to_address = valid_address(entrant.email)
    if to_address is None:
        return None
    last = acts[-1]
    wording = _wording(last)
    local = campaign.local(last.at)
    paragraphs = [
        "Bonjour,",
        (
            f"Suite à la démarche que vous avez effectuée en ligne le {local:%d/%m/%Y} à "
            f"{local:%H:%M:%S}, nous vous confirmons par cet email que {wording.recorded}."
        ),
        "En voici le récapitulatif :",
        "\n".join(wording.items(last, dossier)),
    ]
    if wording.closing is not None:
        paragraphs.append(wording.closing)
    message = EmailMessage()
    message["From"] = from_address
    message["To"] = Address(entrant.name, addr_spec=to_address)
    message["Subject"] = f"Orientation de {dossier.pupil.name} : {wording.recorded}"
    message["Date"] = format_datetime(local)
    message["Message-ID"] = _message_id(dossier, last, from_address)
    message.set_content("\n\n".join(paragraphs) + "\n", charset="utf-8")
    return message


def _message_id(dossier: Dossier, event: DossierEvent, sender: str) -> str:
    # The same act of the same dossier always gives the same id.
    key = "\x1f".join((dossier.uai, str(dossier.rentree), dossier.pupil.id, str(event.version)))
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<{digest}@{sender.rpartition('@')[2]}>"
