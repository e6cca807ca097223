"""Checks on a public method's arguments before anything is built or sent.

Valid Python values can still break the wire: a CR or LF in a value that travels as a header
or a multipart file name, a lone surrogate (``"\\ud800"``) that UTF-8 cannot encode, or a value
of the wrong Python type deep inside a model. Each would otherwise surface as a raw
``ValueError``/``TypeError``/``UnicodeEncodeError`` from aiohttp, orjson or our own rules.

:func:`check_arguments` reads the method's annotations (once per method) and reports every
problem in one :class:`ValidationError`, naming the field and the rule, never the value. It
checks Python types only; the spec's rules (lengths, patterns, enums) stay with the validator.
"""

from __future__ import annotations

import collections.abc
import enum
import functools
import inspect
import os
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs

import fincard_async._generated.models

from ._config import EndUser, RequestOptions, text_problems
from ._exceptions import ValidationError, Violation

__all__ = ["check_arguments", "check_header_text"]

# Arguments whose text travels in a header or a multipart part's header line.
_HEADER_ARGUMENTS = frozenset({"file_name"})
# Arguments whose text is a local path: never sent, and may hold undecodable bytes on POSIX.
_PATH_ARGUMENTS = frozenset({"file", "source"})
# At most this many problems are listed for one call (a list of 10,000 bad items is one bug).
_MAX_VIOLATIONS = 20
_NONE = type(None)


def check_arguments(method: Callable[..., Any], arguments: Mapping[str, Any]) -> None:
    """Raise one :class:`ValidationError` for every argument of the wrong type or unsafe text.

    ``arguments`` is the method's ``locals()`` at its first line; ``self`` is skipped.
    """
    found: list[Violation] = []
    # keyed by the plain function: a cache keyed by bound methods would keep every client
    # that ever made a call alive
    for name, tp, exact in _plan(getattr(method, "__func__", method)):
        if name not in arguments:
            continue
        value = arguments[name]
        if value is None and value.__class__ in exact:
            continue  # an optional argument left out: nothing to check
        if name in _PATH_ARGUMENTS and isinstance(value, str):
            _check_path(value, name, found)
            continue
        _check(value, tp, name, found, header=name in _HEADER_ARGUMENTS)
    if found:
        raise ValidationError(found[:_MAX_VIOLATIONS], operation=_operation(method))


def check_header_text(path: str, value: str) -> None:
    """Raise :class:`ValidationError` when ``value`` cannot travel in a header line."""
    found: list[Violation] = []
    _check_text(value, path, found, header=True)
    if found:
        raise ValidationError(found)


@functools.cache
def _plan(function: Callable[..., Any]) -> tuple[tuple[str, Any, frozenset[type]], ...]:
    # per method, once: each argument's annotation and the classes that surely fit it
    return tuple((name, tp, _exact_fits(tp)) for name, tp in _hints(function).items())


def _hints(function: Callable[..., Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(inspect.unwrap(function))
    hints.pop("return", None)
    return hints


def _operation(method: Callable[..., Any]) -> str:
    return str(getattr(method, "__qualname__", method)).lower().replace("._", ".")


def _check(value: Any, tp: Any, path: str, found: list[Violation], *, header: bool) -> None:
    if len(found) >= _MAX_VIOLATIONS:
        return
    if value.__class__ not in _exact_fits(tp):
        problem = _mismatch(value, tp)
        if problem is not None:
            found.append(Violation(path=path, rule="type", message=problem))
            return
    if value is None:
        return
    if isinstance(value, str):
        _check_text(value, path, found, header=header)
    elif isinstance(value, (list, tuple)):
        item = _item_type(tp)
        for index, element in enumerate(value):
            _check(element, item, f"{path}[{index}]", found, header=header)
    elif isinstance(value, RequestOptions):
        _check_options(value, path, found)
    elif attrs.has(type(value)) and type(value).__module__.startswith("fincard_async._generated."):
        _check_model(value, path, found)


def _check_text(value: str, path: str, found: list[Violation], *, header: bool) -> None:
    for rule, message in text_problems(value, header=header):
        found.append(Violation(path=path, rule=rule, message=message))


def _check_path(value: str, path: str, found: list[Violation]) -> None:
    # undecodable bytes come back as surrogate escapes, which encode again; others do not
    try:
        os.fsencode(value)
    except UnicodeEncodeError:
        message = "cannot be encoded as a file system path"
        found.append(Violation(path=path, rule="encoding", message=message))
    if "\0" in value:  # open() refuses it with a ValueError
        found.append(Violation(path=path, rule="path", message="contains NUL"))


def _check_model(value: Any, path: str, found: list[Violation]) -> None:
    hints = _model_hints(type(value))  # type: ignore[arg-type]
    for field in attrs.fields(type(value)):
        sub = getattr(value, field.name)
        _check(sub, hints[field.name], f"{path}.{field.name}", found, header=False)


@functools.cache
def _model_hints(cls: type[Any]) -> dict[str, Any]:
    # generated models name each other under TYPE_CHECKING only: resolve in the package
    return typing.get_type_hints(cls, localns=vars(fincard_async._generated.models))


def _check_options(options: RequestOptions, path: str, found: list[Violation]) -> None:
    headers = options.extra_headers
    if not isinstance(headers, Mapping):
        found.append(Violation(f"{path}.extra_headers", "type", "must be a mapping"))
    else:
        for key, text in headers.items():
            where = f"{path}.extra_headers"
            for part in (key, text):
                if not isinstance(part, str):
                    found.append(Violation(where, "type", "names and values must be str"))
                else:
                    _check_text(part, where, found, header=True)
    if isinstance(options.end_user, EndUser):
        for name in ("ip", "device_id"):
            text = getattr(options.end_user, name)
            where = f"{path}.end_user.{name}"
            if not isinstance(text, str):
                found.append(Violation(where, "type", "must be str"))
            else:
                _check_text(text, where, found, header=True)


@functools.cache
def _exact_fits(tp: Any) -> frozenset[type]:
    """Classes whose instances surely fit ``tp``: a set lookup settles the common case.

    Only exact classes (a subclass takes the full path of :func:`_fits`), so the answer is
    always one :func:`_fits` would give; every call of a method checks the same annotations.
    """
    exact: set[type] = set()
    for option in _alternatives(tp):
        if option is _NONE or option is None:
            exact.add(_NONE)
        elif option is float:
            exact.update((int, float))
        elif typing.get_origin(option) in (list, tuple) or option in (list, tuple):
            exact.update((list, tuple))
        elif _plain_class(option):
            exact.add(option)
    return frozenset(exact)


def _plain_class(option: Any) -> bool:
    # an enum takes its raw value too, and object anything: both need the full check
    if not isinstance(option, type) or typing.get_origin(option) is not None:
        return False
    return option is not object and not issubclass(option, enum.Enum)


def _mismatch(value: Any, tp: Any) -> str | None:
    """Why ``value`` is not a ``tp`` (type names only), or None when it is."""
    options = _alternatives(tp)
    if any(_fits(value, option) for option in options):
        return None
    wanted = " or ".join(sorted({_name(option) for option in options}))
    return f"must be {wanted}, not {type(value).__name__}"


@functools.cache
def _alternatives(tp: Any) -> tuple[Any, ...]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return tuple(a for arg in typing.get_args(tp) for a in _alternatives(arg))
    return (tp,)


def _fits(value: Any, tp: Any) -> bool:
    if tp is Any:
        return True
    if tp is _NONE or tp is None:
        return value is None
    if tp is typing.BinaryIO or tp is typing.IO:
        return callable(getattr(value, "read", None))
    origin = typing.get_origin(tp) or tp
    if origin is os.PathLike:
        return isinstance(value, os.PathLike)
    if isinstance(origin, type) and issubclass(origin, enum.Enum):
        # a raw value is fine here: the spec's enum rule decides whether it is known
        return isinstance(value, origin) or _fits(value, _enum_base(origin))
    if origin is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if origin is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if origin in (list, tuple) or _is_sequence(origin):
        return isinstance(value, (list, tuple))
    if isinstance(origin, type) and origin is not object:
        return isinstance(value, origin)
    return True  # a form we do not check (TypeVar, Literal...): the spec's rules decide


def _is_sequence(origin: Any) -> bool:
    return origin in (collections.abc.Sequence, collections.abc.MutableSequence)


def _enum_base(cls: type[enum.Enum]) -> type:
    return int if issubclass(cls, int) else str


def _item_type(tp: Any) -> Any:
    for option in _alternatives(tp):
        args = typing.get_args(option)
        if args:
            return args[0]
    return Any


def _name(tp: Any) -> str:
    if tp is _NONE or tp is None:
        return "None"
    if tp is typing.BinaryIO:
        return "a binary file object"
    origin = typing.get_origin(tp) or tp
    if origin is os.PathLike:
        return "os.PathLike"
    if _is_sequence(origin) or origin in (list, tuple):
        return "list"
    return getattr(origin, "__name__", str(origin))
