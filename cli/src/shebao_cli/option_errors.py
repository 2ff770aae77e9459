"""Errors in the operator's words: a field the kernel names by its JSON path (``@ $.insured_region``)
is named as the option the operator typed (``--insured-region``)."""

import re

import click

from shebao.i18n import _

FIELD_PATH = re.compile(r" @ \$\.(?P<field>[A-Za-z_][A-Za-z0-9_]*)$")
FILE_INPUTS = ("from_json",)


def typed_name(param: click.Parameter) -> str:
    """``--insured-region`` for an option (its long spelling), ``CITIZEN_ID`` for an argument."""
    if isinstance(param, click.Option):
        return next((opt for opt in param.opts if opt.startswith("--")), param.opts[0])
    return param.human_readable_name


def _param_for(ctx: click.Context, field: str) -> click.Parameter | None:
    """The parameter that gave ``field``: by name, by dashed name, or a former spelling of it;
    of several, the one the operator used."""
    dashed = "--" + field.replace("_", "-")
    matching = [
        param
        for param in ctx.command.params
        if param.name == field
        or (isinstance(param, click.Option) and dashed in param.opts)
        or getattr(param, "feeds", None) == field
    ]
    used = [param for param in matching if ctx.params.get(param.name or "") is not None]
    return next(iter(used or matching), None)


def _reads_a_file(ctx: click.Context) -> bool:
    for param in ctx.command.params:
        given = ctx.params.get(param.name or "") is not None
        if given and (param.name in FILE_INPUTS or (isinstance(param, click.Argument) and isinstance(param.type, click.Path))):
            return True
    return False


def with_option_names(message: str, ctx: click.Context) -> str:
    """``message`` with every ``problem @ $.field`` that names a parameter of the running command
    said as ``--option: problem``; a missing field says the option is required."""
    if _reads_a_file(ctx):  # the fields are the file's: its JSON paths say where
        return message
    said = []
    for part in message.split("; "):
        found = FIELD_PATH.search(part)
        param = _param_for(ctx, found.group("field")) if found else None
        if found is None or param is None:
            said.append(part)
            continue
        problem = part[: found.start()]
        if problem == _("required field missing"):
            said.append(_("{option} is required").format(option=typed_name(param)))
        else:
            said.append(_("{option}: {problem}").format(option=typed_name(param), problem=problem))
    return "; ".join(said)
