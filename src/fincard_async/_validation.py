"""Pre-flight validation of request bodies against the shipped OpenAPI document.

The schemas come from the spec the SDK was built from (its JSON copy, read without a YAML
parser), never from a hand-kept copy, so the SDK refuses exactly what the contract says is
wrong, before any network call. Every broken rule becomes a :class:`Violation` with a dotted
path of wire names (``kyc_info.birthday``), the JSON Schema keyword as the rule (``pattern``,
``maxLength``, ``required``, ``enum``, ...) and a message built from the **schema** ("must match
^\\d{4}-\\d{2}-\\d{2}$", "must be at most 128 characters"), never from the value: request fields
hold document numbers, birthdays and base64 images, and jsonschema's own messages quote them.
Conditional rules written as ``if``/``then`` in the spec are reported with their condition ("is
required when doc_never_expire is 0").

Header parameters (``X-Forwarded-For`` must be one IP address, ...) are checked the same way,
against each operation's header schemas, so a bad end-user IP is a :class:`ValidationError`
before the login, not an ``AuthenticationError`` after it.

Loading and compiling the document is blocking work (file read, YAML parse): it runs once per
validator in a worker thread, on first use. The heavy libraries (PyYAML, jsonschema,
referencing) are imported there too, never when ``import fincard_async`` runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import orjson

from ._exceptions import ValidationError, Violation
from ._spec import load_openapi_document

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema import ValidationError as SchemaError

__all__ = ["SpecValidator", "raise_if_any"]

_SPEC_URI: Final = "urn:fincard-async:openapi"
_JSON: Final = "application/json"
# a multipart form is checked as an object of its fields (a file part's content is checked by
# the caller: type by magic bytes and size, which the schema only states in prose)
_MEDIA_TYPES: Final = (_JSON, "multipart/form-data")
_HEADER_CACHE_LIMIT: Final = 64
# Small bodies found valid are remembered (a reference-data filter is `{}` or one region code,
# sent again and again); a verdict depends on nothing but the bytes, so the cache is exact.
_BODY_CACHE_LIMIT: Final = 256
_BODY_CACHE_MAX_BYTES: Final = 512


def _kind(value: object) -> str:
    return " or ".join(value) if isinstance(value, list) else str(value)


def _listed(value: object) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def _characters(count: object) -> str:
    return f"{count} character" if count == 1 else f"{count} characters"


# keyword -> message from the keyword's constraint (the schema), never from the instance
_MESSAGES: Final[Mapping[str, Callable[[Any], str]]] = {
    "type": lambda c: f"must be of type {_kind(c)}",
    "enum": lambda c: f"must be one of {_listed(c)}",
    "const": lambda c: f"must be {c}",
    "pattern": lambda c: f"must match {c}",
    "format": lambda c: f"must be a valid {c}",
    "maxLength": lambda c: f"must be at most {_characters(c)}",
    "minLength": lambda c: f"must be at least {_characters(c)}",
    "maximum": lambda c: f"must be at most {c}",
    "minimum": lambda c: f"must be at least {c}",
    "exclusiveMaximum": lambda c: f"must be less than {c}",
    "exclusiveMinimum": lambda c: f"must be greater than {c}",
    "maxItems": lambda c: f"must have at most {c} items",
    "minItems": lambda c: f"must have at least {c} items",
    "uniqueItems": lambda _: "must not repeat items",
    "multipleOf": lambda c: f"must be a multiple of {c}",
}


def _dotted(parts: Iterable[str | int]) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def _join(parent: str, name: str) -> str:
    return f"{parent}.{name}" if parent else name


class _Compiled:
    """The loaded document: one validator per JSON body and per header, the if/then conditions."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        # imported here, in the worker thread, on first validation: never at package import
        from jsonschema import Draft202012Validator
        from referencing import Registry
        from referencing.jsonschema import DRAFT202012

        registry: Registry[Any] = Registry().with_resource(
            _SPEC_URI, DRAFT202012.create_resource(spec)
        )

        def compile_at(pointer: str) -> Draft202012Validator:
            return Draft202012Validator(
                {"$ref": f"{_SPEC_URI}#{pointer}"},
                registry=registry,
                format_checker=Draft202012Validator.FORMAT_CHECKER,
            )

        self.validators = {op: compile_at(ptr) for op, ptr in _request_schemas(spec)}
        self.headers: dict[str, dict[str, Draft202012Validator]] = {}
        for operation_id, name, pointer in _header_schemas(spec):
            self.headers.setdefault(operation_id, {})[name.lower()] = compile_at(pointer)
        # id(then-schema) -> its if-schema, to say under which condition a rule applies
        self.conditions: dict[int, Mapping[str, Any]] = dict(_conditions(spec))


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _request_schemas(spec: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            media = next((m for m in _MEDIA_TYPES if "schema" in content.get(m, {})), None)
            if media is not None:
                where = ("paths", _escape(path), method, "requestBody", "content")
                pointer = "/" + "/".join((*where, _escape(media), "schema"))
                yield operation["operationId"], pointer


def _header_schemas(spec: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(operationId, header name, JSON pointer of its schema) for every header parameter."""
    parameters = spec.get("components", {}).get("parameters", {})
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            for index, parameter in enumerate(operation.get("parameters", [])):
                pointer = "/" + "/".join(
                    ("paths", _escape(path), method, "parameters", str(index), "schema")
                )
                ref = parameter.get("$ref", "")
                if ref.startswith("#/components/parameters/"):
                    name = ref.rsplit("/", 1)[1]
                    parameter = parameters.get(name, {})
                    pointer = f"/components/parameters/{_escape(name)}/schema"
                if parameter.get("in") == "header" and "schema" in parameter:
                    yield operation["operationId"], str(parameter["name"]), pointer


def _conditions(node: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            if isinstance(current.get("if"), dict) and isinstance(current.get("then"), dict):
                yield id(current["then"]), current["if"]
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def _describe_condition(condition: Mapping[str, Any]) -> str:
    parts = []
    for name, rule in condition.get("properties", {}).items():
        values = rule.get("enum", [rule["const"]] if "const" in rule else None)
        if values is not None:
            shown = " or ".join(str(v) for v in values)
            parts.append(f"{name} is {shown}")
    return f" when {' and '.join(parts)}" if parts else " in this case"


class SpecValidator:
    """Checks request bodies (wire-shaped, as the converter unstructures them) against the spec.

    Example::

        validator = SpecValidator()
        body = client._core.converter.unstructure(request_model)
        violations = await validator.violations("applyCard", body)
    """

    def __init__(
        self, spec_document: Callable[[], Mapping[str, Any]] = load_openapi_document
    ) -> None:
        # the JSON copy of the shipped spec: read without a YAML parser
        self._spec_document = spec_document
        self._compiled: _Compiled | None = None
        self._loading: asyncio.Future[_Compiled] | None = None
        # header sets already found valid: the same end user is checked once, not per call
        self._valid_headers: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
        self._valid_bodies: set[tuple[str, bytes]] = set()
        # whole requests (headers and small body) already found valid: one lookup a call
        self._valid_requests: set[tuple[str, tuple[tuple[str, str], ...], bytes]] = set()

    async def request_violations(
        self, operation_id: str, headers: Mapping[str, str], body: Any
    ) -> list[Violation]:
        """:meth:`header_violations` and then :meth:`violations` of ``body``, in that order.

        A request whose headers and small body were both found valid is remembered whole, so
        a reference-data call sent again and again costs one set lookup.
        """
        body_key = _body_key(operation_id, body)
        key = None if body_key is None else (operation_id, tuple(headers.items()), body_key[1])
        if key is not None and key in self._valid_requests:
            return []
        found = await self.header_violations(operation_id, headers)
        found += await self._body_violations(operation_id, body, body_key)
        if not found and key is not None:
            if len(self._valid_requests) >= _BODY_CACHE_LIMIT:
                self._valid_requests.clear()
            self._valid_requests.add(key)
        return found

    async def header_violations(
        self, operation_id: str, headers: Mapping[str, str]
    ) -> list[Violation]:
        """Every broken rule of ``headers`` for ``operation_id``, at paths ``header.<name>``.

        Only headers the operation documents are checked; their values are never quoted.
        """
        key = (operation_id, tuple(sorted(headers.items())))
        if key in self._valid_headers:
            return []
        compiled = await self._ensure_compiled()
        found: list[Violation] = []
        for name, value in headers.items():
            validator = compiled.headers.get(operation_id, {}).get(name.lower())
            for error in validator.iter_errors(value) if validator is not None else ():
                found += _violations_of(error, compiled.conditions, prefix=f"header.{name}")
        if not found:
            if len(self._valid_headers) >= _HEADER_CACHE_LIMIT:
                self._valid_headers.clear()
            self._valid_headers.add(key)
        return found

    async def violations(self, operation_id: str, body: Any) -> list[Violation]:
        """Every broken rule of ``body`` for ``operation_id``, sorted by path; [] when valid.

        A multipart body (``uploadFile``) is checked as an object of its form fields.
        """
        return await self._body_violations(operation_id, body, _body_key(operation_id, body))

    async def _body_violations(
        self, operation_id: str, body: Any, key: tuple[str, bytes] | None
    ) -> list[Violation]:
        """:meth:`violations`, given the body's key (computed once per request)."""
        if key is not None and key in self._valid_bodies:
            return []
        compiled = await self._ensure_compiled()
        validator = compiled.validators.get(operation_id)
        if validator is None:
            return []
        found: dict[tuple[str, str], Violation] = {}
        for error in validator.iter_errors(body):
            for violation in _violations_of(error, compiled.conditions):
                found.setdefault((violation.path, violation.rule), violation)
        if not found and key is not None:
            if len(self._valid_bodies) >= _BODY_CACHE_LIMIT:
                self._valid_bodies.clear()
            self._valid_bodies.add(key)
        return sorted(found.values(), key=lambda v: (v.path, v.rule))

    async def _ensure_compiled(self) -> _Compiled:
        if self._compiled is not None:
            return self._compiled
        if self._loading is None:
            self._loading = asyncio.ensure_future(asyncio.to_thread(self._compile))
            self._loading.add_done_callback(self._loaded)
        return await asyncio.shield(self._loading)

    def _compile(self) -> _Compiled:
        return _Compiled(self._spec_document())

    def _loaded(self, future: asyncio.Future[_Compiled]) -> None:
        if not future.cancelled() and future.exception() is None:
            self._compiled = future.result()
        else:
            self._loading = None  # let the next call try again


def _body_key(operation_id: str, body: Any) -> tuple[str, bytes] | None:
    """The exact identity of a small JSON body (keys sorted), or None: not worth remembering."""
    if not isinstance(body, dict) or len(body) > 8:
        return None
    try:
        text = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # not plain JSON (a multipart form holding a file): always checked
        return None
    return (operation_id, text) if len(text) <= _BODY_CACHE_MAX_BYTES else None


def _violations_of(
    error: SchemaError, conditions: Mapping[int, Mapping[str, Any]], *, prefix: str = ""
) -> list[Violation]:
    where = _join(prefix, _dotted(error.absolute_path)) if error.absolute_path else prefix
    keyword = str(error.validator)
    constraint: Any = error.validator_value
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    fields: Mapping[str, Any] = error.instance if isinstance(error.instance, dict) else {}
    if keyword == "required":
        condition = conditions.get(id(error.schema))
        when = "" if condition is None else _describe_condition(condition)
        missing = [name for name in constraint if name not in fields]
        return [_violation(_join(where, name), keyword, f"is required{when}") for name in missing]
    if keyword == "additionalProperties":
        allowed = schema.get("properties", {})
        extra = [str(name) for name in fields if name not in allowed]
        return [
            _violation(_join(where, name), keyword, "is not an allowed field") for name in extra
        ]
    if keyword in ("anyOf", "oneOf") and error.context:
        return [_violation(where or "(body)", keyword, _alternatives(error.context))]
    describe = _MESSAGES.get(keyword)
    message = describe(constraint) if describe else f"breaks the {keyword} rule"
    return [_violation(where or "(body)", keyword, message)]


def _alternatives(context: Iterable[SchemaError]) -> str:
    """One message for a failed choice: "must be a valid ipv4 or a valid ipv6"."""
    said: list[str] = []
    for error in context:
        describe = _MESSAGES.get(str(error.validator))
        message = describe(error.validator_value) if describe else f"the {error.validator} rule"
        if message not in said:
            said.append(message)
    return " or ".join(said)


def _violation(path: str, rule: str, message: str) -> Violation:
    return Violation(path=path, rule=rule, message=message)


def raise_if_any(
    violations: Sequence[Violation], *, operation: str, cause: BaseException | None = None
) -> None:
    """Raise one :class:`ValidationError` listing ``violations`` (from ``cause``), if any.

    A rule reported twice for one path (by two checks) is listed once, first report wins.
    """
    unique: dict[tuple[str, str], Violation] = {}
    for violation in violations:
        unique.setdefault((violation.path, violation.rule), violation)
    if unique:
        raise ValidationError([*unique.values()], operation=operation) from cause
