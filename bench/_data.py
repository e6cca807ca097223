"""The answers the bench server sends, built once and serialised once.

Shapes follow ``openapi/fincard.yaml`` (Region, CityNode, WorkOrderRecord, CardType) and the
envelopes of both families. Work-order records are serialised once at start-up into one blob,
so a page is one slice of it: the server never encodes JSON per request.
"""

from __future__ import annotations

import string
from typing import Any

import attrs
import orjson

__all__ = [
    "WorkOrderStore",
    "card_types_body",
    "city_tree",
    "finhub_body",
    "hypercard_body",
    "login_body",
    "regions",
    "tiny_cities",
]

_LETTERS = string.ascii_uppercase
_STATUSES = ("wait_process", "processing", "success", "fail")
_STATUS_TEXT = {
    "wait_process": "waiting to be processed",
    "processing": "being processed",
    "success": "done",
    "fail": "refused",
}


def finhub_body(data: Any) -> bytes:
    """A FinHub success envelope around ``data``."""
    return orjson.dumps({"success": True, "code": 200, "msg": "ok", "data": data})


def hypercard_body(data: Any) -> bytes:
    """A HyperCard success envelope around ``data``."""
    return orjson.dumps({"code": "00000", "msg": "ok", "data": data})


def login_body(expires_in: int) -> bytes:
    """The wrapped login answer."""
    token = {"accessToken": "bench-token", "tokenType": "Bearer", "expiresIn": expires_in}
    return finhub_body(token)


def _alpha(index: int, width: int) -> str:
    letters = []
    for _ in range(width):
        index, rest = divmod(index, 26)
        letters.append(_LETTERS[rest])
    return "".join(reversed(letters))


def regions(count: int) -> list[dict[str, str]]:
    """``count`` countries/regions with alpha-2, alpha-3 and a name of realistic length."""
    return [
        {"code": _alpha(i, 2), "standardCode": _alpha(i, 3), "name": f"Bench Republic {i:03d}"}
        for i in range(count)
    ]


def tiny_cities() -> list[dict[str, str]]:
    """A one-city list: the FinHub tiny read."""
    return [{"code": "SG-01", "name": "Singapore", "country": "SG", "countryStandardCode": "SGP"}]


def city_tree(states: int, cities_per_state: int) -> list[dict[str, Any]]:
    """``states`` top nodes (``parentCode`` "0"), each with ``cities_per_state`` leaf children."""
    tree: list[dict[str, Any]] = []
    for s in range(states):
        country = _alpha(s % 250, 2)
        state: dict[str, Any] = {
            "code": f"{country}-S{s:04d}",
            "name": f"Province number {s}",
            "country": country,
            "countryStandardCode": _alpha(s % 250, 3),
            "parentCode": "0",
        }
        state["children"] = [
            {
                "code": f"{state['code']}-C{c:03d}",
                "name": f"City {c} of province {s}",
                "country": country,
                "countryStandardCode": state["countryStandardCode"],
                "parentCode": state["code"],
            }
            for c in range(cities_per_state)
        ]
        tree.append(state)
    return tree


def card_types_body() -> bytes:
    """The HyperCard tiny answer: one card type, as the vendor's example shows it."""
    card_type = {
        "card_type_id": "10001",
        "card_type_name": "Bench Visa USD",
        "card_brand": "VISA",
        "currency": "USD",
        "apply_type": "1",
        "doc_type": "1,2",
        "need_poa": 1,
        "support_poa_type": "[1,2]",
        "kyc_country_limit_short": "",
        "kyc_nationality_limit_short": "US,SG",
        "status": 1,
    }
    return hypercard_body([card_type])


def _record(n: int) -> dict[str, Any]:
    status = _STATUSES[n % 4]
    created = 1_718_020_800_000 + n * 1_000
    return {
        "merchantOrderNo": f"WO20240610120000{n:010d}",
        "orderNo": f"P{n:012d}",
        "title": f"Activate card {n}",
        "target": f"4111{n:012d}",
        "content": "Please activate this card for the cardholder.",
        "tradeType": "CARD_ACTIVE",
        "tradeStatus": status,
        "remark": None,
        "createTime": created,
        "updateTime": created + 60_000,
        "description": f"Card activation: {_STATUS_TEXT[status]}",
    }


@attrs.frozen
class WorkOrderStore:
    """Every record serialised once, back to back with commas, and where each one starts.

    A page is one slice of the blob. (Keeping one ``bytes`` per record would cost about
    4 kB each: orjson's output buffers are not shrunk to fit.)
    """

    blob: bytes
    offsets: list[int]  # offsets[i]: where record i starts; offsets[-1]: len(blob) + 1

    @classmethod
    def build(cls, count: int) -> WorkOrderStore:
        """Serialise ``count`` records."""
        blob = bytearray()
        offsets = []
        for n in range(count):
            offsets.append(len(blob))
            blob += orjson.dumps(_record(n))
            blob += b","
        offsets.append(len(blob))
        return cls(bytes(blob[:-1]), offsets)

    def page(self, total: int, page_num: int, page_size: int) -> bytes:
        """The envelope of page ``page_num`` (1-based) of a list of ``total`` records."""
        start = max(0, (page_num - 1) * page_size)
        end = min(total, start + page_size, len(self.offsets) - 1)
        records = self.blob[self.offsets[start] : self.offsets[end] - 1] if start < end else b""
        return b'{"success":true,"code":200,"msg":"ok","data":{"total":%d,"records":[%s]}}' % (
            total,
            records,
        )
