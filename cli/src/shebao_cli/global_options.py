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


def _width(token: str, takes_value: bool | None) -> int:
    """How many arguments an option spans: with its value, unless given as ``--opt=value``."""
    return 2 if takes_value and "=" not in token else 1


def _leading(args: list[str]) -> tuple[list[str], bool, int]:
    """The root's options before the command words, whether ``--json`` was among them, and
    where the words start."""
    front: list[str] = []
    index = 0
    json_given = False
    while index < len(args) and args[index].startswith("-") and args[index] != "--":
        token = args[index]
        if token == JSON:
            json_given, index = True, index + 1
            continue
        count = _width(token, ROOT_OPTIONS.get(_option(token)))
        front += args[index : index + count]
        index += count
    return front, json_given, index


def _command_words(
    group: click.Group, ctx: click.Context, args: list[str], index: int
) -> tuple[list[str], click.Command, click.Context, int]:
    """The words naming the command (``person list``), the command they name, its context, and
    where its arguments start."""
    words: list[str] = []
    command: click.Command = group
    sub_ctx = ctx
    while index < len(args) and isinstance(command, click.Group) and not args[index].startswith("-"):
        found = command.get_command(sub_ctx, args[index])
        if found is None:
            break
        words.append(args[index])
        sub_ctx = click.Context(found, parent=sub_ctx, info_name=args[index])
        command = found
        index += 1
    return words, command, sub_ctx, index


def _split_rest(leaf: click.Command | None, ctx: click.Context, args: list[str]) -> tuple[list[str], list[str]]:
    """The root's options found among the command's arguments, and the command's own."""
    front: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        token = args[index]
        if token == "--":
            rest += args[index:]
            break
        own = _takes_value(leaf, ctx, _option(token)) if leaf is not None else None
        takes = ROOT_OPTIONS.get(_option(token))
        count = _width(token, takes if own is None and takes is not None else own)
        (front if own is None and takes is not None else rest).extend(args[index : index + count])
        index += count
    return front, rest


def hoisted(group: click.Group, ctx: click.Context, args: list[str]) -> list[str]:
    """``args`` with the root's options put before the command words, and a root ``--json``
    handed to the command that prints it."""
    front, json_given, index = _leading(args)
    words, command, sub_ctx, index = _command_words(group, ctx, args, index)
    leaf = None if isinstance(command, click.Group) else command
    later, rest = _split_rest(leaf, sub_ctx, args[index:])
    if json_given:
        if leaf is None or _takes_value(leaf, sub_ctx, JSON) is None:
            where = " ".join(["shebao", *words])
            raise click.UsageError(_("{command} has no JSON output: leave out --json").format(command=where), ctx)
        if JSON not in rest:
            rest.append(JSON)
    return [*front, *later, *words, *rest]
