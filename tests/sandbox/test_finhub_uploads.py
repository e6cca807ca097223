"""FinHub uploads: multipart, category ``card``, type by content, 2,000,000 bytes at most."""

from __future__ import annotations

import uuid

import pytest

from fincard_async.sandbox import Sandbox

from .helpers import JPEG, PDF, PNG, FinHub


@pytest.mark.parametrize(("content", "kind"), [(PNG, "png"), (JPEG, "jpg"), (PDF, "pdf")])
async def test_an_upload_is_stored_with_its_detected_kind(
    finhub: FinHub, fincard_sandbox: Sandbox, content: bytes, kind: str
) -> None:
    answer = await finhub.upload(content, filename="whatever.bin")

    assert answer.status == 200
    assert answer.body["success"] is True
    file_id = answer.body["data"]["fileId"]
    assert uuid.UUID(file_id).version == 4
    stored = fincard_sandbox.state.files[file_id]
    assert (stored.kind, stored.content, stored.tenant_id) == (kind, content, "tenant-demo")


async def test_the_type_is_judged_by_content_not_by_name(finhub: FinHub) -> None:
    answer = await finhub.upload(b"GIF89a not an accepted image", filename="photo.png")

    assert answer.status == 200
    assert (answer.body["success"], answer.body["code"]) == (False, -1)
    assert "jpg, png or pdf" in answer.body["msg"]


async def test_exactly_the_size_limit_is_accepted(finhub: FinHub) -> None:
    content = PNG + b"\x00" * (2_000_000 - len(PNG))

    answer = await finhub.upload(content)

    assert answer.body["success"] is True


async def test_one_byte_over_the_limit_is_refused(finhub: FinHub) -> None:
    content = PNG + b"\x00" * (2_000_001 - len(PNG))

    answer = await finhub.upload(content)

    assert (answer.status, answer.body["code"]) == (200, -1)
    assert "2000000" in answer.body["msg"]


async def test_the_category_must_be_card(finhub: FinHub) -> None:
    answer = await finhub.upload(PNG, category="avatar")

    assert (answer.status, answer.body["code"]) == (400, 500)
    assert "category" in answer.body["msg"]


async def test_the_category_is_required(finhub: FinHub) -> None:
    answer = await finhub.upload(PNG, category=None)

    assert (answer.status, answer.body["code"]) == (400, 500)
    assert "category" in answer.body["msg"]


async def test_an_upload_must_be_multipart(finhub: FinHub) -> None:
    answer = await finhub.call("uploadFile", {"category": "card"})

    assert (answer.status, answer.body["code"]) == (400, 500)
    assert "multipart/form-data" in answer.body["msg"]


async def test_an_upload_needs_a_token(finhub: FinHub) -> None:
    await finhub.login()
    finhub.token = "stale"

    answer = await finhub.upload(PNG)

    assert (answer.status, answer.body["code"]) == (401, 401)
