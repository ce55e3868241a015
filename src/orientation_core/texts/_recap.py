"""The recaps the service shows once something is recorded, phase by phase.

Each recap is a title, then one group per thing listed (an intention, a
choix, a proposition...), each group a heading and its detail lines, as the
guide lays out its recap of the intentions provisoires.  A recap says what is
recorded; whether an actor may read it yet (the avis before publication,
say) is for :func:`orientation_core.access` to decide.
"""

from __future__ import annotations

import attrs

from orientation_core._checks import all_of, of_type
from orientation_core._coerce import collected
from orientation_core._dossier import Dossier
from orientation_core._intention import IntentionSet
from orientation_core._problems import problem
from orientation_core._recap import RECAP_PRECISION_LABEL
from orientation_core.exceptions import InvalidValue

__all__ = [
    "RECAP_TITLE",
    "Recap",
    "RecapGroup",
    "appeal_recap",
    "avis_recap",
    "choix_recap",
    "decision_recap",
    "dossier_recaps",
    "intentions_recap",
    "propositions_recap",
]

RECAP_TITLE = "Nous souhaitons pour la rentrée prochaine :"
"""The line above the family's intentions (and choix définitifs), as in the guide."""


def _collected(value: object) -> object:
    return collected(value, tuple)


@attrs.frozen
class RecapGroup:
    """One thing a recap lists: a heading, then its detail lines.

    >>> print(RecapGroup("Intention 2 : 2de professionnelle",
    ...                  ["Métier ou formation : Pâtisserie"]).text)
    Intention 2 : 2de professionnelle
    Métier ou formation : Pâtisserie

    Attributes:
        heading: The first line, such as ``"Intention 1 : 2de professionnelle"``.
        lines: The detail lines under it, maybe none.

    """

    heading: str
    lines: tuple[str, ...] = attrs.field(default=(), converter=_collected)

    def __attrs_post_init__(self) -> None:
        problems = [*of_type(self.heading, str, ("heading",)), *all_of(self.lines, str, ("lines",))]
        if problems:
            raise InvalidValue(problems)

    @property
    def text(self) -> str:
        """The heading and the lines, one a line."""
        return "\n".join((self.heading, *self.lines))


@attrs.frozen
class Recap:
    """A recap: a title, the groups it lists, then maybe some notes.

    Attributes:
        title: The line above the groups.
        groups: The things listed, in order.
        notes: Sentences after the groups, such as an acknowledgement.

    """

    title: str
    groups: tuple[RecapGroup, ...] = attrs.field(converter=_collected)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_collected)

    def __attrs_post_init__(self) -> None:
        problems = [
            *of_type(self.title, str, ("title",)),
            *all_of(self.groups, RecapGroup, ("groups",)),
            *all_of(self.notes, str, ("notes",)),
        ]
        if problems:
            raise InvalidValue(problems)

    @property
    def text(self) -> str:
        """The recap as plain text: the title, each group and each note, a blank line apart."""
        return "\n\n".join((self.title, *(group.text for group in self.groups), *self.notes))


def _check(value: object, kind: type, name: str) -> None:
    if not isinstance(value, kind):
        raise InvalidValue((problem("type.invalid", (name,), expected=kind.__name__),))


def _set_recap(intentions: IntentionSet, noun: str) -> Recap:
    groups = []
    for rank, intention in enumerate(intentions.intentions, 1):
        lines = []
        if intention.precision is not None:
            lines.append(f"{RECAP_PRECISION_LABEL} : {intention.precision}")
        groups.append(RecapGroup(f"{noun} {rank} : {intention.voie.label}", lines))
    return Recap(RECAP_TITLE, groups)


def intentions_recap(intentions: IntentionSet) -> Recap:
    """The recap shown after the intentions provisoires are validated, as in the guide.

    Each intention gives its rank and voie, then "Métier ou formation" when
    there is a précision; the screen shows no statut (the e-mail does).

    >>> from orientation_core import Intention, Statut, Voie
    >>> print(intentions_recap(IntentionSet([
    ...     Intention(Voie.GT),
    ...     Intention(Voie.PRO, "Pâtisserie", [Statut.APPRENTI]),
    ... ])).text)
    Nous souhaitons pour la rentrée prochaine :
    <BLANKLINE>
    Intention 1 : 2de générale et technologique ou 2de STHR
    <BLANKLINE>
    Intention 2 : 2de professionnelle
    Métier ou formation : Pâtisserie

    Raises:
        InvalidValue: ``intentions`` is not an :class:`~orientation_core.IntentionSet`.

    """
    _check(intentions, IntentionSet, "intentions")
    return _set_recap(intentions, "Intention")


def choix_recap(choix: IntentionSet) -> Recap:
    """The recap shown after the choix définitifs are validated: "Choix 1 : …".

    Laid out as the intentions' recap, each rank named "Choix".

    Raises:
        InvalidValue: ``choix`` is not an :class:`~orientation_core.IntentionSet`.

    """
    _check(choix, IntentionSet, "choix")
    return _set_recap(choix, "Choix")


def _remark(label: str, text: str | None) -> list[str]:
    return [] if text is None else [f"{label} : {text}"]


def avis_recap(dossier: Dossier) -> Recap | None:
    """The conseil de classe's avis provisoires, one group per intention; None before any.

    Each group gives the intention, "Avis : Favorable" (or "Réservé",
    "Défavorable"), the reason ("Motif : …") and the comment
    ("Commentaire : …") where there are; a note says when the family has
    acknowledged receipt.

    Raises:
        InvalidValue: ``dossier`` is not a :class:`~orientation_core.Dossier`.

    """
    _check(dossier, Dossier, "dossier")
    if not dossier.avis:
        return None
    groups = [
        RecapGroup(
            f"Intention {rank} : {avis.voie.label}",
            [
                f"Avis : {avis.avis.label}",
                *_remark("Motif", avis.reason),
                *_remark("Commentaire", avis.comment),
            ],
        )
        for rank, avis in enumerate(dossier.avis, 1)
    ]
    notes = []
    if dossier.acknowledged_at is not None:
        notes.append("Vous avez accusé réception de ces avis.")
    return Recap("Avis provisoire du conseil de classe :", groups, notes)


def propositions_recap(dossier: Dossier) -> Recap | None:
    """The conseil de classe's propositions and the family's answers; None before any.

    Each proposition gives its voie, its comment, then "Votre réponse : "
    and the answer's label once the family has answered.

    Raises:
        InvalidValue: ``dossier`` is not a :class:`~orientation_core.Dossier`.

    """
    _check(dossier, Dossier, "dossier")
    if not dossier.propositions:
        return None
    answers = (*dossier.answers, *(None for _ in dossier.propositions))
    groups = [
        RecapGroup(
            f"Proposition {rank} : {proposition.voie.label}",
            [
                *_remark("Commentaire", proposition.comment),
                *_remark("Votre réponse", None if answer is None else answer.label),
            ],
        )
        for rank, (proposition, answer) in enumerate(
            zip(dossier.propositions, answers, strict=False), 1
        )
    ]
    return Recap("Propositions du conseil de classe :", groups)


def decision_recap(dossier: Dossier) -> Recap | None:
    """The head's decision after the interview, with its reasons; None before it.

    A note says when the family has accepted it.

    Raises:
        InvalidValue: ``dossier`` is not a :class:`~orientation_core.Dossier`.

    """
    _check(dossier, Dossier, "dossier")
    decision = dossier.decision
    if decision is None:
        return None
    group = RecapGroup(
        f"Décision du chef d'établissement : {decision.voie.label}",
        _remark("Motifs", decision.reasons),
    )
    notes = []
    if dossier.decision_accepted_at is not None:
        notes.append("Vous avez accepté cette décision.")
    return Recap("Décision d'orientation :", [group], notes)


def appeal_recap(dossier: Dossier) -> Recap | None:
    """The family's appeal, the commission d'appel's decision and maintien; None before an appeal.

    Where the school runs "dernier mot aux familles", the family's demand is
    its last word and the decision follows it.

    Raises:
        InvalidValue: ``dossier`` is not a :class:`~orientation_core.Dossier`.

    """
    _check(dossier, Dossier, "dossier")
    appeal = dossier.appeal
    if appeal is None:
        return None
    lines = _remark("Motif", appeal.motif)
    if appeal.dernier_mot:
        lines.append("Dernier mot à la famille : la décision suit votre demande.")
    groups = [RecapGroup(f"Votre demande : {appeal.voie.label}", lines)]
    decided = dossier.appeal_decision
    if decided is not None:
        groups.append(
            RecapGroup(
                f"Décision de la commission d'appel : {decided.voie.label}",
                _remark("Commentaire", decided.comment),
            )
        )
    notes = []
    if dossier.maintien_requested_at is not None:
        notes.append("Vous avez demandé le maintien de votre enfant en 3e.")
    return Recap("Appel de la décision d'orientation :", groups, notes)


def dossier_recaps(dossier: Dossier) -> tuple[Recap, ...]:
    """Every recap of what ``dossier`` holds so far, in the order of the procedure.

    The intentions, the avis, the choix définitifs, the propositions and
    answers, the decision, the appeal: each that is recorded.

    Raises:
        InvalidValue: ``dossier`` is not a :class:`~orientation_core.Dossier`.

    """
    _check(dossier, Dossier, "dossier")
    recaps = [
        None if dossier.intentions is None else intentions_recap(dossier.intentions),
        avis_recap(dossier),
        None if dossier.choix is None else choix_recap(dossier.choix),
        propositions_recap(dossier),
        decision_recap(dossier),
        appeal_recap(dossier),
    ]
    return tuple(recap for recap in recaps if recap is not None)
