"""The bench server: pre-serialised answers, from a process of its own, pinned to one core.

It is a deliberately minimal HTTP/1.1 server on :mod:`asyncio` protocols (keep-alive,
``Content-Length`` bodies, no chunked requests), not ``aiohttp.web``: it spends a few
microseconds per request, so the client process is always the one being measured. Its own CPU
time is reported through ``GET /_bench/stats`` so each scenario shows the server's share.

Paths may carry a tenant prefix, ``/t/<name>/...``: the tenant decides the number of work
orders in the list and the lifetime of its first login, and counts its logins.

Run as ``python -m bench._server '<plan json>'``: it prints ``READY <port>`` and serves until
its standard input closes (so it never outlives the harness).
"""

from __future__ import annotations

import asyncio
import json
import os
import select
import signal
import subprocess
import sys
import types
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Self

import aiohttp
import attrs
import orjson

from . import _data

__all__ = ["ROOT", "ServerHandle", "ServerStats", "Tenant", "start_server"]

ROOT = Path(__file__).resolve().parents[1]
"""The repository root: the working directory of every process the harness starts."""

FINHUB = "/api/v2.1/fincard/virtual"
LOGIN = "/api/auth/login"
REGIONS = FINHUB + "/common/region"
CITIES = FINHUB + "/common/city"
CITY_TREE = FINHUB + "/common/v2/city"
WORK_LIST = FINHUB + "/work/list"
CARD_TYPES = "/v5/openapi/card/list"


@attrs.frozen(kw_only=True)
class Tenant:
    """What one ``/t/<name>`` prefix serves."""

    work_total: int = 0
    first_expires_in: int = 3600


@attrs.frozen(kw_only=True)
class ServerStats:
    """Server CPU seconds so far, logins per tenant since its last reset, requests per path,
    connections accepted."""

    cpu: float
    logins: Mapping[str, int]
    requests: Mapping[str, int]
    connections: int


def _response(body: bytes, status: bytes = b"200 OK") -> bytes:
    head = (
        b"HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
        b"X-Request-Id: bench\r\n\r\n" % (status, len(body))
    )
    return head + body


_NOT_FOUND = _response(
    b'{"success":false,"code":404,"msg":"no such path","data":null}', b"404 Not Found"
)
_BAD_REQUEST = _response(b'{"success":false,"code":400,"msg":"bad request"}', b"400 Bad Request")


class _App:
    """Routes a request to its prebuilt answer."""

    def __init__(self, plan: Mapping[str, Any]) -> None:
        self.tenants = {name: Tenant(**spec) for name, spec in plan["tenants"].items()}
        self.logins = dict.fromkeys(self.tenants, 0)
        self.requests: dict[str, int] = {}
        self.connections = 0
        most = max((t.work_total for t in self.tenants.values()), default=0)
        self.work_orders = _data.WorkOrderStore.build(most)
        tree = _data.city_tree(plan["city_states"], plan["cities_per_state"])
        self.static = {
            REGIONS: _response(_data.finhub_body(_data.regions(plan["regions"]))),
            CITIES: _response(_data.finhub_body(_data.tiny_cities())),
            CITY_TREE: _response(_data.finhub_body(tree)),
            CARD_TYPES: _response(_data.card_types_body()),
        }
        self.long_login = _response(_data.login_body(3600))
        self.short_logins = {
            name: _response(_data.login_body(t.first_expires_in))
            for name, t in self.tenants.items()
        }
        self.default_tenant = next(iter(self.tenants))

    def answer(self, method: bytes, target: bytes, body: bytes) -> bytes:
        path = target.split(b"?", 1)[0].decode("ascii", "replace")
        tenant = self.default_tenant
        if path.startswith("/t/"):
            _, _, tenant, rest = path.split("/", 3)
            path = "/" + rest
            if tenant not in self.tenants:
                return _NOT_FOUND
        self.requests[path] = self.requests.get(path, 0) + 1
        static = self.static.get(path)
        if static is not None:
            return static
        handler = self._handlers.get(path)
        return _NOT_FOUND if handler is None else handler(self, tenant, body)

    def _login(self, tenant: str, _: bytes) -> bytes:
        self.logins[tenant] += 1
        return self.short_logins[tenant] if self.logins[tenant] == 1 else self.long_login

    def _work_list(self, tenant: str, body: bytes) -> bytes:
        try:
            asked = orjson.loads(body)
            page_num, page_size = int(asked.get("pageNum", 1)), int(asked.get("pageSize", 10))
        except (orjson.JSONDecodeError, AttributeError, TypeError, ValueError):
            return _BAD_REQUEST
        total = self.tenants[tenant].work_total
        return _response(self.work_orders.page(total, page_num, page_size))

    def _stats(self, _: str, __: bytes) -> bytes:
        times = os.times()
        stats = {
            "cpu": times.user + times.system,
            "logins": self.logins,
            "requests": self.requests,
            "connections": self.connections,
        }
        return _response(orjson.dumps(stats))

    def _reset(self, tenant: str, _: bytes) -> bytes:
        self.logins[tenant] = 0
        return _response(b"{}")

    _handlers: Mapping[str, Callable[[_App, str, bytes], bytes]] = {
        LOGIN: _login,
        WORK_LIST: _work_list,
        "/_bench/stats": _stats,
        "/_bench/reset": _reset,
    }


def _content_length(head: bytes) -> int | None:
    lowered = head.lower()
    if b"\r\ntransfer-encoding:" in lowered:
        return None  # chunked requests are not supported: no client here sends them
    at = lowered.find(b"\r\ncontent-length:")
    if at < 0:
        return 0
    end = lowered.find(b"\r\n", at + 2)
    return int(lowered[at + 17 : end if end >= 0 else len(lowered)])


class _Connection(asyncio.Protocol):
    """One keep-alive connection: parse requests, write prebuilt answers."""

    def __init__(self, app: _App) -> None:
        self._app = app
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._app.connections += 1

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer
        buffer += data
        while self._transport is not None:
            head_end = buffer.find(b"\r\n\r\n")
            if head_end < 0:
                return
            head = bytes(buffer[:head_end])
            length = _content_length(head)
            if length is None:
                self._transport.write(_BAD_REQUEST)
                self._transport.close()
                return
            end = head_end + 4 + length
            if len(buffer) < end:
                return
            body = bytes(buffer[head_end + 4 : end])
            del buffer[:end]
            method, target = head.split(b" ", 2)[:2]
            self._transport.write(self._app.answer(method, target, body))
            if b"\r\nconnection: close" in head.lower():
                self._transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None


async def _serve(plan: Mapping[str, Any]) -> None:
    app = _App(plan)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Connection(app), "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    stop = loop.create_future()

    def on_stdin() -> None:
        if not os.read(sys.stdin.fileno(), 4096) and not stop.done():
            stop.set_result(None)

    loop.add_reader(sys.stdin.fileno(), on_stdin)

    def on_term() -> None:
        if not stop.done():
            stop.set_result(None)

    loop.add_signal_handler(signal.SIGTERM, on_term)
    print(f"READY {port}", flush=True)
    async with server:
        await stop
    loop.remove_reader(sys.stdin.fileno())


def main(argv: list[str]) -> None:
    """Entry point of the server process."""
    plan = json.loads(argv[0])
    core = plan.get("cpu")
    if core is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {core})
    asyncio.run(_serve(plan))


class ServerHandle:
    """The running server process: its URL, its stats, and a clean stop."""

    def __init__(self, process: subprocess.Popen[bytes], port: int) -> None:
        self.process = process
        self.url = f"http://127.0.0.1:{port}"
        self._session: aiohttp.ClientSession | None = None

    def tenant_url(self, tenant: str) -> str:
        """The base URL whose paths the server answers for ``tenant``."""
        return f"{self.url}/t/{tenant}"

    async def __aenter__(self) -> Self:
        self._session = aiohttp.ClientSession()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()
        self._session = None

    async def stats(self) -> ServerStats:
        """CPU seconds used by the server so far, logins per tenant, requests per path."""
        assert self._session is not None, "use the handle inside `async with`"
        async with self._session.get(self.url + "/_bench/stats") as resp:
            raw = orjson.loads(await resp.read())
        return ServerStats(
            cpu=float(raw["cpu"]),
            logins=raw["logins"],
            requests=raw["requests"],
            connections=int(raw["connections"]),
        )

    async def reset_logins(self, tenant: str) -> None:
        """Set the login count of ``tenant`` back to zero."""
        assert self._session is not None, "use the handle inside `async with`"
        async with self._session.post(f"{self.tenant_url(tenant)}/_bench/reset") as resp:
            await resp.read()

    def stop(self) -> None:
        """Close the server's standard input (it exits), then make sure it did."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


def start_server(plan: Mapping[str, Any], *, timeout: float = 60.0) -> ServerHandle:
    """Start the server process and wait until it listens."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench._server", json.dumps(plan)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    line = process.stdout.readline().decode() if ready else ""
    if not line.startswith("READY "):
        process.kill()
        process.wait(timeout=10)
        raise RuntimeError(f"the bench server did not start (said {line!r})")
    return ServerHandle(process, int(line.split()[1]))


if __name__ == "__main__":
    main(sys.argv[1:])
