"""Bundled printer plugins for shebao: one module per format."""
