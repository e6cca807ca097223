"""The main job, end to end, on the embedded sandbox: `make demo`.

Starts the sandbox in this process on a loopback port, then uses only the public SDK: list
countries, walk a city tree, upload a KYC file, submit a card-activation work order, page
through work orders, and apply for a card with base64 KYC images.
"""

from __future__ import annotations

import asyncio
import io
import sys

from PIL import Image, ImageDraw

from fincard_async import (
    EndUser,
    FincardClient,
    FincardError,
    FinHubConfig,
    HyperCardConfig,
    encode_kyc_image,
)
from fincard_async.models import CardApplyBaseInfo, CardApplyKycInfo, DocNeverExpire, Gender
from fincard_async.sandbox import Sandbox, run_sandbox

CARD_TYPE = "10001"  # a sandbox card type in basic apply mode, no proof of address needed


def say(step: str, detail: str) -> None:
    print(f"  {step:<28} {detail}")


def picture(text: str, size: tuple[int, int], fmt: str) -> bytes:
    """A small stand-in for a scanned document or a signature."""
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).text((10, size[1] // 2), text, fill="black")
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def make_client(sandbox: Sandbox) -> FincardClient:
    creds = sandbox.credentials
    return FincardClient(
        finhub=FinHubConfig(
            base_url=sandbox.base_url,
            email=creds.email,
            password=creds.password,
            tenant_id=creds.tenant_id,
            forwarded_from="fincard-demo",
            end_user=EndUser(ip="203.0.113.7", platform="web", device_id="demo-device"),
        ),
        hypercard=HyperCardConfig(
            base_url=sandbox.base_url, api_key=creds.api_key, private_key=creds.private_key_pem
        ),
    )


async def reference_data(client: FincardClient) -> None:
    regions = await client.reference_data.list_regions()
    sample = ", ".join(f"{r.code}/{r.standard_code}" for r in regions[:4])
    say("countries", f"{len(regions)} ({sample}, ...)")
    tree = await client.reference_data.list_city_tree()
    cities = sum(len(node.children or []) for node in tree)
    first = next(node for node in tree if node.children)
    children = ", ".join(c.name for c in (first.children or [])[:3])
    say("city tree", f"{len(tree)} provinces/states, {cities} cities")
    say(f"  {first.name} ({first.country})", f"{children}, ...")
    codes = await client.reference_data.list_mobile_area_codes()
    us = next(c for c in codes if c.area_code == "US")
    say("mobile code of US", us.code)


async def work_orders(client: FincardClient) -> None:
    file_id = await client.files.upload(picture("ID CARD", (600, 380), "JPEG"), file_name="id.jpg")
    say("uploaded KYC file", f"fileId {file_id}")
    order = await client.work_orders.submit(
        title="Activate card",
        target="4111111111111111",
        trade_type="CARD_ACTIVE",
        content="Please activate the card ending 1111",
        files=[file_id],
    )
    say("work order", f"{order.order_no} ({order.trade_status}) key {order.merchant_order_no}")
    for n in range(24):
        await client.work_orders.submit(
            title=f"Activate #{n}", target=f"4111{n:012d}", trade_type="CARD_ACTIVE"
        )
    seen = 0
    async for _record in client.work_orders.list(trade_type="CARD_ACTIVE", page_size=10):
        seen += 1
    say("paged work orders", f"{seen} records, 10 per page")


async def apply_for_card(client: FincardClient) -> None:
    front = await encode_kyc_image(picture("PASSPORT", (800, 560), "JPEG"), field="front_doc")
    selfie = await encode_kyc_image(picture("SELFIE", (640, 640), "JPEG"), field="mix_doc")
    signature = await encode_kyc_image(picture("Zoe Li", (300, 120), "PNG"), field="sign_img")
    say("KYC images", f"{front!r}")
    types = await client.cards.list_card_types()
    say("card types", ", ".join(t.card_type_id for t in types))
    result = await client.cards.apply(
        base_info=CardApplyBaseInfo(
            card_type_id=CARD_TYPE,
            email="zoe@example.com",
            first_name="Zoë",
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
            front_doc=front.data,
            gender=Gender.VALUE_2,
            mix_doc=selfie.data,
            nationality_id="US",
            sign_img=signature.data,
            state="TX",
            zip_code="73301",
            doc_never_expire=DocNeverExpire.VALUE_1,
        ),
    )
    say("card application", f"accepted: {result}")


async def main() -> int:
    print("fincard-async demo: the embedded sandbox, driven through the public SDK")
    async with run_sandbox() as sandbox:
        print(f"  sandbox listening on {sandbox.base_url}")
        try:
            async with make_client(sandbox) as client:
                await reference_data(client)
                await work_orders(client)
                await apply_for_card(client)
        except FincardError as error:
            print(f"demo failed: {type(error).__name__}: {error}", file=sys.stderr)
            return 1
        if sandbox.contract_violations:
            print(f"contract violations: {sandbox.contract_violations}", file=sys.stderr)
            return 1
    print("done: every call matched openapi/fincard.yaml")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
