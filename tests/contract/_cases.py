"""Request bodies and answers generated from the spec's schemas, for the differential tests.

Valid values come from the schemas (``const``, ``enum``, ``pattern`` through a small regex
sampler, ``format`` ipv4/ipv6, lengths, ``if``/``then`` conditions); mutations break one thing
at a time: a field dropped, emptied, blank, too long, of the wrong type, a pattern or enum
broken, a condition broken, an unknown field added. Every case is deterministic for a seed.
"""

from __future__ import annotations

import copy
import ipaddress
import random
import re
import string
from collections.abc import Iterator, Mapping
from pathlib import Path
from re import _parser as sre  # type: ignore[attr-defined]
from typing import Any, Final

import attrs
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC_PATH: Final = Path(__file__).parents[2] / "openapi" / "fincard.yaml"
SPEC: Final[dict[str, Any]] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
_URI: Final = "urn:contract-test:openapi"
_REGISTRY: Final = Registry().with_resource(_URI, DRAFT202012.create_resource(SPEC))
_PRINTABLE: Final = string.ascii_letters + string.digits + " .,-_'#/()@+:"
_MISSING: Final = object()


def operations() -> dict[str, tuple[str, dict[str, Any]]]:
    """operationId -> (path, operation object), for every operation of the spec."""
    found = {}
    for path, item in SPEC["paths"].items():
        for operation in item.values():
            found[operation["operationId"]] = (path, operation)
    return found


def json_operations() -> list[str]:
    """Operations whose request body is JSON (all but the multipart upload)."""
    return [
        op
        for op, (_, operation) in operations().items()
        if "application/json" in operation["requestBody"]["content"]
    ]


def request_schema(operation_id: str) -> dict[str, Any]:
    _, operation = operations()[operation_id]
    schema: dict[str, Any] = operation["requestBody"]["content"]["application/json"]["schema"]
    return schema


def answer_schema(operation_id: str) -> dict[str, Any]:
    _, operation = operations()[operation_id]
    schema: dict[str, Any] = operation["responses"]["200"]["content"]["application/json"]["schema"]
    return schema


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _validator(pointer: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"{_URI}#{pointer}"},
        registry=_REGISTRY,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def request_validator(operation_id: str) -> Draft202012Validator:
    """Reader (a): a plain JSON Schema 2020-12 validator over the YAML, formats checked."""
    path, _ = operations()[operation_id]
    return _validator(f"/paths/{_escape(path)}/post/requestBody/content/application~1json/schema")


def answer_validator(operation_id: str) -> Draft202012Validator:
    path, _ = operations()[operation_id]
    return _validator(f"/paths/{_escape(path)}/post/responses/200/content/application~1json/schema")


def header_validator(name: str) -> Draft202012Validator:
    found = next(n for n, p in SPEC["components"]["parameters"].items() if p["name"] == name)
    return _validator(f"/components/parameters/{found}/schema")


def resolve(schema: Mapping[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = SPEC
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return dict(schema)


# -- a small regex sampler (enough for the spec's patterns) --------------------------------


def _sample_parsed(parsed: Any, rng: random.Random) -> str:
    out = []
    for op, arg in parsed:
        out.append(_sample_token(op, arg, rng))
    return "".join(out)


def _sample_token(op: Any, arg: Any, rng: random.Random) -> str:
    name = str(op)
    if name == "LITERAL":
        return chr(arg)
    if name == "NOT_LITERAL":
        return rng.choice([c for c in _PRINTABLE if ord(c) != arg])
    if name == "ANY":
        return rng.choice(_PRINTABLE)
    if name == "IN":
        return _sample_class(arg, rng)
    if name == "BRANCH":
        return _sample_parsed(rng.choice(arg[1]), rng)
    if name == "SUBPATTERN":
        return _sample_parsed(arg[-1], rng)
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        low, high, item = arg
        high = low + 6 if high == sre.MAXREPEAT else min(high, low + 20)
        return "".join(_sample_parsed(item, rng) for _ in range(rng.randint(low, high)))
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return ""  # anchors; lookaheads are satisfied by the caller (see sample_pattern)
    raise NotImplementedError(name)


def _sample_class(items: Any, rng: random.Random) -> str:
    pool: set[str] = set()
    negate = False
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            pool.add(chr(arg))
        elif name == "RANGE":
            pool.update(chr(c) for c in range(arg[0], arg[1] + 1))
        elif name == "CATEGORY":
            pool.update(c for c in _PRINTABLE if re.fullmatch(_CATEGORIES[str(arg)], c))
    choices = [c for c in _PRINTABLE if c not in pool] if negate else sorted(pool)
    return rng.choice(choices)


_CATEGORIES: Final = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


def sample_pattern(pattern: str, rng: random.Random, low: int = 0, high: int = 10**9) -> str:
    """A string that ``re.search(pattern)`` accepts, of length ``low..high``."""
    parsed = sre.parse(pattern)
    prefixes = [
        _sample_parsed(arg[1], rng) for op, arg in parsed if str(op) == "ASSERT" and arg[0] == 1
    ]
    for _ in range(200):
        text = _sample_parsed(parsed, rng)
        if prefixes and len(text) >= len(prefixes[0]):
            text = prefixes[0] + text[len(prefixes[0]) :]
        if low <= len(text) <= high and re.search(pattern, text):
            return text
    raise AssertionError(f"cannot sample {pattern}")


# -- valid values ---------------------------------------------------------------------------


def valid_value(schema: Mapping[str, Any], rng: random.Random, depth: int = 0) -> Any:
    schema = resolve(schema)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return rng.choice(schema["enum"])
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return valid_value(rng.choice(schema[key]), rng, depth)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = rng.choice([k for k in kind if k != "null"] or ["null"])
    if kind == "object" or "properties" in schema:
        return _valid_object(schema, rng, depth)
    if kind == "array":
        count = 0 if depth > 2 else rng.randint(0, 3)
        return [valid_value(schema.get("items", {}), rng, depth + 1) for _ in range(count)]
    if kind == "integer":
        return rng.randint(schema.get("minimum", -5), schema.get("minimum", 0) + 10**6)
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "null":
        return None
    return _valid_string(schema, rng)


def _valid_string(schema: Mapping[str, Any], rng: random.Random) -> str:
    low, high = schema.get("minLength", 0), schema.get("maxLength", 10**9)
    if schema.get("format") == "ipv4":
        return str(ipaddress.IPv4Address(rng.getrandbits(32)))
    if schema.get("format") == "ipv6":
        return str(ipaddress.IPv6Address(rng.getrandbits(128)))
    pattern = schema.get("pattern")
    if schema.get("format") == "email" and pattern is None:
        return f"user{rng.randint(1, 9999)}@example.com"
    if pattern is not None and pattern.startswith("^"):
        return sample_pattern(pattern, rng, low, high)
    length = rng.randint(max(low, 1), max(low, 1, min(high, 24)))
    for _ in range(200):
        text = "".join(rng.choice(_PRINTABLE) for _ in range(length))
        if pattern is None or re.search(pattern, text):
            return text
    raise AssertionError(f"cannot sample {schema}")


def _valid_object(schema: Mapping[str, Any], rng: random.Random, depth: int) -> dict[str, Any]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    body = {
        name: valid_value(sub, rng, depth + 1)
        for name, sub in properties.items()
        if name in required or rng.random() < 0.5
    }
    for rule in schema.get("allOf", []):
        condition, then = rule.get("if"), rule.get("then")
        if condition is None or then is None:
            continue
        if Draft202012Validator(condition).is_valid(body):
            for name in then.get("required", []):
                body.setdefault(name, valid_value(properties[name], rng, depth + 1))
    return body


# -- mutations ------------------------------------------------------------------------------


def _fields(schema: Mapping[str, Any], body: Any, path: tuple[str, ...] = ()) -> Iterator[Any]:
    """(path, property schema, parent object schema) of every property, nested ones too."""
    schema = resolve(schema)
    for name, sub in schema.get("properties", {}).items():
        yield (*path, name), resolve(sub), schema
        if isinstance(body, dict) and isinstance(body.get(name), dict):
            yield from _fields(sub, body[name], (*path, name))


def _set(body: Any, path: tuple[str, ...], value: Any) -> Any:
    changed = copy.deepcopy(body)
    node = changed
    for part in path[:-1]:
        node = node.setdefault(part, {})
    if value is _MISSING:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value
    return changed


def _bad_values(schema: Mapping[str, Any], rng: random.Random) -> list[Any]:
    values: list[Any] = [None, "", " ", 12345678, True, [], {}, "x" * 3, "\u00e9\u4e2d"]
    if "maxLength" in schema:
        values.append("a" * (schema["maxLength"] + 1))
        if "pattern" in schema and str(schema["pattern"]).startswith("^"):
            values.append(sample_pattern(schema["pattern"], rng) * 4000)
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and pattern.startswith("^"):
        # the right length, the wrong characters: only the pattern can refuse these
        sample = sample_pattern(
            pattern, rng, schema.get("minLength", 0), schema.get("maxLength", 99)
        )
        values += [sample[:-1] + "!", "!" + sample[1:], sample[:-1] + " "]
    if "minLength" in schema and schema["minLength"] > 1:
        values.append("a" * (schema["minLength"] - 1))
    if "enum" in schema:
        values += [99, "other"]
    if schema.get("type") == "integer" or "enum" in schema:
        values += [-1, 0, "1", 1.5, 2.0]  # 2.0 is an integer to JSON Schema
    return values


def mutations(schema: Mapping[str, Any], body: dict[str, Any], rng: random.Random) -> list[Any]:
    """Single mutations of ``body``: each field dropped and given bad values; conditions broken."""
    found: list[Any] = [_set(body, ("unknown_field",), "x")]
    for path, sub, parent in _fields(schema, body):
        found.append(_set(body, path, _MISSING))
        found += [_set(body, path, value) for value in _bad_values(sub, rng)]
        for rule in parent.get("allOf", []):
            condition, then = rule.get("if"), rule.get("then")
            if condition is None or then is None or path[-1] not in condition["properties"]:
                continue
            forced = _set(body, path, condition["properties"][path[-1]]["enum"][0])
            for name in then.get("required", []):
                found.append(_set(forced, (*path[:-1], name), _MISSING))
    return found


def request_cases(operation_id: str, count: int, seed: int = 12) -> list[Any]:
    """``count`` bodies for ``operation_id``: valid ones and mutations, about half each."""
    rng = random.Random(f"{seed}:{operation_id}")
    schema = request_schema(operation_id)
    cases: list[Any] = []
    while len(cases) < count:
        body = valid_value(schema, rng)
        cases.append(body)
        broken = mutations(schema, body, rng)
        # walk the mutation list with a stride, so that few cases still touch many fields
        start = (len(cases) * 37) % len(broken)
        cases += [broken[(start + step * 11) % len(broken)] for step in range(3)]
    return cases[:count]


def answer_cases(operation_id: str, count: int, seed: int = 12) -> list[Any]:
    """``count`` success answers the spec accepts (error envelopes are raised, not parsed)."""
    rng = random.Random(f"{seed}:{operation_id}:answers")
    schema = resolve(answer_schema(operation_id))
    success = [s for s in schema.get("oneOf", [schema]) if "ErrorEnvelope" not in s.get("$ref", "")]
    cases = []
    for _ in range(count):
        chosen = resolve(rng.choice(success))
        if "oneOf" in chosen:  # login: bare or wrapped
            options = [s for s in chosen["oneOf"] if "ErrorEnvelope" not in s.get("$ref", "")]
            chosen = resolve(rng.choice(options))
        cases.append(valid_value(chosen, rng))
    return cases


# -- multipart upload forms (uploadFile) ---------------------------------------------------

UPLOAD_MAX_BYTES: Final = 2_000_000  # the YAML's "at most 2 MB", in prose (read as bytes)
_UPLOAD_MAGIC: Final = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
}
_FILE_NAMES: Final = (None, "scan.jpg", "whatever.bin", "photo.gif", "\u8bc1\u4ef6.png", "x" * 200)


@attrs.frozen
class UploadCase:
    """One multipart form: ``None`` leaves a part out; ``extra``: fields the YAML does not name."""

    category: str | None
    file: bytes | None
    file_name: str | None = None
    extra: tuple[tuple[str, str], ...] = ()

    def text_fields(self) -> dict[str, str]:
        fields = {} if self.category is None else {"category": self.category}
        return fields | dict(self.extra)

    def form(self) -> dict[str, Any]:
        """The form as an object, for a JSON Schema validator: the file's bytes as latin-1 text."""
        fields: dict[str, Any] = self.text_fields()
        if self.file is not None:
            fields["file"] = self.file.decode("latin-1")
        return fields

    def media_type(self) -> str:
        head = self.file or b""
        found = (media for magic, media in _UPLOAD_MAGIC.items() if head.startswith(magic))
        return next(found, "application/octet-stream")

    @property
    def sdk_can_express(self) -> bool:
        """``files.upload`` always sends both parts and nothing else."""
        return self.category is not None and self.file is not None and not self.extra

    @property
    def breaks_prose_rule(self) -> bool:
        """The file's type (by content) or size is wrong: rules the YAML states in prose only."""
        if self.file is None:
            return False
        return self.media_type() == "application/octet-stream" or len(self.file) > UPLOAD_MAX_BYTES

    def __repr__(self) -> str:
        file = None if self.file is None else f"{self.file[:8]!r}..({len(self.file):,} bytes)"
        return f"category={self.category!r} file={file} name={self.file_name!r} extra={self.extra}"


def form_validator(operation_id: str = "uploadFile") -> Draft202012Validator:
    """Reader (a) for a multipart body: the form's schema, the form given as an object."""
    path, _ = operations()[operation_id]
    where = f"/paths/{_escape(path)}/post/requestBody/content/multipart~1form-data/schema"
    return _validator(where)


def _file_of(rng: random.Random, size: int) -> bytes:
    magic = rng.choice(list(_UPLOAD_MAGIC))
    return magic + rng.randbytes(max(size - len(magic), 0))


def _valid_upload(rng: random.Random) -> UploadCase:
    form_schema = resolve(SPEC["components"]["schemas"]["UploadFileForm"])
    category = valid_value(form_schema["properties"]["category"], rng)
    size = UPLOAD_MAX_BYTES if rng.random() < 0.04 else rng.randint(16, 4096)
    return UploadCase(category, _file_of(rng, size), rng.choice(_FILE_NAMES))


def upload_mutations(case: UploadCase, rng: random.Random) -> list[UploadCase]:
    """Single mutations of a valid form: each part dropped or given bad values, extra fields."""
    assert case.file is not None
    found = [attrs.evolve(case, category=None), attrs.evolve(case, file=None)]
    found += [
        attrs.evolve(case, category=value)
        for value in ("", " ", "CARD", "other", " card", "card ", "\u5361")
    ]
    too_large = case.file + bytes(UPLOAD_MAX_BYTES + 1 - len(case.file))
    files = [b"", b"GIF89a" + case.file[8:], b"hello", case.file[:2], case.file[1:], too_large]
    found += [attrs.evolve(case, file=value) for value in files]
    found += [
        attrs.evolve(case, extra=(("note", "x"),)),
        attrs.evolve(case, extra=(("file2", ""),)),
    ]
    found += [attrs.evolve(case, file_name=name) for name in _FILE_NAMES]  # names: no rule
    return found


def upload_cases(count: int, seed: int = 12) -> list[UploadCase]:
    """``count`` upload forms: valid ones and mutations, as for JSON bodies."""
    rng = random.Random(f"{seed}:uploadFile")
    cases: list[UploadCase] = []
    while len(cases) < count:
        case = _valid_upload(rng)
        cases.append(case)
        broken = upload_mutations(case, rng)
        start = (len(cases) * 37) % len(broken)
        cases += [broken[(start + step * 11) % len(broken)] for step in range(3)]
    return cases[:count]
