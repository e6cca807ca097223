"""Tests for ``fincard_async._kyc``: format by content, size limits, auto-fit, no blocking."""

from __future__ import annotations

import base64
import io
import os
import sys
from pathlib import Path

import pytest
from blockbuster import BlockingError, blockbuster_ctx
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from fincard_async._exceptions import ConfigurationError, ValidationError
from fincard_async._kyc import KYC_FIELDS, KycImage, _fit_jpeg, detect_format, encode_kyc_image

JPEG_MAGIC = b"\xff\xd8\xff\xe0"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PDF_MAGIC = b"%PDF-1.7\n"
SECRET = b"SECRET-METADATA-42"


def _image_bytes(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _noise(width: int, height: int, mode: str = "RGB") -> Image.Image:
    channels = len(mode)
    return Image.frombytes(mode, (width, height), os.urandom(width * height * channels))


def _exif_with_gps_and_orientation() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # stored landscape, shown rotated 90 degrees clockwise
    exif[ExifTags.Base.Make] = SECRET.decode()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 1.5)
    return exif


@pytest.fixture
def small_jpeg() -> bytes:
    return _image_bytes(_noise(64, 48), "JPEG")


@pytest.fixture
def small_png() -> bytes:
    return _image_bytes(_noise(64, 48), "PNG")


@pytest.fixture
def small_pdf() -> bytes:
    return PDF_MAGIC + b"1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _rule(path: str, error: ValidationError) -> str:
    assert [v.path for v in error.violations] == [path]
    return error.violations[0].rule


# --- formats -----------------------------------------------------------------------------------


def test_detect_format_by_magic_bytes(small_jpeg: bytes, small_png: bytes) -> None:
    assert detect_format(small_jpeg) == "jpeg"
    assert detect_format(small_png) == "png"
    assert detect_format(PDF_MAGIC) == "pdf"
    assert detect_format(b"GIF89a") is None
    assert detect_format(b"") is None


async def test_png_named_jpg_is_accepted_as_png(small_png: bytes, tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(small_png)
    image = await encode_kyc_image(path, field="front_doc")
    assert image.format == "png"
    assert base64.b64decode(image.data) == small_png


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (_image_bytes(Image.new("RGB", (8, 8)), "GIF"), "gif"),
        (_image_bytes(Image.new("RGB", (8, 8)), "WEBP"), "webp"),
        (os.urandom(1024).replace(b"\xff", b"\x00"), "unknown"),
        (PDF_MAGIC, "pdf"),
    ],
)
async def test_refused_formats(content: bytes, name: str) -> None:
    with pytest.raises(ValidationError, match=f"got {name}; accepted: jpeg, png") as info:
        await encode_kyc_image(content, field="front_doc")
    assert _rule("kyc_info.front_doc", info.value) == "format"


async def test_pdf_only_for_poa_doc(small_pdf: bytes) -> None:
    image = await encode_kyc_image(small_pdf, field="poa_doc")
    assert image.format == "pdf"
    for field in ("front_doc", "back_doc", "mix_doc", "sign_img"):
        with pytest.raises(ValidationError, match="got pdf"):
            await encode_kyc_image(small_pdf, field=field)


async def test_unknown_field_and_empty_file(small_jpeg: bytes) -> None:
    with pytest.raises(ValidationError) as info:
        await encode_kyc_image(small_jpeg, field="selfie")
    assert _rule("kyc_info.selfie", info.value) == "unknownField"
    with pytest.raises(ValidationError) as info:
        await encode_kyc_image(b"", field="front_doc")
    assert _rule("kyc_info.front_doc", info.value) == "empty"


# --- sources -----------------------------------------------------------------------------------


async def test_sources_path_str_bytes_and_file_object(small_jpeg: bytes, tmp_path: Path) -> None:
    path = tmp_path / "doc.bin"
    path.write_bytes(small_jpeg)
    with path.open("rb") as handle:
        images = [
            await encode_kyc_image(path, field="back_doc"),
            await encode_kyc_image(str(path), field="back_doc"),
            await encode_kyc_image(small_jpeg, field="back_doc"),
            await encode_kyc_image(handle, field="back_doc"),
            await encode_kyc_image(io.BytesIO(small_jpeg), field="back_doc"),
        ]
    expected = KycImage(
        field="back_doc",
        format="jpeg",
        raw_size=len(small_jpeg),
        data=base64.b64encode(small_jpeg).decode(),
    )
    assert images == [expected] * 5


async def test_text_mode_file_object_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("hello")
    with path.open() as handle, pytest.raises(ValidationError, match="binary mode"):
        await encode_kyc_image(handle, field="front_doc")  # type: ignore[arg-type]


async def test_missing_path_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        await encode_kyc_image(tmp_path / "absent.jpg", field="front_doc")


# --- limits ------------------------------------------------------------------------------------


def test_field_rules() -> None:
    limits = {name: (rule.max_encoded_chars, rule.raw_budget) for name, rule in KYC_FIELDS.items()}
    assert limits == {
        "front_doc": (2_000_000, 1_499_997),
        "back_doc": (2_000_000, 1_499_997),
        "mix_doc": (2_000_000, 1_499_997),
        "sign_img": (1_000_000, 749_997),
        "poa_doc": (2_000_000, 1_499_997),
    }
    assert KYC_FIELDS["poa_doc"].formats == ("jpeg", "png", "pdf")


@pytest.mark.parametrize(
    ("field", "magic", "budget", "shown"),
    [
        ("front_doc", JPEG_MAGIC, 1_499_997, "1,499,997 bytes (~1.50 MB, ~1.43 MiB)"),
        ("sign_img", PNG_MAGIC, 749_997, "749,997 bytes (~0.75 MB, ~0.72 MiB)"),
        ("poa_doc", PDF_MAGIC, 1_499_997, "1,499,997 bytes"),
    ],
)
async def test_limit_at_the_byte_boundary(
    field: str, magic: bytes, budget: int, shown: str
) -> None:
    at_budget = magic + os.urandom(budget - len(magic))
    image = await encode_kyc_image(at_budget, field=field)
    assert image.raw_size == budget
    assert image.encoded_size == KYC_FIELDS[field].max_encoded_chars - 4
    with pytest.raises(ValidationError) as info:
        await encode_kyc_image(at_budget + b"\x00", field=field)
    assert _rule(f"kyc_info.{field}", info.value) == "maxEncodedLength"
    limit = KYC_FIELDS[field].max_encoded_chars
    assert f"base64 text is {limit:,} characters, must be under {limit:,}" in str(info.value)
    assert f"raw file must be at most {shown}" in str(info.value)


async def test_pdf_too_large_is_not_auto_fitted() -> None:
    content = PDF_MAGIC + bytes(1_500_000)
    with pytest.raises(ValidationError, match="PDFs are not auto-fitted"):
        await encode_kyc_image(content, field="poa_doc", auto_fit=True)


# --- auto-fit ----------------------------------------------------------------------------------


def _assert_no_metadata(data: bytes) -> Image.Image:
    assert SECRET not in data
    assert b"Exif\x00\x00" not in data
    assert b"http://ns.adobe.com/xap" not in data
    image = Image.open(io.BytesIO(data))
    assert not image.getexif()
    assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp", "Author"} & set(image.info)
    return image


async def test_auto_fit_large_noisy_jpeg_with_exif() -> None:
    original = _image_bytes(
        _noise(2400, 1600),
        "JPEG",
        quality=95,
        exif=_exif_with_gps_and_orientation(),
        comment=SECRET,
        xmp=b"<x:xmpmeta>" + SECRET + b"</x:xmpmeta>",
    )
    assert len(original) > KYC_FIELDS["front_doc"].raw_budget
    fitted = await encode_kyc_image(original, field="front_doc", auto_fit=True)
    assert fitted.format == "jpeg"
    assert fitted.encoded_size < 2_000_000
    image = _assert_no_metadata(base64.b64decode(fitted.data))
    image.load()
    assert image.format == "JPEG"
    assert image.height > image.width  # orientation 6 applied: 2400x1600 became portrait
    assert abs(image.height / image.width - 1.5) < 0.01


async def test_auto_fit_strips_metadata_even_when_it_fits(small_jpeg: bytes) -> None:
    exif = _exif_with_gps_and_orientation()
    original = _image_bytes(_noise(80, 40), "JPEG", exif=exif, comment=SECRET)
    fitted = await encode_kyc_image(original, field="mix_doc", auto_fit=True)
    image = _assert_no_metadata(base64.b64decode(fitted.data))
    assert image.size == (40, 80)


async def test_auto_fit_png_stays_png_when_it_fits_and_keeps_transparency() -> None:
    signature = Image.new("RGBA", (400, 120), (0, 0, 0, 0))
    signature.paste((0, 0, 0, 255), (20, 50, 380, 60))
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", SECRET.decode())
    original = _image_bytes(signature, "PNG", pnginfo=text, exif=_exif_with_gps_and_orientation())
    fitted = await encode_kyc_image(original, field="sign_img", auto_fit=True)
    assert fitted.format == "png"
    image = _assert_no_metadata(base64.b64decode(fitted.data))
    assert image.mode == "RGBA"
    assert image.size == (120, 400)
    assert image.getpixel((0, 0)) == (0, 0, 0, 0)


async def test_auto_fit_png_too_large_becomes_jpeg() -> None:
    original = _image_bytes(_noise(1000, 800, "RGBA"), "PNG")
    assert len(original) > KYC_FIELDS["sign_img"].raw_budget
    fitted = await encode_kyc_image(original, field="sign_img", auto_fit=True)
    assert fitted.format == "jpeg"
    assert fitted.encoded_size < 1_000_000
    assert Image.open(io.BytesIO(base64.b64decode(fitted.data))).mode == "RGB"


async def test_auto_fit_palette_png_too_large_becomes_rgb_jpeg() -> None:
    original = _image_bytes(_noise(1000, 1000).convert("P"), "PNG")
    assert len(original) > KYC_FIELDS["sign_img"].raw_budget
    fitted = await encode_kyc_image(original, field="sign_img", auto_fit=True)
    assert fitted.format == "jpeg"
    assert Image.open(io.BytesIO(base64.b64decode(fitted.data))).mode == "RGB"


async def test_auto_fit_keeps_the_icc_profile() -> None:
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = _image_bytes(_noise(64, 64), "JPEG", icc_profile=icc, comment=SECRET)
    fitted = await encode_kyc_image(original, field="front_doc", auto_fit=True)
    image = _assert_no_metadata(base64.b64decode(fitted.data))
    assert image.info["icc_profile"] == icc


def test_fit_gives_up_below_a_readable_size() -> None:
    # No real limit gets here (a 64-pixel JPEG is a few KB); a tiny budget shows the exit.
    with pytest.raises(ValidationError, match="could not be made to fit in 200 bytes"):
        _fit_jpeg(_noise(800, 600), 200, "front_doc")


async def test_auto_fit_undecodable_image() -> None:
    with pytest.raises(ValidationError) as info:
        await encode_kyc_image(JPEG_MAGIC + bytes(100), field="front_doc", auto_fit=True)
    assert _rule("kyc_info.front_doc", info.value) == "image"


async def test_auto_fit_without_pillow(small_jpeg: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ConfigurationError, match=r"pip install fincard-async\[images\]"):
        await encode_kyc_image(small_jpeg, field="front_doc", auto_fit=True)


# --- leaks and blocking ------------------------------------------------------------------------


async def test_repr_and_str_hide_the_data(small_jpeg: bytes) -> None:
    image = await encode_kyc_image(small_jpeg, field="front_doc")
    for text in (repr(image), str(image), repr([image])):
        assert image.data[:16] not in text
        assert "front_doc" in text
        assert f"raw_size={len(small_jpeg)}" in text


async def test_file_reads_and_encoding_do_not_block_the_loop(tmp_path: Path) -> None:
    # Large enough for base64 to go to a worker thread as well as the read.
    path = tmp_path / "front.jpg"
    path.write_bytes(_image_bytes(_noise(600, 400), "JPEG", quality=95))
    assert path.stat().st_size > 64 * 1024
    with blockbuster_ctx():
        with pytest.raises(BlockingError):  # control: the same read in the loop is caught
            path.read_bytes()
        image = await encode_kyc_image(path, field="front_doc")
        fitted = await encode_kyc_image(path, field="front_doc", auto_fit=True)
        with path.open("rb") as handle:
            from_handle = await encode_kyc_image(handle, field="front_doc")
    assert image.raw_size == from_handle.raw_size == path.stat().st_size
    assert fitted.format == "jpeg"
