"""fincard-async: an asynchronous SDK for the FinHub FinCard Virtual and HyperCard APIs.

Example::

    from fincard_async import FincardClient, FinHubConfig

    async with FincardClient(finhub=FinHubConfig(base_url=..., email=..., password=...,
                                                 tenant_id=...)) as client:
        regions = await client.reference_data.list_regions()
"""

import inspect

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
from ._version import __version__

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

# Show public names as fincard_async.X in reprs and tracebacks, not their private modules.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) or inspect.isfunction(_obj):
        _obj.__module__ = __name__
del _name, _obj
