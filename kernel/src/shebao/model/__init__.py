"""Frozen attrs values of the domain; no IO, no clock, no plugins."""
