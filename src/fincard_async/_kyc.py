"""KYC images for HyperCard ``kyc_info``: read, check and base64-encode them off the event loop.

The vendor writes "less than 2 MB" (1 MB for ``sign_img``). We read that conservatively, as
the field is sent: the base64 **text** must be shorter than N x 1,000,000 characters. The raw
budget is then the largest file whose base64 still fits: ``((limit - 1) // 4) * 3`` bytes,
1,499,997 bytes for 2 MB and 749,997 bytes for 1 MB. Errors report both numbers.

Formats are told by content (magic bytes), never by file name. Reading files and encoding
large data run in a worker thread (``asyncio.to_thread``), so a running loop never blocks.
With ``auto_fit=True`` (Pillow, the ``images`` extra) an image is re-encoded: orientation from
EXIF applied, metadata stripped, and downscaled until it fits.
"""

from __future__ import annotations

import asyncio
import base64
import io
import math
import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, BinaryIO, Final, Literal

import attrs

from ._exceptions import ConfigurationError, ValidationError
from ._inputs import check_arguments

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = [
    "KYC_FIELDS",
    "KycFieldRule",
    "KycFormat",
    "KycImage",
    "detect_format",
    "encode_kyc_image",
]

KycFormat = Literal["jpeg", "png", "pdf"]

_INLINE_LIMIT: Final = 64 * 1024  # base64 of anything larger runs in a worker thread
_MAGIC: Final[tuple[tuple[bytes, KycFormat], ...]] = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"%PDF-", "pdf"),
)
# Only to name a refused format in the error message.
_OTHER_MAGIC: Final = ((b"GIF8", "gif"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"), (b"BM", "bmp"))
_MIN_QUALITY: Final = 60
_MIN_SIDE: Final = 64  # pixels: below this a document photo is unreadable anyway
_MAX_ROUNDS: Final = 12


@attrs.frozen
class KycFieldRule:
    """What one ``kyc_info`` image field accepts.

    Attributes:
        formats: accepted content formats.
        max_encoded_chars: the base64 text must be strictly shorter than this.
    """

    formats: tuple[KycFormat, ...]
    max_encoded_chars: int

    @property
    def raw_budget(self) -> int:
        """The largest raw size in bytes whose base64 text stays under the limit."""
        return (self.max_encoded_chars - 1) // 4 * 3


_PHOTO = KycFieldRule(formats=("jpeg", "png"), max_encoded_chars=2_000_000)
KYC_FIELDS: Final[Mapping[str, KycFieldRule]] = MappingProxyType(
    {
        "front_doc": _PHOTO,
        "back_doc": _PHOTO,
        "mix_doc": _PHOTO,
        "sign_img": KycFieldRule(formats=("jpeg", "png"), max_encoded_chars=1_000_000),
        "poa_doc": KycFieldRule(formats=("jpeg", "png", "pdf"), max_encoded_chars=2_000_000),
    }
)
"""The ``kyc_info`` image fields and their rules."""


@attrs.frozen(repr=False)
class KycImage:
    """A checked, base64-encoded KYC file, ready for its ``kyc_info`` field.

    ``repr()`` and ``str()`` show the field, format and sizes, never the data.
    Build one with :func:`encode_kyc_image`.
    """

    field: str
    format: KycFormat
    raw_size: int
    data: str = attrs.field(repr=False)

    @property
    def encoded_size(self) -> int:
        """Length of the base64 text, the size the vendor's limit applies to."""
        return len(self.data)

    def __repr__(self) -> str:
        return (
            f"KycImage(field={self.field!r}, format={self.format!r}, "
            f"raw_size={self.raw_size}, encoded_size={self.encoded_size})"
        )

    __str__ = __repr__


def detect_format(data: bytes) -> KycFormat | None:
    """Tell JPEG, PNG or PDF from the first bytes; ``None`` for anything else."""
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)


async def encode_kyc_image(
    source: str | os.PathLike[str] | bytes | BinaryIO,
    *,
    field: str,
    auto_fit: bool = False,
) -> KycImage:
    """Read a KYC file, check it against its field's rule and base64-encode it.

    Args:
        source: a path (``str`` is always a path), the file's bytes, or a binary file object.
        field: the ``kyc_info`` field (see :data:`KYC_FIELDS`), e.g. ``"front_doc"``.
        auto_fit: re-encode images with Pillow (``pip install fincard-async[images]``): apply
            the EXIF orientation, strip all metadata (EXIF with GPS, XMP, comments, text
            chunks; the ICC colour profile is kept), and lower JPEG quality and size until the
            field's limit is met. Photos become JPEG; a PNG stays PNG only if it fits as is.
            An image that already fits is still re-encoded, so that no metadata is sent.
            PDFs are never changed.

    Raises:
        ValidationError: unknown field, empty file, a format the field refuses (rule
            ``format``), too large (rule ``maxEncodedLength``), or an image Pillow cannot read.
        ConfigurationError: ``auto_fit=True`` without Pillow installed.
        OSError: the path cannot be read.

    Example::

        front = await encode_kyc_image("passport.jpg", field="front_doc", auto_fit=True)
    """
    check_arguments(encode_kyc_image, locals())
    rule = _rule_for(field)
    raw = await _read(source, field)
    kind = _check_format(raw, field, rule)
    if auto_fit and kind != "pdf":
        raw, kind = await asyncio.to_thread(_fit, raw, field, rule, kind)
    _check_size(len(raw), field, rule, kind, auto_fit)
    if len(raw) > _INLINE_LIMIT:
        data = await asyncio.to_thread(_b64, raw)
    else:
        data = _b64(raw)
    return KycImage(field=field, format=kind, raw_size=len(raw), data=data)


def _path(field: str) -> str:
    return f"kyc_info.{field}"


def _rule_for(field: str) -> KycFieldRule:
    rule = KYC_FIELDS.get(field)
    if rule is None:
        message = f"not a KYC image field; expected one of {', '.join(KYC_FIELDS)}"
        raise ValidationError.single(_path(field), "unknownField", message)
    return rule


async def _read(source: str | os.PathLike[str] | bytes | BinaryIO, field: str) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | os.PathLike):
        return await asyncio.to_thread(Path(source).read_bytes)
    data: Any = await asyncio.to_thread(source.read)
    if not isinstance(data, bytes):
        message = "the file object must be opened in binary mode ('rb')"
        raise ValidationError.single(_path(field), "type", message)
    return data


def _check_format(raw: bytes, field: str, rule: KycFieldRule) -> KycFormat:
    if not raw:
        raise ValidationError.single(_path(field), "empty", "the file is empty")
    kind = detect_format(raw)
    if kind is None or kind not in rule.formats:
        got = kind or _name_unknown(raw)
        message = f"unsupported file content: got {got}; accepted: {', '.join(rule.formats)}"
        raise ValidationError.single(_path(field), "format", message)
    return kind


def _name_unknown(raw: bytes) -> str:
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return "webp"
    return next((name for magic, name in _OTHER_MAGIC if raw.startswith(magic)), "unknown")


def _encoded_length(raw_size: int) -> int:
    return (raw_size + 2) // 3 * 4


def _check_size(raw_size: int, field: str, rule: KycFieldRule, kind: str, fitted: bool) -> None:
    encoded = _encoded_length(raw_size)
    if encoded < rule.max_encoded_chars:
        return
    budget = rule.raw_budget
    message = (
        f"base64 text is {encoded:,} characters, must be under {rule.max_encoded_chars:,}: "
        f"raw file must be at most {budget:,} bytes (~{budget / 1e6:.2f} MB, "
        f"~{budget / 2**20:.2f} MiB)"
    )
    if kind == "pdf":
        message += "; PDFs are not auto-fitted"
    elif not fitted:
        message += "; auto_fit=True downscales images"
    raise ValidationError.single(_path(field), "maxEncodedLength", message)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


# --- auto-fit (Pillow, in a worker thread) -----------------------------------------------------


def _fit(raw: bytes, field: str, rule: KycFieldRule, kind: KycFormat) -> tuple[bytes, KycFormat]:
    image = _open_clean(raw, field)
    budget = rule.raw_budget
    if kind == "png":
        # PNG is lossless and keeps transparency (signatures): keep it when it fits as is.
        out = _save(image, "PNG", optimize=True)
        if len(out) <= budget:
            return out, "png"
    return _fit_jpeg(_flatten(image), budget, field), "jpeg"


def _open_clean(raw: bytes, field: str) -> Image:
    try:
        from PIL import Image, ImageOps
    except ImportError:
        message = "auto_fit needs Pillow: pip install fincard-async[images]"
        raise ConfigurationError(message) from None
    try:
        with Image.open(io.BytesIO(raw)) as image:
            image.load()
            ImageOps.exif_transpose(image, in_place=True)
    except (OSError, ValueError, Image.DecompressionBombError):
        message = "the image could not be decoded"
        raise ValidationError.single(_path(field), "image", message) from None
    # What the encoders would copy from ``info``: keep only colour data, drop the metadata
    # (EXIF, XMP, comments, PNG text). Writers add EXIF/XMP only when passed explicitly.
    image.info = {k: v for k, v in image.info.items() if k in ("icc_profile", "transparency")}
    return image


def _flatten(image: Image) -> Image:
    from PIL import Image as PILImage

    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        # JPEG has no alpha: paper-white behind a signature or a cut-out document.
        rgba = image.convert("RGBA")
        flat = PILImage.new("RGB", image.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        flat.info = {k: v for k, v in image.info.items() if k == "icc_profile"}
        return flat
    return image.convert("RGB")


def _fit_jpeg(image: Image, budget: int, field: str) -> bytes:
    from PIL import Image as PILImage

    quality, scale = 90, 1.0
    for _ in range(_MAX_ROUNDS):
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        resized = image if scale == 1.0 else image.resize(size, PILImage.Resampling.LANCZOS)
        out = _save(resized, "JPEG", quality=quality, optimize=True)
        if len(out) <= budget:
            return out
        # JPEG size grows about with the pixel count: shrink by the square root of the excess.
        scale *= min(0.9, 0.95 * math.sqrt(budget / len(out)))
        quality = max(_MIN_QUALITY, quality - 10)
        if min(image.size) * scale < _MIN_SIDE:
            break
    message = f"the image could not be made to fit in {budget:,} bytes"
    raise ValidationError.single(_path(field), "maxEncodedLength", message)


def _save(image: Image, fmt: str, **options: Any) -> bytes:
    if icc := image.info.get("icc_profile"):
        options["icc_profile"] = icc
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()
