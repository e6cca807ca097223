"""The ``fincard_async`` logger, and the redaction every log line goes through.

Nothing is configured at import. ``FINCARD_LOG=debug`` (or ``info``) in the environment adds a
stderr handler the first time a client is built; otherwise the application's logging decides.
Log lines never carry bodies (KYC data), and headers are redacted before they are logged.

Levels: DEBUG has one line per attempt (operation, attempt, status, request id, duration);
INFO one line per retry, per reconciliation and per failed call (operation, attempt, request
id and, for writes, the idempotency key, which is our own transaction id, never personal data).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._exceptions import APIError
    from ._outcome import CallOutcome

__all__ = [
    "REDACTED_HEADERS",
    "log_attempt",
    "log_outcome",
    "log_reconciled",
    "log_retry",
    "logger",
    "redact_headers",
    "setup_from_env",
]

logger = logging.getLogger("fincard_async")

REDACTED_HEADERS = frozenset({"authorization", "signature", "cookie", "set-cookie"})


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy of ``headers`` safe to log: credentials and signatures replaced."""
    return {
        name: "<redacted>" if name.lower() in REDACTED_HEADERS else value
        for name, value in headers.items()
    }


def log_attempt(
    operation: str, attempt: int, status: int | str, request_id: str | None, started: float
) -> None:
    """DEBUG: one attempt ended (``started`` is a ``time.perf_counter()`` reading)."""
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s attempt=%d status=%s request_id=%s duration=%.3fs",
            operation,
            attempt,
            status,
            request_id,
            time.perf_counter() - started,
        )


def log_retry(operation: str, attempt: int, error: APIError, key: str | None) -> None:
    """INFO: attempt ``attempt`` failed and the call tries again."""
    if logger.isEnabledFor(logging.INFO):
        logger.info(
            "%s retry after attempt=%d error=%s request_id=%s key=%s",
            operation,
            attempt,
            type(error).__name__,
            error.request_id,
            key,
        )


def log_outcome(outcome: CallOutcome | None) -> None:
    """INFO for a call that failed or ended with its outcome unknown; successes stay quiet."""
    if outcome is None or outcome.outcome == "success" or not logger.isEnabledFor(logging.INFO):
        return
    logger.info(
        "%s %s attempts=%d error=%s status=%s code=%s request_id=%s key=%s",
        outcome.operation,
        outcome.outcome,
        outcome.attempts,
        outcome.error_type,
        outcome.status_code,
        outcome.vendor_code,
        outcome.request_id,
        outcome.idempotency_key,
    )


def log_reconciled(operation: str, key: str, found: bool, request_id: str | None) -> None:
    """INFO: an uncertain write was looked up by its key."""
    logger.info(
        "%s reconciled=%s by lookup request_id=%s key=%s",
        operation,
        "found" if found else "not-found",
        request_id,
        key,
    )


def setup_from_env() -> None:
    """Attach a stderr handler when FINCARD_LOG asks for one (once per process)."""
    level = os.environ.get("FINCARD_LOG", "").upper()
    if level not in ("DEBUG", "INFO") or logger.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
