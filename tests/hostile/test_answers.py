"""Every hostile answer ends in a typed error, bounded, and a limit is never retried."""

from __future__ import annotations

import pytest

import fincard_async
from fincard_async import (
    AnswerTooLargeError,
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    FincardClient,
    FinHubConfig,
)

from . import _server
from ._server import HostileServer


async def test_every_hostile_case_ends_in_its_typed_error(
    hostile: HostileServer, client: FincardClient
) -> None:
    for case in _server.cases(scale=1 / 64):
        hostile.answer = case.writer
        hostile.requests = 0
        expected = getattr(fincard_async, case.expected)
        with pytest.raises(fincard_async.APIError) as info:
            await client.reference_data.list_city_tree()
        assert isinstance(info.value, expected), (case.name, info.value)
        assert info.value.operation == "listCityTree", case.name
        if isinstance(info.value, (AnswerTooLargeError, APIResponseValidationError)):
            assert hostile.requests == 1, case.name  # refused answers are never asked again
        assert len(str(info.value)) < 1000, case.name


async def test_a_declared_length_over_the_cap_is_refused_before_reading(
    hostile: HostileServer, client: FincardClient
) -> None:
    hostile.answer = _server.huge_body(50 << 20, declared=True)
    with pytest.raises(AnswerTooLargeError) as info:
        await client.reference_data.list_city_tree()
    error = info.value
    assert (error.limit, error.limit_value) == ("max_body_bytes", 1 << 20)
    assert error.body == b""
    assert "max_body_bytes" in str(error)
    assert "52,428,800" in str(error)


async def test_an_undeclared_body_stops_at_the_cap(
    hostile: HostileServer, client: FincardClient
) -> None:
    hostile.answer = _server.huge_body(50 << 20, declared=False)
    with pytest.raises(AnswerTooLargeError) as info:
        await client.reference_data.list_city_tree()
    assert len(info.value.body) <= 1 << 20
    assert info.value.status_code == 200


async def test_a_gzip_bomb_stops_at_the_cap_as_decompressed(
    hostile: HostileServer, client: FincardClient
) -> None:
    bomb = _server.gzip_bomb(32 << 20)
    assert len(bomb) < 1 << 20  # as received it is under the cap: only decompression counts
    hostile.answer = _server.json_answer(bomb, "Content-Encoding: gzip")
    with pytest.raises(AnswerTooLargeError) as info:
        await client.reference_data.list_city_tree()
    assert len(info.value.body) <= 1 << 20


async def test_a_small_gzip_answer_still_reads(
    hostile: HostileServer, client: FincardClient
) -> None:
    import gzip

    body = b'{"success":true,"code":200,"msg":"ok","data":[]}'
    hostile.answer = _server.json_answer(gzip.compress(body), "Content-Encoding: gzip")
    assert await client.reference_data.list_city_tree() == []


# 20 nodes: 40 JSON levels, over our limit of 32; 2,500 nodes: 5,000 levels, past the JSON
# parser's own limit (1,024) as well, which must still be reported as ours
@pytest.mark.parametrize("nodes", [20, 2500], ids=["over-ours", "over-the-parsers-too"])
async def test_nesting_over_the_limit_names_the_limit(
    hostile: HostileServer, client: FincardClient, nodes: int
) -> None:
    hostile.answer = _server.json_answer(_server.deep_tree(nodes))  # 2 JSON levels per node
    with pytest.raises(AnswerTooLargeError) as info:
        await client.reference_data.list_city_tree()
    assert (info.value.limit, info.value.limit_value) == ("max_depth", 32)
    assert info.value.status_code == 200
    assert info.value.body.startswith(b'{"success"')


async def test_a_tree_within_the_limit_parses(
    hostile: HostileServer, client: FincardClient
) -> None:
    hostile.answer = _server.json_answer(_server.deep_tree(14))
    (root,) = await client.reference_data.list_city_tree()
    depth = 0
    node = root
    while node.children:
        (node,) = node.children
        depth += 1
    assert depth == 13


async def test_a_string_where_a_list_belongs_gives_one_short_message(
    hostile: HostileServer, client: FincardClient
) -> None:
    hostile.answer = _server.json_answer(_server.string_for_list(1 << 19))
    with pytest.raises(APIResponseValidationError) as info:
        await client.reference_data.list_city_tree()
    assert str(info.value).count("@") == 1  # one problem, not one per character
    assert "expected list" in str(info.value)
    assert len(str(info.value)) < 400


async def test_many_bad_items_give_a_capped_message(
    hostile: HostileServer, client: FincardClient
) -> None:
    item = b'{"code":"X","name":"n","country":"US","parentCode":"0","children":7}'
    body = b'{"success":true,"code":200,"msg":"ok","data":[' + b",".join([item] * 5000) + b"]}"
    hostile.answer = _server.json_answer(body)
    with pytest.raises(APIResponseValidationError) as info:
        await client.reference_data.list_city_tree()
    text = str(info.value)
    assert text.endswith("and more")
    assert len(text) < 1500


async def test_endless_headers_end_in_a_connection_error(
    hostile: HostileServer, client: FincardClient
) -> None:
    hostile.answer = _server.endless_headers()
    with pytest.raises(APIConnectionError):
        await client.reference_data.list_city_tree()


async def test_a_trickle_ends_at_the_read_timeout(
    hostile: HostileServer, client: FincardClient
) -> None:
    hostile.answer = _server.trickle(0.05)  # steady bytes: only the total limit ends it
    with pytest.raises(APITimeoutError):
        await client.with_options(
            retry=fincard_async.RetryPolicy.disabled()
        ).reference_data.list_city_tree()


async def test_an_answer_over_the_thread_threshold_parses_the_same(
    hostile: HostileServer,
) -> None:
    from fincard_async._limits import PARSE_IN_THREAD_BYTES

    node = b'{"code":"US-CA","name":"California","country":"US","parentCode":"0"}'
    count = PARSE_IN_THREAD_BYTES // len(node) + 10
    body = b'{"success":true,"code":200,"msg":"ok","data":[' + b",".join([node] * count) + b"]}"
    assert PARSE_IN_THREAD_BYTES < len(body) < 1 << 21
    hostile.answer = _server.json_answer(body)
    config = FinHubConfig(base_url=hostile.url, email="a@b.c", password="pw", tenant_id="T")
    limits = fincard_async.AnswerLimits(max_body_bytes=1 << 21)
    async with FincardClient(finhub=config, answer_limits=limits) as big:
        tree = await big.reference_data.list_city_tree()
    assert len(tree) == count
    assert tree[0].name == "California"
