"""FinHub reference data: real ISO countries, subdivision trees, dialling codes."""

from __future__ import annotations

import pytest

from fincard_async.sandbox import Sandbox

from .helpers import FinHub


async def test_regions_are_every_iso_country(finhub: FinHub) -> None:
    answer = await finhub.call("listRegions")

    assert answer.status == 200
    regions = answer.body["data"]
    assert len(regions) == 249
    assert {"code": "US", "standardCode": "USA", "name": "United States"} in regions
    assert {"code": "DE", "standardCode": "DEU", "name": "Germany"} in regions


async def test_the_city_tree_has_two_levels_with_real_subdivisions(finhub: FinHub) -> None:
    answer = await finhub.call("listCityTree", {"regionCode": "GB"})

    tree = answer.body["data"]
    assert {node["code"] for node in tree} == {"GB-ENG", "GB-NIR", "GB-SCT", "GB-WLS"}
    scotland = next(node for node in tree if node["code"] == "GB-SCT")
    assert scotland["parentCode"] == "0"
    assert scotland["countryStandardCode"] == "GBR"
    assert {"GB-EDH", "GB-GLG"} <= {child["code"] for child in scotland["children"]}
    assert all(child["parentCode"] == "GB-SCT" for child in scotland["children"])


async def test_a_country_without_a_hierarchy_has_leaf_states(finhub: FinHub) -> None:
    answer = await finhub.call("listCityTree", {"regionCode": "US"})

    states = {node["code"]: node for node in answer.body["data"]}
    assert states["US-CA"]["name"] == "California"
    assert states["US-CA"]["children"] == []


async def test_the_city_list_is_flat_and_filtered_by_region(finhub: FinHub) -> None:
    everything = (await finhub.call("listCities")).body["data"]
    french = (await finhub.call("listCities", {"regionCode": "FR"})).body["data"]

    assert {city["country"] for city in everything} >= {"US", "CN", "GB", "FR", "JP"}
    assert french
    assert all(city["country"] == "FR" for city in french)
    assert {"code": "FR-75C", "name": "Paris", "country": "FR", "countryStandardCode": "FRA"} in (
        french
    )
    assert all("children" not in city for city in french)


async def test_an_unknown_region_has_no_cities(finhub: FinHub) -> None:
    answer = await finhub.call("listCities", {"regionCode": "ZZ"})

    assert answer.body["data"] == []


@pytest.mark.fincard_sandbox(city_tree_size=5000)
async def test_the_tree_can_be_padded_for_benchmarks(finhub: FinHub) -> None:
    tree = (await finhub.call("listCityTree")).body["data"]

    assert sum(1 + len(node["children"]) for node in tree) == 5000


async def test_mobile_area_codes_come_from_phonenumbers(finhub: FinHub) -> None:
    codes = {
        entry["areaCode"]: entry
        for entry in (await finhub.call("listMobileAreaCodes")).body["data"]
    }

    assert codes["US"]["code"] == "+1"
    assert codes["AS"]["code"] == "+1-684"
    assert codes["HK"]["code"] == "+852"
    assert codes["GB"] == {
        "code": "+44",
        "name": "United Kingdom",
        "areaCode": "GB",
        "language": "en_US",
        "enableGlobalTransfer": True,
    }
    assert codes["KP"]["enableGlobalTransfer"] is False


async def test_a_bad_region_code_breaks_the_schema(
    finhub: FinHub, fincard_sandbox: Sandbox
) -> None:
    answer = await finhub.call("listCities", {"regionCode": "usa"})

    assert (answer.status, answer.body["code"]) == (400, 500)
    assert "regionCode" in answer.body["msg"]
