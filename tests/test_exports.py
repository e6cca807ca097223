"""The public surface is exactly what __all__ says, and it reads as fincard_async.X."""

from __future__ import annotations

import inspect
import subprocess
import sys
import typing

import fincard_async


def test_all_is_exact() -> None:
    for name in fincard_async.__all__:
        getattr(fincard_async, name)  # the names load on first use (PEP 562)
    public = {
        name
        for name, value in vars(fincard_async).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public | {"models"} == set(fincard_async.__all__) - {"__version__"}
    assert len(fincard_async.__all__) == len(set(fincard_async.__all__))


def test_public_names_live_in_the_package() -> None:
    for name in fincard_async.__all__:
        value = getattr(fincard_async, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert value.__module__ == "fincard_async", name


def test_models_module_re_exports_generated_models() -> None:
    from fincard_async import models

    assert "CardApplyKycInfo" in models.__all__
    assert "WIRE_NAMES" not in models.__all__
    for name in models.__all__:
        assert hasattr(models, name), name


def _mentions_any(annotation: object) -> bool:
    if annotation is typing.Any:
        return True
    return any(_mentions_any(arg) for arg in typing.get_args(annotation))


def test_no_public_method_of_the_client_returns_any() -> None:
    from fincard_async._cards import Cards
    from fincard_async._files import Files
    from fincard_async._reference_data import ReferenceData
    from fincard_async._work_orders import WorkOrders

    names = vars(fincard_async)
    checked = 0
    for cls in (fincard_async.FincardClient, Cards, Files, ReferenceData, WorkOrders):
        for name, method in inspect.getmembers(cls, inspect.isfunction):
            if name.startswith("_"):
                continue
            returned = typing.get_type_hints(method, localns=names).get("return")
            assert not _mentions_any(returned), f"{cls.__name__}.{name} -> {returned}"
            checked += 1
    assert checked > 10


def test_import_loads_nothing_until_a_name_is_used() -> None:
    probe = (
        "import sys, fincard_async\n"
        "before = sorted(m for m in sys.modules if m.startswith(('fincard_async', 'aiohttp')))\n"
        "fincard_async.FincardClient\n"
        "after = 'aiohttp' in sys.modules and 'fincard_async._client' in sys.modules\n"
        "print(before, after)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "['fincard_async', 'fincard_async._version'] True"


def test_an_unknown_name_is_an_attribute_error() -> None:
    import pytest

    with pytest.raises(AttributeError, match="no_such_name"):
        fincard_async.no_such_name  # noqa: B018
