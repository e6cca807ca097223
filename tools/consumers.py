"""Prove that stock third-party tools consume ``openapi/fincard.yaml`` unchanged.

Other teams generate their own clients from the published spec, so it must work with
stock tooling, not only with our customised templates. Four consumers are exercised:

* ``openapi-python-client`` (stock templates, ``--fail-on-warning``): generation must exit 0
  and print no warning, and the generated package must byte-compile.
* ``openapi-typescript``: generation must exit 0 and produce a non-empty ``.d.ts`` file.
* a Prism mock in dynamic mode serving the YAML: the SDK calls every operation until it has
  200 schema-valid answers each, and refuses none (``tools/live_consumers.py``).
* schemathesis against the sandbox with real auth: no server error, no non-conforming
  answer, no request the YAML accepts refused.

Run from the repository root::

    python -m tools.consumers

Exit status is 0 only when every consumer passes; a one-line summary per consumer is printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

SPEC = Path("openapi/fincard.yaml")
TS_BIN = Path("tools/node_modules/.bin/openapi-typescript")
# Words that mark a diagnostic in the generator's output (it reports problems on stdout).
WARNING_MARKERS = ("warning", "error", "could not", "unable to", "unsupported")


@dataclass(frozen=True)
class Outcome:
    """Result of one consumer check."""

    name: str
    ok: bool
    detail: str


def _run(cmd: Sequence[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` capturing text output; never raises on a non-zero exit."""
    return subprocess.run(  # noqa: S603 - fixed argument lists, no shell
        list(cmd), capture_output=True, text=True, check=False, env=env
    )


def _tool_env() -> dict[str, str]:
    """Environment whose PATH starts with this interpreter's bin dir.

    The generator runs ``ruff`` as a post-hook and reports a warning when it is missing;
    the virtualenv's ruff must be found even when the venv is not activated.
    """
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def _warnings_in(output: str) -> list[str]:
    """Lines of generator output that look like diagnostics."""
    return [line for line in output.splitlines() if any(m in line.lower() for m in WARNING_MARKERS)]


def check_python_client(workdir: Path) -> Outcome:
    """Generate a client with stock openapi-python-client templates and byte-compile it."""
    out = workdir / "python-client"
    cmd = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(SPEC),
        "--output-path",
        str(out),
        "--meta",
        "none",
        "--fail-on-warning",
        "--overwrite",
    ]
    gen = _run(cmd, env=_tool_env())
    noise = _warnings_in(gen.stdout + gen.stderr)
    if gen.returncode != 0 or noise:
        text = "\n".join(noise) or (gen.stdout + gen.stderr).strip()
        return Outcome("openapi-python-client", False, f"exit {gen.returncode}: {text}")
    modules = list(out.rglob("*.py"))
    if not modules:
        return Outcome("openapi-python-client", False, "no Python modules generated")
    comp = _run([sys.executable, "-m", "compileall", "-q", str(out)])
    if comp.returncode != 0:
        return Outcome("openapi-python-client", False, f"compileall failed: {comp.stdout}")
    return Outcome("openapi-python-client", True, f"{len(modules)} modules, no warnings")


def check_typescript(workdir: Path) -> Outcome:
    """Generate TypeScript types with openapi-typescript; the output must be non-empty."""
    if not TS_BIN.exists():
        return Outcome("openapi-typescript", False, f"{TS_BIN} missing (run make consumers)")
    target = workdir / "fincard.d.ts"
    gen = _run([str(TS_BIN), str(SPEC), "-o", str(target)])
    if gen.returncode != 0:
        return Outcome("openapi-typescript", False, f"exit {gen.returncode}: {gen.stderr.strip()}")
    size = target.stat().st_size if target.exists() else 0
    if size == 0:
        return Outcome("openapi-typescript", False, "empty output")
    return Outcome("openapi-typescript", True, f"{size} bytes of type declarations")


PRISM_ANSWERS_PER_OPERATION = 200
SCHEMATHESIS_EXAMPLES = 15  # per operation and mode (positive, negative)


def check_prism(_: Path) -> Outcome:
    """The SDK against a Prism mock in dynamic mode (answers generated from the YAML)."""
    from tools.live_consumers import run_prism

    ok, detail = run_prism(PRISM_ANSWERS_PER_OPERATION)
    return Outcome("prism mock (dynamic) + SDK", ok, detail)


def check_schemathesis(_: Path) -> Outcome:
    """schemathesis against the sandbox, with a real bearer token and real signatures."""
    from tools.live_consumers import run_schemathesis

    ok, detail = run_schemathesis(SCHEMATHESIS_EXAMPLES)
    return Outcome("schemathesis vs sandbox (auth)", ok, detail)


CHECKS: tuple[Callable[[Path], Outcome], ...] = (
    check_python_client,
    check_typescript,
    check_prism,
    check_schemathesis,
)


def main() -> int:
    """Run every consumer check in a scratch directory and print a summary."""
    if not SPEC.exists():
        print(f"FAIL {SPEC} not found; run from the repository root", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="fincard-consumers-") as tmp:
        outcomes = [check(Path(tmp)) for check in CHECKS]
    for outcome in outcomes:
        print(f"{'ok  ' if outcome.ok else 'FAIL'} {outcome.name}: {outcome.detail}")
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
