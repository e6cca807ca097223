"""fincard-async: an asynchronous SDK for the FinHub FinCard Virtual and HyperCard APIs.

Example::

    from fincard_async import FincardClient, FinHubConfig

    async with FincardClient(finhub=FinHubConfig(base_url=..., email=..., password=...,
                                                 tenant_id=...)) as client:
        regions = await client.reference_data.list_regions()
"""

import importlib
import inspect
import typing

from ._version import __version__

if typing.TYPE_CHECKING:  # the names as type checkers and documentation tools see them
    from . import models
    from ._card_rules import CardTypeRules
    from ._client import FincardClient
    from ._config import (
        NOT_GIVEN,
        ConnectionLimits,
        EndUser,
        FinHubConfig,
        HyperCardConfig,
        NotGiven,
        RequestOptions,
        RetryPolicy,
        Timeout,
    )
    from ._exceptions import (
        AnswerTooLargeError,
        APIConnectionError,
        APIError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BusinessError,
        CertificateError,
        ConfigurationError,
        DuplicateRequestError,
        FincardError,
        InsufficientBalanceError,
        InvalidRequestError,
        OutcomeUnknownError,
        ParameterError,
        PermissionDeniedError,
        RateLimitError,
        ServerError,
        SignatureError,
        TimestampError,
        ValidationError,
        Violation,
    )
    from ._kyc import KycImage, encode_kyc_image
    from ._limits import AnswerLimits
    from ._order_numbers import OrderNumberGenerator
    from ._pagination import AsyncPaginator, Page
    from ._receipts import CardApplyReceipt
    from ._reference_data import flatten_city_tree
    from ._retry import Clock
    from ._spec import openapi_spec
    from ._transport import ResponseInfo

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AnswerLimits",
    "AnswerTooLargeError",
    "AsyncPaginator",
    "AuthenticationError",
    "BusinessError",
    "CardApplyReceipt",
    "CardTypeRules",
    "CertificateError",
    "Clock",
    "ConfigurationError",
    "ConnectionLimits",
    "DuplicateRequestError",
    "EndUser",
    "FinHubConfig",
    "FincardClient",
    "FincardError",
    "HyperCardConfig",
    "InsufficientBalanceError",
    "InvalidRequestError",
    "KycImage",
    "NotGiven",
    "OrderNumberGenerator",
    "OutcomeUnknownError",
    "Page",
    "ParameterError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestOptions",
    "ResponseInfo",
    "RetryPolicy",
    "ServerError",
    "SignatureError",
    "Timeout",
    "TimestampError",
    "ValidationError",
    "Violation",
    "__version__",
    "encode_kyc_image",
    "flatten_city_tree",
    "models",
    "openapi_spec",
]

# Public name -> the private module that holds it. Nothing below the package is imported until
# a name is first used (PEP 562): `import fincard_async` costs next to nothing, and a tool that
# only needs one corner (the pytest plugin, `fincard --help`) never loads the whole SDK.
_LAZY: dict[str, str] = {
    "models": ".models",
    "AnswerLimits": "._limits",
    "AnswerTooLargeError": "._exceptions",
    "APIConnectionError": "._exceptions",
    "APIError": "._exceptions",
    "APIResponseValidationError": "._exceptions",
    "APIStatusError": "._exceptions",
    "APITimeoutError": "._exceptions",
    "AsyncPaginator": "._pagination",
    "AuthenticationError": "._exceptions",
    "BusinessError": "._exceptions",
    "CardApplyReceipt": "._receipts",
    "CardTypeRules": "._card_rules",
    "CertificateError": "._exceptions",
    "Clock": "._retry",
    "ConfigurationError": "._exceptions",
    "ConnectionLimits": "._config",
    "DuplicateRequestError": "._exceptions",
    "encode_kyc_image": "._kyc",
    "EndUser": "._config",
    "FincardClient": "._client",
    "FincardError": "._exceptions",
    "FinHubConfig": "._config",
    "flatten_city_tree": "._reference_data",
    "HyperCardConfig": "._config",
    "InsufficientBalanceError": "._exceptions",
    "InvalidRequestError": "._exceptions",
    "KycImage": "._kyc",
    "NOT_GIVEN": "._config",
    "NotGiven": "._config",
    "openapi_spec": "._spec",
    "OrderNumberGenerator": "._order_numbers",
    "OutcomeUnknownError": "._exceptions",
    "Page": "._pagination",
    "ParameterError": "._exceptions",
    "PermissionDeniedError": "._exceptions",
    "RateLimitError": "._exceptions",
    "RequestOptions": "._config",
    "ResponseInfo": "._transport",
    "RetryPolicy": "._config",
    "ServerError": "._exceptions",
    "SignatureError": "._exceptions",
    "Timeout": "._config",
    "TimestampError": "._exceptions",
    "ValidationError": "._exceptions",
    "Violation": "._exceptions",
}


def __getattr__(name: str) -> typing.Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    _load()
    return globals()[name]


def _load() -> None:
    # Every public name at once, on the first use of any: the SDK is then exactly as if
    # imported eagerly (one class shown everywhere as fincard_async.X, whichever is used first).
    for public, module in _LAZY.items():
        value = importlib.import_module(module, __name__)
        if public != "models":
            value = getattr(value, public)
            # shown as fincard_async.X in reprs and tracebacks, not as its private module
            if isinstance(value, type) or inspect.isfunction(value):
                value.__module__ = __name__
        globals()[public] = value  # later look-ups are plain attribute reads


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
