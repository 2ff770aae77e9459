"""The pluggy markers; one project name for specs, implementations and entry points."""

import pluggy

PROJECT = "shebao"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
