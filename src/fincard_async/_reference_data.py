"""Reference data: countries/regions, cities, the city tree, mobile area codes.

Two ways to read each list:

* ``list_regions()``, ``list_cities()``, ``list_city_tree()``, ``list_mobile_area_codes()``
  always make one request, as their names say (like ``cards.list_card_types()``).
* ``regions()``, ``cities()``, ``city_tree()``, ``mobile_area_codes()`` and the lookups
  ``region()`` and ``mobile_code()`` read an in-memory cache, as the vendor asks clients to:
  each list is kept ``cache_ttl`` seconds (one hour by default) per argument
  (``region_code``), and concurrent readers of a cold or expired list share one request.
  ``invalidate()`` forgets everything; ``refresh=True`` fetches one list now. The returned
  lists are fresh copies, but the models in them are shared: don't modify them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Final, TypeVar

import attrs

from fincard_async._generated.api.reference_data import (
    list_cities,
    list_city_tree,
    list_mobile_area_codes,
    list_regions,
)
from fincard_async._generated.models import (
    City,
    CityListRequest,
    CityNode,
    CityTreeRequest,
    MobileAreaCode,
    MobileAreaCodeListRequest,
    Region,
    RegionListRequest,
)

from ._cache import TTLCache
from ._config import RequestOptions
from ._inputs import check_arguments
from ._resources import Resource
from ._validation import SpecValidator

if TYPE_CHECKING:
    from ._client import FincardClient

__all__ = ["DEFAULT_REFERENCE_TTL", "ReferenceData", "flatten_city_tree"]

DEFAULT_REFERENCE_TTL: Final = 3600.0
"""Seconds a reference list is kept before the next read fetches it again."""

T = TypeVar("T")
Key = str | None


class ReferenceData(Resource):
    """FinHub reference data: direct ``list_*`` reads and cached reads. Retried freely.

    Args:
        client: the owning client.
        cache_ttl: seconds each list is kept (default one hour).

    The cache is shared with the client's ``with_options()`` copies.
    """

    def __init__(
        self,
        client: FincardClient,
        *,
        cache_ttl: float = DEFAULT_REFERENCE_TTL,
        validator: SpecValidator | None = None,
    ) -> None:
        super().__init__(client, validator=validator)

        def now() -> float:
            return client._core.clock.monotonic()

        self._regions: TTLCache[Key, list[Region]] = TTLCache(cache_ttl, now)
        self._cities: TTLCache[Key, list[City]] = TTLCache(cache_ttl, now)
        self._trees: TTLCache[Key, list[CityNode]] = TTLCache(cache_ttl, now)
        self._mobile: TTLCache[Key, list[MobileAreaCode]] = TTLCache(cache_ttl, now)

    def invalidate(self) -> None:
        """Forget every cached list; the next reads fetch them again.

        Example::

            client.reference_data.invalidate()
        """
        for cache in (self._regions, self._cities, self._trees, self._mobile):
            cache.clear()

    async def list_regions(self, *, options: RequestOptions | None = None) -> list[Region]:
        """Every country/region with its alpha-2 ``code`` and alpha-3 ``standard_code``.

        Always one request; :meth:`regions` reads the cache.

        Example::

            regions = await client.reference_data.list_regions()
        """
        check_arguments(self.list_regions, locals())
        body = RegionListRequest()
        headers = await self._checked_finhub_headers("listRegions", options, body=body)
        answer = await list_regions.asyncio(
            transport=self._transport(options), body=body, **headers
        )
        return answer.data

    async def list_cities(
        self, *, region_code: str | None = None, options: RequestOptions | None = None
    ) -> list[City]:
        """Cities, optionally of one country (alpha-2 ``region_code``); always one request."""
        check_arguments(self.list_cities, locals())
        body = CityListRequest(region_code=region_code)
        headers = await self._checked_finhub_headers("listCities", options, body=body)
        answer = await list_cities.asyncio(transport=self._transport(options), body=body, **headers)
        return answer.data

    async def list_city_tree(
        self, *, region_code: str | None = None, options: RequestOptions | None = None
    ) -> list[CityNode]:
        """Provinces/states with their cities under ``children``; always one request."""
        check_arguments(self.list_city_tree, locals())
        body = CityTreeRequest(region_code=region_code)
        headers = await self._checked_finhub_headers("listCityTree", options, body=body)
        answer = await list_city_tree.asyncio(
            transport=self._transport(options), body=body, **headers
        )
        return answer.data

    async def list_mobile_area_codes(
        self, *, options: RequestOptions | None = None
    ) -> list[MobileAreaCode]:
        """Mobile calling codes (``+1``) with the country they belong to; always one request."""
        check_arguments(self.list_mobile_area_codes, locals())
        body = MobileAreaCodeListRequest()
        headers = await self._checked_finhub_headers("listMobileAreaCodes", options, body=body)
        answer = await list_mobile_area_codes.asyncio(
            transport=self._transport(options), body=body, **headers
        )
        return answer.data

    # -- cached reads ---------------------------------------------------------------------------

    async def regions(
        self, *, refresh: bool = False, options: RequestOptions | None = None
    ) -> list[Region]:
        """:meth:`list_regions`, from the cache.

        Args:
            refresh: fetch now even when the cached list is still fresh.
            options: per-call options, used only when this call is the one that fetches.

        Example::

            regions = await client.reference_data.regions()
        """
        check_arguments(self.regions, locals())

        async def load() -> list[Region]:
            return await self.list_regions(options=options)

        return await _cached(self._regions, None, load, refresh)

    async def cities(
        self,
        *,
        region_code: str | None = None,
        refresh: bool = False,
        options: RequestOptions | None = None,
    ) -> list[City]:
        """:meth:`list_cities`, from the cache (one entry per ``region_code``).

        Example::

            cities = await client.reference_data.cities(region_code="US")
        """
        check_arguments(self.cities, locals())

        async def load() -> list[City]:
            return await self.list_cities(region_code=region_code, options=options)

        return await _cached(self._cities, region_code, load, refresh)

    async def city_tree(
        self,
        *,
        region_code: str | None = None,
        refresh: bool = False,
        options: RequestOptions | None = None,
    ) -> list[CityNode]:
        """:meth:`list_city_tree`, from the cache (one entry per ``region_code``).

        Example::

            states = await client.reference_data.city_tree(region_code="US")
            every_place = flatten_city_tree(states)
        """
        check_arguments(self.city_tree, locals())

        async def load() -> list[CityNode]:
            return await self.list_city_tree(region_code=region_code, options=options)

        return await _cached(self._trees, region_code, load, refresh)

    async def mobile_area_codes(
        self, *, refresh: bool = False, options: RequestOptions | None = None
    ) -> list[MobileAreaCode]:
        """:meth:`list_mobile_area_codes`, from the cache.

        Example::

            codes = await client.reference_data.mobile_area_codes()
        """
        check_arguments(self.mobile_area_codes, locals())

        async def load() -> list[MobileAreaCode]:
            return await self.list_mobile_area_codes(options=options)

        return await _cached(self._mobile, None, load, refresh)

    async def region(self, code: str, *, options: RequestOptions | None = None) -> Region | None:
        """The country/region with alpha-2 ``code`` (any case), or ``None``; from the cache.

        Example::

            us = await client.reference_data.region("US")
            assert us is not None and us.standard_code == "USA"
        """
        check_arguments(self.region, locals())
        wanted = code.strip().upper()
        regions = await self.regions(options=options)
        return next((r for r in regions if r.code.upper() == wanted), None)

    async def mobile_code(
        self, country: str, *, options: RequestOptions | None = None
    ) -> str | None:
        """The calling code (e.g. ``"+1"``) of alpha-2 ``country``, or ``None``; from the cache.

        When the list has several entries for the country (one per language), the first wins.

        Example::

            assert await client.reference_data.mobile_code("US") == "+1"
        """
        check_arguments(self.mobile_code, locals())
        wanted = country.strip().upper()
        codes = await self.mobile_area_codes(options=options)
        return next((c.code for c in codes if c.area_code.upper() == wanted), None)


async def _cached(
    cache: TTLCache[Key, list[T]],
    key: Key,
    load: Callable[[], Awaitable[list[T]]],
    refresh: bool,
) -> list[T]:
    if refresh:
        cache.invalidate(key)
    return list(await cache.get(key, load))  # a copy: callers may sort or extend theirs


def flatten_city_tree(nodes: Iterable[CityNode]) -> list[CityNode]:
    """Every node of a city tree, depth first (a parent before its children), flat.

    Iterative, so any depth works. Each returned node is a copy without ``children``; a child's
    ``parent_code`` is set to the code of the node it was found under (roots keep theirs,
    normally ``"0"``), so the structure survives flattening.

    Example::

        states = await client.reference_data.city_tree(region_code="US")
        cities = [n for n in flatten_city_tree(states) if n.parent_code != "0"]
    """
    flat: list[CityNode] = []
    stack: list[tuple[CityNode, str | None]] = [(node, None) for node in reversed(list(nodes))]
    while stack:
        node, parent = stack.pop()
        flat.append(
            attrs.evolve(
                node, children=None, parent_code=node.parent_code if parent is None else parent
            )
        )
        stack.extend((child, node.code) for child in reversed(node.children or []))
    return flat
