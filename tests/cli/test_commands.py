"""Every ``fincard`` subcommand against the sandbox, through the entry point's ``run``."""

from __future__ import annotations

import io
from pathlib import Path

import orjson
import pytest
from PIL import Image

from fincard_async._cli import build_parser, run
from fincard_async.sandbox import Sandbox

from .conftest import Cli

COMMANDS = (
    "login",
    "regions",
    "cities",
    "city-tree",
    "mobile-codes",
    "upload",
    "submit-work-order",
    "work-orders",
    "card-types",
    "apply-card",
)


def picture(path: Path, fmt: str) -> Path:
    Image.new("RGB", (64, 48), "white").save(path, format=fmt)
    return path


def test_help_lists_every_operation_and_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    text = build_parser().format_help()
    for command in COMMANDS:
        assert f"    {command} " in text
    assert "exit codes:" in text
    assert "8  OutcomeUnknownError" in text


@pytest.mark.parametrize("command", COMMANDS)
async def test_each_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert await run([command, "--help"]) == 0
    assert capsys.readouterr().out.startswith(f"usage: fincard {command}")


async def test_login_checks_both_families(cli: Cli) -> None:
    outcome = await cli("login")
    assert outcome.code == 0, outcome.stderr
    result = outcome.json()
    assert result["finhub"]["ok"] is True
    assert result["finhub"]["expires_in"] > 0
    assert result["hypercard"] == {"ok": True, "card_types": result["hypercard"]["card_types"]}


async def test_reference_data_commands(cli: Cli) -> None:
    regions = (await cli("regions")).json()
    assert {"code": "SG"}.items() <= next(r for r in regions if r["code"] == "SG").items()
    codes = (await cli("mobile-codes")).json()
    assert any(c["areaCode"] == "US" and c["code"] == "+1" for c in codes)
    cities = await cli("cities", "--region-code", "CN")
    assert cities.code == 0
    assert cities.json()
    assert all(city["country"] == "CN" for city in cities.json())
    tree = (await cli("city-tree", "--region-code", "CN")).json()
    assert tree
    assert all(node["country"] == "CN" for node in tree)


async def test_upload_submit_and_find_by_merchant_order_no(cli: Cli, tmp_path: Path) -> None:
    uploaded = await cli("upload", str(picture(tmp_path / "id.png", "PNG")))
    assert uploaded.code == 0, uploaded.stderr
    file_id = uploaded.json()["file_id"]
    submitted = await cli(
        "submit-work-order",
        "--title=Activate card",
        "--target=4111111111111111",
        "--trade-type=CARD_ACTIVE",
        f"--file-id={file_id}",
        "--merchant-order-no=CLI0000000000000000000000001",
    )
    assert submitted.code == 0, submitted.stderr
    order = submitted.json()
    assert order["merchantOrderNo"] == "CLI0000000000000000000000001"
    await cli("submit-work-order", "--title=Other", "--target=4111", "--trade-type=CARD_ACTIVE")

    found = await cli("work-orders", "--merchant-order-no=CLI0000000000000000000000001")
    assert found.code == 0, found.stderr
    assert [r["orderNo"] for r in found.json()] == [order["orderNo"]]
    every = (await cli("work-orders", "--page-size=1")).json()
    assert len(every) == 2
    assert len((await cli("work-orders", "--limit=1")).json()) == 1


async def test_card_types_and_apply_from_a_json_file(cli: Cli, tmp_path: Path) -> None:
    types = (await cli("card-types")).json()
    assert "10001" in {t["card_type_id"] for t in types}
    assert [
        t["card_type_id"] for t in (await cli("card-types", "--card-type-id=10001")).json()
    ] == ["10001"]
    picture(tmp_path / "front.jpg", "JPEG")
    picture(tmp_path / "sign.png", "PNG")
    application = tmp_path / "application.json"
    application.write_bytes(orjson.dumps(_application("@front.jpg", "@sign.png")))
    applied = await cli("apply-card", str(application), "--mc-trade-no=CLIAPPLY000000000000000001")
    assert applied.code == 0, applied.stderr
    assert "data" in applied.json()


def _application(front: str, sign: str) -> dict[str, object]:
    return {
        "base_info": {
            "card_type_id": "10001",
            "email": "ann@example.com",
            "first_name": "Ann",
            "last_name": "Lee",
            "mobile": "5550100",
            "mobile_code": "+1",
        },
        "kyc_info": {
            "address": "1 Main Street",
            "birthday": "1990-04-12",
            "city": "Springfield",
            "country_id": "US",
            "doc_no": "X1234567",
            "doc_type": 1,
            "emergency_contact": "Bob Lee",
            "front_doc": front,
            "gender": 2,
            "mix_doc": front,
            "nationality_id": "US",
            "sign_img": sign,
            "state": "IL",
            "zip_code": "62701",
            "doc_never_expire": 1,
        },
    }


async def test_output_is_pretty_on_request_and_compact_otherwise(cli: Cli) -> None:
    compact = await cli("card-types")
    pretty = await cli("--pretty", "card-types")
    assert compact.stdout.count("\n") == 1
    assert pretty.stdout.count("\n") > 5
    assert orjson.loads(pretty.stdout) == orjson.loads(compact.stdout)


async def test_sandbox_flag_needs_no_credentials() -> None:
    out = io.StringIO()
    assert await run(["--sandbox", "card-types"], stdout=out) == 0
    assert orjson.loads(out.getvalue())


async def test_flags_win_over_variables(fincard_sandbox: Sandbox, tmp_path: Path) -> None:
    creds = fincard_sandbox.credentials
    password = tmp_path / "password"
    password.write_text(creds.password + "\n")
    out = io.StringIO()
    argv = [
        f"--finhub-base-url={fincard_sandbox.base_url}",
        f"--email={creds.email}",
        f"--password-file={password}",
        f"--tenant-id={creds.tenant_id}",
        "login",
    ]
    assert await run(argv, stdout=out) == 0
    assert orjson.loads(out.getvalue()) == {"finhub": {"ok": True, "expires_in": 3600.0}}
