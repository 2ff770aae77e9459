"""Every command's help ends with one example, and every example is a command line shebao
accepts: its words name the command, its options exist and its values parse."""

import shlex

import click
import pytest

from shebao_cli.examples import EXAMPLES
from shebao_cli.main import cli


def leaf_paths() -> list[str]:
    paths: list[str] = []

    def walk(command: click.Command, ctx: click.Context, path: list[str]) -> None:
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                walk(sub, click.Context(sub, parent=ctx, info_name=name), [*path, name])
        else:
            paths.append(" ".join(path))

    walk(cli, click.Context(cli, info_name="shebao"), [])
    return paths


def parsed(words: list[str]) -> tuple[str, click.Context]:
    """Parse a command line as click does, without running it: (command path, leaf context)."""
    ctx = cli.make_context("shebao", list(words))
    command: click.Command = cli
    args = [*ctx._protected_args, *ctx.args]
    path: list[str] = []
    while isinstance(command, click.Group):
        name, found, args = command.resolve_command(ctx, args)
        assert name is not None and found is not None
        path.append(name)
        ctx = found.make_context(name, args, parent=ctx)
        command = found
        args = [*ctx._protected_args, *ctx.args]
    return " ".join(path), ctx


def test_every_command_has_an_example() -> None:
    assert sorted(EXAMPLES) == sorted(leaf_paths())


@pytest.mark.parametrize("path", sorted(EXAMPLES))
def test_the_example_parses_as_its_command(path: str) -> None:
    words = shlex.split(EXAMPLES[path])
    assert words[0] == "shebao"
    try:
        command_path, _ = parsed(words[1:])
    except click.BadParameter as error:  # an example's input file is the operator's, not here
        assert "does not exist" in error.format_message(), error.format_message()
        return
    assert command_path == path


def test_the_help_shows_the_example(shebao) -> None:  # type: ignore[no-untyped-def]
    shown = shebao.ok("person", "register", "--help")
    assert "Example:\n  " + EXAMPLES["person register"] in shown
    assert "示例：" in shebao("person", "register", "--help", env={"SHEBAO_LANG": "zh_CN"}).stdout
