"""What every resource group (reference data, files, work orders, cards) builds its calls from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from fincard_api.models import HyperCardApiVersion, HyperCardLang, Platform

from ._config import EndUser, NotGiven, RequestOptions
from ._exceptions import APIResponseValidationError
from ._transport import CallOptions, Transport

if TYPE_CHECKING:
    from ._client import FincardClient

__all__ = ["Resource", "require_data"]

T = TypeVar("T")


def _pick(value: T | NotGiven, default: T) -> T:
    return default if isinstance(value, NotGiven) else value


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
        opts = options or RequestOptions()
        client = self._client
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
        config = self._client._require_finhub()
        end_user: EndUser = _pick(
            (options or RequestOptions()).end_user,
            self._client._default_end_user or config.end_user,
        )
        return {
            "x_tenant_id": config.tenant_id,
            "x_forwarded_for": end_user.ip,
            "x_forwarded_from": config.forwarded_from,
            "platform": Platform(end_user.platform),
            "device_id": end_user.device_id,
        }

    def _hypercard_headers(self) -> dict[str, Any]:
        config = self._client._require_hypercard()
        lang = HyperCardLang(config.lang) if config.lang else None
        return {"version": HyperCardApiVersion(config.version), "lang": lang}
