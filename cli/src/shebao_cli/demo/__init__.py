"""``shebao demo``: the system's story on a fresh database, told through the real commands.

Each chapter is a module with ``tell(story)``; the story runs ``shebao`` commands in-process,
printing each command line and its output, and stops if a step does not end as expected.
"""

import shlex
from collections.abc import Callable
from pathlib import Path

import click

from shebao.i18n import N_, _
from shebao_cli.demo import card, filing, people, register, settlement
from shebao_cli.demo.ids import DEMO_IDS

CHAPTERS: list[tuple[str, Callable[["Story"], None]]] = [
    (N_("People and money: an employer, its employees, a flexible worker and a retiree"), people.tell),
    (N_("The social security card: application, payment, production, collection, activation"), card.tell),
    (N_("Off-site filing: a Shenzhen retiree resettled in Shanghai"), filing.tell),
    (N_("Direct settlement: the resettled retiree's inpatient bill in Shanghai"), settlement.tell),
    (N_("The register over time: real ids and regions, changes of record, arrears, rights record"), register.tell),
]


__all__ = ["CHAPTERS", "DEMO_IDS", "DemoFailed", "Story"]


class DemoFailed(click.ClickException):
    pass


class Story:
    def __init__(self, db: Path, out: Path) -> None:
        self.db = db
        self.out = out

    def say(self, text: str) -> None:
        click.echo(click.style(f"\n# {text}", fg="cyan"))

    def run(self, *args: str, today: str | None = None, expect: int = 0) -> None:
        """Run ``shebao [--today D] args...`` against the demo database."""
        if not self.db.exists():  # the story starts as an operator does: with a database
            self._run(["init"], 0)
        line = ["--today", today] if today else []
        line += list(args)
        self._run(line, expect)

    def _run(self, line: list[str], expect: int) -> None:
        from shebao_cli.main import cli, run

        click.echo(click.style("$ shebao " + shlex.join(line), bold=True))
        code = run(cli, ["--db", str(self.db), "--operator", "demo", *line])
        if code != expect:
            raise DemoFailed(
                _("step 'shebao {line}' exited {code}, expected {expect}").format(line=shlex.join(line), code=code, expect=expect)
            )


def tell(db: Path, out: Path) -> None:
    story = Story(db, out)
    for number, (title, chapter) in enumerate(CHAPTERS, start=1):
        click.echo(click.style(f"\n=== {number}. {_(title)} ===", fg="green", bold=True))
        chapter(story)
