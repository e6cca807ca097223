"""Golden record of templates/: a small spec generates exactly the checked-in package.

After an intended template change, refresh the record with
``FINCARD_UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/generated/test_templates.py``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tools.generate import differences, generate_into

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "_generated"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_into(tmp_path_factory.mktemp("mini"), spec=HERE / "fixtures" / "mini.yaml")


def test_templates_match_the_golden_record(generated: Path) -> None:
    if os.environ.get("FINCARD_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(generated, GOLDEN, ignore=shutil.ignore_patterns("__pycache__"))
    assert differences(GOLDEN, generated) == []


def test_output_has_headers_and_no_httpx(generated: Path) -> None:
    for path in generated.rglob("*.py"):
        text = path.read_text()
        assert text.startswith("# Generated from openapi/fincard.yaml by `make generate`"), path
        assert "httpx" not in text, path


def test_operations_know_their_family_and_auth(generated: Path) -> None:
    things = (generated / "api" / "things" / "list_things.py").read_text()
    upload = (generated / "api" / "things" / "upload_thing.py").read_text()
    assert 'family="finhub"' in things
    assert 'auth="bearer"' in things
    assert 'family="hypercard"' in upload
    assert "multipart=True" in upload
    assert 'operation_id="listThings"' in things


def test_sensitive_fields_are_redacted_in_models(generated: Path) -> None:
    thing = (generated / "models" / "thing.py").read_text()
    assert "doc_no: str | None = field(default=None, repr=redacted)" in thing


def test_template_sensitive_list_matches_the_spec() -> None:
    import re

    import yaml

    root = HERE.parents[1]
    spec = yaml.safe_load((root / "openapi" / "fincard.yaml").read_text())
    marked = {
        name
        for schema in spec["components"]["schemas"].values()
        for name, prop in schema.get("properties", {}).items()
        if prop.get("x-fincard-sensitive")
    }
    macros = (root / "templates" / "_fincard.jinja").read_text()
    listed = set(re.findall(r'"(\w+)"', macros.split("{% set SENSITIVE = ")[1].split("%}")[0]))
    # "signature" is a header, not a model field; it is listed for completeness
    assert listed - {"signature"} == marked
