"""The compiled fast structure hooks give exactly what cattrs alone gives, answer or error.

cattrs is the reference (``make_converter(fast_structure=False)``): every documented answer,
and every answer made from one by breaking one value, must structure to equal models or fail
with the same messages under both converters.
"""

from __future__ import annotations

import copy
import typing
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fincard_async import AnswerLimits, AnswerTooLargeError
from fincard_async._conversion import _can_skip_init, make_converter, structure_answer
from fincard_async._generated.models import (
    CardApplyEnvelope,
    CityNode,
    CityTreeEnvelope,
    TradeStatus,
    WorkOrderPageEnvelope,
    WorkOrderRecord,
)
from fincard_async._generated.types import is_known_member
from fincard_async._limits import nests_within

from .test_roundtrip import OPERATIONS, _response_examples

FAST = make_converter()
REFERENCE = make_converter(fast_structure=False)
EXAMPLES = [
    (typing.get_type_hints(OPERATIONS[op].asyncio)["return"], payload)
    for op, _, payload in _response_examples()
]
# what a server may put where we expect something else
ODD_VALUES = [None, 0, 7, 1.5, True, "", "7", "surprise", [], [1], {}, {"a": 1}]


def _outcome(converter: cattrs.Converter, payload: Any, answer_type: Any) -> Any:
    try:
        return ("ok", converter.structure(payload, answer_type))
    except cattrs.BaseValidationError as error:
        return ("error", cattrs.transform_error(error, path="answer"))
    except (ValueError, TypeError, KeyError) as error:
        return ("error", type(error).__name__)


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here] if here else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*here, index))
    return found


def _parent(payload: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        payload = payload[step]
    return payload


@st.composite
def _broken_answers(draw: st.DrawFn) -> tuple[Any, Any]:
    answer_type, example = draw(st.sampled_from(EXAMPLES))
    payload = copy.deepcopy(example)
    paths = _paths(payload)
    if paths:
        path = draw(st.sampled_from(paths))
        parent = _parent(payload, path)
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(st.sampled_from(ODD_VALUES))
    return answer_type, payload


@pytest.mark.parametrize(("answer_type", "payload"), EXAMPLES)
def test_documented_answers_structure_alike(answer_type: Any, payload: Any) -> None:
    fast = _outcome(FAST, payload, answer_type)
    assert fast[0] == "ok"
    assert fast == _outcome(REFERENCE, payload, answer_type)


@settings(max_examples=400, deadline=None)
@given(_broken_answers())
def test_broken_answers_structure_or_fail_alike(case: tuple[Any, Any]) -> None:
    answer_type, payload = case
    assert _outcome(FAST, payload, answer_type) == _outcome(REFERENCE, payload, answer_type)


def _tree(code: Any = "C2") -> list[dict[str, Any]]:
    city = {"code": code, "name": "Two", "country": "SG", "parentCode": "P1"}
    return [{"code": "P1", "name": "One", "country": "SG", "parentCode": "0", "children": [city]}]


def test_nested_error_keeps_its_path() -> None:
    broken = _tree()
    del broken[0]["children"][0]["code"]
    with pytest.raises(cattrs.BaseValidationError) as caught:
        FAST.structure(broken, list[CityNode])
    messages = cattrs.transform_error(caught.value, path="answer")
    assert messages == ["required field missing @ answer[0].children[0].code"]


def test_values_of_another_type_are_coerced_as_cattrs_does() -> None:
    (province,) = FAST.structure(_tree(code=42), list[CityNode])
    assert province.children is not None
    assert province.children[0].code == "42"


def test_unknown_enum_values_are_kept() -> None:
    record = {
        "merchantOrderNo": "M1",
        "orderNo": "O1",
        "tradeType": "deposit",
        "tradeStatus": "on_hold",
        "createTime": 1,
    }
    parsed = FAST.structure(record, WorkOrderRecord)
    assert parsed.trade_status == "on_hold"
    assert not is_known_member(parsed.trade_status)
    assert FAST.structure({**record, "tradeStatus": "success"}, WorkOrderRecord).trade_status is (
        TradeStatus.SUCCESS
    )


def test_fast_hooks_build_models_equal_to_their_init() -> None:
    (province,) = FAST.structure(_tree(), list[CityNode])
    city = CityNode(code="C2", name="Two", country="SG", parent_code="P1")
    assert province == CityNode(
        code="P1", name="One", country="SG", parent_code="0", children=[city]
    )
    assert repr(province) == repr(REFERENCE.structure(_tree(), list[CityNode])[0])


@attrs.define
class _Plain:
    a: str


@attrs.frozen
class _Frozen:
    a: str


@attrs.define
class _Validated:
    a: str = attrs.field(validator=attrs.validators.min_len(1))


@attrs.define
class _PostInit:
    a: str

    def __attrs_post_init__(self) -> None:
        self.a = self.a.upper()


@attrs.define
class _Factory:
    a: list[str] = attrs.Factory(list)


def test_fast_hooks_fill_slots_only_where_init_does_nothing_more() -> None:
    assert _can_skip_init(_Plain)
    for cls in (_Frozen, _Validated, _PostInit, _Factory):
        assert not _can_skip_init(cls), cls


def _answer_outcome(payload: Any, answer_type: Any, max_depth: int) -> Any:
    limits = AnswerLimits(max_depth=max_depth)
    try:
        return ("ok", structure_answer(FAST, payload, answer_type, limits))
    except AnswerTooLargeError as error:
        return ("too deep", error.limit, error.limit_value)
    except cattrs.BaseValidationError as error:
        return ("error", cattrs.transform_error(error, path="answer"))
    except (ValueError, TypeError, KeyError) as error:
        return ("error", type(error).__name__)


def _checked_then_reference(payload: Any, answer_type: Any, max_depth: int) -> Any:
    # the path structure_answer had before it checked depth while structuring
    if not nests_within(payload, max_depth):
        return ("too deep", "max_depth", max_depth)
    return _outcome(REFERENCE, payload, answer_type)


def _nested(levels: int) -> Any:
    value: Any = 1
    for level in range(levels):
        value = {"k": value} if level % 2 else [value]
    return value


@st.composite
def _nested_answers(draw: st.DrawFn) -> tuple[Any, Any, int]:
    """An example with a nested value put under a new key, or in place of any value."""
    answer_type, example = draw(st.sampled_from(EXAMPLES))
    payload = copy.deepcopy(example)
    deep = _nested(draw(st.integers(0, 12)))
    paths = _paths(payload)
    if len(paths) > 0 and draw(st.booleans()):
        path = draw(st.sampled_from(paths))
        _parent(payload, path)[path[-1]] = deep
    else:  # an unknown key, on the envelope or on any object inside it
        holders = [payload] + [v for v in _values(payload) if isinstance(v, dict)]
        draw(st.sampled_from(holders))["unknownKey"] = deep
    return answer_type, payload, draw(st.integers(1, 12))


def _values(value: Any) -> list[Any]:
    found: list[Any] = []
    for path in _paths(value):
        found.append(_parent(value, path)[path[-1]])
    return found


@settings(max_examples=600, deadline=None)
@given(_nested_answers())
def test_depth_checked_while_structuring_decides_as_the_separate_check(
    case: tuple[Any, Any, int],
) -> None:
    answer_type, payload, max_depth = case
    expected = _checked_then_reference(payload, answer_type, max_depth)
    assert _answer_outcome(payload, answer_type, max_depth) == expected


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def _variants(example: Any) -> list[Any]:
    """The example; every value of it nested 0..5 levels deep or emptied; unknown keys."""
    variants = [example]
    for path in _paths(example):
        for replacement in [*map(_nested, range(6)), {}, []]:
            payload = copy.deepcopy(example)
            _parent(payload, path)[path[-1]] = replacement
            variants.append(payload)
    holders = [()] + [p for p in _paths(example) if isinstance(_values_at(example, p), dict)]
    for path in holders:
        for levels in range(1, 6):
            payload = copy.deepcopy(example)
            _values_at(payload, path)["unknownKey"] = _nested(levels)
            variants.append(payload)
    return variants


def _values_at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


# an untyped field (``data: Any``) is kept as decoded: its depth is checked on its own
UNTYPED = (CardApplyEnvelope, {"code": "00000", "msg": "ok", "data": {"status": ["ok"]}})


@pytest.mark.parametrize(("answer_type", "example"), [*EXAMPLES, UNTYPED])
def test_every_position_is_refused_one_level_over_the_limit_and_accepted_at_it(
    answer_type: Any, example: Any
) -> None:
    for payload in _variants(example):
        depth = _depth(payload)
        for max_depth in {max(1, depth - 1), depth}:
            expected = _checked_then_reference(payload, answer_type, max_depth)
            assert _answer_outcome(payload, answer_type, max_depth) == expected, payload


# A list of models is built in one loop, each item by the same inline code (``bounded_list``):
# every item must be judged on its own, whatever the items before it held. These answers
# have several items per list, and change several of them at once.
_TREE_ANSWER: dict[str, Any] = {
    "success": True,
    "code": 200,
    "msg": "ok",
    "data": [
        {
            "code": f"P{p}",
            "name": f"Province {p}",
            "country": "SG",
            "countryStandardCode": "SGP",
            "parentCode": "0",
            "children": [
                {"code": f"P{p}-C{c}", "name": "City", "country": "SG", "parentCode": f"P{p}"}
                for c in range(3)
            ],
        }
        for p in range(3)
    ],
}
_RECORD = {  # every key of the model: read by subscripts first (``_every_key``)
    "merchantOrderNo": "M1",
    "orderNo": "O1",
    "tradeType": "CARD_ACTIVE",
    "tradeStatus": "wait_process",
    "createTime": 1,
    "title": "Activate",
    "target": "4111",
    "content": None,
    "description": "d",
    "remark": None,
    "updateTime": 2,
}
_PAGE_ANSWER: dict[str, Any] = {
    "success": True,
    "code": 200,
    "msg": "ok",
    "data": {"total": 4, "records": [{**_RECORD, "orderNo": f"O{i}"} for i in range(4)]},
}
_ITEM_KEYS = [
    *("code", "countryStandardCode", "children"),
    *("remark", "tradeStatus", "createTime", "description", "updateTime"),
]
_ITEM_VALUES = [*ODD_VALUES, "on_hold", _nested(3), [{"code": 1}]]


@st.composite
def _answers_with_changed_items(draw: st.DrawFn) -> tuple[Any, Any, int]:
    """A tree or a page with 1-4 of its list items changed: a key dropped or a value odd."""
    answer_type, example = draw(
        st.sampled_from([(CityTreeEnvelope, _TREE_ANSWER), (WorkOrderPageEnvelope, _PAGE_ANSWER)])
    )
    payload = copy.deepcopy(example)
    items = [v for v in _values(payload) if isinstance(v, dict) and _is_item(v)]
    for item in draw(st.lists(st.sampled_from(items), min_size=1, max_size=4)):
        key = draw(st.sampled_from([*_ITEM_KEYS, "unknownKey"]))
        if key in item and draw(st.booleans()):
            del item[key]
        else:
            item[key] = draw(st.sampled_from(_ITEM_VALUES))
    return answer_type, payload, draw(st.integers(3, 8))


def _is_item(value: dict[str, Any]) -> bool:
    return "parentCode" in value or "orderNo" in value


@settings(max_examples=800, deadline=None)
@given(_answers_with_changed_items())
def test_each_item_of_a_list_is_judged_on_its_own(case: tuple[Any, Any, int]) -> None:
    answer_type, payload, max_depth = case
    expected = _checked_then_reference(payload, answer_type, max_depth)
    assert _answer_outcome(payload, answer_type, max_depth) == expected


def test_items_after_a_null_or_an_absent_key_are_read_alike() -> None:
    # an explicit null counts as a key read, an absent key does not: a record with a null and
    # an unknown key still has that key depth-checked, and one without stays fast and equal
    page = copy.deepcopy(_PAGE_ANSWER)
    records = page["data"]["records"]
    records[1]["unknownKey"] = _nested(4)  # with remark: null, at levels 4 + 4
    del records[1]["title"]  # as many keys as the model has: one of them unknown
    del records[2]["remark"]
    limits = (7, 8)
    outcomes = [_answer_outcome(page, WorkOrderPageEnvelope, d) for d in limits]
    assert outcomes[0] == ("too deep", "max_depth", 7)
    assert outcomes[1][0] == "ok"
    parsed = outcomes[1][1].data.records
    assert [r.order_no for r in parsed] == ["O0", "O1", "O2", "O3"]
    assert [r.remark for r in parsed] == [None] * 4
    assert [r.title for r in parsed] == ["Activate", None, "Activate", "Activate"]
    assert outcomes == [_checked_then_reference(page, WorkOrderPageEnvelope, d) for d in limits]
