"""Generated values for every public method's arguments: a result or a typed error, never else.

A path that cannot be read raises ``OSError`` (documented, as ``open`` does); nothing else
untyped may escape. ``make hostile`` runs more examples.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import attrs
import pytest
import sample_applications as samples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fincard_async import (
    EndUser,
    FincardClient,
    FincardError,
    RequestOptions,
    encode_kyc_image,
)

from ._fuzz import JPEG, FuzzTarget

# make hostile sets more through the environment
FAST_EXAMPLES = int(os.environ.get("FINCARD_HOSTILE_EXAMPLES", "60"))

_odd_text = st.sampled_from(["\ud800", "a\r\nb", "\x00", "é", "", " ", "x" * 300, "\ud83d\ude00"])
GARBAGE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    _odd_text,
    st.binary(max_size=16),
    st.lists(st.one_of(st.text(max_size=4), _odd_text, st.integers()), max_size=3),
    st.dictionaries(st.text(max_size=3), st.one_of(st.text(max_size=3), _odd_text), max_size=2),
    st.just(object()),
    st.builds(RequestOptions, extra_headers=st.dictionaries(_odd_text, _odd_text, max_size=1)),
    st.builds(EndUser, ip=_odd_text, device_id=_odd_text),
)


def _model_with_garbage(make: Callable[..., Any]) -> st.SearchStrategy[Any]:
    names = [f.name for f in attrs.fields(type(make()))]
    return st.builds(lambda name, value: make(**{name: value}), st.sampled_from(names), GARBAGE)


Call = Callable[[FincardClient, dict[str, Any]], Awaitable[Any]]


async def _paginate(client: FincardClient, kwargs: dict[str, Any]) -> Any:
    return await client.work_orders.list(**kwargs)


METHODS: dict[str, tuple[Call, dict[str, Any]]] = {
    "list_regions": (lambda c, k: c.reference_data.list_regions(**k), {"options": None}),
    "list_cities": (lambda c, k: c.reference_data.list_cities(**k), {"region_code": "US"}),
    "list_city_tree": (lambda c, k: c.reference_data.list_city_tree(**k), {"region_code": "US"}),
    "list_mobile_area_codes": (
        lambda c, k: c.reference_data.list_mobile_area_codes(**k),
        {"options": None},
    ),
    "regions": (lambda c, k: c.reference_data.regions(**k), {"refresh": True}),
    "cities": (lambda c, k: c.reference_data.cities(**k), {"region_code": "US", "refresh": True}),
    "city_tree": (lambda c, k: c.reference_data.city_tree(**k), {"refresh": True}),
    "mobile_area_codes": (
        lambda c, k: c.reference_data.mobile_area_codes(**k),
        {"refresh": True},
    ),
    "region": (lambda c, k: c.reference_data.region(**k), {"code": "US"}),
    "mobile_code": (lambda c, k: c.reference_data.mobile_code(**k), {"country": "US"}),
    "upload": (
        lambda c, k: c.files.upload(**k),
        {"file": JPEG, "file_name": "a.jpg", "category": "card"},
    ),
    "submit": (
        lambda c, k: c.work_orders.submit(**k),
        {"title": "t", "target": "4111", "trade_type": "CARD_ACTIVE", "files": None},
    ),
    "list": (_paginate, {"target": "x", "trade_status": None, "page_size": 10}),
    "list_card_types": (lambda c, k: c.cards.list_card_types(**k), {"card_type_id": None}),
    "card_type_rules": (
        lambda c, k: c.cards.card_type_rules(**k),
        {"card_type_id": "10001", "refresh": True},
    ),
    "apply": (
        lambda c, k: c.cards.apply(**k),
        {
            "base_info": samples.base_info(),
            "kyc_info": samples.kyc_info(),
            "validate_with_card_type": False,
        },
    ),
    "encode_kyc_image": (
        lambda _, k: encode_kyc_image(**k),
        {"source": JPEG, "field": "front_doc", "auto_fit": False},
    ),
}
MODELS: dict[str, Callable[..., Any]] = {
    "base_info": samples.base_info,
    "kyc_info": samples.kyc_info,
}


@st.composite
def arguments(draw: st.DrawFn, method: str) -> dict[str, Any]:
    _, valid = METHODS[method]
    kwargs = dict(valid)
    for name in valid:
        if draw(st.booleans()):
            model = MODELS.get(name)
            if model is not None and draw(st.booleans()):
                kwargs[name] = draw(_model_with_garbage(model))
            else:
                kwargs[name] = draw(GARBAGE)
    return kwargs


@pytest.fixture(scope="module")
def target() -> Iterator[tuple[asyncio.Runner, FuzzTarget]]:
    with asyncio.Runner() as runner:
        fuzz = runner.run(FuzzTarget().start())
        try:
            yield runner, fuzz
        finally:
            runner.run(fuzz.close())


async def _run(call: Call, client: FincardClient, kwargs: dict[str, Any]) -> None:
    try:
        await call(client, kwargs)
    except FincardError:
        pass
    except OSError:
        if not isinstance(kwargs.get("file", kwargs.get("source")), str):
            raise  # only an unreadable path may raise OSError


@pytest.mark.parametrize("method", sorted(METHODS))
@settings(
    max_examples=FAST_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_arguments_end_typed(
    method: str, data: st.DataObject, target: tuple[asyncio.Runner, FuzzTarget]
) -> None:
    runner, fuzz = target
    kwargs = data.draw(arguments(method))
    assert fuzz.client is not None
    runner.run(_run(METHODS[method][0], fuzz.client, kwargs))
