"""The ``shebao`` command: one group, a lazily imported subgroup per concern.

Errors end as one line on stderr: bad input exits 2, a business-rule refusal exits 1.
"""

import functools
import importlib
import os
import sys
from typing import Any

import click

from shebao.i18n import _
from shebao_cli import i18n
from shebao_cli.examples import attach_examples
from shebao_cli.params import DATE

i18n.install()

VERSION = "0.1.0"

# name -> "module:attribute"; imported only when the command runs, so start-up stays fast
COMMANDS = {
    "init": "shebao_cli.commands.init:init",
    "plugins": "shebao_cli.commands.plugins:plugins",
    "plugin": "shebao_cli.commands.plugin:plugin",
    "person": "shebao_cli.commands.person:person",
    "employer": "shebao_cli.commands.employer:employer",
    "contribution": "shebao_cli.commands.contribution:contribution",
    "account": "shebao_cli.commands.account:account",
    "audit": "shebao_cli.commands.audit:audit",
    "filing": "shebao_cli.commands.filing:filing",
    "institution": "shebao_cli.commands.institution:institution",
    "card": "shebao_cli.commands.card:card",
    "payment": "shebao_cli.commands.payment:payment",
    "demo": "shebao_cli.commands.demo:demo",
    "backup": "shebao_cli.commands.maintenance:backup",
    "check": "shebao_cli.commands.maintenance:check",
    "settle": "shebao_cli.commands.settle:settle",
    "settlement": "shebao_cli.commands.settle:settlement",
    "reimbursement": "shebao_cli.commands.reimbursement:reimbursement",
    "bench": "shebao_cli.commands.bench:bench",
    "serve": "shebao_cli.commands.serve:serve",
    "token": "shebao_cli.commands.token:token",
    "db": "shebao_cli.commands.db:db",
}


class ShebaoGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module_name, attribute = COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            assert isinstance(command, click.Command)
            _audit_reveal_first(command)
            attach_examples(command, cmd_name)
            return command
        return super().get_command(ctx, cmd_name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            from shebao_cli.global_options import hoisted

            args = hoisted(self, ctx, args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        if not ctx._protected_args and not ctx.args:  # only global options: the help, as for `shebao` alone
            raise click.exceptions.NoArgsIsHelpError(ctx)
        return super().invoke(ctx)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        ctx.meta[REVEAL_KEY] = args
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as error:
            # the commands are imported lazily, so click alone knows no names to suggest
            raise click.exceptions.NoSuchCommand(error.command_name, possibilities=self.list_commands(ctx), ctx=ctx) from None


REVEAL_KEY = "shebao.command_args"
_GUARDED = "_shebao_reveal_audited"


def _audit_reveal_first(command: click.Command) -> None:
    """Every command's callback, once its arguments have parsed, audits a ``--reveal`` before it
    runs: the row is committed before the first revealed byte, whatever happens to the output
    afterwards (a pipe into ``head``), and a database that cannot take it refuses the reveal."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _audit_reveal_first(sub)
        return
    callback = command.callback
    if callback is None or getattr(callback, _GUARDED, False):
        return

    @functools.wraps(callback)
    def audited(*args: Any, **kwargs: Any) -> Any:
        from shebao.errors import InputError
        from shebao_cli.option_errors import with_option_names

        ctx = click.get_current_context()
        try:
            return _revealing(ctx, command, callback, *args, **kwargs)
        except InputError as error:
            error.args = (with_option_names(str(error), ctx),)
            raise

    setattr(audited, _GUARDED, True)
    command.callback = audited


def _revealing(ctx: click.Context, command: click.Command, callback: Any, *args: Any, **kwargs: Any) -> Any:
    """Audit a ``--reveal``, then run the command."""
    root = ctx.find_root()
    app = root.obj
    if app is not None and app.reveal and (app.on_server or app.db_path.exists()):  # no database: nothing to reveal
        given = root.meta.get(REVEAL_KEY) or []
        group = root.command if isinstance(root.command, click.Group) else click.Group()
        words, arguments = command_words(root, group, given)
        app.audit_reveal(" ".join([root.command_path, *words]), arguments)
    return callback(*args, **kwargs)


def command_words(ctx: click.Context, group: click.Group, args: list[str]) -> tuple[list[str], list[str]]:
    """Split ``person show ID --json`` into the command's words and its arguments."""
    words: list[str] = []
    command: click.Command | None = group
    while args and isinstance(command, click.Group):
        command = command.get_command(ctx, args[0])
        if command is None:
            break
        words.append(args[0])
        args = args[1:]
    return words, args


def entry() -> None:
    """The console script: run, then exit with the status."""
    sys.exit(run(cli, sys.argv[1:]))


def one_line(text: str) -> str:
    """An error is one line on stderr, whatever characters the input smuggled in, and never
    shows a full citizen id, bank card or phone number (an error is not an audited disclosure)."""
    from shebao_cli.output import mask_text

    parts: list[str] = []
    for line in text.splitlines():
        if line.strip() and parts and line[:1].isspace():  # click's indented continuation: "Choose from:\n\ta,\n\tb"
            parts[-1] += " " + line.strip()
        elif line.strip():
            parts.append(line)
    return mask_text(False, " / ".join(parts))


def _refuse_hidden_characters(args: list[str]) -> None:
    """No argument of any command may carry a control character, a line break, a bidirectional
    override or a zero-width character: whatever a command does with it (a name, a reason, an
    audit subject), it could forge a line or hide what it says. Lengths are each field's own."""
    from shebao.errors import InputError
    from shebao.text import text_problem

    for index, argument in enumerate(args):
        problem = text_problem(argument, limit=1 << 20)
        if problem is not None:
            previous = args[index - 1] if index else ""
            where = previous if previous.startswith("-") else f"argument {index + 1}"
            raise InputError(f"{where} {problem}")


def run(command: click.Command, args: list[str], prog_name: str = "shebao") -> int:
    """Run the CLI in-process; return the exit status, errors printed as one line."""
    from shebao.errors import ShebaoError

    try:
        _refuse_hidden_characters(args)
        # without standalone mode click returns the code of a ctx.exit() / Exit instead of raising
        returned = click.Command.main(command, args=args, prog_name=prog_name, standalone_mode=False)
    except ShebaoError as error:
        click.echo(_("Error: {message}").format(message=one_line(str(error))), err=True)
        return error.exit_code
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.exceptions.NoArgsIsHelpError as bare:  # `shebao` or `shebao person` alone: its help
        click.echo(bare.ctx.get_help())
        return 0
    except click.exceptions.Abort:
        click.echo(_("Aborted."), err=True)
        return 1
    except click.ClickException as error:
        message = one_line(error.format_message())
        if isinstance(error, click.UsageError) and error.ctx:
            click.echo(_("Error ({command}): {message}").format(command=error.ctx.command_path, message=message), err=True)
        else:
            click.echo(_("Error: {message}").format(message=message), err=True)
        return error.exit_code
    except (BrokenPipeError, KeyboardInterrupt):
        return 1
    except Exception as error:
        return _unexpected(error)
    return returned if isinstance(returned, int) else 0


@click.group(cls=ShebaoGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, prog_name="shebao")
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    envvar="SHEBAO_DB",
    help="SQLite file (default: in the user data directory).",
)
@click.option("--today", type=DATE, envvar="SHEBAO_TODAY", help="Run as if today were this date.")
@click.option("--operator", envvar="SHEBAO_OPERATOR", help="Who is at the counter, for the audit log.")
@click.option("--reveal", is_flag=True, help="Show id, bank card and phone numbers unmasked (audited).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: the same as --json after the command.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, today: Any, operator: str | None, reveal: bool, as_json: bool) -> None:
    """shebao: social security cards and basic medical insurance, at the service centre."""
    from pathlib import Path

    from shebao.store.engine import is_server
    from shebao_cli.app import App

    app = App((db if is_server(db) else Path(db)) if db else None, today, operator, reveal)
    ctx.obj = app
    ctx.call_on_close(app.close)


def _unexpected(error: Exception) -> int:
    """A database's error in one line (exit 1); anything else is a defect of shebao: one line
    naming it (exit 70), never a traceback full of personal data, unless SHEBAO_DEBUG is set."""
    # the database modules are looked up, not imported: `shebao --version` does not pay for them
    for module, kind in (("sqlite3", "DatabaseError"), ("psycopg", "Error")):
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(error, getattr(loaded, kind)):
            click.echo(_("Error: database: {message}").format(message=one_line(str(error))), err=True)
            return 1
    if os.environ.get("SHEBAO_DEBUG"):
        raise error
    click.echo(
        _("Error: internal error {kind}: {message} (SHEBAO_DEBUG=1 shows where)").format(
            kind=type(error).__name__, message=one_line(str(error))
        ),
        err=True,
    )
    return 70
