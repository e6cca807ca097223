"""The API's data models (attrs classes generated from ``openapi/fincard.yaml``).

Request models are built with keyword arguments, e.g.
``CardApplyBaseInfo(card_type_id="1", email=..., ...)``; enums are open: a value the server adds
later parses into a member that keeps its raw value (see ``is_known_member``).
"""

from fincard_async._generated.models import *  # noqa: F403
from fincard_async._generated.models import __all__ as _generated_names
from fincard_async._generated.types import is_known_member

__all__ = [
    name
    for name in _generated_names
    if name not in ("OPTIONAL_FIELDS", "StructureHook", "WIRE_NAMES", "configure_converter")
]
__all__ += ["is_known_member"]
