import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "values.py"


@pytest.fixture(scope="module")
def values_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_values", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_values_benchmark_runs_and_prints_its_tables(
    values_benchmark: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = values_benchmark.main(rounds=1, number=2)
    assert [name for name, _, _ in rows] == [
        "from_form (3 rows)",
        "move_up",
        "codec.dump",
        "codec.load",
    ]
    assert all(library > 0 and floor > 0 for _, library, floor in rows)
    out = capsys.readouterr().out
    assert "The library against a hand-written floor" in out
    assert "per-field validators" in out


def test_the_floor_refuses_what_the_library_refuses(values_benchmark: ModuleType) -> None:
    # A floor that skipped the checks would make the ratios flatter than true.
    floor_from_form = values_benchmark.floor_from_form
    refused: list[list[dict[str, object]]] = [
        [],
        [{"voie": "GT"}] * 4,
        [{"voie": "BTS", "precision": None, "statuts": []}],
        [{"voie": "GT", "precision": "Hôtellerie", "statuts": []}],
        [{"voie": "PRO", "precision": "x" * 201, "statuts": []}],
        [{"voie": "PRO", "precision": None, "statuts": ["ALTERNANCE"]}],
        [{"voie": "PRO", "precision": None, "statuts": []}] * 2,
    ]
    for rows in refused:
        with pytest.raises(ValueError):  # noqa: PT011 -- the floor's errors carry no code
            floor_from_form(rows, details_enabled=True)
    with pytest.raises(ValueError):  # noqa: PT011
        floor_from_form([{"voie": "PRO", "precision": "x", "statuts": []}], details_enabled=False)
