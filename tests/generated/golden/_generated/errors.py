# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""Errors raised by the generated standalone client. fincard_async maps its own tree instead."""

__all__ = ["ResponseDecodeError", "UnexpectedStatus"]


class UnexpectedStatus(Exception):
    """The server answered with a status the operation does not document as success."""

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content
        super().__init__(f"Unexpected status code: {status_code} ({len(content)} bytes)")


class ResponseDecodeError(Exception):
    """The answer was not JSON, or did not fit its schema."""
