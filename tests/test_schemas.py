"""The published JSON Schemas: derived from the declarations, pinned, agreeing with load.

Run ``python -m tests.test_schemas`` to write the schema files again, under
``schemas/`` and inside the package, after a change to the codec's
declarations (and bump SCHEMA_VERSION: see the pin below).
"""

import enum
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from orientation_core import AvisConseil, Dossier, codec
from orientation_core.codec import SCHEMA_VERSION, WIRE_NAMES, load, schema, schema_files
from orientation_core.exceptions import InvalidValue
from orientation_core.sync import schema_files as sync_schema_files
from tests.strategies import CODEC_ENUMS, CODEC_TYPES, DOSSIER_EVENT_KINDS

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = (ROOT / "schemas", ROOT / "src" / "orientation_core" / "schemas")

# The hash of every published schema, for each SCHEMA_VERSION released.  A
# change to any schema must come with a new SCHEMA_VERSION and its line here.
# Version 1 is not released yet (CHANGELOG: Unreleased), so it may still move.
PINNED_SCHEMAS = {1: "e5ccbb25672672b73fdf4e480ec8f496961b357b038ec26ec7458e7901fe242c"}

CODES = frozenset(member.value for kind in CODEC_ENUMS for member in kind)
# The fields that hold codes, as a list of codes or one; and an actor's type.
CODE_KEYS = frozenset(
    {"code", "voie", "avis", "role", "phase", "school_year", "territory", "answers", "statuts"}
)
# Cheap to draw; events and dossiers come from whole histories (test_codec_types).
SAMPLED = sorted(
    (cls for cls in CODEC_TYPES if cls not in {*DOSSIER_EVENT_KINDS, Dossier}),
    key=lambda cls: WIRE_NAMES[cls],
)


def schemas_hash() -> str:
    texts = "".join(text for name, text in schema_files().items() if name != "index.json")
    return hashlib.sha256(texts.encode()).hexdigest()


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(name))


def test_every_schema_is_a_draft_2020_12_schema_of_its_type() -> None:
    for name, document in codec.schemas().items():
        Draft202012Validator.check_schema(document)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert document["properties"]["type"] == {"const": name}
        assert document["properties"]["schema"] == {"const": SCHEMA_VERSION}
    assert list(codec.schemas()) == list(WIRE_NAMES.values())


def test_a_schema_is_asked_for_by_class_or_by_wire_name() -> None:
    assert schema(Dossier) == schema("Dossier")
    for unknown in ("Robot", int, 3, None):
        with pytest.raises(InvalidValue) as error:
            schema(unknown)  # type: ignore[arg-type]
        assert error.value.codes == ("type.unsupported",)


@pytest.mark.parametrize("folder", FOLDERS, ids=["repository", "package"])
def test_the_published_files_are_what_the_declarations_give(folder: Path) -> None:
    expected = {**schema_files(), **sync_schema_files()}
    found = {path.name: path.read_text("utf-8") for path in folder.glob("*.json")}
    assert found.keys() == expected.keys(), "run `python -m tests.test_schemas` to write them"
    for name, text in expected.items():
        assert found[name] == text, f"{name} is stale: run `python -m tests.test_schemas`"


def test_the_package_ships_its_schemas() -> None:
    shipped = resources.files("orientation_core") / "schemas" / "index.json"
    index = json.loads(shipped.read_text("utf-8"))
    assert index["schema"] == SCHEMA_VERSION
    assert index["types"]["IntentionsValidated"] == "IntentionsValidated.schema.json"
    assert index["sha256"] == schemas_hash()


def test_a_change_to_a_schema_bumps_the_schema_version() -> None:
    found = schemas_hash()
    assert PINNED_SCHEMAS.get(SCHEMA_VERSION) == found, (
        f"The schemas changed (sha256 {found}). A stored record of version {SCHEMA_VERSION} "
        "must keep its meaning: bump SCHEMA_VERSION in orientation_core/codec.py, add "
        f'`{SCHEMA_VERSION + 1}: "..."` with the new hash to PINNED_SCHEMAS, and write the '
        "files again with `python -m tests.test_schemas`."
    )
    # Released versions keep their hash: only new lines are added.
    assert sorted(PINNED_SCHEMAS) == list(range(1, SCHEMA_VERSION + 1))


# --- the schema agrees with load ---------------------------------------------------

_Slot = tuple[Any, Any, tuple[Any, ...]]


def slots(data: Any, path: tuple[Any, ...] = ()) -> list[_Slot]:
    """Every place in ``data`` holding a value: (container, key, path from the top)."""
    found: list[_Slot] = []
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        found.append((data, key, (*path, key)))
        if isinstance(value, dict | list):
            found += slots(value, (*path, key))
    return found


def holds_a_code(slot: _Slot) -> bool:
    container, key, path = slot
    if type(container[key]) is not str:
        return False
    last_name = next(step for step in reversed(path) if type(step) is str)
    return (last_name in CODE_KEYS and container[key] in CODES) or (key == "type" and len(path) > 1)


@st.composite
def mutated_dumps(draw: st.DrawFn) -> tuple[type[Any], dict[str, Any], str]:
    """A dump broken in one way the schema can say: a key dropped or added, a type, a code."""
    cls = draw(st.sampled_from(SAMPLED))
    data: dict[str, Any] = json.loads(json.dumps(codec.dump(draw(CODEC_TYPES[cls]))))
    places = slots(data)
    dicts = [data, *(c[k] for c, k, _ in places if isinstance(c[k], dict))]
    how = draw(st.sampled_from(("drop key", "add key", "wrong type", "unknown code")))
    codes = [slot for slot in places if holds_a_code(slot)]
    if how == "unknown code" and codes:
        container, key, _ = draw(st.sampled_from(codes))
        container[key] = draw(st.sampled_from(("INCONNU", "gt", "")))
    elif how == "drop key":
        target = draw(st.sampled_from(dicts))
        del target[draw(st.sampled_from(sorted(target)))]
    elif how == "wrong type" and places:
        container, key, _ = draw(st.sampled_from(places))
        # An object where none is, or a number where an object is.
        container[key] = 7 if isinstance(container[key], dict) else {"?": 7}
    else:
        how = "add key"
        draw(st.sampled_from(dicts))["ajout"] = draw(st.none() | st.integers() | st.text())
    return cls, data, how


def refuses(cls: type[Any], data: Any) -> bool:
    try:
        load(cls, data)
    except InvalidValue:
        return True
    return False


@given(mutated_dumps())
def test_the_schema_refuses_what_load_refuses_of_a_broken_dump(
    case: tuple[type[Any], dict[str, Any], str],
) -> None:
    cls, data, how = case
    schema_refuses = not validator(WIRE_NAMES[cls]).is_valid(data)
    assert refuses(cls, data), how
    assert schema_refuses, how


@given(st.sampled_from(SAMPLED), st.data())
def test_what_the_schema_refuses_load_refuses_too(cls: type[Any], data: st.DataObject) -> None:
    # The schema says less than load: the rules a constructor checks beyond
    # keys, types, codes and formats (a name's length, an identifier's
    # emptiness, a reason required by a réservé avis, a schedule's order, a
    # set's voies each once) are load's alone; so the schema never refuses
    # what load accepts, and only that direction holds for any data.
    dumped = json.loads(json.dumps(codec.dump(data.draw(CODEC_TYPES[cls]))))
    places = slots(dumped)
    if places:
        container, key, _ = data.draw(st.sampled_from(places))
        container[key] = data.draw(st.none() | st.booleans() | st.integers() | st.text(max_size=5))
    if not validator(WIRE_NAMES[cls]).is_valid(dumped):
        assert refuses(cls, dumped)


def test_the_schema_leaves_a_constructor_s_rules_to_load() -> None:
    # A réservé avis without its reason has the right shape: only load refuses it.
    data = {"schema": 1, "type": "AvisConseil", "voie": "GT", "avis": "RESERVE"}
    data |= {"reason": None, "comment": None}
    assert validator("AvisConseil").is_valid(data)
    assert refuses(AvisConseil, data)


def test_an_enum_at_the_top_has_its_codes_in_its_schema() -> None:
    for kind in CODEC_ENUMS:
        assert issubclass(kind, enum.Enum)
        codes = schema(kind)["properties"]["code"]["enum"]
        assert codes == [member.value for member in kind]


def write_files() -> None:
    # The back office's sync record is published alongside (tests/test_sync.py pins it).
    files = {**schema_files(), **sync_schema_files()}
    for folder in FOLDERS:
        folder.mkdir(exist_ok=True)
        for stale in folder.glob("*.json"):
            if stale.name not in files:
                stale.unlink()
        for name, text in files.items():
            (folder / name).write_text(text, "utf-8")


if __name__ == "__main__":  # pragma: no cover - regenerates the schema files by hand
    write_files()
    print(f"schemas written; their sha256 is {schemas_hash()}")
