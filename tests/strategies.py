"""Hypothesis strategies shared by every test module, one section per domain area."""

from __future__ import annotations

from hypothesis import strategies as st

from orientation_core import (
    AcademySettings,
    Intention,
    IntentionSet,
    Statut,
    Voie,
    normalise_precision,
)
from orientation_core._problems import MAX_PRECISION_LENGTH
from orientation_core.codec import SCHEMA_VERSION, JsonValue, dump

# --- values (issue 2) -------------------------------------------------------

voies = st.sampled_from(Voie)
statuts = st.frozensets(st.sampled_from(Statut))

# Text as families type it: letters, accents, white space of every kind,
# combining marks, and now and then something that is refused.
raw_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "Zs", "Cc", "S")),
    max_size=260,
)
# A few characters grow under NFC, hence the filter on the stored length.
precision_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "Zs", "S")),
    min_size=1,
    max_size=200,
).filter(lambda t: 0 < len(normalise_precision(t) or "") <= MAX_PRECISION_LENGTH)


@st.composite
def intentions(draw: st.DrawFn, voie: Voie | None = None) -> Intention:
    """A valid intention, of ``voie`` when given."""
    chosen = draw(voies) if voie is None else voie
    if not chosen.accepts_details:
        return Intention(chosen)
    precision = draw(st.none() | precision_text)
    return Intention(chosen, precision, draw(statuts))


@st.composite
def intention_sets(draw: st.DrawFn, min_size: int = 1, max_size: int = 3) -> IntentionSet:
    """A valid set of ``min_size`` to ``max_size`` intentions."""
    chosen = draw(st.lists(voies, min_size=min_size, max_size=max_size, unique=True))
    return IntentionSet([draw(intentions(v)) for v in chosen])


academy_settings = st.builds(AcademySettings, details_enabled=st.booleans())

# Codec data (issue 2, point 8): every value the codec knows, any JSON at all,
# and valid dumps broken in one way that the codec must refuse.
codec_values: st.SearchStrategy[object] = st.one_of(
    voies, st.sampled_from(Statut), intentions(), intention_sets(), academy_settings
)

# Keys the codec reads, now and then, so that arbitrary data comes near to
# the real shapes and goes past the first check.
_codec_keys = st.sampled_from(
    ("schema", "type", "code", "voie", "precision", "statuts", "intentions", "details_enabled")
)


def _json_containers(children: st.SearchStrategy[JsonValue]) -> st.SearchStrategy[JsonValue]:
    return st.lists(children, max_size=4) | st.dictionaries(
        _codec_keys | st.text(max_size=10), children, max_size=5
    )


json_values: st.SearchStrategy[JsonValue] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    _json_containers,
    max_leaves=25,
)

# Every text that names something in the data; a text outside it is unknown.
_CODEC_CLASSES: tuple[type[object], ...] = (Voie, Statut, Intention, IntentionSet, AcademySettings)
_NAMES = frozenset(
    {*(v.value for v in Voie), *(s.value for s in Statut), *(c.__name__ for c in _CODEC_CLASSES)}
)
# Any number but the one accepted somewhere (the schema version).
_wrong_numbers = (st.integers() | st.floats()).filter(lambda n: not (type(n) is int and n == 1))

_Slot = tuple[dict[str, JsonValue] | list[JsonValue], str | int]


def _slots(data: JsonValue) -> list[_Slot]:
    """Every place in ``data`` that holds a value: (container, key or index)."""
    found: list[_Slot] = []
    pending = [data]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            found.extend((node, key) for key in node)
            pending.extend(node.values())
        elif isinstance(node, list):
            found.extend((node, index) for index in range(len(node)))
            pending.extend(node)
    return found


def _get(slot: _Slot) -> JsonValue:
    container, key = slot
    if isinstance(container, dict):
        assert isinstance(key, str)
        return container[key]
    assert isinstance(key, int)
    return container[key]


def _put(slot: _Slot, value: JsonValue) -> None:
    container, key = slot
    if isinstance(container, dict):
        assert isinstance(key, str)
        container[key] = value
    else:
        assert isinstance(key, int)
        container[key] = value


@st.composite
def malformed_dumps(draw: st.DrawFn) -> tuple[type[object], dict[str, JsonValue]]:
    """A class and the dump of a value of it, broken in one way the codec refuses."""
    value = draw(codec_values)
    cls: type[object] = type(value)
    data = dump(value)
    slots = _slots(data)
    dicts = [data, *(v for v in map(_get, slots) if isinstance(v, dict))]
    strings = [slot for slot in slots if type(_get(slot)) is str]
    how = draw(
        st.sampled_from(
            ("drop key", "add key", "number", "unknown code", "long text", "schema", "class")
        )
    )
    if how == "drop key":
        target = draw(st.sampled_from(dicts))
        del target[draw(st.sampled_from(sorted(target)))]
    elif how == "add key":
        target = draw(st.sampled_from(dicts))
        new_key = draw((_codec_keys | st.text(max_size=10)).filter(lambda k: k not in target))
        target[new_key] = draw(json_values)
    elif how == "number":
        _put(draw(st.sampled_from(slots)), draw(_wrong_numbers))
    elif how == "unknown code":
        # Any text but a précision names something: a voie, a statut, a class.
        codes = [slot for slot in strings if slot[1] != "precision"]
        _put(draw(st.sampled_from(codes)), draw(st.text(max_size=20).filter(_unnamed)))
    elif how == "long text":
        long_text = st.text(alphabet="abcdéèêàç-'", min_size=MAX_PRECISION_LENGTH + 1)
        _put(draw(st.sampled_from(strings)), draw(long_text))
    elif how == "schema":
        data["schema"] = draw(json_values.filter(lambda v: not (type(v) is int and v == 1)))
    else:
        cls = draw(st.sampled_from([c for c in _CODEC_CLASSES if c is not cls]))
    return cls, data


def _unnamed(text: str) -> bool:
    return text not in _NAMES


# Data in the right envelope whose every field is a real code or any JSON:
# it reaches every check of every body, and is now and then valid.
_near_voie = st.sampled_from([v.value for v in Voie]) | json_values
_near_statuts = st.lists(st.sampled_from([s.value for s in Statut]) | json_values, max_size=3)
_near_intention = st.fixed_dictionaries(
    {"voie": _near_voie, "precision": st.none() | st.text(max_size=30) | json_values},
    optional={"statuts": _near_statuts | json_values, "extra": json_values},
)
_NEAR_BODIES: dict[type[object], st.SearchStrategy[dict[str, JsonValue]]] = {
    Voie: st.fixed_dictionaries({"code": _near_voie}),
    Statut: st.fixed_dictionaries(
        {"code": st.sampled_from([s.value for s in Statut]) | json_values}
    ),
    Intention: _near_intention,
    IntentionSet: st.fixed_dictionaries(
        {"intentions": st.lists(_near_intention | json_values, max_size=4) | json_values}
    ),
    AcademySettings: st.fixed_dictionaries({"details_enabled": json_values}),
}


@st.composite
def near_dumps(draw: st.DrawFn) -> tuple[type[object], dict[str, JsonValue]]:
    """A class and data in its envelope whose fields are real codes or any JSON."""
    cls = draw(st.sampled_from(_CODEC_CLASSES))
    body = draw(_NEAR_BODIES[cls])
    return cls, {"schema": SCHEMA_VERSION, "type": cls.__name__, **body}


# --- campaign (issue 3) -----------------------------------------------------

# --- dossier (issue 4) ------------------------------------------------------
