"""The ``fincard_async`` logger, and the redaction every log line goes through.

Nothing is configured at import. ``FINCARD_LOG=debug`` (or ``info``) in the environment adds a
stderr handler the first time a client is built; otherwise the application's logging decides.
Log lines never carry bodies (KYC data), and headers are redacted before they are logged.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

__all__ = ["REDACTED_HEADERS", "logger", "redact_headers", "setup_from_env"]

logger = logging.getLogger("fincard_async")

REDACTED_HEADERS = frozenset({"authorization", "signature", "cookie", "set-cookie"})


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy of ``headers`` safe to log: credentials and signatures replaced."""
    return {
        name: "<redacted>" if name.lower() in REDACTED_HEADERS else value
        for name, value in headers.items()
    }


def setup_from_env() -> None:
    """Attach a stderr handler when FINCARD_LOG asks for one (once per process)."""
    level = os.environ.get("FINCARD_LOG", "").upper()
    if level not in ("DEBUG", "INFO") or logger.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
