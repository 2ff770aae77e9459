"""Global options anywhere on the line: ``shebao person list --db x.db`` is ``shebao --db x.db
person list``, and ``shebao --json person list`` is ``shebao person list --json``.

A command's own option of the same name wins: ``audit list --operator O`` filters by operator."""

import click

from shebao.i18n import _

# the root's options, and whether each takes a value
ROOT_OPTIONS = {"--db": True, "--today": True, "--operator": True, "--reveal": False}
JSON = "--json"


def _option(token: str) -> str:
    return token.split("=", 1)[0] if token.startswith("--") else token


def _takes_value(command: click.Command, ctx: click.Context, token: str) -> bool | None:
    """Whether ``token`` is an option of ``command`` taking a value; None if it is not its option."""
    for param in command.get_params(ctx):
        if isinstance(param, click.Option) and token in (*param.opts, *param.secondary_opts):
            return not param.is_flag and not param.count
    return None


def hoisted(group: click.Group, ctx: click.Context, args: list[str]) -> list[str]:
    """``args`` with the root's options put before the command words, and a root ``--json``
    handed to the command that prints it."""
    front: list[str] = []
    index = 0
    json_given = False
    while index < len(args) and args[index].startswith("-") and args[index] != "--":
        token = args[index]
        if token == JSON:
            json_given = True
            index += 1
            continue
        takes = ROOT_OPTIONS.get(_option(token))
        count = 2 if takes and "=" not in token else 1
        front += args[index : index + count]
        index += count
    words: list[str] = []
    command: click.Command | None = group
    sub_ctx = ctx
    while index < len(args) and isinstance(command, click.Group) and not args[index].startswith("-"):
        found = command.get_command(sub_ctx, args[index])
        if found is None:
            break
        words.append(args[index])
        sub_ctx = click.Context(found, parent=sub_ctx, info_name=args[index])
        command = found
        index += 1
    rest: list[str] = []
    leaf = command if command is not None and not isinstance(command, click.Group) else None
    while index < len(args):
        token = args[index]
        if token == "--":
            rest += args[index:]
            break
        own = _takes_value(leaf, sub_ctx, _option(token)) if leaf is not None else None
        takes = ROOT_OPTIONS.get(_option(token))
        if own is None and takes is not None:
            count = 2 if takes and "=" not in token else 1
            front += args[index : index + count]
            index += count
            continue
        count = 2 if own and "=" not in token else 1
        rest += args[index : index + count]
        index += count
    if json_given:
        if leaf is None or _takes_value(leaf, sub_ctx, JSON) is None:
            where = " ".join(["shebao", *words])
            raise click.UsageError(_("{command} has no JSON output: leave out --json").format(command=where), ctx)
        if JSON not in rest:
            rest.append(JSON)
    return [*front, *words, *rest]
