# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""A client library for accessing FinCard Async API (FinHub FinCard Virtual + HyperCard)

Raw async operations generated from ``openapi/fincard.yaml``, over aiohttp. Most users want the
hand-written ``fincard_async`` client on top of this package.
"""

from .client import Client, Operation, PreparedRequest, Transport

__all__ = ["Client", "Operation", "PreparedRequest", "Transport"]
