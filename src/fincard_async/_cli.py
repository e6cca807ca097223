"""The ``fincard`` command line: every operation as a subcommand, JSON out.

``fincard --help`` lists the commands; ``fincard <command> --help`` the options of one.
Credentials come from the ``FINCARD_*`` variables (as for :class:`FinHubConfig` and
:class:`HyperCardConfig`) or from flags; ``--sandbox`` starts an embedded sandbox instead
and uses its demo credentials. Results go to stdout as JSON (indented on a terminal), errors to
stderr as one JSON object; the exit code tells the error class (see :data:`EXIT_CODES`).
Secrets are never printed: not in results, errors or ``--help`` defaults.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, Final, TextIO

import orjson

from ._client import FincardClient
from ._config import EndUser, FinHubConfig, HyperCardConfig
from ._conversion import make_converter
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    ConfigurationError,
    FincardError,
    OutcomeUnknownError,
    PermissionDeniedError,
    ValidationError,
)
from ._kyc import encode_kyc_image
from ._version import __version__

__all__ = ["EXIT_CODES", "InputFileError", "build_parser", "exit_code", "main", "run"]

EXIT_CODES: Final[dict[int, str]] = {
    0: "ok",
    1: "internal error (a bug: please report it)",
    2: "usage: unknown command or bad flag",
    3: "ConfigurationError: missing or bad credentials or settings",
    4: "ValidationError, or an unreadable input file: nothing was sent",
    5: "AuthenticationError, PermissionDeniedError: credentials refused",
    6: "APIStatusError: the vendor refused the request (business, parameter, duplicate...)",
    7: "APIConnectionError, APITimeoutError: no answer",
    8: "OutcomeUnknownError: a write may have landed; query it by idempotency_key",
    9: "APIResponseValidationError: the answer was unreadable",
}
"""Exit code of each outcome (``fincard --help`` prints this table)."""

# checked in this order: the first matching class decides the code
_ERROR_CODES: Final[tuple[tuple[type[BaseException], int], ...]] = (
    (ConfigurationError, 3),
    (ValidationError, 4),
    (OutcomeUnknownError, 8),
    (AuthenticationError, 5),
    (PermissionDeniedError, 5),
    (APIResponseValidationError, 9),
    (APIStatusError, 6),
    (APIConnectionError, 7),
    (FincardError, 6),
)
_KYC_IMAGES: Final = ("front_doc", "back_doc", "mix_doc", "sign_img", "poa_doc")

Handler = Callable[[FincardClient, argparse.Namespace], Awaitable[Any]]


class InputFileError(Exception):
    """An input file (card application JSON, upload) could not be read."""


# -- the commands ---------------------------------------------------------------------------


async def _login(client: FincardClient, args: argparse.Namespace) -> Any:
    result: dict[str, Any] = {}
    if client.finhub is not None:
        _token, expires_in = await client._login()  # a fresh login; the token is not shown
        result["finhub"] = {"ok": True, "expires_in": expires_in}
    if client.hypercard is not None:
        card_types = await client.cards.list_card_types()  # the cheapest signed call
        result["hypercard"] = {"ok": True, "card_types": len(card_types)}
    return result


async def _regions(client: FincardClient, args: argparse.Namespace) -> Any:
    return await client.reference_data.list_regions()


async def _cities(client: FincardClient, args: argparse.Namespace) -> Any:
    return await client.reference_data.list_cities(region_code=args.region_code)


async def _city_tree(client: FincardClient, args: argparse.Namespace) -> Any:
    return await client.reference_data.list_city_tree(region_code=args.region_code)


async def _mobile_codes(client: FincardClient, args: argparse.Namespace) -> Any:
    return await client.reference_data.list_mobile_area_codes()


async def _upload(client: FincardClient, args: argparse.Namespace) -> Any:
    path = Path(args.file)
    if not await asyncio.to_thread(path.is_file):
        raise InputFileError(f"{args.file}: no such file")
    return {"file_id": await client.files.upload(path, category=args.category)}


async def _submit(client: FincardClient, args: argparse.Namespace) -> Any:
    return await client.work_orders.submit(
        title=args.title,
        target=args.target,
        trade_type=args.trade_type,
        content=args.content,
        files=args.file_id or None,
        merchant_order_no=args.merchant_order_no,
    )


async def _work_orders(client: FincardClient, args: argparse.Namespace) -> Any:
    records: list[Any] = []
    async with client.work_orders.list(
        merchant_order_no=args.merchant_order_no,
        order_no=args.order_no,
        target=args.target,
        trade_type=args.trade_type,
        trade_status=args.trade_status,
        page_size=args.page_size,
    ) as orders:
        async for record in orders:
            records.append(record)
            if args.limit is not None and len(records) >= args.limit:
                break
    return records


async def _card_types(client: FincardClient, args: argparse.Namespace) -> Any:
    return await client.cards.list_card_types(card_type_id=args.card_type_id)


async def _apply_card(client: FincardClient, args: argparse.Namespace) -> Any:
    from .models import CardApplyBaseInfo, CardApplyKycInfo

    path = Path(args.file)
    document = await asyncio.to_thread(_read_json, path)
    kyc = document.get("kyc_info")
    if isinstance(kyc, dict):
        await _encode_images(kyc, path.parent)
    converter = make_converter()
    try:
        base_info = converter.structure(document.get("base_info"), CardApplyBaseInfo)
        kyc_info = converter.structure(kyc, CardApplyKycInfo)
    except Exception as exc:  # cattrs raises several classes; the values must not be shown
        raise InputFileError(
            f"{path.name}: not a card application ({type(exc).__name__})"
        ) from None
    data = await client.cards.apply(
        base_info=base_info,
        kyc_info=kyc_info,
        mc_trade_no=args.mc_trade_no or document.get("mc_trade_no"),
        validate_with_card_type=not args.no_card_type_check,
    )
    return {"data": data}


def _read_json(path: Path) -> dict[str, Any]:
    try:
        document = orjson.loads(path.read_bytes())
    except OSError as exc:
        raise InputFileError(f"{path}: {exc.strerror}") from None
    except orjson.JSONDecodeError:
        raise InputFileError(f"{path.name}: not JSON") from None
    if not isinstance(document, dict):
        raise InputFileError(f"{path.name}: expected an object with base_info and kyc_info")
    return document


async def _encode_images(kyc: dict[str, Any], folder: Path) -> None:
    # "@front.jpg" names an image file next to the JSON; anything else is base64 already
    for field in _KYC_IMAGES:
        value = kyc.get(field)
        if isinstance(value, str) and value.startswith("@"):
            image = folder / value[1:]
            if not await asyncio.to_thread(image.is_file):
                raise InputFileError(f"kyc_info.{field}: no such file {value[1:]}")
            kyc[field] = (await encode_kyc_image(image, field=field)).data


# -- the parser -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``fincard`` (exposed for the docs and the tests)."""
    codes = "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES.items())
    parser = argparse.ArgumentParser(
        prog="fincard",
        description="Call the FinHub and HyperCard APIs from the shell; JSON out.",
        epilog=f"credentials: FINCARD_FINHUB_* and FINCARD_HYPERCARD_* variables, or the "
        f"flags above.\n\nexit codes:\n{codes}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"fincard {__version__}")
    _add_connection_flags(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_commands(commands)
    return parser


def _add_connection_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("connection (flags win over FINCARD_* variables)")
    group.add_argument("--sandbox", action="store_true", help="run against an embedded sandbox")
    group.add_argument("--finhub-base-url", metavar="URL", help="FINCARD_FINHUB_BASE_URL")
    group.add_argument("--email", help="FINCARD_FINHUB_EMAIL")
    group.add_argument(
        "--password-file",
        metavar="PATH",
        help="read the FinHub password from a file (else FINCARD_FINHUB_PASSWORD)",
    )
    group.add_argument("--tenant-id", help="FINCARD_FINHUB_TENANT_ID")
    group.add_argument("--hypercard-base-url", metavar="URL", help="FINCARD_HYPERCARD_BASE_URL")
    group.add_argument("--api-key", help="FINCARD_HYPERCARD_API_KEY")
    group.add_argument(
        "--private-key", metavar="PATH", help="PEM file (else FINCARD_HYPERCARD_PRIVATE_KEY)"
    )
    group.add_argument("--end-user-ip", metavar="IP", default="127.0.0.1", help="X-End-User-IP")
    out = parser.add_argument_group("output")
    out.add_argument("--pretty", action="store_true", default=None, help="indented JSON")
    out.add_argument("--compact", dest="pretty", action="store_false", help="one-line JSON")


def _add_commands(commands: Any) -> None:
    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(
            name, help=help_text, description=help_text
        )
        sub.set_defaults(handler=handler)
        return sub

    add(
        "login",
        _login,
        "check the credentials: log in to FinHub, make one signed HyperCard call",
    )
    add("regions", _regions, "list countries and regions (listRegions)")
    add("cities", _cities, "list cities (listCities)").add_argument(
        "--region-code", metavar="CC", help="alpha-2 country code"
    )
    add("city-tree", _city_tree, "provinces/states with their cities (listCityTree)").add_argument(
        "--region-code", metavar="CC", help="alpha-2 country code"
    )
    add("mobile-codes", _mobile_codes, "mobile calling codes (listMobileAreaCodes)")
    upload = add("upload", _upload, "upload a jpg, png or pdf of at most 2 MB (uploadFile)")
    upload.add_argument("file", help="path of the file")
    upload.add_argument("--category", default="card", help="file category (default: card)")
    _add_submit(add("submit-work-order", _submit, "open a work order (submitWorkOrder)"))
    _add_list(add("work-orders", _work_orders, "list work orders, all pages (listWorkOrders)"))
    add("card-types", _card_types, "the merchant's card types (listCardTypes)").add_argument(
        "--card-type-id", metavar="ID", help="only this card type"
    )
    apply = add("apply-card", _apply_card, "apply for a card from a JSON file (applyCard)")
    apply.add_argument(
        "file",
        help='JSON: {"base_info": {...}, "kyc_info": {...}} in wire names; an image field '
        'may be "@front.jpg", a file next to the JSON',
    )
    apply.add_argument("--mc-trade-no", metavar="NO", help="idempotency key (default: new)")
    apply.add_argument(
        "--no-card-type-check", action="store_true", help="skip the card type's own rules"
    )


def _add_submit(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--title", required=True)
    sub.add_argument("--target", required=True, help="e.g. the card number")
    sub.add_argument("--trade-type", required=True, help="e.g. CARD_ACTIVE")
    sub.add_argument("--content")
    sub.add_argument("--file-id", action="append", help="an uploaded fileId (repeatable)")
    sub.add_argument(
        "--merchant-order-no", metavar="NO", help="idempotency key (default: a new one)"
    )


def _add_list(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--merchant-order-no", metavar="NO", help="the order you submitted")
    sub.add_argument("--order-no", metavar="NO")
    sub.add_argument("--target")
    sub.add_argument("--trade-type")
    sub.add_argument("--trade-status")
    sub.add_argument("--page-size", type=int, default=50, help="records per request")
    sub.add_argument("--limit", type=int, help="stop after this many records")


# -- credentials ----------------------------------------------------------------------------

_FINHUB_NEEDS: Final = {
    "finhub_base_url": "FINCARD_FINHUB_BASE_URL",
    "email": "FINCARD_FINHUB_EMAIL",
    "password": "FINCARD_FINHUB_PASSWORD",
    "tenant_id": "FINCARD_FINHUB_TENANT_ID",
}
_HYPERCARD_NEEDS: Final = {
    "hypercard_base_url": "FINCARD_HYPERCARD_BASE_URL",
    "api_key": "FINCARD_HYPERCARD_API_KEY",
    "private_key": "FINCARD_HYPERCARD_PRIVATE_KEY",
}


def _settings(args: argparse.Namespace, needs: dict[str, str]) -> dict[str, str] | None:
    """The family's settings from flags, then variables; None when none at all is given."""
    values = {
        name: getattr(args, name, None) or os.environ.get(env, "") for name, env in needs.items()
    }
    if not any(values.values()):
        return None
    missing = [needs[name] for name, value in values.items() if not value]
    if missing:
        raise ConfigurationError(f"set {', '.join(missing)} (or the matching flags)")
    return values


def _configs(args: argparse.Namespace) -> tuple[FinHubConfig | None, HyperCardConfig | None]:
    if args.password_file:
        try:
            args.password = Path(args.password_file).read_text().strip()
        except OSError as exc:
            raise ConfigurationError(f"--password-file: {exc.strerror}") from None
    end_user = EndUser(ip=args.end_user_ip, platform="web", device_id="fincard-cli")
    finhub = hypercard = None
    if (values := _settings(args, _FINHUB_NEEDS)) is not None:
        finhub = FinHubConfig(
            base_url=values["finhub_base_url"],
            email=values["email"],
            password=values["password"],
            tenant_id=values["tenant_id"],
            forwarded_from="fincard-cli",
            end_user=end_user,
        )
    if (values := _settings(args, _HYPERCARD_NEEDS)) is not None:
        hypercard = HyperCardConfig(
            base_url=values["hypercard_base_url"],
            api_key=values["api_key"],
            private_key=values["private_key"],
        )
    return finhub, hypercard


@contextlib.asynccontextmanager
async def _client(args: argparse.Namespace) -> AsyncIterator[FincardClient]:
    if not args.sandbox:
        finhub, hypercard = await asyncio.to_thread(_configs, args)  # may read a file
        async with FincardClient(finhub=finhub, hypercard=hypercard) as client:
            yield client
        return
    try:
        from .sandbox import run_sandbox
    except ImportError as exc:  # the [sandbox] extra is missing
        raise ConfigurationError(f"--sandbox needs fincard-async[sandbox] ({exc.name})") from None
    async with run_sandbox() as sandbox:
        creds = sandbox.credentials
        end_user = EndUser(ip=args.end_user_ip, platform="web", device_id="fincard-cli")
        finhub = FinHubConfig(
            base_url=sandbox.base_url,
            email=creds.email,
            password=creds.password,
            tenant_id=creds.tenant_id,
            forwarded_from="fincard-cli",
            end_user=end_user,
        )
        hypercard = HyperCardConfig(
            base_url=sandbox.base_url, api_key=creds.api_key, private_key=creds.private_key_pem
        )
        async with FincardClient(finhub=finhub, hypercard=hypercard) as client:
            yield client


# -- running --------------------------------------------------------------------------------


def _dump(value: Any, pretty: bool) -> str:
    plain = make_converter().unstructure(value)
    option = orjson.OPT_INDENT_2 if pretty else 0
    return orjson.dumps(plain, option=option | orjson.OPT_NON_STR_KEYS).decode()


def _error_report(error: BaseException) -> dict[str, Any]:
    report: dict[str, Any] = {"error": type(error).__name__, "message": str(error)}
    if isinstance(error, ValidationError):
        report["violations"] = [str(violation) for violation in error.violations]
    if isinstance(error, APIError):
        for name in ("operation", "request_id", "idempotency_key"):
            report[name] = getattr(error, name)
    if isinstance(error, APIStatusError):
        report["status_code"] = error.status_code
        report["code"] = error.code
    return report


def exit_code(error: BaseException) -> int:
    """The exit code for ``error`` (see :data:`EXIT_CODES`)."""
    if isinstance(error, InputFileError):
        return 4
    return next((code for kind, code in _ERROR_CODES if isinstance(error, kind)), 1)


async def run(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run one ``fincard`` command inside a running event loop; return its exit code."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:  # --help, --version, usage errors
        return exit_.code if isinstance(exit_.code, int) else 2
    pretty = out.isatty() if args.pretty is None else args.pretty
    try:
        async with _client(args) as client:
            result = await args.handler(client, args)
    except (FincardError, InputFileError) as error:
        print(_dump(_error_report(error), pretty), file=err)
        return exit_code(error)
    print(_dump(result, pretty), file=out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``fincard`` console script and ``python -m fincard_async``."""
    return asyncio.run(run(argv))
