"""The one converter between wire JSON and models, built per client (never a global).

It starts from cattrs' orjson preconfiguration and adds the generated wire-name table. Hooks
are compiled once per class on first use, so the hot path is generated code, not reflection.

Answers are structured by a fast hook per model, compiled here from the model's fields: it
reads each wire key once, accepts a value only when its type is exactly the one expected,
and fills the instance's slots without calling ``__init__`` (the generated models have no
validators, converters or hooks to skip; the compiler checks). Anything unexpected (a
missing key, a number where text belongs, an unknown enum value) makes the fast hook step
aside for the cattrs hook, which is the authority: it coerces, keeps open-enum values and
writes the detailed error. The fast hook is an optimisation, never a second set of rules.

Bounded on hostile input: a fast hook calls its nested models' fast code directly, so a
refusal anywhere climbs to the outermost fast hook, which hands the whole object to the
cattrs hook of a converter without fast hooks. Each value is then looked at at most twice,
never once per level above it (the old fallback re-ran every child's work at every level:
2^depth). ``RecursionError`` is never taken for a refusal. Lists accept only lists: cattrs
would walk a 1 MB string as a million elements and explain each one. Error messages are capped
in count and length (:func:`describe_structure_error`).

The nesting limit (``AnswerLimits.max_depth``) is checked in the same walk
(:func:`structure_answer`, :class:`_FastHookCompiler`): a separate walk over every value
cost a third of the CPU of a large answer. A refusal, too deep included, sends the answer
through the separate check and then the cattrs hook, so the error is the one that path gives.
"""

from __future__ import annotations

import base64
import enum
import functools
import itertools
import linecache
import re
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs
import cattrs
from cattrs.errors import CattrsError, IterableValidationError, IterableValidationNote
from cattrs.preconf.orjson import make_converter as _orjson_converter

from fincard_async._generated.models import WIRE_NAMES, StructureHook, configure_converter

from ._limits import AnswerLimits, check_depth, nests_within, too_deep

__all__ = ["describe_structure_error", "make_converter", "structure_answer"]

_EXACT = (str, int, float, bool)
_compiled = itertools.count()
# A type-mismatch report shows at most this many problems, each cut to this many characters.
MAX_ERRORS_SHOWN = 5
MAX_ERROR_CHARS = 200
# cattrs names types by their full path: "list[CityNode]" says the same in a fifth of the text
_MODEL_PATH = re.compile(r"\bfincard_async\._generated\.models\.\w+\.")


def make_converter(*, fast_structure: bool = True) -> cattrs.Converter:
    """A converter for every generated model.

    ``bytes`` travel as standard base64 (preconf's default is base85, which no API here uses).
    ``fast_structure=False`` leaves structuring to cattrs alone: the reference the fast hooks
    are tested against.
    """
    if not fast_structure:
        return _cattrs_converter()
    converter = _base_converter()
    authority = _Authority()
    requests = _request_models()

    def fast_hook(cls: type[Any], cattrs_hook: StructureHook) -> StructureHook:
        if cls in requests:  # the caller's data: exact types, never coerced
            return _strict(cls, cattrs_hook, requests)
        # the fallback is the cattrs hook of a converter without fast hooks: it never
        # re-enters fast code, so a refused object is structured exactly once more
        compiler = _FastHookCompiler(converter, cls, authority.hook(cls), cattrs_hook)
        return compiler.compile()

    return configure_converter(converter, wrap_structure=fast_hook)


class _Authority:
    """The cattrs-only converter the fast hooks fall back to, built on the first fallback.

    Built lazily: a converter costs about 10 ms to set up, and valid answers never need it.
    """

    def __init__(self) -> None:
        self._converter: cattrs.Converter | None = None

    def hook(self, cls: type[Any]) -> StructureHook:
        found: StructureHook | None = None

        def fallback(value: Any, target: Any) -> Any:
            nonlocal found
            if found is None:
                if self._converter is None:
                    self._converter = _cattrs_converter()
                found = self._converter.get_structure_hook(cls)
            return found(value, target)

        return fallback


def structure_answer(
    converter: cattrs.Converter, payload: Any, response_type: Any, limits: AnswerLimits
) -> Any:
    """``payload`` as ``response_type``, after checking it nests no deeper than the limit.

    A model with a fast hook is structured and depth-checked in one walk (see
    :class:`_FastHookCompiler`): the separate check was a third of the CPU of a large answer.
    Anything that walk does not accept, too deep included, takes the full path: the depth
    check, then the cattrs hook. That path alone decides errors, so they are unchanged.
    """
    hook: Any = converter.get_structure_hook(response_type)
    try:
        bounded = getattr(hook, "bounded", None)
        if bounded is not None:
            try:
                return bounded(payload, response_type, limits.max_depth)
            except _REFUSALS:
                hook = hook.authority  # the fast code would refuse again: skip it
        check_depth(payload, limits)
        return hook(payload, response_type)
    except RecursionError:  # only if the stack is nearly used up already: still a typed error
        raise too_deep(limits) from None


def describe_structure_error(exc: BaseException, path: str = "answer") -> list[str]:
    """What did not fit, bounded: at most ``MAX_ERRORS_SHOWN`` lines of ``MAX_ERROR_CHARS``."""
    if isinstance(exc, cattrs.BaseValidationError):
        messages = cattrs.transform_error(exc, path=path)
    else:
        messages = [f"{path}: {type(exc).__name__}"]
    shown = [_cut(_MODEL_PATH.sub("", m)) for m in messages[:MAX_ERRORS_SHOWN]]
    if len(messages) > MAX_ERRORS_SHOWN:
        shown.append("and more")  # a list stops after a few bad items: no exact count
    return shown


def _cut(message: str) -> str:
    if len(message) <= MAX_ERROR_CHARS:
        return message
    return message[:MAX_ERROR_CHARS] + "..."


def _base_converter() -> cattrs.Converter:
    converter = _orjson_converter()
    converter.register_unstructure_hook(bytes, lambda data: base64.b64encode(data).decode())
    converter.register_structure_hook(bytes, lambda text, _: base64.b64decode(text))
    converter.register_structure_hook_factory(_is_list, _strict_list_factory)
    return converter


def _cattrs_converter() -> cattrs.Converter:
    requests = _request_models()
    return configure_converter(
        _base_converter(), wrap_structure=lambda cls, hook: _strict(cls, hook, requests)
    )


def _is_list(tp: Any) -> bool:
    return tp is list or typing.get_origin(tp) is list


def _strict_list_factory(tp: Any, converter: cattrs.Converter) -> StructureHook:
    """cattrs' list hook, bounded: lists only, and it stops after a few bad items.

    cattrs would walk a string or a dict item by item, and build an exception for every bad
    item of a long list (65 us each: a million of them is a minute of CPU).
    """
    args = typing.get_args(tp)
    if not args or args[0] is Any:
        return _list_of_anything
    item_type = args[0]
    try:
        hook = converter.get_structure_hook(item_type)
    except RecursionError:  # a type that contains itself: look it up at call time
        hook = converter.structure

    def structure_list(value: Any, target: Any) -> list[Any]:
        if value.__class__ is not list:
            raise ValueError(f"expected a JSON array, got {type(value).__name__}")
        errors: list[Exception] = []
        items = []
        for index, item in enumerate(value):
            try:
                items.append(hook(item, item_type))
            except Exception as exc:
                note = IterableValidationNote(f"Structuring {tp} @ index {index}", index, item_type)
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                errors.append(exc)
                if len(errors) > MAX_ERRORS_SHOWN:
                    break  # enough to explain; the rest would only cost CPU
        if errors:
            raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
        return items

    return structure_list


def _list_of_anything(value: Any, _: Any) -> list[Any]:
    if value.__class__ is not list:
        raise ValueError(f"expected a JSON array, got {type(value).__name__}")
    return list(value)


def _exactly(tp: type[Any]) -> StructureHook:
    def structure(value: Any, _: Any) -> Any:
        if value.__class__ is tp:
            return value
        raise TypeError(f"expected {tp.__name__}, got {value.__class__.__name__}")

    return structure


def _hints(cls: type[Any]) -> dict[str, Any]:
    # resolved once by the generated models package (resolve_types), with every model in scope
    return {field.name: field.type for field in attrs.fields(cls)}


@functools.cache
def _request_models() -> frozenset[type[Any]]:
    """The request bodies (``*Request``) and every model nested in them."""
    found: set[type[Any]] = set()
    stack = [cls for cls in WIRE_NAMES if cls.__name__.endswith("Request")]
    while stack:
        cls = stack.pop()
        if cls in found:
            continue
        found.add(cls)
        for hint in _hints(cls).values():
            args = typing.get_args(hint) or (hint,)
            stack.extend(a for a in args if a in WIRE_NAMES and a not in found)
    return frozenset(found)


def _strict(cls: type[Any], hook: StructureHook, requests: frozenset[type[Any]]) -> StructureHook:
    """Requests are the caller's data: text, integers and booleans are taken as they are.

    cattrs would turn ``doc_no`` 12345678 into ``"12345678"`` (and ``"0"`` into ``True``);
    the pre-flight check refuses a number where the spec says string, so the converter does
    too. Answers stay lenient (D12): this applies to request models only.
    """
    if cls not in requests:
        return hook
    exact = _exact_fields(cls)

    def structure(value: Any, target: Any) -> Any:
        if isinstance(value, dict):
            for wire, allowed in exact.items():
                found = value.get(wire)
                if found is not None and found.__class__ not in allowed:
                    kinds = " or ".join(t.__name__ for t in allowed)
                    raise TypeError(f"{wire}: expected {kinds}, got {found.__class__.__name__}")
        return hook(value, target)

    return structure


def _exact_fields(cls: type[Any]) -> dict[str, tuple[type[Any], ...]]:
    """wire name -> the exact builtin classes a field of ``cls`` takes (str, int, bool only)."""
    names = WIRE_NAMES[cls]
    exact: dict[str, tuple[type[Any], ...]] = {}
    for name, hint in _hints(cls).items():
        inner = _without_none(hint)
        if inner in (str, int, bool):
            exact[names.get(name, name)] = (inner,)
        elif isinstance(inner, type) and issubclass(inner, enum.Enum):
            exact[names.get(name, name)] = tuple({type(m.value) for m in inner} | {inner})
    return exact


def _can_skip_init(cls: type[Any]) -> bool:
    """Whether filling the slots directly builds exactly what ``cls(**fields)`` would."""
    own_setattr: object = cls.__setattr__
    if own_setattr is not object.__setattr__:  # frozen, or on_setattr hooks
        return False
    if hasattr(cls, "__attrs_pre_init__") or hasattr(cls, "__attrs_post_init__"):
        return False
    return all(
        f.init
        and f.validator is None
        and f.converter is None
        and not isinstance(f.default, attrs.Factory)  # type: ignore[arg-type]
        for f in attrs.fields(cls)
    )


class _FastHookCompiler:
    """Writes the source of one model's fast structure hook, and compiles it.

    The fast code also checks the nesting depth, in the same walk: it takes ``room``, how
    many levels of JSON objects and arrays its object and everything below may span
    (``max_depth`` for a whole answer, see :func:`structure_answer`). It enters every object
    and array it structures, so it counts the levels as it goes and refuses where room runs
    out. What it does not enter itself gets :func:`nests_within` with the room left there:
    keys no field reads (detected by counting the keys read: one ``len`` per object), fields
    typed ``Any``, and nested hooks without fast code. A fast walk that succeeds has
    therefore checked every container of the answer, as :func:`check_depth` would have;
    a refusal (too deep or anything else) sends the whole answer through that check and
    the cattrs hook, which alone write errors. Called through cattrs (two arguments, no
    limit) the room is unbounded, as before.

    Each model gets two functions from one body: one object (``bounded``), and a list of
    them built in one loop (``bounded_list``), which a field typed ``list[Model]`` calls
    once for the whole list. Measured on the city tree (5,000 nodes), a call per node and
    the conditional-expression checks were 1.0 of its 6.3 ms of structuring.
    """

    def __init__(
        self,
        converter: cattrs.Converter,
        cls: type[Any],
        fallback: StructureHook,
        cattrs_hook: StructureHook,
    ):
        self._converter = converter
        self._cls = cls
        self._names: dict[str, Any] = {
            # no __init__; 5% faster than ``object.__new__(cls)`` written out (city tree)
            "_make": functools.partial(object.__new__, cls),
            "_fallback": fallback,
            "_cattrs_hook": cattrs_hook,
            "_decline": _decline,
            "_REFUSALS": _REFUSALS,
            "_UNBOUNDED": _UNBOUNDED,
            "_within": nests_within,
            "_extra_fits": _extra_fits,
            "_ABSENT": _ABSENT,
        }

    def compile(self) -> StructureHook:
        cls = self._cls
        if not _can_skip_init(cls):
            return self._names["_cattrs_hook"]  # type: ignore[no-any-return]
        name = f"structure_{cls.__name__}"
        body = self._body()
        source = "\n".join(
            [
                # the fast code proper: refuses by raising, to the outermost fast hook
                f"def fast_{name}(o, _, room):",
                "    if room < 1:",
                "        _decline()",
                *_indent(body, 1),
                "    return obj",
                f"def fast_list_{name}(items, room):",  # ``room``: the list's own
                "    if items.__class__ is not list or room < 1:",
                "        _decline()",
                "    room -= 1",  # each item's, checked once for all of them
                "    if room < 1 and items:",
                "        _decline()",
                "    out = []",
                "    append = out.append",
                "    for o in items:",
                *_indent(body, 2),
                "        append(obj)",
                "    return out",
                f"def {name}(o, _):",
                "    try:",
                f"        return fast_{name}(o, _, _UNBOUNDED)",
                "    except _REFUSALS:",
                "        return _fallback(o, _)  # the cattrs hook coerces or explains",
            ]
        )
        filename = f"<fincard_async fast structure {cls.__qualname__} #{next(_compiled)}>"
        # tracebacks through compiled code show its source, as attrs and cattrs do
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        exec(compile(source, filename, "exec"), self._names)  # noqa: S102
        hook = self._names[name]
        hook.bounded = self._names[f"fast_{name}"]
        hook.bounded_list = self._names[f"fast_list_{name}"]
        hook.authority = self._names["_fallback"]
        # cattrs reads a hook's wire names (union disambiguation, e.g. the login answer)
        hook.overrides = getattr(self._names["_cattrs_hook"], "overrides", {})
        return hook  # type: ignore[no-any-return]

    def _body(self) -> list[str]:
        """Statements that build ``obj`` from ``o`` within ``room`` levels (at least 1,
        checked by the caller), or refuse: every key is read, then every value checked."""
        cls = self._cls
        wire = WIRE_NAMES[cls]
        fields = attrs.fields(cls)
        reads: list[str] = []
        checks: list[str] = []
        for index, field in enumerate(fields):
            read, check = self._read(f"v{index}", repr(wire.get(field.name, field.name)), field)
            reads += read
            checks += check
        required = sum(f.default is attrs.NOTHING for f in fields)
        known = self._bind(frozenset(wire.get(f.name, f.name) for f in fields), "known")
        general = [
            # keys not read yet: o[key] refuses a missing required key, and each optional
            # key found takes one off (a value that is its default counts as not found)
            f"unread = len(o) - {required}",
            *reads,
            f"if unread and not _extra_fits(o, {known}, room - 1):",
            "    _decline()",
        ]
        if len(fields) - required >= _EVERY_KEY_FIRST_FROM:
            general = [*self._every_key(fields, wire), "if not full:", *_indent(general, 1)]
        sets = ["obj = _make()", *(f"obj.{f.name} = v{index}" for index, f in enumerate(fields))]
        return ["if o.__class__ is not dict:", "    _decline()", *general, *checks, *sets]

    @staticmethod
    def _every_key(fields: Any, wire: dict[str, str]) -> list[str]:
        """An object with exactly the model's keys (the usual answer) is read by subscripts,
        without ``get`` or counting; any other object sets ``full`` false."""
        keys = [repr(wire.get(f.name, f.name)) for f in fields]
        return [
            f"full = len(o) == {len(fields)}",
            "if full:",
            "    try:",
            *[f"        v{index} = o[{key}]" for index, key in enumerate(keys)],
            "    except KeyError:  # as many keys as fields, one of them unknown",
            "        full = False",
        ]

    def _read(self, var: str, key: str, field: attrs.Attribute[Any]) -> tuple[list[str], list[str]]:
        """How ``var`` is read from ``o`` (optional keys counted), and how it is checked."""
        if field.default is attrs.NOTHING:
            return [f"{var} = o[{key}]"], self._assign(var, field.type)
        convert = self._assign(var, _without_none(field.type))
        if field.default is not None:
            default = self._bind(field.default)
            found = f"if {var} is not {default}:"
            read = [f"{var} = o.get({key}, {default})", found, "    unread -= 1"]
            return read, [found, *_indent(convert, 1)]
        return [  # a null is read (and counted) like any value, and stays None
            f"{var} = o.get({key}, _ABSENT)",
            f"if {var} is _ABSENT:",
            f"    {var} = None",
            "else:",
            "    unread -= 1",
        ], [f"if {var} is not None:", *_indent(convert, 1)]

    def _assign(self, var: str, tp: Any) -> list[str]:
        """Statements that make ``var`` (one level under the object) a ``tp``, or refuse."""
        if tp in _EXACT:  # the commonest check, as a statement: no reassignment
            return [f"if {var}.__class__ is not {tp.__name__}:", "    _decline()"]
        if isinstance(tp, type) and issubclass(tp, enum.Enum) and tp.__members__:
            # one lookup (a list or dict is unhashable: ``get`` refuses it); no member is None
            known = self._bind(tp._value2member_map_, f"{tp.__name__}_values")
            other = f"{self._hook(tp, bounded=False)}({var}, {self._bind(tp, tp.__name__)})"
            return [
                f"{var}_ = {known}.get({var})",
                f"{var} = {other} if {var}_ is None else {var}_",
            ]
        return [f"{var} = {self._convert(var, tp)}"]

    def _convert(self, var: str, tp: Any, below: int = 1) -> str:
        """An expression that gives ``var`` as ``tp``, or raises so the fallback runs.

        ``var`` sits ``below`` levels under the object: it has ``room - below`` levels.
        """
        if tp is Any:  # kept as decoded, so not walked here: check its depth
            return f"{var} if _within({var}, room - {below}) else _decline()"
        if tp in _EXACT:  # builtins: the compiled code names them directly
            return f"{var} if {var}.__class__ is {tp.__name__} else _decline()"
        inner = _without_none(tp)
        if inner is not tp:
            return f"None if {var} is None else ({self._convert(var, inner, below)})"
        if isinstance(tp, type) and issubclass(tp, enum.Enum) and tp.__members__:
            # a list or dict is unhashable: the ``in`` refuses it, so the value is a scalar
            known = self._bind(tp._value2member_map_, f"{tp.__name__}_values")
            other = f"{self._hook(tp, bounded=False)}({var}, {self._bind(tp, tp.__name__)})"
            return f"{known}[{var}] if {var} in {known} else {other}"
        if typing.get_origin(tp) is typing.Literal:  # consts: success envelopes, every call
            values = typing.get_args(tp)
            kinds = self._bind(frozenset(type(v) for v in values), "literal_types")
            allowed = self._bind(frozenset(values), "literal_values")
            return f"{var} if {var}.__class__ in {kinds} and {var} in {allowed} else _decline()"
        if typing.get_origin(tp) is list:
            (item,) = typing.get_args(tp)
            if item in WIRE_NAMES:  # models: one call for the whole list, items inline
                return f"{self._list_hook(item)}({var}, room - {below})"
            name = f"{var}_"
            return (
                f"[{self._convert(name, item, below + 1)} for {name} in {var}] "
                f"if {var}.__class__ is list and room > {below} else _decline()"
            )
        return f"{self._hook(tp)}({var}, {self._bind(tp, 'type')}, room - {below})"

    def _bind(self, value: Any, hint: str = "value") -> str:
        """A name the compiled code can use for ``value``."""
        if value is None:
            return "None"
        name = f"_{hint}_{len(self._names)}"
        self._names[name] = value
        return name

    def _hook(self, tp: Any, *, bounded: bool = True) -> str:
        """The name of the converter's hook for ``tp``, looked up on first call.

        Not looked up now: a model that contains itself (the city tree) is still being
        compiled, so its hook does not exist yet. A ``bounded`` hook takes the room left
        as a third argument.
        """
        name = f"_hook_{len(self._names)}"
        names, converter = self._names, self._converter

        def first_call(value: Any, target: Any, *room: int) -> Any:
            hook: Any = converter.get_structure_hook(tp)
            if bounded:
                # a nested model's fast code, called directly: its refusal climbs up to ours
                hook = getattr(hook, "bounded", None) or _checked_depth(hook)
            names[name] = hook
            return hook(value, target, *room)

        names[name] = first_call
        return name

    def _list_hook(self, tp: Any) -> str:
        """The name of a function that structures a list of ``tp`` within a room, looked
        up on first call (see :meth:`_hook`): ``tp``'s list code, or a loop over its hook."""
        name = f"_list_hook_{len(self._names)}"
        names, converter = self._names, self._converter

        def first_call(value: Any, room: int) -> Any:
            hook: Any = converter.get_structure_hook(tp)
            found = getattr(hook, "bounded_list", None)
            if found is None:
                found = _list_of(getattr(hook, "bounded", None) or _checked_depth(hook), tp)
            names[name] = found
            return found(value, room)

        names[name] = first_call
        return name


# Models with this many optional fields first try reading every key by subscript: a 100-record
# work-order page (six optional fields) 10 % faster; the city tree (two) would not gain.
_EVERY_KEY_FIRST_FROM = 3
# What ``dict.get`` gives for a key that is not there (``None`` is a value: a JSON null).
_ABSENT = object()
# The room of fast code called through cattrs, without a limit: more than any answer nests.
_UNBOUNDED = 1 << 30


def _extra_fits(obj: dict[str, Any], known: frozenset[str], room: int) -> bool:
    """Whether the values of the keys no field reads nest within ``room`` levels."""
    return all(nests_within(value, room) for key, value in obj.items() if key not in known)


def _list_of(bounded: Callable[[Any, Any, int], Any], tp: Any) -> Callable[[Any, int], Any]:
    """A list of ``tp`` within ``room`` levels, each item through ``bounded``."""

    def structure(value: Any, room: int) -> list[Any]:
        if value.__class__ is not list or room < 1:
            _decline()
        return [bounded(item, tp, room - 1) for item in value]

    return structure


def _indent(lines: list[str], levels: int) -> list[str]:
    pad = "    " * levels
    return [pad + line for line in lines]


def _checked_depth(hook: StructureHook) -> Callable[[Any, Any, int], Any]:
    """``hook`` with a room argument, for a type that has no fast code: it checks first."""

    def bounded(value: Any, target: Any, room: int) -> Any:
        if nests_within(value, room):
            return hook(value, target)
        _decline()

    return bounded


def _decline() -> typing.NoReturn:
    raise _Decline


class _Decline(Exception):
    """A value the fast hook does not handle; the cattrs hook takes the whole object."""


# What fast code raises on a value it does not handle; never RecursionError or MemoryError.
_REFUSALS = (
    _Decline,
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    cattrs.BaseValidationError,
    CattrsError,  # e.g. a Literal (a success envelope's const) that does not match
)


def _without_none(tp: Any) -> Any:
    """``X`` for ``X | None``; ``tp`` unchanged for anything else."""
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return tp
    rest = tuple(a for a in typing.get_args(tp) if a is not type(None))
    if len(rest) == len(typing.get_args(tp)):
        return tp
    return rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007
