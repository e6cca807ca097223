"""File upload (FinHub): type by content and size checked before anything is sent."""

from __future__ import annotations

import asyncio
import io
import os
from typing import BinaryIO

from fincard_async._generated.api.files import upload_file
from fincard_async._generated.models import UploadCategory, UploadFileForm
from fincard_async._generated.types import File

from ._config import RequestOptions
from ._exceptions import ValidationError
from ._inputs import check_arguments, check_header_text
from ._kyc import detect_format
from ._resources import Resource
from ._validation import raise_if_any

__all__ = ["UPLOAD_FORMATS", "UPLOAD_MAX_BYTES", "Files"]

# Decision: "at most 2 MB" read as 2,000,000 bytes, the stricter of the two readings.
UPLOAD_MAX_BYTES = 2_000_000
UPLOAD_FORMATS = {"jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}
_SNIFF = 16

Source = str | os.PathLike[str] | bytes | BinaryIO


class Files(Resource):
    """FinHub file upload."""

    async def upload(
        self,
        file: Source,
        *,
        file_name: str | None = None,
        category: str = "card",
        options: RequestOptions | None = None,
    ) -> str:
        """Upload a jpg, png or pdf of at most 2 MB and return its ``fileId``.

        ``file`` is a path, bytes or a binary file object. Paths are streamed from disk, never
        read whole into memory; the type is taken from the content, not the name.

        Raises:
            ValidationError: wrong type or too large, before any network call.

        Example::

            file_id = await client.files.upload("passport.jpg")
        """
        check_arguments(self.upload, locals())
        # the form's fields against the spec (category's enum); "" stands in for the file part,
        # whose content (type, size) _check reads below: the schema states those in prose only
        form = {"category": category, "file": ""}
        raise_if_any(await self._validator.violations("uploadFile", form), operation="uploadFile")
        if isinstance(file, (str, os.PathLike)):
            handle = await asyncio.to_thread(open, file, "rb")
            try:
                name = file_name or os.path.basename(os.fspath(file))
                check_header_text("file_name", name)  # a name taken from the path, too
                return await self._upload_handle(handle, name, category, options)
            finally:
                await asyncio.to_thread(handle.close)
        if isinstance(file, bytes):
            mime = _check(file[:_SNIFF], len(file))
            return await self._send(
                # a stream, not raw bytes: aiohttp warns (ResourceWarning) on a large bytes body
                File(payload=io.BytesIO(file), file_name=file_name or "upload", mime_type=mime),
                category,
                options,
            )
        return await self._upload_handle(file, file_name or "upload", category, options)

    async def _upload_handle(
        self, handle: BinaryIO, name: str, category: str, options: RequestOptions | None
    ) -> str:
        head, size = await asyncio.to_thread(_sniff, handle)
        mime = _check(head, size)
        return await self._send(
            File(payload=handle, file_name=name, mime_type=mime), category, options
        )

    async def _send(self, part: File, category: str, options: RequestOptions | None) -> str:
        form = UploadFileForm(category=UploadCategory(category), file=part)
        headers = await self._checked_finhub_headers("uploadFile", options)
        answer = await upload_file.asyncio(transport=self._transport(options), body=form, **headers)
        return answer.data.file_id  # exactly as the server wrote it (a UUID as text)


def _sniff(handle: BinaryIO) -> tuple[bytes, int]:
    start = handle.tell()
    head = handle.read(_SNIFF)
    size = handle.seek(0, os.SEEK_END) - start
    handle.seek(start)
    return head, size


def _check(head: bytes, size: int) -> str:
    kind = detect_format(head)
    if kind not in UPLOAD_FORMATS:
        raise ValidationError.single(
            "file", "format", "must be a jpg, png or pdf (detected from the content)"
        )
    if size > UPLOAD_MAX_BYTES:
        raise ValidationError.single(
            "file", "maxSize", f"is {size:,} bytes; the limit is {UPLOAD_MAX_BYTES:,} bytes"
        )
    return UPLOAD_FORMATS[kind]
