"""Every documented response example survives structure -> unstructure through the converter."""

from __future__ import annotations

import importlib
import pkgutil
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml

import fincard_async._generated.api
from fincard_async._conversion import make_converter

SPEC = yaml.safe_load((Path(__file__).parents[2] / "openapi" / "fincard.yaml").read_text())


def _operations() -> dict[str, Any]:
    """operationId -> generated module, found by walking the generated package."""
    found = {}
    for info in pkgutil.walk_packages(
        fincard_async._generated.api.__path__, "fincard_async._generated.api."
    ):
        module = importlib.import_module(info.name)
        if hasattr(module, "OPERATION"):
            found[module.OPERATION.operation_id] = module
    return found


OPERATIONS = _operations()


def _response_examples() -> list[tuple[str, str, Any]]:
    cases = []
    for path_item in SPEC["paths"].values():
        operation = path_item["post"]
        content = operation["responses"]["200"].get("content", {})
        for media in content.values():
            for name, example in media.get("examples", {}).items():
                if _is_success(example["value"]):
                    cases.append((operation["operationId"], name, example["value"]))
    return cases


def _is_success(answer: Any) -> bool:
    """Error envelopes are raised by the transport, never structured (D4, D18)."""
    if "success" in answer:
        return bool(answer["success"] is True and answer.get("code") == 200)
    return bool(answer.get("code", "00000") == "00000")


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def test_every_operation_is_generated() -> None:
    ids = {op["post"]["operationId"] for op in SPEC["paths"].values()}
    assert ids == set(OPERATIONS)


@pytest.mark.parametrize(
    ("operation_id", "example", "payload"),
    _response_examples(),
    ids=[f"{op}-{name}" for op, name, _ in _response_examples()],
)
def test_response_example_round_trips(operation_id: str, example: str, payload: Any) -> None:
    converter = make_converter()
    answer_type = typing.get_type_hints(OPERATIONS[operation_id].asyncio)["return"]
    model = converter.structure(payload, answer_type)
    again = converter.unstructure(model)
    # None fields are left out on the way back: compare the known, non-null fields
    assert _without_nulls(again) == _without_nulls(payload)


def test_there_are_examples_for_every_operation() -> None:
    covered = {op for op, _, _ in _response_examples()}
    assert covered == set(OPERATIONS)
