"""The built distributions as a new user meets them: wheel and sdist contents, and fresh virtual
environments holding only the wheel and pytest (then the wheel with its ``testing`` extra).

Slow (builds, then installs into new environments from the package index or uv's cache): runs
in ``make package-check``, skipped elsewhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import textwrap
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

import fincard_async

from .test_readme import _blocks

ROOT = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).with_name("uv")

pytestmark = pytest.mark.skipif(
    not os.environ.get("FINCARD_PACKAGE_CHECK"), reason="slow: make package-check runs it"
)

UNRELATED = """
def test_unrelated():
    assert 1 + 1 == 2
"""

# a suite that opts into the fixtures: one test uses them, one does not
OPTED_IN = """
pytest_plugins = ["fincard_async.sandbox.pytest_plugin"]
"""
USES_FIXTURES = """
from fincard_async import FincardClient


def test_plain():
    assert True


async def test_with_client(fincard_client: FincardClient) -> None:
    regions = await fincard_client.reference_data.list_regions()
    assert regions
"""

ASYNCIO_INI = """
[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
"""


def _run(
    *argv: str | Path, cwd: Path = ROOT, check: bool = True
) -> subprocess.CompletedProcess[str]:
    # no PYTEST_* or coverage settings of the outer run leak into the inner one
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV", "FINCARD"))}
    return subprocess.run(
        [str(a) for a in argv], capture_output=True, text=True, cwd=cwd, env=env, check=check,
        timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run(UV, "build", "--quiet", "--out-dir", out, ROOT)
    return out


def _wheel(dist: Path) -> Path:
    return next(dist.glob("*.whl"))


def _venv(folder: Path, *requirements: str) -> Path:
    _run(UV, "venv", "--quiet", "--python", sys.executable, folder)
    python = folder / "bin" / "python"
    _run(UV, "pip", "install", "--quiet", "--python", python, *requirements)
    return python


@pytest.fixture(scope="module")
def bare(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment with only the wheel and pytest."""
    return _venv(tmp_path_factory.mktemp("bare") / "venv", str(_wheel(dist)), "pytest")


def _suite(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text))
    return folder


def test_the_wheel_metadata(dist: Path) -> None:
    with zipfile.ZipFile(_wheel(dist)) as wheel:
        names = wheel.namelist()
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = HeaderParser().parsestr(wheel.read(info).decode())
        points = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        entry_points = "".join(wheel.read(n).decode() for n in points)

    assert metadata["Version"] == fincard_async.__version__
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert metadata["License-Expression"] == "MIT"
    extras = set(metadata.get_all("Provides-Extra") or [])
    assert {"images", "sandbox", "testing"} <= extras
    assert "dev" not in extras
    classifiers = metadata.get_all("Classifier") or []
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert "[pytest11]" not in entry_points  # no plugin loaded into every user's suite
    assert "fincard = fincard_async._cli:main" in entry_points  # the command line
    assert "fincard_async/_generated/openapi.json" in names
    # one top-level package: no other distribution can overwrite or delete our files
    assert {name.split("/")[0] for name in names} == {
        "fincard_async",
        f"fincard_async-{fincard_async.__version__}.dist-info",
    }


def test_the_sdist_ships_the_licence_and_leaves_the_tests_out(dist: Path) -> None:
    with tarfile.open(next(dist.glob("*.tar.gz"))) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}

    assert "LICENSE" in names
    assert "CHANGELOG.md" in names
    # tests/ needs bench/, tools/ and node tools: it runs from a checkout, on purpose
    assert not any(name.startswith("tests/") for name in names)


def test_an_unrelated_suite_passes_without_a_warning(bare: Path, tmp_path: Path) -> None:
    suite = _suite(tmp_path / "suite", {"test_unrelated.py": UNRELATED})

    result = _run(bare, "-W", "error", "-m", "pytest", "-W", "error", "-q", suite, cwd=suite)

    assert "1 passed" in result.stdout, result.stdout
    assert "warning" not in result.stdout.lower(), result.stdout


def test_importing_the_sdk_before_pytest_main_gives_no_rewrite_warning(
    bare: Path, tmp_path: Path
) -> None:
    suite = _suite(tmp_path / "suite", {"test_unrelated.py": UNRELATED})
    script = "import sys, fincard_async, pytest; sys.exit(pytest.main(['-W', 'error', '-q', '.']))"

    result = _run(bare, "-W", "error", "-c", script, cwd=suite)

    assert "1 passed" in result.stdout, result.stdout
    assert "warning" not in result.stdout.lower(), result.stdout


def test_the_fixtures_without_their_extra_fail_only_the_tests_using_them(
    bare: Path, tmp_path: Path
) -> None:
    suite = _suite(
        tmp_path / "suite", {"conftest.py": OPTED_IN, "test_uses_fixtures.py": USES_FIXTURES}
    )

    result = _run(
        bare, "-m", "pytest", "-q", "-p", "no:cacheprovider", suite, cwd=suite, check=False
    )

    assert "1 passed" in result.stdout, result.stdout
    assert "1 error" in result.stdout, result.stdout
    assert "pip install 'fincard-async[testing]'" in result.stdout
    assert "ModuleNotFoundError" not in result.stdout


def test_the_sandbox_cli_without_its_extra_names_it(bare: Path) -> None:
    helped = _run(bare, "-m", "fincard_async.sandbox", "--help")
    run = _run(bare, "-m", "fincard_async.sandbox", "--port", "0", check=False)

    assert "fincard-async[sandbox]" in helped.stdout
    assert run.returncode == 2
    assert "pip install 'fincard-async[sandbox]'" in run.stderr
    assert "Traceback" not in run.stderr


def test_the_testing_extra_brings_what_the_fixtures_need(dist: Path, tmp_path: Path) -> None:
    python = _venv(tmp_path / "venv", f"fincard-async[testing] @ {_wheel(dist).as_uri()}")
    files = {
        "conftest.py": OPTED_IN,
        "test_uses_fixtures.py": USES_FIXTURES,
        "pytest.ini": ASYNCIO_INI,
    }
    suite = _suite(tmp_path / "suite", files)

    result = _run(python, "-m", "pytest", "-W", "error", "-q", suite, cwd=suite)

    assert "2 passed" in result.stdout, result.stdout


USER_TEST = """
import pytest

from fincard_async import CardApplyReceipt, FincardClient
from fincard_async.sandbox import Sandbox
from fincard_async.sandbox.pytest_plugin import FincardClientOptions


@pytest.fixture
def fincard_client_options() -> FincardClientOptions:
    return {"reference_data_ttl": 5.0}


async def test_regions(fincard_client: FincardClient, fincard_sandbox: Sandbox) -> None:
    regions = await fincard_client.reference_data.list_regions()
    receipt: CardApplyReceipt | None = None
    assert regions and fincard_sandbox.base_url and receipt is None
"""


def test_typed_user_code_passes_mypy_strict(tmp_path: Path) -> None:
    (tmp_path / "readme_example.py").write_text(_blocks("script")[0])
    (tmp_path / "test_user.py").write_text(USER_TEST)

    result = _run(
        sys.executable, "-m", "mypy", "--strict", "--no-incremental",
        tmp_path / "readme_example.py", tmp_path / "test_user.py", check=False,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
