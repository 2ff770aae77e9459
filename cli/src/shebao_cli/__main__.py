"""``python -m shebao_cli``: the same as the ``shebao`` console script."""

from shebao_cli.main import entry

entry()
