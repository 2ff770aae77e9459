"""Bundled payment channel plugins for shebao, one module per channel."""
