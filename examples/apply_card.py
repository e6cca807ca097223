"""Apply for a card with KYC images read from files.

``encode_kyc_image`` reads each file off the event loop, checks its type by content and the
field's size limit, and with ``auto_fit=True`` (``pip install fincard-async[images]``) turns it
upright, strips its metadata and scales it down until it fits. ``apply`` checks the whole
application against the spec and the card type's own rules before sending anything.

Run: ``python -m examples.apply_card FRONT SELFIE SIGNATURE`` (sample images when omitted).
"""

from __future__ import annotations

import asyncio
import functools
import sys
import tempfile
from pathlib import Path

from fincard_async import (
    CardApplyReceipt,
    FincardClient,
    HyperCardConfig,
    ValidationError,
    encode_kyc_image,
)
from fincard_async.models import CardApplyBaseInfo, CardApplyKycInfo, DocNeverExpire, Gender

CARD_TYPE = "10001"


async def apply(
    client: FincardClient, front: Path, selfie: Path, signature: Path
) -> CardApplyReceipt:
    """Apply for a ``CARD_TYPE`` card; returns the receipt (order number, request id, data)."""
    rules = await client.cards.card_type_rules(CARD_TYPE)  # cached card list
    if rules is None:
        raise SystemExit(f"this merchant has no card type {CARD_TYPE}")
    front_doc = await encode_kyc_image(front, field="front_doc", auto_fit=True)
    mix_doc = await encode_kyc_image(selfie, field="mix_doc", auto_fit=True)
    sign_img = await encode_kyc_image(signature, field="sign_img", auto_fit=True)
    try:
        return await client.cards.apply(
            base_info=CardApplyBaseInfo(
                card_type_id=CARD_TYPE,
                email="zoe@example.com",
                first_name="Zoe",
                last_name="Li",
                mobile="5551234",
                mobile_code="+1",
            ),
            kyc_info=CardApplyKycInfo(
                address="1 Main Street",
                birthday="1990-01-31",
                city="Austin",
                country_id="US",
                doc_no="P1234567",
                doc_type=1,
                emergency_contact="Ann Li +1 555 0100",
                front_doc=front_doc.data,
                mix_doc=mix_doc.data,
                sign_img=sign_img.data,
                gender=Gender.VALUE_1,
                nationality_id="US",
                state="TX",
                zip_code="73301",
                doc_never_expire=DocNeverExpire.VALUE_1,
            ),
        )
    except ValidationError as error:
        # every broken rule at once, naming fields and rules, never the values
        for violation in error.violations:
            print("rejected before sending:", violation)
        raise


def sample_images(folder: Path) -> tuple[Path, Path, Path]:
    """Three small stand-in images (a document, a selfie, a signature)."""
    from PIL import Image

    paths = (folder / "front.jpg", folder / "selfie.jpg", folder / "signature.png")
    for path, size in zip(paths, ((800, 560), (640, 640), (300, 120)), strict=True):
        Image.new("RGB", size, "white").save(path)
    return paths


async def main(images: tuple[Path, Path, Path] | None = None) -> CardApplyReceipt:
    async with FincardClient(hypercard=HyperCardConfig()) as client:
        if images is not None:
            result = await apply(client, *images)
        else:
            with tempfile.TemporaryDirectory() as folder:
                samples = await asyncio.to_thread(sample_images, Path(folder))
                result = await apply(client, *samples)
    print("applied:", result)  # the repr leaves the answer's data out: it may hold personal data
    return result


if __name__ == "__main__":
    from examples._sandbox import run

    given = [Path(arg) for arg in sys.argv[1:4]]
    run(functools.partial(main, (given[0], given[1], given[2]) if len(given) == 3 else None))
