"""How big each scenario is: the full run and the smoke run."""

from __future__ import annotations

import attrs

__all__ = ["FULL", "SMOKE", "Plan"]


@attrs.frozen(kw_only=True)
class Plan:
    """Sizes and repetitions of one bench run."""

    name: str
    rounds: int
    tiny_calls: dict[int, int]  # concurrency -> calls per run
    regions: int  # items in the country list
    region_calls: int  # country-list calls per run (at concurrency 16)
    city_states: int  # top-level nodes of the city tree
    cities_per_state: int
    city_tree_calls: int  # city-tree calls per run (at concurrency 4)
    walk_records: int  # work orders walked, 100 per page
    rss_records: int  # work orders paged in the RSS subprocess
    sign_count: int  # signatures per run and key size
    sign_with_images_count: int  # signatures of an apply body carrying its KYC images
    kyc_calls: int  # encodings of the 1.4 MB image per run
    token_burst: int  # concurrent calls racing one (re-)login
    core_calls: dict[int, int]  # concurrency -> signed calls per run, client on every core
    page_size: int = 100
    hostile_scale: float = 1.0  # of the hostile answer sizes (200 MB body, 1 GiB bomb)
    call_limit: float = 180.0  # seconds: one run of one contender never takes longer

    @property
    def city_nodes(self) -> int:
        """Nodes of the whole city tree."""
        return self.city_states * (1 + self.cities_per_state)


FULL = Plan(
    name="full",
    rounds=5,
    tiny_calls={1: 500, 16: 2_000, 64: 2_000},
    regions=250,
    region_calls=400,
    city_states=200,
    cities_per_state=24,
    city_tree_calls=24,
    walk_records=10_000,
    rss_records=100_000,
    sign_count=10_000,
    sign_with_images_count=100,
    kyc_calls=100,
    token_burst=1_000,
    core_calls={1: 500, 64: 2_000},
)

SMOKE = Plan(
    name="smoke",
    rounds=1,
    tiny_calls={1: 20, 16: 64, 64: 128},
    regions=250,
    region_calls=16,
    city_states=20,
    cities_per_state=24,
    city_tree_calls=4,
    walk_records=500,
    rss_records=2_000,
    sign_count=50,
    sign_with_images_count=2,
    kyc_calls=3,
    token_burst=100,
    core_calls={1: 10, 64: 64},
    call_limit=60.0,
    hostile_scale=1 / 64,
)
