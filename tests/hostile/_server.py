"""A FinHub server on loopback that answers badly, written at the byte level.

aiohttp's own server would refuse to send most of these answers (endless headers, a body
longer than it says, a trickle). This one speaks just enough HTTP/1.1: it reads a request,
answers the login properly, and answers every other path with the scripted hostile case.
Every case is a function of the writer, so the same cases serve the fast tests (small sizes)
and the full run (the sizes of the issue).
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
import zlib
from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import orjson

__all__ = [
    "LOGIN",
    "Case",
    "HostileServer",
    "cases",
    "deep_tree",
    "gzip_bomb",
    "json_answer",
    "string_for_list",
]

Writer = Callable[[asyncio.StreamWriter], Awaitable[None]]
LOGIN = orjson.dumps(
    {
        "success": True,
        "code": 200,
        "msg": "ok",
        "data": {"accessToken": "tok", "tokenType": "Bearer", "expiresIn": 3600},
    }
)
_CHUNK = 64 * 1024
_PREFIX = b'{"success":true,"code":200,"msg":"ok","data":['
_ITEM = b'{"code":"US-CA","name":"California","country":"US","parentCode":"0"},'


def _head(status: str = "200 OK", *extra: str) -> bytes:
    lines = [f"HTTP/1.1 {status}", "Content-Type: application/json", *extra, "", ""]
    return "\r\n".join(lines).encode()


async def _send(writer: asyncio.StreamWriter, data: bytes) -> None:
    writer.write(data)
    await writer.drain()


def json_answer(body: bytes, *headers: str) -> Writer:
    """A well-formed answer with ``body`` (which may still be hostile content)."""

    async def write(writer: asyncio.StreamWriter) -> None:
        await _send(writer, _head("200 OK", f"Content-Length: {len(body)}", *headers) + body)

    return write


def huge_body(size: int, *, declared: bool, rate: float | None = None) -> Writer:
    """A JSON list ``size`` bytes long, optionally declared, optionally at ``rate`` bytes/s."""

    async def write(writer: asyncio.StreamWriter) -> None:
        extra = [f"Content-Length: {size}"] if declared else ["Connection: close"]
        await _send(writer, _head("200 OK", *extra) + _PREFIX)
        chunk = _ITEM * (_CHUNK // len(_ITEM))
        sent = len(_PREFIX)
        while sent < size:
            await _send(writer, chunk)
            sent += len(chunk)
            if rate is not None:
                await asyncio.sleep(len(chunk) / rate)

    return write


def endless_headers(line_size: int = 40) -> Writer:
    """Header lines without end."""

    async def write(writer: asyncio.StreamWriter) -> None:
        await _send(writer, b"HTTP/1.1 200 OK\r\n")
        line = b"X-Pad: " + b"a" * line_size + b"\r\n"
        while True:
            await _send(writer, line * 64)

    return write


def trickle(interval: float) -> Writer:
    """A valid start, then one byte every ``interval`` seconds."""

    async def write(writer: asyncio.StreamWriter) -> None:
        await _send(writer, _head("200 OK", "Content-Length: 1000000") + _PREFIX)
        while True:
            await asyncio.sleep(interval)
            await _send(writer, b" ")

    return write


def gzip_bomb(expanded: int) -> bytes:
    """Valid JSON, gzip-compressed, ``expanded`` bytes once decompressed (about 1000:1).

    One 1 MiB block is compressed once after a full flush (so it refers to nothing before
    it) and repeated: a 1 GiB bomb is built in about a second instead of 20.
    """
    head = b'{"success":true,"code":200,"msg":"ok","data":[],"pad":"'
    block, tail = b"a" * (1 << 20), b'"}'
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    middle = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = compressor.compress(tail) + compressor.flush()
    count = max(1, expanded >> 20)
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + count * len(block) + len(tail)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
    return header + first + middle * count + last + trailer


def deep_tree(levels: int) -> bytes:
    """A city tree answer nested ``levels`` nodes deep."""
    node = b'{"code":"X","name":"n","country":"US","parentCode":"0","children":['
    return _PREFIX + node * levels + b"]}" * levels + b"]}"


def string_for_list(size: int) -> bytes:
    """A success answer whose list ``data`` is a string of ``size`` characters."""
    return b'{"success":true,"code":200,"msg":"ok","data":"' + b"a" * size + b'"}'


@attrs.frozen
class Case:
    """One hostile answer: its name, how to write it, and the error class expected."""

    name: str
    writer: Writer
    expected: str


def cases(scale: float = 1.0) -> list[Case]:
    """The hostile cases; ``scale`` < 1 shrinks the sizes for the fast tests."""
    mb = int((1 << 20) * scale)
    bomb_size = int((1 << 30) * scale)
    bomb = gzip_bomb(bomb_size)
    return [
        Case("200 MB body, declared", huge_body(200 * mb, declared=True), "AnswerTooLargeError"),
        Case("200 MB body, undeclared", huge_body(200 * mb, declared=False), "AnswerTooLargeError"),
        Case(
            "2 GB body at 64 MB/s",
            huge_body(2000 * mb, declared=False, rate=64 << 20),
            "AnswerTooLargeError",
        ),
        Case("endless headers", endless_headers(), "APIConnectionError"),
        Case("trickle, a byte every 0.2 s", trickle(0.2), "APITimeoutError"),
        Case(
            f"gzip bomb ({len(bomb) >> 10} kB to {bomb_size >> 20:,} MB)",
            json_answer(bomb, "Content-Encoding: gzip"),
            "AnswerTooLargeError",
        ),
        Case("city tree nested 500 levels", json_answer(deep_tree(500)), "AnswerTooLargeError"),
        Case(
            "city tree nested 5,000 levels",
            json_answer(deep_tree(5000)),
            "AnswerTooLargeError",
        ),
        Case(
            "1 MB string where a list belongs",
            json_answer(string_for_list(1 << 20)),
            "APIResponseValidationError",
        ),
        Case(
            "100 kB string where a list belongs",
            json_answer(string_for_list(100_000)),
            "APIResponseValidationError",
        ),
    ]


@attrs.define
class HostileServer:
    """Serves the login, and ``answer`` for every other request."""

    answer: Writer = attrs.field(factory=lambda: json_answer(b"{}"))
    login: bytes = LOGIN
    requests: int = 0
    _server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    async def start(self) -> HostileServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 1)

    async def __aenter__(self) -> HostileServer:
        return await self.start()

    async def __aexit__(self, *_: Any) -> None:
        await self.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                path = await _read_request(reader)
                if path is None:
                    return
                if path == "/api/auth/login":
                    await json_answer(self.login)(writer)
                    if self.login is not LOGIN:
                        return  # a fuzzed login ends the connection too
                    continue
                self.requests += 1
                await self.answer(writer)
                return  # hostile answers end the connection
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            return  # the client hung up (what a capped read does), or sent a huge header
        finally:
            writer.close()


async def _read_request(reader: asyncio.StreamReader) -> str | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return lines[0].split(" ")[1]
