"""Reference data: countries/regions, cities, the city tree, mobile area codes."""

from __future__ import annotations

from fincard_api.api.reference_data import (
    list_cities,
    list_city_tree,
    list_mobile_area_codes,
    list_regions,
)
from fincard_api.models import (
    City,
    CityListRequest,
    CityNode,
    CityTreeRequest,
    MobileAreaCode,
    MobileAreaCodeListRequest,
    Region,
    RegionListRequest,
)

from ._config import RequestOptions
from ._resources import Resource

__all__ = ["ReferenceData"]


class ReferenceData(Resource):
    """FinHub reference data. Reads; retried freely."""

    async def list_regions(self, *, options: RequestOptions | None = None) -> list[Region]:
        """Every country/region with its alpha-2 ``code`` and alpha-3 ``standard_code``.

        Example::

            regions = await client.reference_data.list_regions()
        """
        answer = await list_regions.asyncio(
            transport=self._transport(options),
            body=RegionListRequest(),
            **self._finhub_headers(options),
        )
        return answer.data or []

    async def list_cities(
        self, *, region_code: str | None = None, options: RequestOptions | None = None
    ) -> list[City]:
        """Cities, optionally of one country (alpha-2 ``region_code``)."""
        answer = await list_cities.asyncio(
            transport=self._transport(options),
            body=CityListRequest(region_code=region_code),
            **self._finhub_headers(options),
        )
        return answer.data or []

    async def list_city_tree(
        self, *, region_code: str | None = None, options: RequestOptions | None = None
    ) -> list[CityNode]:
        """Provinces/states with their cities under ``children``."""
        answer = await list_city_tree.asyncio(
            transport=self._transport(options),
            body=CityTreeRequest(region_code=region_code),
            **self._finhub_headers(options),
        )
        return answer.data or []

    async def list_mobile_area_codes(
        self, *, options: RequestOptions | None = None
    ) -> list[MobileAreaCode]:
        """Mobile calling codes (``+1``) with the country they belong to."""
        answer = await list_mobile_area_codes.asyncio(
            transport=self._transport(options),
            body=MobileAreaCodeListRequest(),
            **self._finhub_headers(options),
        )
        return answer.data or []
