"""Fixtures of the sandbox tests (the sandbox itself comes from the pytest plugin)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest_asyncio

from fincard_async.sandbox import Sandbox

from .helpers import FinHub, HyperCard


@pytest_asyncio.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as client_session:
        yield client_session


@pytest_asyncio.fixture
async def finhub(session: aiohttp.ClientSession, fincard_sandbox: Sandbox) -> FinHub:
    return FinHub(session, fincard_sandbox)


@pytest_asyncio.fixture
async def hypercard(session: aiohttp.ClientSession, fincard_sandbox: Sandbox) -> HyperCard:
    return HyperCard(session, fincard_sandbox)
