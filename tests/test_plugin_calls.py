"""Hooks are called through pluggy: wrappers wrap them, monitors see them, tracing prints them,
and a failure or a wrong answer still names the plugin responsible."""

import json
import os
import subprocess
import sys
from collections.abc import Callable, Generator, Mapping, Sequence
from pathlib import Path

import attrs
import pluggy
import pytest

from shebao import hookimpl
from shebao import plugins as facade
from shebao.conformance.samples import documents
from shebao.errors import PluginError
from shebao.hookspecs import shebao_render_document
from shebao.model.person import Scheme
from shebao.plugins import OwnHooks, plugin_manager
from shebao.policy import Policy
from shebao.regions import Region

Register = Callable[[object, str], None]


def test_a_wrapper_sees_the_call_and_may_change_the_answer(register_plugin: Register) -> None:
    seen: list[tuple[str, int]] = []

    class Audited:
        @hookimpl(wrapper=True)
        def shebao_policy(self, region: Region, year: int) -> Generator[None, Policy | None, Policy | None]:
            policy = yield
            seen.append((region.code, year))
            return None if policy is None else attrs.evolve(policy, source=policy.source + " (audited)")

    register_plugin(Audited(), "audited")
    policy = facade.policy(facade.region("440300"), Scheme.EMPLOYEE, 2026)
    assert seen == [("440300", 2026)]
    assert policy.source.endswith("(audited)") and "Guangdong" in policy.source


def test_a_monitor_sees_every_call_of_the_facade() -> None:
    calls: list[tuple[str, list[str]]] = []

    def before(hook_name: str, impls: Sequence[pluggy.HookImpl], kwargs: Mapping[str, object]) -> None:
        calls.append((hook_name, [impl.plugin_name for impl in impls]))

    undo = plugin_manager().add_hookcall_monitoring(before, lambda *_: None)
    try:
        facade.policy(facade.region("310100"), Scheme.RESIDENT, 2026)
    finally:
        undo()
    assert [name for name, _ in calls] == ["shebao_regions", "shebao_policy"]
    assert {"shanghai", "national"} <= set(calls[1][1])


def test_a_failing_implementation_is_named_through_a_wrapper(register_plugin: Register) -> None:
    class Passive:
        @hookimpl(wrapper=True)
        def shebao_policy(self) -> Generator[None, object, object]:
            return (yield)

    class Broken:
        @hookimpl(tryfirst=True)
        def shebao_policy(self) -> None:
            raise RuntimeError("policy server unreachable")

    register_plugin(Passive(), "passive")
    register_plugin(Broken(), "broken")
    with pytest.raises(PluginError, match="plugin 'broken' failed in shebao_policy: RuntimeError: policy server unreachable"):
        facade.policy(facade.region("440300"), Scheme.EMPLOYEE, 2026)


def test_a_wrapper_that_fails_or_spoils_the_answer_is_named(register_plugin: Register) -> None:
    class Spoiler:
        @hookimpl(wrapper=True)
        def shebao_regions(self) -> Generator[None, list[list[Region]], list[object]]:
            yield
            return [["440300"]]

    class Crasher:
        @hookimpl(wrapper=True)
        def shebao_bank_card_issuer(self) -> Generator[None, object, object]:
            yield
            raise KeyError("bins")

    register_plugin(Spoiler(), "spoiler")
    register_plugin(Crasher(), "crasher")
    with pytest.raises(PluginError, match="plugin 'spoiler' failed in shebao_regions: listed str, not Region"):
        facade.regions()
    with pytest.raises(PluginError, match="plugin 'crasher' failed in shebao_bank_card_issuer: KeyError"):
        facade.bank_card_issuer("6222024000123456788")


def test_a_wrong_answer_is_blamed_on_the_plugin_that_gave_it(register_plugin: Register) -> None:
    class Sloppy:
        @hookimpl(tryfirst=True)
        def shebao_bank_card_issuer(self) -> object:
            return 42

    register_plugin(Sloppy(), "sloppy")
    with pytest.raises(PluginError, match="plugin 'sloppy' failed in shebao_bank_card_issuer: answered int, not str"):
        facade.bank_card_issuer("6222024000123456788")


def test_a_plugin_alone_is_called_without_the_wrappers_of_others(register_plugin: Register) -> None:
    class Loud:
        """Upper-cases every rendered document, whoever rendered it."""

        @hookimpl(wrapper=True)
        def shebao_render_document(self) -> Generator[None, bytes | None, bytes | None]:
            rendered = yield
            return None if rendered is None else rendered.upper()

    document = documents()[0]
    register_plugin(Loud(), "loud")
    through_all, _ = facade.render(document, "text")
    alone = OwnHooks("text").first(shebao_render_document, document=document, format="text")
    assert alone is not None and through_all == alone.upper() != alone
    assert OwnHooks("loud").first(shebao_render_document, document=document, format="text") is None


def test_shebao_trace_plugins_prints_every_hook_call(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SHEBAO_TRACE_PLUGINS": "1",
        "SHEBAO_DB": str(tmp_path / "x.db"),
    }
    subprocess.run([sys.executable, "-m", "shebao_cli", "init"], env=env, capture_output=True, check=True)
    result = subprocess.run(
        [sys.executable, "-m", "shebao_cli", "person", "register", "--id", "440304198503120021", "--name", "李娜",
         "--insured-region", "440300", "--scheme", "employee", "--status", "employed", "--json"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(result.stdout)["insured_region"] == "440300"
    trace = result.stderr
    assert "shebao_regions:" in trace and "Hook implementations: national" in trace
    assert "Results:" in trace and "more" in trace  # a long answer is shortened
    quiet = subprocess.run(
        [sys.executable, "-m", "shebao_cli", "person", "list", "--json"],
        env={**env, "SHEBAO_TRACE_PLUGINS": ""}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert quiet.stderr == ""
