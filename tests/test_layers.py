import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "orientation_core"


def test_the_import_contract_names_every_module_of_the_core() -> None:
    # lint-imports keeps the core from importing the outer layers only for
    # the modules its contract names: a new core module must be named too.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    (contract,) = (
        c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "forbidden"
    )
    core = {f"orientation_core.{path.stem}" for path in PACKAGE.glob("_*.py")}
    core -= {"orientation_core.__init__", "orientation_core.__main__"}
    assert core | {"orientation_core", "orientation_core.exceptions"} == set(
        contract["source_modules"]
    )
    assert set(contract["forbidden_modules"]) == {
        "orientation_core.texts",
        "orientation_core.roster",
        "orientation_core.codec",
        "orientation_core.sync",
        "orientation_core.store",
        "orientation_core.demo",
        "orientation_core.exports",
        "orientation_core.cli",
    }
