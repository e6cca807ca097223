"""The one converter between wire JSON and models, built per client (never a global).

It starts from cattrs' orjson preconfiguration and adds the generated wire-name table. Hooks
are compiled once per class on first use, so the hot path is generated code, not reflection.
"""

from __future__ import annotations

import base64

import cattrs
from cattrs.preconf.orjson import make_converter as _orjson_converter
from fincard_api.models import configure_converter

__all__ = ["make_converter"]


def make_converter() -> cattrs.Converter:
    """A converter for every generated model.

    ``bytes`` travel as standard base64 (preconf's default is base85, which no API here uses).
    """
    converter = _orjson_converter()
    converter.register_unstructure_hook(bytes, lambda data: base64.b64encode(data).decode())
    converter.register_structure_hook(bytes, lambda text, _: base64.b64decode(text))
    return configure_converter(converter)
