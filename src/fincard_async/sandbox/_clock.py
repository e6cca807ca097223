"""The sandbox clock: wall time plus a test-controlled offset, or a frozen instant."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["SandboxClock"]


class SandboxClock:
    """A clock that tests can move forward.

    By default it follows ``time_source`` (wall time) plus the total of every
    :meth:`advance`; with ``frozen_at`` it stands still at that instant until advanced.
    Token expiry, work order status movement and the HyperCard timestamp window all read it.
    """

    def __init__(
        self,
        *,
        frozen_at: float | None = None,
        time_source: Callable[[], float] = time.time,
    ) -> None:
        self._frozen_at = frozen_at
        self._time_source = time_source
        self._offset = 0.0

    def now(self) -> float:
        """Seconds since the epoch, as the sandbox sees them."""
        base = self._frozen_at if self._frozen_at is not None else self._time_source()
        return base + self._offset

    def now_ms(self) -> int:
        """Epoch milliseconds, as FinHub writes times."""
        return int(self.now() * 1000)

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds`` (never backwards)."""
        if seconds < 0:
            raise ValueError("the sandbox clock only moves forward")
        self._offset += seconds

    @property
    def offset(self) -> float:
        """Total seconds added by :meth:`advance`."""
        return self._offset
