"""shebao: social security cards and basic medical insurance.

Plugins import the hook marker from here: ``@shebao.hookimpl``.
"""

from shebao.markers import PROJECT, hookimpl, hookspec

__version__ = "0.1.0"

__all__ = ["PROJECT", "__version__", "hookimpl", "hookspec"]
