"""Every public name, fed anything at all, works or raises the library's own error."""

from __future__ import annotations

import contextlib
import enum
import inspect
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import orientation_core
import orientation_core.texts
from orientation_core import (
    AcademySettings,
    Dossier,
    Intention,
    IntentionSet,
    Phase,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    Role,
    Voie,
    codec,
    exports,
    roster,
    sync,
    texts,
)
from orientation_core.exceptions import OrientationError
from orientation_core.texts import _dates, _pages
from tests.strategies import (
    CLAIRE,
    DEEP,
    EDGES_OF_TIME,
    HUGE,
    LEA,
    LONG_TEXT,
    PAUL,
    SECRETARIAT,
    Unprintable,
    dossier_campaign,
    head_of,
)

# Values at the limits of what Python holds: the library must not even try
# to write them out, walk them, compare them or move them by a day.
AT_THE_LIMITS: tuple[object, ...] = (
    HUGE,
    -HUGE,
    DEEP,
    LONG_TEXT,
    b"\xff" * 3,
    float("nan"),
    float("inf"),
    Unprintable(),
    *EDGES_OF_TIME,
)
HASHABLE_AT_THE_LIMITS = (HUGE, -HUGE, LONG_TEXT)


def _limit(index: int) -> object:
    # Drawn by index: Hypothesis writes out the values a strategy samples
    # from, and these cannot all be written out.
    return AT_THE_LIMITS[index]


def _key_at_the_limit(index: int) -> object:
    return HASHABLE_AT_THE_LIMITS[index]


# Anything a host might pass by mistake: wrong types, near-misses, the
# library's own values in the wrong place, naive and aware instants, and
# values at the limits, as they are or as the keys of a mapping.
junk: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.integers(0, len(AT_THE_LIMITS) - 1).map(_limit)
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.binary(max_size=4)
    | st.sampled_from([Voie.GT, Phase.CLOSED, Role.HEAD, "GT", "PRO", "SCOLAIRE", "0751234J"])
    | st.datetimes()
    | st.datetimes(timezones=st.just(UTC))
    | st.dates()
    | st.builds(object),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(
            st.text(max_size=5) | st.integers(0, 2).map(_key_at_the_limit), inner, max_size=3
        )
    ),
    max_leaves=6,
)

CAMPAIGN = dossier_campaign()
NOW = datetime(2027, 1, 20, 12, tzinfo=UTC)
DOSSIER = Dossier.open(LEA, [CLAIRE, PAUL], campaign=CAMPAIGN, actor=SECRETARIAT, now=NOW)[0]
SET = IntentionSet([Intention(Voie.GT), Intention(Voie.PRO, "Vente")])


def _is_public_callable(value: object) -> bool:
    # Protocols describe what hosts pass; they are not called.
    if isinstance(value, type):
        return not getattr(value, "_is_protocol", False)
    return inspect.isfunction(value)


PUBLIC = sorted(
    (name, value)
    for name, value in vars(orientation_core).items()
    if name in orientation_core.__all__ and _is_public_callable(value)
)


def _required(function: Callable[..., object]) -> int:
    parameters = inspect.signature(function).parameters.values()
    return sum(
        1
        for p in parameters
        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    )


def _refuses_in_kind(call: Callable[[], object]) -> None:
    with contextlib.suppress(OrientationError):
        call()


@pytest.mark.parametrize(("name", "public"), PUBLIC, ids=[name for name, _ in PUBLIC])
@given(data=st.data())
def test_every_public_class_and_function_takes_junk_without_a_bare_error(
    name: str, public: Any, data: st.DataObject
) -> None:
    if isinstance(public, type) and issubclass(public, enum.Enum):
        arguments = [data.draw(junk)]
    else:
        arguments = [data.draw(junk) for _ in range(_required(public))]
    _refuses_in_kind(lambda: public(*arguments))


METHODS: dict[str, Callable[[Any, Any], object]] = {
    "Campaign.phase_at": lambda a, _: CAMPAIGN.phase_at(a),
    "Campaign.next_change": lambda a, _: CAMPAIGN.next_change(a),
    "Campaign.local": lambda a, _: CAMPAIGN.local(a),
    "Campaign.appeal_deadline": lambda a, _: CAMPAIGN.appeal_deadline(a),
    "Campaign.start_of": lambda a, _: CAMPAIGN.start_of(a),
    "Campaign.end_of": lambda a, _: CAMPAIGN.end_of(a),
    "Campaign.handle": lambda a, b: CAMPAIGN.handle(a, actor=head_of(CAMPAIGN), now=b),
    "Campaign.handle actor": lambda a, b: CAMPAIGN.handle(a, actor=b, now=NOW),
    "Campaign.replay": lambda a, _: CAMPAIGN.replay(a),
    "Campaign.plan": lambda a, b: type(CAMPAIGN).plan(
        CAMPAIGN.academy, "0751234J", 2027, a, zone=b
    ),
    "Academy.runs_dernier_mot": lambda a, _: CAMPAIGN.academy.runs_dernier_mot(a),
    "Academy.window": lambda a, _: CAMPAIGN.academy.window(a),
    "IntentionSet.at": lambda a, _: SET.at(a),
    "IntentionSet.add": lambda a, _: SET.add(a),
    "IntentionSet.remove": lambda a, _: SET.remove(a),
    "IntentionSet.move_up": lambda a, _: SET.move_up(a),
    "IntentionSet.move_down": lambda a, _: SET.move_down(a),
    "IntentionSet.replace": SET.replace,
    "IntentionSet.rank_of": lambda a, _: SET.rank_of(a),
    "IntentionSet.from_form": IntentionSet.from_form,
    "RecordAvis.from_form": lambda a, b: RecordAvis.from_form(1, a, b),
    "RecordAvis.from_form version": lambda a, b: RecordAvis.from_form(a, b, SET),
    "RecordPropositions.from_form": RecordPropositions.from_form,
    "RecordDecision.from_form": lambda a, b: RecordDecision.from_form(1, a, b),
    "RecordDecision.from_form version": lambda a, b: RecordDecision.from_form(a, b, SET),
    "AcademySettings.check": lambda a, _: AcademySettings().check(a),
    "Dossier.handle": lambda a, b: DOSSIER.handle(a, actor=b, campaign=CAMPAIGN, now=NOW),
    "Dossier.handle now": lambda a, b: DOSSIER.handle(a, actor=CLAIRE, campaign=b, now=a),
    "Dossier.replay": lambda a, _: Dossier.replay(a, campaign=CAMPAIGN),
    "Dossier.replay campaign": lambda a, b: Dossier.replay(a, campaign=b),
    "Dossier.late_actions": DOSSIER.late_actions,
    "Dossier.late_actions now": lambda a, _: DOSSIER.late_actions(CAMPAIGN, a),
    "Dossier.open": lambda a, b: Dossier.open(a, b, campaign=CAMPAIGN, actor=SECRETARIAT, now=NOW),
    "Dossier.apply": lambda a, b: DOSSIER.apply(a, campaign=b),
    "Dossier.apply event": lambda a, _: DOSSIER.apply(a, campaign=CAMPAIGN),
    "Campaign.apply": lambda a, _: CAMPAIGN.apply(a),
    "Dossier.conforms": lambda a, _: DOSSIER.conforms(a),
    "codec.load": codec.load,
    "codec.dump": lambda a, _: codec.dump(a),
    "roster.read_siecle": roster.read_siecle,
    "roster.read_csv": lambda a, _: roster.read_csv(a),
    "texts.intentions_recap": lambda a, _: texts.intentions_recap(a),
    "texts.choix_recap": lambda a, _: texts.choix_recap(a),
    "texts.avis_recap": lambda a, _: texts.avis_recap(a),
    "texts.propositions_recap": lambda a, _: texts.propositions_recap(a),
    "texts.decision_recap": lambda a, _: texts.decision_recap(a),
    "texts.appeal_recap": lambda a, _: texts.appeal_recap(a),
    "texts.dossier_recaps": lambda a, _: texts.dossier_recaps(a),
    "texts.RecapGroup": texts.RecapGroup,
    "texts.Recap": texts.Recap,
    "texts.Recap notes": lambda a, b: texts.Recap("Titre", a, b),
    "texts.valid_address": lambda a, _: texts.valid_address(a),
    "texts.confirmation_email": lambda a, b: texts.confirmation_email(
        a, b, CAMPAIGN, "orientation@example.fr"
    ),
    "texts.confirmation_email campaign": lambda a, b: texts.confirmation_email([], DOSSIER, a, b),
    "texts.confirmation_email events": lambda a, b: texts.confirmation_email(
        a, DOSSIER, CAMPAIGN, b
    ),
    "sync.sync_record": lambda a, _: sync.sync_record(a),
    "sync.sync_records": lambda a, _: sync.sync_records(a),
    "sync.SyncRecord": lambda a, _: sync.SyncRecord(a),
    "sync.dump": lambda a, _: sync.dump(a),
    "sync.load": lambda a, _: sync.load(a),
    "sync.apply": sync.apply,
    "sync.apply_all": sync.apply_all,
    "sync.apply view": lambda a, _: sync.apply(sync.BackOfficeView(), a),
    "sync.apply_all view": lambda a, _: sync.apply_all(sync.BackOfficeView(), a),
    "sync.BackOfficeView": lambda a, _: sync.BackOfficeView(a),
    "sync.BackOfficeView.dossier": lambda a, _: sync.BackOfficeView().dossier(a),
    "sync.DossierView": sync.DossierView,
    "exports.write_decisions": lambda a, b: exports.write_decisions(a, b, io.StringIO()),
    "exports.write_appeals": lambda a, b: exports.write_appeals(a, b, io.StringIO()),
    "exports.write_sync_records": lambda a, b: exports.write_sync_records(a, CAMPAIGN, b),
    "exports.write_follow_up": lambda a, b: exports.write_follow_up(
        a, CAMPAIGN, io.StringIO(), now=b
    ),
}


@pytest.mark.parametrize("method", sorted(METHODS))
@given(first=junk, second=junk)
def test_every_public_method_takes_junk_without_a_bare_error(
    method: str, first: Any, second: Any
) -> None:
    _refuses_in_kind(lambda: METHODS[method](first, second))
    # Whatever happened, the values it was called on are as they were.
    assert dossier_campaign() == CAMPAIGN
    assert IntentionSet([Intention(Voie.GT), Intention(Voie.PRO, "Vente")]) == SET


def test_the_junk_reaches_every_public_callable() -> None:
    names = {name for name, _ in PUBLIC}
    assert {"Intention", "IntentionSet", "Campaign", "Dossier", "Voie", "Phase"} <= names
    assert {"access", "check", "normalise_precision", "jours_ouvrables_after"} <= names


# -- the protocols a host implements ---------------------------------------------
#
# A host may pass its own campaign (CampaignView) and its own dossier
# (DossierView).  Each member answers either what the library's own would,
# or junk: the library must answer, or refuse in its own terms.

_CAMPAIGN_MEMBERS = ("uai", "rentree", "settings", "dernier_mot_aux_familles")


class HostCampaign:
    """A host's own campaign: the real one's answers, but for the members given junk."""

    def __init__(self, junk_answers: dict[str, Any]) -> None:
        self._junk = junk_answers

    def _answer(self, member: str, real: object) -> Any:
        return self._junk.get(member, real)

    @property
    def uai(self) -> Any:
        return self._answer("uai", CAMPAIGN.uai)

    @property
    def rentree(self) -> Any:
        return self._answer("rentree", CAMPAIGN.rentree)

    @property
    def settings(self) -> Any:
        return self._answer("settings", CAMPAIGN.settings)

    @property
    def dernier_mot_aux_familles(self) -> Any:
        return self._answer("dernier_mot_aux_familles", CAMPAIGN.dernier_mot_aux_familles)

    def phase_at(self, now: datetime) -> Any:
        return self._answer("phase_at", CAMPAIGN.phase_at(now))

    def appeal_deadline(self, notified_at: datetime) -> Any:
        return self._answer("appeal_deadline", CAMPAIGN.appeal_deadline(notified_at))


class HostDossier:
    """A host's own view of a dossier: the real one's answers, but for the members given junk."""

    def __init__(self, real: Dossier, junk_answers: dict[str, Any]) -> None:
        self._real = real
        self._junk = junk_answers

    def __getattr__(self, member: str) -> Any:
        return self._junk.get(member, getattr(self._real, member))

    def late_actions(self, campaign: Any, now: datetime) -> Any:
        return self._junk.get("late_actions", frozenset())


@st.composite
def host_campaigns(draw: st.DrawFn) -> HostCampaign:
    members = draw(
        st.sets(st.sampled_from((*_CAMPAIGN_MEMBERS, "phase_at", "appeal_deadline")), max_size=3)
    )
    return HostCampaign({member: draw(junk) for member in sorted(members)})


@st.composite
def host_dossiers(draw: st.DrawFn) -> HostDossier:
    members = ("uai", "rentree", "pupil", "guardians", "entrant_id", "late_actions")
    chosen = draw(st.sets(st.sampled_from(members), min_size=1, max_size=2))
    return HostDossier(DECIDED, {member: draw(junk) for member in sorted(chosen)})


def _end_of_decisions() -> datetime:
    end = CAMPAIGN.end_of(Phase.DECISIONS)
    assert end is not None
    return end


def _decided() -> Dossier:
    # Léa's dossier with an appeal lodged on the last day, awaiting the commission.
    dossier = DOSSIER
    last_day = _end_of_decisions() - timedelta(hours=5)
    for command, actor, now in (
        (orientation_core.ValidateIntentions(1, SET), CLAIRE, NOW),
        (orientation_core.RecordDecision(2, Voie.PRO, "Motifs."), head_of(CAMPAIGN), last_day),
        (orientation_core.LodgeAppeal(3, Voie.GT), CLAIRE, last_day),
    ):
        dossier = dossier.handle(command, actor=actor, campaign=CAMPAIGN, now=now)[0]
    return dossier


DECIDED = _decided()
CLOSED_NOW = _end_of_decisions() + timedelta(hours=1)


HOST_CALLS: dict[str, Callable[[Any, Any], object]] = {
    "Dossier.open": lambda campaign, now: Dossier.open(
        LEA, [CLAIRE], campaign=campaign, actor=SECRETARIAT, now=now
    ),
    "Dossier.handle": lambda campaign, now: DOSSIER.handle(
        orientation_core.ValidateIntentions(1, SET), actor=CLAIRE, campaign=campaign, now=now
    ),
    "Dossier.handle appeal": lambda campaign, now: DECIDED.handle(
        orientation_core.RecordAppealDecision(4, Voie.CAP),
        actor=SECRETARIAT,
        campaign=campaign,
        now=now,
    ),
    "Dossier.late_actions": DECIDED.late_actions,
    "Dossier.replay": lambda campaign, _: Dossier.replay(
        [Dossier.open(LEA, [CLAIRE], campaign=CAMPAIGN, actor=SECRETARIAT, now=NOW)[1]],
        campaign=campaign,
    ),
    "access": lambda campaign, now: orientation_core.access(CLAIRE, DECIDED, campaign, now),
    "check": lambda campaign, now: orientation_core.check(
        CLAIRE, orientation_core.Action.ACCEPT_DECISION, DECIDED, campaign, now
    ),
    "allowed_actions": lambda campaign, now: orientation_core.allowed_actions(
        CLAIRE, DECIDED, campaign, now
    ),
    "families_to_follow_up": lambda campaign, now: orientation_core.families_to_follow_up(
        [DECIDED], campaign, now
    ),
    "families_to_follow_up_from_events": lambda campaign, now: (
        orientation_core.families_to_follow_up_from_events(
            [Dossier.open(LEA, [CLAIRE], campaign=CAMPAIGN, actor=SECRETARIAT, now=NOW)[1]],
            campaign,
            now,
        )
    ),
}


@pytest.mark.parametrize("call", sorted(HOST_CALLS))
@given(campaign=host_campaigns(), at_the_end=st.booleans())
def test_a_host_campaign_answering_junk_gets_the_library_s_own_error(
    call: str, campaign: HostCampaign, at_the_end: bool
) -> None:
    _refuses_in_kind(lambda: HOST_CALLS[call](campaign, CLOSED_NOW if at_the_end else NOW))


@pytest.mark.parametrize(
    "call",
    ["access", "check", "standing"],
)
@given(dossier=host_dossiers(), actor=st.sampled_from([CLAIRE, PAUL, LEA, SECRETARIAT]))
def test_a_host_dossier_answering_junk_gets_the_library_s_own_error(
    call: str, dossier: HostDossier, actor: Any
) -> None:
    calls: dict[str, Callable[[], object]] = {
        "access": lambda: orientation_core.access(actor, dossier, CAMPAIGN, CLOSED_NOW),
        "check": lambda: orientation_core.check(
            actor, orientation_core.Action.LODGE_APPEAL, dossier, CAMPAIGN, CLOSED_NOW
        ),
        "standing": lambda: orientation_core.standing(actor, dossier),
    }
    _refuses_in_kind(calls[call])


def test_a_host_dossier_answering_soundly_is_answered_like_the_library_s_own() -> None:
    sound = HostDossier(
        DECIDED, {"late_actions": frozenset({orientation_core.Action.RECORD_APPEAL_DECISION})}
    )
    assert (
        orientation_core.access(SECRETARIAT, sound, CAMPAIGN, CLOSED_NOW)
        is orientation_core.Access.EDIT
    )
    assert orientation_core.standing(CLAIRE, sound) is orientation_core.Standing.ENTRANT


@pytest.mark.parametrize(
    ("member", "answer"),
    [
        ("uai", 42),
        ("rentree", "2027"),
        ("pupil", "Léa"),
        ("guardians", [CLAIRE]),
        ("entrant_id", 3),
        ("late_actions", {"ACCEPT_DECISION"}),
        ("late_actions", frozenset({"ACCEPT_DECISION"})),
    ],
)
def test_a_host_dossier_answering_nonsense_is_named_by_its_member(member: str, answer: Any) -> None:
    dossier = HostDossier(DECIDED, {member: answer})
    with pytest.raises(orientation_core.exceptions.InvalidValue) as error:
        orientation_core.access(CLAIRE, dossier, CAMPAIGN, CLOSED_NOW)
    assert [(p.code, p.path) for p in error.value.problems] == [
        ("dossier.invalid_answer", ("dossier", member))
    ]


# -- texts: the pages and the dates (issue 9) ---------------------------------------------
#
# Each public function of orientation_core.texts' pages and dates, with valid
# arguments, one of which (or every one) is replaced by junk.

_DAY_AFTER = NOW + timedelta(days=1)
PAGES_AND_DATES: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {
    "long_date": ((NOW, "Europe/Paris"), {}),
    "short_date": ((NOW, "Europe/Paris"), {}),
    "date_range": ((NOW, _DAY_AFTER, "Europe/Paris"), {}),
    "time_left": ((NOW, _DAY_AFTER, "Europe/Paris"), {}),
    "not_open_page": ((CAMPAIGN,), {}),
    "intentions_entry_page": ((CAMPAIGN, NOW), {}),
    "choix_entry_page": ((CAMPAIGN, NOW), {}),
    "intentions_validated_page": ((DOSSIER, CAMPAIGN, NOW), {"editable": True}),
    "choix_validated_page": ((DOSSIER, CAMPAIGN, NOW), {"editable": True}),
    "intentions_closed_page": ((DOSSIER, CAMPAIGN), {}),
    "choix_closed_page": ((DOSSIER, CAMPAIGN), {}),
    "closed_page": ((DOSSIER, CAMPAIGN), {}),
    "avis_page": ((DOSSIER, CAMPAIGN), {"can_acknowledge": True}),
    "propositions_page": ((DOSSIER, CAMPAIGN), {"can_answer": True}),
    "decision_page": ((DOSSIER, CAMPAIGN, NOW), {"actions": frozenset()}),
    "family_page": ((CLAIRE, DOSSIER, CAMPAIGN, NOW), {}),
    "staff_page": ((SECRETARIAT, CAMPAIGN, NOW), {}),
    "PageState": (("NOT_OPEN",), {}),
}


def test_the_junk_reaches_every_function_of_the_pages_and_the_dates() -> None:
    functions = {
        name
        for module in (_dates, _pages)
        for name in module.__all__
        if _is_public_callable(getattr(module, name))
    }
    assert functions - {"login_help_page", "Page", "Field", "Choice"} == set(PAGES_AND_DATES)


@pytest.mark.parametrize("name", sorted(PAGES_AND_DATES))
@given(data=st.data())
def test_every_page_and_date_function_takes_junk_without_a_bare_error(
    name: str, data: st.DataObject
) -> None:
    function = getattr(orientation_core.texts, name)
    positional, keywords = PAGES_AND_DATES[name]
    arguments = list(positional)
    named = dict(keywords)
    slots = len(arguments) + len(named)
    which = data.draw(st.integers(-1, slots - 1))
    for index in range(slots) if which == -1 else (which,):
        if index < len(arguments):
            arguments[index] = data.draw(junk)
        else:
            named[sorted(named)[index - len(arguments)]] = data.draw(junk)
    _refuses_in_kind(lambda: function(*arguments, **named))
