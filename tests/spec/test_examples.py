"""Contract tests for ``openapi/fincard.yaml``.

* Every example in the spec (schema-level ``examples``, media-type ``example``/``examples``
  and parameter examples) validates against its own schema, with Draft 2020-12 and with
  ``$ref``s into ``#/components/...`` resolved through a ``referencing`` registry that holds
  the whole document.
* Every operation is complete: operationId, one tag, summary, description, operation-level
  servers, a request example, a 200 response example and a 4xx response.
* openapi-spec-validator accepts the document.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).parents[2] / "openapi/fincard.yaml"
BASE_URI = "https://fincard.invalid/openapi/fincard.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# JSON Schema keywords whose value is one subschema, a list of them, or a map of them.
SUBSCHEMA_ONE = (
    "items",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
)
SUBSCHEMA_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
SUBSCHEMA_MAP = ("properties", "patternProperties", "dependentSchemas", "$defs")


def _load_spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


SPEC = _load_spec()
REGISTRY: Registry[Any] = Registry().with_resource(BASE_URI, DRAFT202012.create_resource(SPEC))


@dataclass(frozen=True)
class Example:
    """One example value and the JSON pointer of the schema it must satisfy."""

    case_id: str
    schema_pointer: str
    value: Any


@dataclass(frozen=True)
class Operation:
    """One operation of the spec, with where it lives."""

    path: str
    method: str
    body: dict[str, Any]

    @property
    def op_id(self) -> str:
        return str(self.body.get("operationId", f"{self.method.upper()} {self.path}"))


def _escape(token: str) -> str:
    """Escape one JSON pointer token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def _resolve(node: dict[str, Any], pointer: str) -> tuple[dict[str, Any], str]:
    """Follow a local ``$ref`` (one or more hops); return the target and its pointer."""
    while "$ref" in node:
        pointer = str(node["$ref"])
        target: Any = SPEC
        for token in pointer.removeprefix("#/").split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
    return node, pointer


def _validator(schema_pointer: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": BASE_URI + schema_pointer},
        registry=REGISTRY,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def iter_operations() -> Iterator[Operation]:
    for path, item in SPEC["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield Operation(path, method, item[method])


def _subschemas(schema: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``schema`` and every nested subschema with its pointer."""
    if not isinstance(schema, dict):
        return
    yield pointer, schema
    for key in SUBSCHEMA_ONE:
        if key in schema:
            yield from _subschemas(schema[key], f"{pointer}/{key}")
    for key in SUBSCHEMA_LIST:
        for index, sub in enumerate(schema.get(key, [])):
            yield from _subschemas(sub, f"{pointer}/{key}/{index}")
    for key in SUBSCHEMA_MAP:
        for name, sub in schema.get(key, {}).items():
            yield from _subschemas(sub, f"{pointer}/{key}/{_escape(name)}")


def _schema_examples(label: str, schema: Any, pointer: str) -> Iterator[Example]:
    for sub_pointer, sub in _subschemas(schema, pointer):
        where = sub_pointer.removeprefix(pointer) or "/"
        for index, value in enumerate(sub.get("examples", [])):
            yield Example(f"{label} schema{where} examples[{index}]", sub_pointer, value)
        if "example" in sub:
            yield Example(f"{label} schema{where} example", sub_pointer, sub["example"])


def _holder_examples(label: str, holder: dict[str, Any], schema_pointer: str) -> Iterator[Example]:
    """Examples of a media type or parameter object (``example`` and ``examples``)."""
    if "example" in holder:
        yield Example(f"{label} example", schema_pointer, holder["example"])
    for name, entry in holder.get("examples", {}).items():
        resolved, _ = _resolve(entry, "")
        yield Example(f"{label} examples.{name}", schema_pointer, resolved.get("value"))


def _content_examples(label: str, container: dict[str, Any], pointer: str) -> Iterator[Example]:
    resolved, pointer = _resolve(container, pointer)
    for media_type, media in resolved.get("content", {}).items():
        media_pointer = f"{pointer}/content/{_escape(media_type)}"
        yield from _holder_examples(f"{label} {media_type}", media, f"{media_pointer}/schema")


def _operation_examples(op: Operation) -> Iterator[Example]:
    base = f"#/paths/{_escape(op.path)}/{op.method}"
    for index, param in enumerate(op.body.get("parameters", [])):
        resolved, pointer = _resolve(param, f"{base}/parameters/{index}")
        label = f"{op.op_id}: parameter {resolved['name']}"
        yield from _holder_examples(label, resolved, f"{pointer}/schema")
    if "requestBody" in op.body:
        yield from _content_examples(
            f"{op.op_id}: request", op.body["requestBody"], f"{base}/requestBody"
        )
    for status, response in op.body.get("responses", {}).items():
        yield from _content_examples(
            f"{op.op_id}: response {status}", response, f"{base}/responses/{status}"
        )


def collect_examples() -> list[Example]:
    """Every example of the spec: per operation, then inside component schemas."""
    found: list[Example] = []
    for op in iter_operations():
        found.extend(_operation_examples(op))
    for name, schema in SPEC["components"]["schemas"].items():
        found.extend(_schema_examples(name, schema, f"#/components/schemas/{_escape(name)}"))
    return found


EXAMPLES = collect_examples()
OPERATIONS = list(iter_operations())


def _errors(schema_pointer: str, value: Any) -> list[str]:
    return [error.message for error in _validator(schema_pointer).iter_errors(value)]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.case_id for e in EXAMPLES])
def test_example_matches_its_schema(example: Example) -> None:
    assert example.value is not None, "example entry without a value"
    assert _errors(example.schema_pointer, example.value) == []


def test_examples_cover_every_operation_and_schema_level() -> None:
    labelled = {e.case_id.split(":")[0] for e in EXAMPLES}
    assert {op.op_id for op in OPERATIONS} <= labelled
    assert any(" schema/" in e.case_id for e in EXAMPLES), "no schema-level examples found"
    assert len({e.case_id for e in EXAMPLES}) == len(EXAMPLES), "duplicate example ids"


def _apply_example() -> dict[str, Any]:
    media = SPEC["paths"]["/v4/openapi/card/apply"]["post"]["requestBody"]["content"]
    value: dict[str, Any] = copy.deepcopy(media["application/json"]["examples"]["basic"]["value"])
    return value


APPLY = "#/components/schemas/CardApplyRequest"


def _without_kyc(field: str) -> dict[str, Any]:
    body = _apply_example()
    del body["kyc_info"][field]
    return body


def _with_kyc(field: str, value: Any) -> dict[str, Any]:
    body = _apply_example()
    body["kyc_info"][field] = value
    return body


# name -> (schema pointer, invalid value, fragment the validator's message must contain)
BROKEN: Mapping[str, tuple[str, Any, str]] = {
    "missing required kyc field": (APPLY, _without_kyc("front_doc"), "'front_doc' is a required"),
    "doc_never_expire 0 without doc_expire_date": (
        APPLY,
        _without_kyc("doc_expire_date"),
        "'doc_expire_date' is a required",
    ),
    "poa_type 1 without poa_doc": (APPLY, _without_kyc("poa_doc"), "'poa_doc' is a required"),
    "gender outside enum": (APPLY, _with_kyc("gender", 3), "is not one of [1, 2]"),
    "doc_no as a number (table wins, D10)": (
        APPLY,
        _with_kyc("doc_no", 12345678),
        "is not of type 'string'",
    ),
    "sign_img at 1 MB of base64 (D9)": (APPLY, _with_kyc("sign_img", "A" * 1_000_000), "too long"),
    "bad birthday format": (APPLY, _with_kyc("birthday", "12/04/1990"), "does not match"),
    "unknown request field": (APPLY, {**_apply_example(), "extra": 1}, "'extra' was unexpected"),
    "bare login result without accessToken": (
        "#/components/schemas/LoginResponse",
        {"tokenType": "Bearer", "expiresIn": 3600},
        "is not valid under any of the given schemas",
    ),
    "short merchantOrderNo": (
        "#/components/schemas/SubmitWorkOrderRequest",
        {"merchantOrderNo": "WO1", "title": "t", "target": "x", "tradeType": "CARD_ACTIVE"},
        "is too short",
    ),
    "nested city node with a bad country": (
        "#/components/schemas/CityNode",
        {
            "code": "CA",
            "name": "California",
            "country": "US",
            "parentCode": "0",
            "children": [{"code": "LAX", "name": "LA", "country": "usa", "parentCode": "CA"}],
        },
        "'usa' does not match",
    ),
    "hyperCard code outside pattern": (
        "#/components/schemas/HyperCardEnvelope",
        {"code": "Z9999", "msg": "?"},
        "does not match",
    ),
    "fileId that is not a uuid": (
        "#/components/schemas/UploadedFile",
        {"fileId": "not-a-uuid"},
        "does not match",
    ),
}


@pytest.mark.parametrize(("schema_pointer", "value", "fragment"), BROKEN.values(), ids=list(BROKEN))
def test_validator_rejects_broken_values(schema_pointer: str, value: Any, fragment: str) -> None:
    messages = _errors(schema_pointer, value)
    assert any(fragment in message for message in messages), [m[:200] for m in messages]


def test_doc_never_expire_1_needs_no_expiry_date() -> None:
    body = _without_kyc("doc_expire_date")
    body["kyc_info"]["doc_never_expire"] = 1
    assert _errors(APPLY, body) == []


def _has_example(container: dict[str, Any]) -> bool:
    resolved, _ = _resolve(container, "")
    return any(
        "example" in media or media.get("examples")
        for media in resolved.get("content", {}).values()
    )


@pytest.mark.parametrize("op", OPERATIONS, ids=[op.op_id for op in OPERATIONS])
def test_operation_is_complete(op: Operation) -> None:
    body = op.body
    declared_tags = {tag["name"] for tag in SPEC["tags"]}
    assert body.get("operationId"), "operationId"
    assert len(body.get("tags", [])) == 1, "exactly one tag"
    assert body["tags"][0] in declared_tags, "tag declared at the top level"
    assert str(body.get("summary", "")).strip(), "summary"
    assert str(body.get("description", "")).strip(), "description"
    assert body.get("servers"), "operation-level servers"
    assert body.get("x-fincard-confidence") in {"doc", "inferred"}, "confidence mark"
    assert _has_example(body.get("requestBody", {})), "request example"
    assert _has_example(body["responses"].get("200", {})), "200 response example"
    assert any(str(code).upper().startswith("4") for code in body["responses"]), "4xx response"


def test_operation_ids_are_unique() -> None:
    ids = [op.op_id for op in OPERATIONS]
    assert len(ids) == len(set(ids))


def test_openapi_spec_validator_accepts_document() -> None:
    assert SPEC["openapi"] == "3.1.0"
    validate(SPEC)
