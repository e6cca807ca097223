"""What every resource group (reference data, files, work orders, cards) builds its calls from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from fincard_async._generated.models import HyperCardApiVersion, HyperCardLang, Platform

from ._config import EndUser, FinHubConfig, NotGiven, RequestOptions
from ._transport import CallOptions, Transport
from ._validation import SpecValidator, raise_if_any

if TYPE_CHECKING:
    from ._client import FincardClient

__all__ = ["Resource", "finhub_headers"]

T = TypeVar("T")

# keyword of a generated operation -> the header it sends
_HEADER_NAMES: dict[str, str] = {
    "x_tenant_id": "X-Tenant-ID",
    "x_forwarded_for": "X-Forwarded-For",
    "x_forwarded_from": "X-Forwarded-From",
    "platform": "platform",
    "device_id": "deviceId",
}


def _pick(value: T | NotGiven, default: T) -> T:
    return default if isinstance(value, NotGiven) else value


def finhub_headers(config: FinHubConfig, end_user: EndUser) -> dict[str, Any]:
    """The FinHub context headers, as keyword arguments of a generated operation."""
    return {
        "x_tenant_id": config.tenant_id,
        "x_forwarded_for": end_user.ip,
        "x_forwarded_from": config.forwarded_from,
        "platform": Platform(end_user.platform),
        "device_id": end_user.device_id,
    }


class Resource:
    """Base of the resource groups: resolves per-call options into a transport.

    A success answer's ``data`` is required and typed by the spec (D4, D18): the generated
    models carry it, so no resource checks for a missing ``data`` itself.
    """

    def __init__(self, client: FincardClient, *, validator: SpecValidator | None = None) -> None:
        self._client = client
        self._validator = validator if validator is not None else SpecValidator()
        # the wire form of the last header set checked: the client's default set, nearly always
        self._last_wire: tuple[dict[str, Any], dict[str, str]] | None = None

    def _transport(
        self, options: RequestOptions | None, *, idempotency_key: str | None = None
    ) -> Transport:
        client = self._client
        if options is None and idempotency_key is None:
            return client._open_transport(client._plain_call_options())
        opts = options or RequestOptions()
        call = CallOptions(
            timeout=_pick(opts.timeout, client.timeout),
            retry=_pick(opts.retry, client.retry),
            end_user=_pick(opts.end_user, client._default_end_user),
            extra_headers=opts.extra_headers,
            idempotency_key=idempotency_key,
        )
        return client._open_transport(call)

    def _finhub_headers(self, options: RequestOptions | None) -> dict[str, Any]:
        """The FinHub context headers, as keyword arguments of a generated operation."""
        client = self._client
        if options is None or isinstance(options.end_user, NotGiven):
            return client._plain_finhub_headers()
        return finhub_headers(client._require_finhub(), options.end_user)

    async def _checked_finhub_headers(
        self, operation_id: str, options: RequestOptions | None, *, body: Any = None
    ) -> dict[str, Any]:
        """:meth:`_finhub_headers`, after checking them (and ``body``, if given) against the spec.

        Raises:
            ValidationError: a header (e.g. ``X-Forwarded-For`` that is not an IP address) or
                a body field breaks the spec; nothing is sent.
        """
        headers = self._finhub_headers(options)
        wire = self._wire(headers)
        if body is None:
            found = await self._validator.header_violations(operation_id, wire)
        else:
            unstructured = self._client._core.converter.unstructure(body)
            found = await self._validator.request_violations(operation_id, wire, unstructured)
        raise_if_any(found, operation=operation_id)
        return headers

    def _wire(self, headers: dict[str, Any]) -> dict[str, str]:
        last = self._last_wire
        if last is not None and last[0] is headers:  # the very object, held here: same values
            return last[1]
        wire = {_HEADER_NAMES[name]: str(value) for name, value in headers.items()}
        self._last_wire = (headers, wire)
        return wire

    def _hypercard_headers(self) -> dict[str, Any]:
        config = self._client._require_hypercard()
        lang = HyperCardLang(config.lang) if config.lang else None
        return {"version": HyperCardApiVersion(config.version), "lang": lang}
