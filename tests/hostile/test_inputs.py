"""Strange but valid Python values get one ValidationError before anything is sent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
import attrs
import pytest
import sample_applications as samples

from fincard_async import (
    ConfigurationError,
    EndUser,
    FincardClient,
    FinHubConfig,
    HyperCardConfig,
    RequestOptions,
    ValidationError,
    encode_kyc_image,
)

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
LONE = "\ud800"


@pytest.fixture
def sent() -> list[str]:
    return []


@pytest.fixture
def fincard_client_options(sent: list[str]) -> dict[str, Any]:
    trace = aiohttp.TraceConfig()

    async def started(_: Any, __: Any, params: aiohttp.TraceRequestStartParams) -> None:
        sent.append(params.url.path)

    trace.on_request_start.append(started)
    return {"trace_configs": [trace]}


def _rules(error: ValidationError) -> set[tuple[str, str]]:
    return {(v.path, v.rule) for v in error.violations}


async def test_header_unsafe_file_names_are_refused(
    fincard_client: FincardClient, sent: list[str]
) -> None:
    for name in ("a\rb.jpg", "a\nb.jpg", "a\0b.jpg"):
        with pytest.raises(ValidationError) as info:
            await fincard_client.files.upload(JPEG, file_name=name)
        assert _rules(info.value) == {("file_name", "headerSafe")}
        assert name not in str(info.value)
    assert sent == []


async def test_a_file_name_taken_from_the_path_is_checked_too(
    fincard_client: FincardClient, sent: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "scan\r\nX-Injected: 1.jpg"
    path.write_bytes(JPEG)
    with pytest.raises(ValidationError) as info:
        await fincard_client.files.upload(path)
    assert _rules(info.value) == {("file_name", "headerSafe")}
    assert sent == []


async def test_lone_surrogates_are_refused_wherever_they_are(
    fincard_client: FincardClient, sent: list[str]
) -> None:
    with pytest.raises(ValidationError) as info:
        await fincard_client.files.upload(JPEG, file_name=f"{LONE}.jpg")
    assert _rules(info.value) == {("file_name", "encoding")}
    with pytest.raises(ValidationError) as info:
        await fincard_client.work_orders.submit(
            title=LONE, target=f"4111{LONE}", trade_type="CARD_ACTIVE", files=["a", LONE]
        )
    assert _rules(info.value) == {
        ("title", "encoding"),
        ("target", "encoding"),
        ("files[1]", "encoding"),
    }
    with pytest.raises(ValidationError):
        fincard_client.work_orders.list(target=LONE)
    with pytest.raises(ValidationError) as info:
        await fincard_client.cards.apply(
            base_info=samples.base_info(first_name=LONE),
            kyc_info=samples.kyc_info(address=LONE),
        )
    assert _rules(info.value) == {
        ("base_info.first_name", "encoding"),
        ("kyc_info.address", "encoding"),
    }
    assert sent == []


async def test_wrong_python_types_are_listed_together(
    fincard_client: FincardClient, sent: list[str]
) -> None:
    with pytest.raises(ValidationError) as info:
        await fincard_client.work_orders.submit(
            title=3,  # type: ignore[arg-type]
            target=None,  # type: ignore[arg-type]
            trade_type="CARD_ACTIVE",
            files=1.5,  # type: ignore[arg-type]
        )
    assert _rules(info.value) == {("title", "type"), ("target", "type"), ("files", "type")}
    assert "must be str, not int" in str(info.value)
    with pytest.raises(ValidationError) as info:
        await fincard_client.cards.apply(
            base_info=samples.base_info(),
            kyc_info=samples.kyc_info(poa_type=[], doc_type="1"),
        )
    assert _rules(info.value) == {("kyc_info.poa_type", "type"), ("kyc_info.doc_type", "type")}
    with pytest.raises(ValidationError) as info:
        await fincard_client.cards.apply(base_info={"email": "x"}, kyc_info=samples.kyc_info())  # type: ignore[arg-type]
    assert _rules(info.value) == {("base_info", "type")}
    with pytest.raises(ValidationError):
        await fincard_client.reference_data.region(7)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        await fincard_client.files.upload(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        fincard_client.work_orders.list(page_size="10")  # type: ignore[arg-type]
    assert sent == []


async def test_request_options_that_travel_as_headers_are_checked(
    fincard_client: FincardClient, sent: list[str]
) -> None:
    options = RequestOptions(
        extra_headers={"X-Note": "a\r\nX-Evil: 1"},
        end_user=EndUser(ip="203.0.113.9\n", device_id="d"),
    )
    with pytest.raises(ValidationError) as info:
        await fincard_client.reference_data.list_regions(options=options)
    assert _rules(info.value) == {
        ("options.extra_headers", "headerSafe"),
        ("options.end_user.ip", "headerSafe"),
    }
    assert sent == []


async def test_values_are_never_echoed(fincard_client: FincardClient) -> None:
    secret = "DOC-NO-SECRET-31337"
    with pytest.raises(ValidationError) as info:
        await fincard_client.cards.apply(
            base_info=samples.base_info(email=f"{secret}{LONE}"),
            kyc_info=samples.kyc_info(doc_no=f"{secret}\ud801"),
        )
    assert secret not in str(info.value)
    assert secret not in repr(info.value)


async def test_valid_values_still_pass(fincard_client: FincardClient, sent: list[str]) -> None:
    order = await fincard_client.work_orders.submit(
        title="Activate", target="4111111111111111", trade_type="CARD_ACTIVE", files=()
    )
    assert order.order_no
    await fincard_client.reference_data.list_regions(
        options=RequestOptions(extra_headers={"X-Note": "café"})
    )
    assert len(sent) >= 2


async def test_kyc_encoding_checks_its_arguments() -> None:
    with pytest.raises(ValidationError) as info:
        await encode_kyc_image(3, field=None)  # type: ignore[arg-type]
    assert _rules(info.value) == {("source", "type"), ("field", "type")}
    image = await encode_kyc_image(JPEG, field="front_doc")
    assert attrs.has(type(image))


async def test_a_path_that_cannot_be_encoded_is_refused(
    fincard_client: FincardClient, sent: list[str]
) -> None:
    with pytest.raises(ValidationError) as info:
        await encode_kyc_image("\ud800.jpg", field="front_doc")
    assert _rules(info.value) == {("source", "encoding")}
    with pytest.raises(ValidationError) as info:
        await fincard_client.files.upload("\ud800.jpg")
    assert _rules(info.value) == {("file", "encoding")}
    assert sent == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("tenant_id", "t\r\nX-Evil: 1"),
        ("forwarded_from", "x\nX-Evil: 1"),
        ("tenant_id", f"t{LONE}"),
        ("end_user", EndUser(ip="203.0.113.9", device_id="d\r\nX-Evil: 1")),
        ("end_user", EndUser(ip="203.0.113.9\n", device_id="d")),
    ],
)
def test_finhub_settings_sent_as_headers_are_refused_at_construction(
    field: str, value: Any
) -> None:
    # before: accepted, then every call raised aiohttp's untyped ValueError at send time
    settings: dict[str, Any] = {
        "base_url": "http://127.0.0.1:1",
        "email": "a@example.com",
        "password": "pw",
        "tenant_id": "t",
        "forwarded_from": "x",
        field: value,
    }
    with pytest.raises(ConfigurationError, match=field) as info:
        FinHubConfig(**settings)
    assert "X-Evil" not in str(info.value)


@pytest.mark.parametrize(
    ("field", "value"), [("api_key", "M\r\nX-Evil: 1"), ("version", "1.0\n"), ("lang", "fr")]
)
def test_hypercard_settings_sent_as_headers_are_refused_at_construction(
    field: str, value: str
) -> None:
    key = Path(__file__).parents[1] / "unit" / "vectors" / "test_key.pem"
    settings: dict[str, Any] = {"base_url": "http://127.0.0.1:1", "api_key": "M", field: value}
    with pytest.raises(ConfigurationError, match=field) as info:
        HyperCardConfig(private_key=key, **settings)
    assert "X-Evil" not in str(info.value)
