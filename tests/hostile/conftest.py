"""A hostile FinHub server on loopback, and a client pointed at it with small limits."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from fincard_async import AnswerLimits, FincardClient, FinHubConfig, RetryPolicy, Timeout

from ._server import HostileServer

# small enough that the fast tests move little data; the full run (make hostile) uses defaults
FAST_LIMITS = AnswerLimits(max_body_bytes=1 << 20, max_depth=32)


@pytest.fixture
async def hostile() -> AsyncIterator[HostileServer]:
    async with HostileServer() as server:
        yield server


@pytest.fixture
async def client(hostile: HostileServer) -> AsyncIterator[FincardClient]:
    config = FinHubConfig(base_url=hostile.url, email="a@b.c", password="pw", tenant_id="T")
    async with FincardClient(
        finhub=config,
        answer_limits=FAST_LIMITS,
        retry=RetryPolicy(max_retries=2, initial_delay=0, max_delay=0),
        timeout=Timeout(connect=2, read=0.5, total=1, deadline=1.5),
    ) as fincard:
        yield fincard
