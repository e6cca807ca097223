"""Generate ``src/fincard_async/_generated`` from ``openapi/fincard.yaml`` through ``templates/``.

``python -m tools.generate --output generated`` rewrites the committed package;
``python -m tools.generate --check generated`` regenerates into a temporary folder and fails on
any difference, so a stale generated package never lands.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "openapi" / "fincard.yaml"
TEMPLATES = ROOT / "templates"
CONFIG = ROOT / "tools" / "generator-config.yaml"
RUFF_CONFIG = ROOT / "tools" / "ruff-generated.toml"
PACKAGE = "_generated"

JSON_HEADER = "Generated from openapi/fincard.yaml by `make generate`: do not edit."


def _run(*args: str) -> None:
    subprocess.run(args, check=True, cwd=ROOT)  # noqa: S603 (our own fixed argument list)


def generate_into(folder: Path, spec: Path = SPEC) -> Path:
    """Generate the package from ``spec`` into ``folder``; return the package's path."""
    package = folder / PACKAGE
    _run(
        sys.executable, "-m", "openapi_python_client", "generate",
        "--path", str(spec),
        "--config", str(CONFIG),
        "--custom-template-path", str(TEMPLATES),
        "--meta", "none",
        "--output-path", str(package),
        "--overwrite",
        "--fail-on-warning",
    )  # fmt: skip
    # byte for byte: openapi_spec() promises the exact published file
    shutil.copyfile(spec, package / "openapi.yaml")
    (package / "openapi.json").write_text(spec_as_json(spec), encoding="utf-8")
    (package / "py.typed").write_text("")
    ruff = str(Path(sys.executable).with_name("ruff"))
    # the project's ruff settings exclude the generated package; the output has settings of its own
    config = str(RUFF_CONFIG)
    _run(ruff, "format", "--config", config, "-q", str(package))
    _run(ruff, "check", "--config", config, "--fix", "-q", str(package))
    return package


def spec_as_json(spec: Path) -> str:
    """The spec as JSON, which the SDK reads at run time without a YAML parser."""
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    # JSON has no comments: the header is an extension the OpenAPI root allows
    stamped = {"x-fincard-generated": JSON_HEADER, **document}
    # no default=: a YAML value JSON cannot hold (a bare date) must fail here, not at run time
    return json.dumps(stamped, ensure_ascii=False, indent=1) + "\n"


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ between two generated trees, as readable lines."""
    comparison = filecmp.dircmp(left, right, ignore=["__pycache__"])
    found = [f"only in {left.name}: {n}" for n in comparison.left_only]
    found += [f"only in new output: {n}" for n in comparison.right_only]
    found += [f"differs: {n}" for n in comparison.diff_files]
    for name in comparison.subdirs:
        found += [f"{name}/{d}" for d in differences(left / name, right / name)]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--output", type=Path, help="folder that receives the package")
    mode.add_argument("--check", type=Path, help="folder whose package must be up to date")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = generate_into(Path(tmp))
        if args.output is not None:
            target = args.output / PACKAGE
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(fresh, target, ignore=shutil.ignore_patterns("__pycache__"))
            return 0
        stale = differences(args.check / PACKAGE, fresh)
    if stale:
        print(
            "src/fincard_async/_generated/ is stale; run `make generate` and commit:",
            *stale,
            sep="\n  ",
        )
        return 1
    print("src/fincard_async/_generated/ is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
