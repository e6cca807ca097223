"""Run the test suite on every Python the machine has (3.11, 3.12, 3.13), skipping missing ones.

``python -m tools.pythons [VERSION ...]``. An interpreter is looked for on PATH (``python3.X``,
which must actually run: a pyenv shim of a version that is not selected does not), then
through uv (``--no-python-downloads``), then among pyenv's installed versions. Nothing is ever
downloaded. Each version gets its own environment, ``.venv-3.X``, built once like ``.venv``;
the version ``.venv`` itself runs is left to ``make test``, which already covers it.
Extra pytest arguments come from ``PYTEST_ARGS``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = ("3.11", "3.12", "3.13")
UV = Path(sys.executable).with_name("uv")


def _call(argv: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, text=True, check=False, **options)  # noqa: S603 (our own argv)


def _runs(python: str, version: str) -> bool:
    probe = "import sys; print('{}.{}'.format(*sys.version_info[:2]))"
    try:
        out = _call([python, "-c", probe], capture_output=True, timeout=60)
    except OSError:
        return False
    return out.returncode == 0 and out.stdout.strip() == version


def _from_uv(version: str) -> str | None:
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    argv = [str(UV), "python", "find", "--no-python-downloads", version]
    out = _call(argv, capture_output=True, env=env)
    return out.stdout.strip() or None if out.returncode == 0 else None


def _from_pyenv(version: str) -> str | None:
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return None
    root = _call([pyenv, "root"], capture_output=True)
    installed = sorted(Path(root.stdout.strip(), "versions").glob(f"{version}.*"))
    found = [p / "bin" / f"python{version}" for p in installed]
    return str(found[-1]) if found else None


def find(version: str) -> str | None:
    """A working interpreter of ``version`` already on the machine, or ``None``."""
    for candidate in (shutil.which(f"python{version}"), _from_uv(version), _from_pyenv(version)):
        if candidate is not None and _runs(candidate, version):
            return candidate
    return None


def _environment(version: str, python: str) -> Path:
    venv = ROOT / f".venv-{version}"
    marker = venv / ".installed"
    target = str(venv / "bin" / "python")
    # the generate extra: the template and bench tests run the pinned generator
    install = [str(UV), "pip", "install", "--quiet", "--python", target]
    install += ["-e", ".[images,testing,generate]", "--group", "dev"]
    wanted = shlex.join(install)
    stale = not marker.exists() or marker.read_text() != wanted
    if stale or marker.stat().st_mtime < (ROOT / "pyproject.toml").stat().st_mtime:
        _call(
            [str(UV), "venv", "--quiet", "--allow-existing", "--python", python, str(venv)]
        ).check_returncode()
        _call(install, cwd=ROOT).check_returncode()
        marker.write_text(wanted)
    return Path(target)


def main(argv: list[str]) -> int:
    own = "{}.{}".format(*sys.version_info[:2])
    results: dict[str, str] = {}
    for version in argv or VERSIONS:
        if version == own:
            results[version] = "covered by make test (.venv)"
            continue
        python = find(version)
        if python is None:
            results[version] = "skipped: no interpreter on this machine"
            continue
        print(f"== Python {version}: {python}", flush=True)
        pytest = [str(_environment(version, python)), "-m", "pytest", "-q"]
        pytest += shlex.split(os.environ.get("PYTEST_ARGS", ""))
        code = _call(pytest, cwd=ROOT).returncode
        results[version] = "passed" if code == 0 else f"FAILED (pytest exit {code})"
    for version, result in results.items():
        print(f"Python {version}: {result}")
    return 1 if any(r.startswith("FAILED") for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
