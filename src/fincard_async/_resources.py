"""What every resource group (reference data, files, work orders, cards) builds its calls from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from fincard_api.models import HyperCardApiVersion, HyperCardLang, Platform

from ._config import EndUser, FinHubConfig, NotGiven, RequestOptions
from ._exceptions import APIResponseValidationError
from ._transport import CallOptions, Transport

if TYPE_CHECKING:
    from ._client import FincardClient

__all__ = ["Resource", "finhub_headers", "require_data"]

T = TypeVar("T")


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


def require_data(data: T | None, operation: str) -> T:
    """The envelope's ``data``, which a success answer must carry."""
    if data is None:
        raise APIResponseValidationError("success answer without data", operation=operation)
    return data


class Resource:
    """Base of the resource groups: resolves per-call options into a transport."""

    def __init__(self, client: FincardClient) -> None:
        self._client = client

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

    def _hypercard_headers(self) -> dict[str, Any]:
        config = self._client._require_hypercard()
        lang = HyperCardLang(config.lang) if config.lang else None
        return {"version": HyperCardApiVersion(config.version), "lang": lang}
