"""The OpenAPI document this SDK was generated from, shipped inside the package.

Two copies ship, both written by ``make generate``: the YAML as written (for people and other
tools) and the same document as JSON, which the SDK reads at run time without a YAML parser.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import orjson

__all__ = ["load_openapi_document", "openapi_spec"]

_PACKAGE = "fincard_async._generated"


def openapi_spec() -> str:
    """Return the exact ``openapi/fincard.yaml`` the installed SDK was built from (YAML text).

    Byte for byte the published file (decoded as UTF-8, line endings untouched): ``make
    generate`` copies it into the package unchanged.

    Example::

        import yaml
        spec = yaml.safe_load(fincard_async.openapi_spec())
    """
    return resources.files(_PACKAGE).joinpath("openapi.yaml").read_bytes().decode("utf-8")


def load_openapi_document() -> dict[str, Any]:
    """The same document, parsed (from its JSON copy: no YAML parser needed).

    A fresh object on every call: callers may keep or change it.
    """
    document: dict[str, Any] = orjson.loads(
        resources.files(_PACKAGE).joinpath("openapi.json").read_bytes()
    )
    document.pop("x-fincard-generated", None)
    return document
