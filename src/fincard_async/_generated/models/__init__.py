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
from .card_apply_base_info import CardApplyBaseInfo
from .card_apply_envelope import CardApplyEnvelope
from .card_apply_kyc_info import CardApplyKycInfo
from .card_apply_request import CardApplyRequest
from .card_type import CardType
from .card_type_list_envelope import CardTypeListEnvelope
from .card_type_list_request import CardTypeListRequest
from .city import City
from .city_list_envelope import CityListEnvelope
from .city_list_request import CityListRequest
from .city_node import CityNode
from .city_tree_envelope import CityTreeEnvelope
from .city_tree_request import CityTreeRequest
from .doc_never_expire import DocNeverExpire
from .fin_hub_error_envelope import FinHubErrorEnvelope
from .gender import Gender
from .hyper_card_api_version import HyperCardApiVersion
from .hyper_card_envelope import HyperCardEnvelope
from .hyper_card_error_code import HyperCardErrorCode
from .hyper_card_error_envelope import HyperCardErrorEnvelope
from .hyper_card_lang import HyperCardLang
from .list_work_orders_request import ListWorkOrdersRequest
from .login_envelope import LoginEnvelope
from .login_request import LoginRequest
from .login_result import LoginResult
from .mobile_area_code import MobileAreaCode
from .mobile_area_code_list_envelope import MobileAreaCodeListEnvelope
from .mobile_area_code_list_request import MobileAreaCodeListRequest
from .mobile_code_language import MobileCodeLanguage
from .platform import Platform
from .poa_type import PoaType
from .region import Region
from .region_list_envelope import RegionListEnvelope
from .region_list_request import RegionListRequest
from .submit_work_order_request import SubmitWorkOrderRequest
from .trade_status import TradeStatus
from .trade_type import TradeType
from .upload_category import UploadCategory
from .upload_file_envelope import UploadFileEnvelope
from .upload_file_form import UploadFileForm
from .uploaded_file import UploadedFile
from .work_order import WorkOrder
from .work_order_envelope import WorkOrderEnvelope
from .work_order_page import WorkOrderPage
from .work_order_page_envelope import WorkOrderPageEnvelope
from .work_order_record import WorkOrderRecord

__all__ = [
    "OPTIONAL_FIELDS",
    "WIRE_NAMES",
    "CardApplyBaseInfo",
    "CardApplyEnvelope",
    "CardApplyKycInfo",
    "CardApplyRequest",
    "CardType",
    "CardTypeListEnvelope",
    "CardTypeListRequest",
    "City",
    "CityListEnvelope",
    "CityListRequest",
    "CityNode",
    "CityTreeEnvelope",
    "CityTreeRequest",
    "DocNeverExpire",
    "FinHubErrorEnvelope",
    "Gender",
    "HyperCardApiVersion",
    "HyperCardEnvelope",
    "HyperCardErrorCode",
    "HyperCardErrorEnvelope",
    "HyperCardLang",
    "ListWorkOrdersRequest",
    "LoginEnvelope",
    "LoginRequest",
    "LoginResult",
    "MobileAreaCode",
    "MobileAreaCodeListEnvelope",
    "MobileAreaCodeListRequest",
    "MobileCodeLanguage",
    "Platform",
    "PoaType",
    "Region",
    "RegionListEnvelope",
    "RegionListRequest",
    "StructureHook",
    "SubmitWorkOrderRequest",
    "TradeStatus",
    "TradeType",
    "UploadCategory",
    "UploadFileEnvelope",
    "UploadFileForm",
    "UploadedFile",
    "WorkOrder",
    "WorkOrderEnvelope",
    "WorkOrderPage",
    "WorkOrderPageEnvelope",
    "WorkOrderRecord",
    "configure_converter",
]

StructureHook = Callable[[Any, Any], Any]

# Python attribute name -> wire name, for every model (identity entries omitted).
WIRE_NAMES: dict[type[Any], dict[str, str]] = {
    CardApplyBaseInfo: {},
    CardApplyEnvelope: {},
    CardApplyKycInfo: {},
    CardApplyRequest: {},
    CardType: {},
    CardTypeListEnvelope: {},
    CardTypeListRequest: {},
    City: {
        "country_standard_code": "countryStandardCode",
    },
    CityListEnvelope: {},
    CityListRequest: {
        "region_code": "regionCode",
    },
    CityNode: {
        "parent_code": "parentCode",
        "country_standard_code": "countryStandardCode",
    },
    CityTreeEnvelope: {},
    CityTreeRequest: {
        "region_code": "regionCode",
    },
    FinHubErrorEnvelope: {},
    HyperCardEnvelope: {},
    HyperCardErrorEnvelope: {},
    ListWorkOrdersRequest: {
        "merchant_order_no": "merchantOrderNo",
        "order_no": "orderNo",
        "trade_type": "tradeType",
        "trade_status": "tradeStatus",
        "page_num": "pageNum",
        "page_size": "pageSize",
    },
    LoginEnvelope: {},
    LoginRequest: {
        "tenant_id": "tenantId",
    },
    LoginResult: {
        "access_token": "accessToken",
        "expires_in": "expiresIn",
        "token_type": "tokenType",
    },
    MobileAreaCode: {
        "area_code": "areaCode",
        "enable_global_transfer": "enableGlobalTransfer",
    },
    MobileAreaCodeListEnvelope: {},
    MobileAreaCodeListRequest: {},
    Region: {
        "standard_code": "standardCode",
    },
    RegionListEnvelope: {},
    RegionListRequest: {},
    SubmitWorkOrderRequest: {
        "merchant_order_no": "merchantOrderNo",
        "trade_type": "tradeType",
    },
    UploadedFile: {
        "file_id": "fileId",
    },
    UploadFileEnvelope: {},
    UploadFileForm: {},
    WorkOrder: {
        "merchant_order_no": "merchantOrderNo",
        "order_no": "orderNo",
        "trade_type": "tradeType",
        "trade_status": "tradeStatus",
        "create_time": "createTime",
        "update_time": "updateTime",
    },
    WorkOrderEnvelope: {},
    WorkOrderPage: {},
    WorkOrderPageEnvelope: {},
    WorkOrderRecord: {
        "merchant_order_no": "merchantOrderNo",
        "order_no": "orderNo",
        "trade_type": "tradeType",
        "trade_status": "tradeStatus",
        "create_time": "createTime",
        "update_time": "updateTime",
    },
}

# Fields that default to None: left out of request bodies when unset.
OPTIONAL_FIELDS: dict[type[Any], frozenset[str]] = {
    CardApplyBaseInfo: frozenset(
        {
            "user_ip",
            "first_recharge_amount",
        }
    ),
    CardApplyEnvelope: frozenset(
        {
            "data",
        }
    ),
    CardApplyKycInfo: frozenset(
        {
            "back_doc",
            "doc_expire_date",
            "poa_doc",
            "poa_type",
        }
    ),
    CardApplyRequest: frozenset({}),
    CardType: frozenset(
        {
            "card_type_name",
            "card_brand",
            "currency",
            "apply_type",
            "doc_type",
            "need_poa",
            "support_poa_type",
            "kyc_country_limit_short",
            "kyc_nationality_limit_short",
            "status",
        }
    ),
    CardTypeListEnvelope: frozenset({}),
    CardTypeListRequest: frozenset(
        {
            "card_type_id",
        }
    ),
    City: frozenset(
        {
            "country_standard_code",
        }
    ),
    CityListEnvelope: frozenset({}),
    CityListRequest: frozenset(
        {
            "region_code",
        }
    ),
    CityNode: frozenset(
        {
            "country_standard_code",
            "children",
        }
    ),
    CityTreeEnvelope: frozenset({}),
    CityTreeRequest: frozenset(
        {
            "region_code",
        }
    ),
    FinHubErrorEnvelope: frozenset(
        {
            "data",
        }
    ),
    HyperCardEnvelope: frozenset(
        {
            "data",
        }
    ),
    HyperCardErrorEnvelope: frozenset(
        {
            "data",
        }
    ),
    ListWorkOrdersRequest: frozenset(
        {
            "merchant_order_no",
            "order_no",
            "target",
            "trade_type",
            "trade_status",
        }
    ),
    LoginEnvelope: frozenset({}),
    LoginRequest: frozenset({}),
    LoginResult: frozenset(
        {
            "token_type",
        }
    ),
    MobileAreaCode: frozenset(
        {
            "language",
            "enable_global_transfer",
        }
    ),
    MobileAreaCodeListEnvelope: frozenset({}),
    MobileAreaCodeListRequest: frozenset({}),
    Region: frozenset({}),
    RegionListEnvelope: frozenset({}),
    RegionListRequest: frozenset({}),
    SubmitWorkOrderRequest: frozenset(
        {
            "content",
            "files",
        }
    ),
    UploadedFile: frozenset({}),
    UploadFileEnvelope: frozenset({}),
    UploadFileForm: frozenset({}),
    WorkOrder: frozenset(
        {
            "title",
            "target",
            "content",
            "remark",
            "update_time",
        }
    ),
    WorkOrderEnvelope: frozenset({}),
    WorkOrderPage: frozenset({}),
    WorkOrderPageEnvelope: frozenset({}),
    WorkOrderRecord: frozenset(
        {
            "title",
            "target",
            "content",
            "description",
            "remark",
            "update_time",
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
