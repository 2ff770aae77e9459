"""Bundled province plugins for shebao, one module per province.

``national`` serves the 31 province-level regions with the defaults every province starts
from; a province module replaces what its own policy says (it is registered later, so
pluggy asks it first).
"""
