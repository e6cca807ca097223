"""The pages include the examples from their files and say what the code does."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from fincard_async._cli import EXIT_CODES, build_parser

ROOT = Path(__file__).parents[2]
PAGES = ROOT / "docs"
SNIPPET = re.compile(r'^--8<-- "([^"]+)"$', re.MULTILINE)


def included() -> set[str]:
    return {match for page in PAGES.rglob("*.md") for match in SNIPPET.findall(page.read_text())}


def test_every_example_is_included_in_a_page_from_its_file() -> None:
    examples = {
        f"examples/{path.name}"
        for path in (ROOT / "examples").glob("*.py")
        if not path.name.startswith("_") and path.name != "demo.py"
    }
    assert examples
    assert examples <= included()
    assert all((ROOT / path).is_file() for path in included())


def test_cli_page_lists_every_command_and_exit_code() -> None:
    text = (PAGES / "guides" / "cli.md").read_text()
    parser = build_parser()
    [subparsers] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    commands = list(subparsers.choices)
    assert len(commands) == 10
    for command in commands:
        assert f"`{command}`" in text
    rows = dict(re.findall(r"^\| (\d+) \| (.+) \|$", text, re.MULTILINE))
    assert sorted(map(int, rows)) == sorted(EXIT_CODES)


def test_readme_links_the_guides_and_the_examples() -> None:
    readme = (ROOT / "README.md").read_text()
    for page in (PAGES / "guides").glob("*.md"):
        assert f"docs/guides/{page.name}" in readme
    assert "examples/" in readme
