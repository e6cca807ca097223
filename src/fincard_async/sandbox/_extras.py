"""What to tell a user whose environment lacks an extra the sandbox or its fixtures need."""

from __future__ import annotations

__all__ = ["missing_extra"]


def missing_extra(what: str, error: ModuleNotFoundError, extra: str) -> str:
    """One line naming the missing module and the extra that installs it."""
    return (
        f"{what} needs the {error.name or 'missing'} module, which is not installed: "
        f"pip install 'fincard-async[{extra}]'"
    )
