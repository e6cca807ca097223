# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""The data models of the API, and the table that maps them to their wire names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal
from uuid import UUID

from attrs import resolve_types
from cattrs import Converter
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ..types import File
from .kind import Kind
from .lang import Lang
from .thing import Thing
from .thing_page import ThingPage
from .thing_query import ThingQuery
from .upload_thing_body import UploadThingBody

__all__ = [
    "OPTIONAL_FIELDS",
    "WIRE_NAMES",
    "Kind",
    "Lang",
    "StructureHook",
    "Thing",
    "ThingPage",
    "ThingQuery",
    "UploadThingBody",
    "configure_converter",
]

StructureHook = Callable[[Any, Any], Any]

# Python attribute name -> wire name, for every model (identity entries omitted).
WIRE_NAMES: dict[type[Any], dict[str, str]] = {
    Thing: {
        "thing_id": "thingId",
    },
    ThingPage: {},
    ThingQuery: {
        "page_num": "pageNum",
        "name_like": "nameLike",
    },
    UploadThingBody: {},
}

# Fields that default to None: left out of request bodies when unset.
OPTIONAL_FIELDS: dict[type[Any], frozenset[str]] = {
    Thing: frozenset(
        {
            "doc_no",
            "parts",
        }
    ),
    ThingPage: frozenset({}),
    ThingQuery: frozenset(
        {
            "name_like",
        }
    ),
    UploadThingBody: frozenset(
        {
            "note",
        }
    ),
}


# Model modules import each other only for type checkers (the generator avoids import cycles);
# resolve every annotation here, where all models are in scope, so cattrs sees real types.
for _model in WIRE_NAMES:
    resolve_types(_model, globalns={**globals(), "File": File, "UUID": UUID, "Literal": Literal})


def configure_converter(
    converter: Converter,
    *,
    wrap_structure: Callable[[type[Any], StructureHook], StructureHook] | None = None,
) -> Converter:
    """Register every model on ``converter``: wire names, unknown keys ignored, unset omitted.

    Hooks are built lazily per class (a factory), so recursive models such as a city tree
    resolve to the same hooks as everything else. ``wrap_structure(cls, hook)`` may put a
    faster hook in front of the cattrs one (which it should fall back to).
    """

    def structure_factory(cls: Any) -> Any:
        renames: dict[str, Any] = {k: override(rename=v) for k, v in WIRE_NAMES[cls].items()}
        hook = make_dict_structure_fn(cls, converter, **renames)
        return hook if wrap_structure is None else wrap_structure(cls, hook)

    def unstructure_factory(cls: Any) -> Any:
        optional = OPTIONAL_FIELDS[cls]
        names = {a.name for a in cls.__attrs_attrs__}
        fields: dict[str, Any] = {
            name: override(rename=WIRE_NAMES[cls].get(name), omit_if_default=name in optional)
            for name in names
        }
        return make_dict_unstructure_fn(cls, converter, **fields)

    # preconf converters have no UUID rule: file ids travel as text
    converter.register_structure_hook(UUID, lambda value, _: UUID(str(value)))
    converter.register_unstructure_hook(UUID, str)
    converter.register_structure_hook_factory(lambda t: t in WIRE_NAMES, structure_factory)
    converter.register_unstructure_hook_factory(lambda t: t in WIRE_NAMES, unstructure_factory)
    return converter
