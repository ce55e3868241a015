"""The documentation site builds, with every page of docs/, the API and the CLI reference.

Sphinx runs in a subprocess with warnings as errors: a docstring in bad
reStructuredText, a broken link between pages or a page left out of the site
fails the test command, with Sphinx's own account of it.
"""

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from orientation_core import cli

DOCS = Path(__file__).parent.parent / "docs"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML site, built once for this module's tests."""
    out = tmp_path_factory.mktemp("site") / "html"
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", DOCS, out],
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0:
        pytest.fail(f"Sphinx failed:\n{build.stdout}{build.stderr}", pytrace=False)
    return out


def text_of(page: Path) -> str:
    """A page's text as a reader sees it: no tags (highlighting splits code into spans)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def test_the_site_builds_without_a_warning(site: Path) -> None:
    assert (site / "index.html").is_file()


def test_every_page_of_docs_is_in_the_home_pages_contents(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    pages = sorted(path.stem for path in DOCS.glob("*.md") if path.stem != "index")
    assert "values" in pages
    for page in [*pages, "reference/api", "reference/cli"]:
        assert (site / f"{page}.html").is_file(), page
        assert f'href="{page}.html"' in home, page


def test_the_pages_examples_are_shown(site: Path) -> None:
    values = text_of(site / "values.html")
    assert ">>> print(Voie.GT.help)" in values
    assert "STHR : sciences et technologies" in values


@pytest.mark.parametrize(
    "name",
    [
        "orientation_core.IntentionSet",
        "orientation_core.Dossier.handle",
        "orientation_core.exceptions.InvalidValue",
        "orientation_core.codec.dump",
        "orientation_core.store.SqliteEventStore",
        "orientation_core.texts.confirmation_email",
    ],
)
def test_the_api_reference_documents_each_public_name(site: Path, name: str) -> None:
    api = (site / "reference" / "api.html").read_text(encoding="utf-8")
    assert f'id="{name}"' in api


def test_the_cli_reference_shows_every_command_with_its_arguments(site: Path) -> None:
    page = text_of(site / "reference" / "cli.html")
    for text in [
        "Possible choices: demo, import, export, check, recap, email, missing, schema",
        "Possible choices: decisions, appeals, missing, sync",
        "SQLite file (default: orientation.db in the current directory)",
        "orientation-core check [-h] FILE",
        "Exit status: 0 valid, 1 problems found, 2 file unreadable or not JSON.",
        "the JSON file to check",
        "orientation-core schema [-h] [TYPE]",
        "Exit status: 0, or 1 for a type the codec does not know.",
        "a wire name, such as Dossier",
    ]:
        assert text in page, text


def test_the_cli_reference_is_generated_from_the_commands_own_parser() -> None:
    args = cli.parser().parse_args(["check", "intentions.json"])
    assert (args.command, args.file) == ("check", "intentions.json")
