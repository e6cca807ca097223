"""The OpenAPI document this SDK was generated from, shipped inside the package."""

from __future__ import annotations

from importlib import resources

__all__ = ["openapi_spec"]


def openapi_spec() -> str:
    """Return the exact ``openapi/fincard.yaml`` the installed SDK was built from (YAML text).

    Byte for byte the published file (decoded as UTF-8, line endings untouched): ``make
    generate`` copies it into the package unchanged.

    Example::

        import yaml
        spec = yaml.safe_load(fincard_async.openapi_spec())
    """
    return resources.files("fincard_api").joinpath("openapi.yaml").read_bytes().decode("utf-8")
