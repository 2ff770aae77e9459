"""docs/plugins.md keeps up with the hooks: every hookspec documented with its call policy,
and every example plugin in it loads and passes the conformance kit."""

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from shebao import hookspecs
from shebao.conformance import check_plugin, families_of
from shebao.plugins import OwnHooks, plugin_manager

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "plugins.md"
EXAMPLE = re.compile(r"```python\n# example plugin: (?P<name>[\w-]+)\n(?P<code>.*?)```", re.DOTALL)


def hookspec_names() -> list[str]:
    return [name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("shebao_")]


def guide_section(hook: str) -> str:
    """The text under the hook's own heading, up to the next heading."""
    text = GUIDE.read_text(encoding="utf-8")
    match = re.search(rf"^### `{hook}`\n(.*?)(?=^#)", text, re.DOTALL | re.MULTILINE)
    assert match, f"docs/plugins.md has no '### `{hook}`' section"
    return match.group(1)


@pytest.mark.parametrize("hook", hookspec_names())
def test_every_hookspec_is_documented_with_its_call_policy(hook: str) -> None:
    section = guide_section(hook)
    firstresult = plugin_manager().hook.__dict__[hook].spec.opts["firstresult"]
    policy = "Call policy: firstresult, first non-None wins" if firstresult else "Call policy: all results collected"
    assert policy in " ".join(section.split()), f"the guide does not give {hook}'s call policy: {policy}"
    assert f"{hook}(" in section, f"the guide does not show {hook}'s signature"


@pytest.mark.parametrize("hook", hookspec_names())
def test_every_hookspec_belongs_to_exactly_one_family(hook: str) -> None:
    owners = [family for family, hooks in hookspecs.FAMILIES.items() if hook in hooks]
    assert len(owners) == 1, f"{hook} must be listed in exactly one family of hookspecs.FAMILIES, not {owners}"


def test_families_name_only_real_hooks() -> None:
    listed = {hook for hooks in hookspecs.FAMILIES.values() for hook in hooks}
    assert listed <= set(hookspec_names())


def examples() -> list[tuple[str, str]]:
    return [(m["name"], m["code"]) for m in EXAMPLE.finditer(GUIDE.read_text(encoding="utf-8"))]


@pytest.mark.parametrize(("name", "code"), examples(), ids=[name for name, _ in examples()])
def test_each_example_plugin_in_the_guide_conforms(name: str, code: str, register_plugin: Callable[[object, str], None]) -> None:
    module = ModuleType(name)
    exec(compile(code, f"docs/plugins.md example {name}", "exec"), module.__dict__)
    register_plugin(module, name)
    assert check_plugin(name, 2026) == []


def test_the_guide_has_an_example_for_every_family(register_plugin: Callable[[object, str], None]) -> None:
    covered = set()
    for name, code in examples():
        module = ModuleType(name)
        exec(compile(code, name, "exec"), module.__dict__)
        register_plugin(module, name)
        covered.update(families_of(OwnHooks(name)))
    assert covered == set(hookspecs.FAMILIES)


def test_readme_points_plugin_authors_to_the_guide() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Writing a plugin" in readme
    assert "docs/plugins.md" in readme
