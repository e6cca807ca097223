"""One valid card application for every test that needs one; a test changes what it tests."""

from __future__ import annotations

from typing import Any

import attrs

from fincard_async._generated.models import (
    CardApplyBaseInfo,
    CardApplyKycInfo,
    DocNeverExpire,
    Gender,
)

# base64 text of a PNG signature: the SDK checks size and alphabet, the server the content
PNG_BASE64 = "iVBORw0KGgo="


def base_info(**changes: Any) -> CardApplyBaseInfo:
    """A ``base_info`` that passes the spec; ``changes`` replace fields."""
    base = CardApplyBaseInfo(
        card_type_id="10001",
        email="ann@example.com",
        first_name="Ann",
        last_name="Lee",
        mobile="5550100",
        mobile_code="+1",
    )
    return attrs.evolve(base, **changes)


def kyc_info(*, image: str = PNG_BASE64, **changes: Any) -> CardApplyKycInfo:
    """A ``kyc_info`` that passes the spec, every image field set to ``image``."""
    kyc = CardApplyKycInfo(
        address="1 Main Street",
        birthday="1990-04-12",
        city="Springfield",
        country_id="US",
        doc_no="X1234567",
        doc_type=1,
        emergency_contact="Bob Lee",
        front_doc=image,
        gender=Gender.VALUE_2,
        mix_doc=image,
        nationality_id="US",
        sign_img=image,
        state="IL",
        zip_code="62701",
        doc_never_expire=DocNeverExpire.VALUE_1,
    )
    return attrs.evolve(kyc, **changes)
