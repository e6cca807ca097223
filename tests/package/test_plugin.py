"""The opt-in pytest plugin costs nothing until used and names the missing extra when it must.

Each check runs in a fresh interpreter, where nothing is imported yet.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

USES_FIXTURES = """
from fincard_async import FincardClient


def test_plain():
    assert True


async def test_with_client(fincard_client: FincardClient) -> None:
    assert await fincard_client.reference_data.list_regions()
"""
ASYNCIO_INI = """
[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
"""
# plugins the inner runs do not need: they only cost start-up time
_LEAN = [
    option
    for name in ("cacheprovider", "hypothesispytest", "schemathesis", "cov")
    for option in ("-p", f"no:{name}")
]
_PLUGIN = ["-p", "fincard_async.sandbox.pytest_plugin"]


def _modules_after(statement: str) -> set[str]:
    code = f"{statement}; import sys; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def _pytest(folder: Path, *options: str, conftest: str = "") -> str:
    (folder / "test_uses_fixtures.py").write_text(textwrap.dedent(USES_FIXTURES))
    (folder / "pytest.ini").write_text(ASYNCIO_INI)
    (folder / "conftest.py").write_text(textwrap.dedent(conftest))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV"))}
    argv = [sys.executable, "-m", "pytest", "-q", *_LEAN, *options, str(folder)]
    result = subprocess.run(argv, capture_output=True, text=True, cwd=folder, env=env, timeout=120)
    return result.stdout


def test_loading_the_plugin_imports_neither_pytest_asyncio_nor_the_sandbox() -> None:
    loaded = _modules_after("import fincard_async.sandbox.pytest_plugin")

    assert "pytest_asyncio" not in loaded
    heavy = {"_server", "_config", "_app", "_contract", "_pytest_fixtures"}
    assert not {f"fincard_async.sandbox.{name}" for name in heavy} & loaded


def test_importing_the_sdk_imports_no_sandbox_and_no_pytest() -> None:
    loaded = _modules_after("import fincard_async")

    assert not {m for m in loaded if m.startswith("fincard_async.sandbox")}
    assert "pytest" not in loaded
    assert "_pytest" not in loaded


def test_the_json_copy_is_the_yaml_document() -> None:
    yaml = pytest.importorskip("yaml")
    from fincard_async import openapi_spec
    from fincard_async._spec import load_openapi_document

    first = load_openapi_document()
    assert first == yaml.safe_load(openapi_spec())
    first["paths"].clear()
    assert load_openapi_document()["paths"], "each call returns a fresh document"


def test_without_pytest_asyncio_only_the_tests_using_the_fixtures_fail(tmp_path: Path) -> None:
    # pytest-aiohttp needs pytest-asyncio: both out, as in an environment without them
    out = _pytest(tmp_path, "-p", "no:asyncio", "-p", "no:aiohttp", *_PLUGIN)

    assert "1 passed" in out, out
    assert "1 error" in out, out
    assert "pip install 'fincard-async[testing]'" in out
    assert "the fincard_client fixture needs pytest-asyncio" in out


def test_without_the_sandbox_extra_the_fixture_names_it(tmp_path: Path) -> None:
    blocked = "import sys\nsys.modules['phonenumbers'] = None  # as if not installed\n"

    out = _pytest(tmp_path, *_PLUGIN, conftest=blocked)

    assert "1 passed, 1 error" in out, out
    assert "needs the phonenumbers module" in out
    assert "pip install 'fincard-async[testing]'" in out


def test_with_everything_the_fixtures_work(tmp_path: Path) -> None:
    out = _pytest(tmp_path, *_PLUGIN)

    assert "2 passed" in out, out
