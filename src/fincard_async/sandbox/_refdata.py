"""Reference data that looks real: ISO 3166 countries and subdivisions, dialling codes.

Built from pycountry and phonenumbers once per process (building takes a moment) and
shared by every sandbox. The returned structures are shared: never mutate them.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Any, Final

import phonenumbers
import pycountry

__all__ = [
    "city_list",
    "city_tree",
    "country_alpha3",
    "is_country",
    "mobile_area_codes",
    "regions",
]

# Jurisdictions commonly closed to card programmes; their codes say no global transfer.
_NO_GLOBAL_TRANSFER: Final = frozenset({"CU", "IR", "KP", "SY"})

Node = dict[str, Any]


def _display_name(country: Any) -> str:
    return str(getattr(country, "common_name", None) or country.name)


@functools.cache
def _countries() -> dict[str, Any]:
    return {country.alpha_2: country for country in pycountry.countries}


def is_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 code."""
    return code in _countries()


def country_alpha3(code: str) -> str:
    """The alpha-3 code of an alpha-2 code."""
    return str(_countries()[code].alpha_3)


@functools.cache
def regions() -> tuple[Node, ...]:
    """Every ISO 3166 country: ``code`` (alpha-2), ``standardCode`` (alpha-3), ``name``."""
    return tuple(
        {"code": code, "standardCode": country.alpha_3, "name": _display_name(country)}
        for code, country in sorted(_countries().items())
    )


@functools.cache
def mobile_area_codes() -> tuple[Node, ...]:
    """Dialling codes per country (``en_US`` names), NANP territories as ``+1-684``."""
    entries = []
    for code, country in sorted(_countries().items(), key=lambda item: _display_name(item[1])):
        dialling = phonenumbers.country_code_for_region(code)
        if not dialling:
            continue
        entries.append(
            {
                "code": _dialling_text(code, dialling),
                "name": _display_name(country),
                "areaCode": code,
                "language": "en_US",
                "enableGlobalTransfer": code not in _NO_GLOBAL_TRANSFER,
            }
        )
    return tuple(entries)


def _dialling_text(region: str, dialling: int) -> str:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    leading = metadata.leading_digits if metadata is not None else None
    if dialling == 1 and leading and leading.isdigit() and len(leading) == 3:
        return f"+1-{leading}"
    return f"+{dialling}"


@functools.lru_cache(maxsize=8)
def city_tree(countries: tuple[str, ...], size: int | None = None) -> tuple[Node, ...]:
    """Province/state nodes (``parentCode`` ``"0"``) with their subdivisions as children.

    pycountry knows no city names, so the children are the real lower-level subdivisions
    where a country has them (GB, FR, ES, IT, PH, ID...), and none elsewhere. With ``size``,
    synthetic districts pad the tree to at least that many nodes.
    """
    tree: list[Node] = []
    for country in countries:
        tree.extend(_country_tree(country))
    if size is not None:
        _pad(tree, size)
    return tuple(tree)


@functools.cache
def _subdivisions() -> dict[str, list[Any]]:
    by_country: defaultdict[str, list[Any]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        by_country[sub.country_code].append(sub)
    return dict(by_country)


def _country_tree(country: str) -> list[Node]:
    subdivisions = _subdivisions().get(country, [])
    by_code = {sub.code: sub for sub in subdivisions}
    children: defaultdict[str, list[Node]] = defaultdict(list)
    roots = []
    for sub in sorted(subdivisions, key=lambda item: item.code):
        root = _root_of(sub, by_code)
        if root is sub:
            roots.append(sub)
        else:
            children[root.code].append(_node(sub, country, parent=root.code))
    return [{**_node(root, country, parent="0"), "children": children[root.code]} for root in roots]


def _root_of(sub: Any, by_code: dict[str, Any]) -> Any:
    seen = set()
    while sub.parent_code and sub.parent_code in by_code and sub.code not in seen:
        seen.add(sub.code)
        sub = by_code[sub.parent_code]
    return sub


def _node(sub: Any, country: str, *, parent: str) -> Node:
    return {
        "code": sub.code,
        "name": sub.name,
        "country": country,
        "countryStandardCode": country_alpha3(country),
        "parentCode": parent,
    }


def _pad(tree: list[Node], size: int) -> None:
    total = sum(1 + len(node["children"]) for node in tree)
    index = 0
    while total < size and tree:
        root = tree[index % len(tree)]
        number = len(root["children"]) + 1
        root["children"].append(
            {
                "code": f"{root['code']}-S{number:04d}",
                "name": f"{root['name']} District {number}",
                "country": root["country"],
                "countryStandardCode": root["countryStandardCode"],
                "parentCode": root["code"],
            }
        )
        total += 1
        index += 1


@functools.lru_cache(maxsize=8)
def city_list(countries: tuple[str, ...], size: int | None = None) -> tuple[Node, ...]:
    """The flat city list: the children of the tree, or a top node that has none."""
    flat: list[Node] = []
    for root in city_tree(countries, size):
        leaves = root["children"] or [root]
        flat.extend(
            {key: leaf[key] for key in ("code", "name", "country", "countryStandardCode")}
            for leaf in leaves
        )
    return tuple(flat)
