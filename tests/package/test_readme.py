"""README.md's Python blocks run against the sandbox, so the README cannot drift from the SDK.

Each ```python block runs as a script in a fresh interpreter, with the ``FINCARD_*`` variables
set to a sandbox's and the image files it names in its folder, unless an HTML comment right
before it says otherwise: ``<!-- readme-test: fragment ... -->`` runs it with top-level
``await`` and a logged-in ``client`` in scope; ``<!-- readme-test: skip ... -->`` leaves it out.
"""

from __future__ import annotations

import ast
import asyncio
import io
import os
import re
import sys
from pathlib import Path

import pytest
from PIL import Image

from fincard_async import FincardClient
from fincard_async.sandbox import Sandbox

README = Path(__file__).resolve().parents[2] / "README.md"
_BLOCK = re.compile(r"(?:<!-- readme-test: (\w+)[^>]*-->\n)?```python\n(.*?)```", re.DOTALL)


def _blocks(kind: str) -> list[str]:
    found = [(mark or "script", code) for mark, code in _BLOCK.findall(README.read_text())]
    return [code for mark, code in found if mark == kind]


def test_every_block_is_marked_or_runs_and_the_usage_example_runs() -> None:
    found = _BLOCK.findall(README.read_text())
    assert {mark or "script" for mark, _ in found} <= {"script", "fragment", "skip"}
    assert any("asyncio.run(main())" in code for code in _blocks("script"))
    assert len(found) == README.read_text().count("```python")


def _image(kind: str, size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (120, 80, 40)).save(out, kind)
    return out.getvalue()


def _environment(sandbox: Sandbox) -> dict[str, str]:
    credentials = sandbox.credentials
    settings = {
        "FINHUB_BASE_URL": sandbox.base_url,
        "FINHUB_EMAIL": credentials.email,
        "FINHUB_PASSWORD": credentials.password,
        "FINHUB_TENANT_ID": credentials.tenant_id,
        "HYPERCARD_BASE_URL": sandbox.base_url,
        "HYPERCARD_API_KEY": credentials.api_key,
        "HYPERCARD_PRIVATE_KEY": credentials.private_key_pem,
    }
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("FINCARD_", "COV"))}
    return kept | {f"FINCARD_{name}": value for name, value in settings.items()}


@pytest.mark.parametrize("code", _blocks("script"))
async def test_a_script_block_runs(code: str, fincard_sandbox: Sandbox, tmp_path: Path) -> None:
    for name in ("passport.jpg", "front.jpg", "selfie.jpg"):
        (tmp_path / name).write_bytes(_image("JPEG", (640, 480)))
    (tmp_path / "signature.png").write_bytes(_image("PNG", (300, 120)))
    (tmp_path / "example.py").write_text(code)

    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "example.py",
        cwd=tmp_path,
        env=_environment(fincard_sandbox),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=100)

    assert process.returncode == 0, err.decode()[-3000:]
    assert out.strip(), "the example printed nothing"


@pytest.mark.parametrize("code", _blocks("fragment"))
async def test_a_fragment_runs_with_a_client(
    code: str, fincard_client: FincardClient, fincard_sandbox: Sandbox
) -> None:
    fincard_sandbox.seed_work_orders(5)
    compiled = compile(code, "README.md", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    result = eval(compiled, {"client": fincard_client})  # noqa: S307 - our own README
    if result is not None:
        await result
