"""shebao: social security cards and basic medical insurance.

Plugins import the hook marker from here: ``@shebao.hookimpl``. The markers (and pluggy)
are loaded on first use, so commands that call no hook start without them.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shebao.markers import PROJECT, hookimpl, hookspec

__version__ = "0.1.0"

__all__ = ["PROJECT", "__version__", "hookimpl", "hookspec"]


def __getattr__(name: str) -> object:
    if name in ("PROJECT", "hookimpl", "hookspec"):
        from shebao import markers

        return getattr(markers, name)
    raise AttributeError(f"module 'shebao' has no attribute {name!r}")
