"""The plugin system: hookspecs documented, bundled plugins found by entry point, failures named."""

import inspect
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import ShebaoCli, db_snapshot

from shebao import hookimpl, hookspecs
from shebao import plugins as facade
from shebao.errors import InputError, PluginError
from shebao.model.person import Scheme
from shebao.plugins import plugin_manager
from shebao.regions import Region
from shebao.store.database import connect

BUNDLED = {
    "national": "shebao-provinces",
    "beijing": "shebao-provinces",
    "shanghai": "shebao-provinces",
    "guangdong": "shebao-provinces",
    "sichuan": "shebao-provinces",
    "icbc": "shebao-banks",
    "abc": "shebao-banks",
    "ccb": "shebao-banks",
    "wechat-pay": "shebao-banks",
    "alipay": "shebao-banks",
    "text": "shebao-printers",
}


def hook_functions() -> list[tuple[str, Callable[..., object]]]:
    return [(name, fn) for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("shebao_")]


def test_every_hookspec_is_typed_and_documents_its_call_policy() -> None:
    assert len(hook_functions()) >= 7
    for name, function in hook_functions():
        doc = inspect.getdoc(function) or ""
        firstresult = plugin_manager().hook.__dict__[name].spec.opts["firstresult"]
        expected = "Call policy: firstresult" if firstresult else "Call policy: all results collected"
        assert expected in doc, f"{name} does not document its call policy"
        assert "None" in doc or not firstresult, f"{name} does not say what None means"
        signature = inspect.signature(function)
        assert signature.return_annotation is not inspect.Signature.empty, name
        for parameter in signature.parameters.values():
            assert parameter.annotation is not inspect.Parameter.empty, f"{name}({parameter.name}) is untyped"


def test_bundled_plugins_are_discovered_through_their_entry_points(shebao: ShebaoCli) -> None:
    listed = {p["name"]: p["distribution"] for p in json.loads(shebao.ok("plugins", "--json"))["plugins"]}
    for name, distribution in BUNDLED.items():
        assert listed.get(name) == distribution, name


def test_31_provinces_are_served_and_an_unknown_region_is_refused() -> None:
    provinces = [r for r in facade.regions().values() if r.code.endswith("0000")]
    assert len(provinces) == 31
    assert facade.region("44").name == "广东省"
    with pytest.raises(InputError, match="not a GB/T 2260 code of any year"):
        facade.region("990000")
    with pytest.raises(InputError, match="not a GB/T 2260 code of any year"):
        facade.region("440399")
    assert (facade.region("420102").code, facade.region("420102").name) == ("420100", "武汉市")  # a district: its city


def test_province_module_answers_before_the_national_default() -> None:
    policy = facade.policy(facade.region("440300"), Scheme.EMPLOYEE, 2026)
    assert "Guangdong" in policy.source
    assert "national" in facade.policy(facade.region("130000"), Scheme.EMPLOYEE, 2026).source


def test_a_test_plugin_is_asked_first_and_removed_afterwards(register_plugin: Callable[[object, str], None]) -> None:
    class Atlantis:
        @hookimpl
        def shebao_regions(self) -> list[Region]:
            return [Region("990000", "亚特兰蒂斯")]

    register_plugin(Atlantis(), "atlantis")
    assert facade.region("99").name == "亚特兰蒂斯"


def test_after_the_fixture_the_test_plugin_is_gone() -> None:
    assert plugin_manager().get_plugin("atlantis") is None


def test_a_failing_plugin_is_named_and_nothing_is_written(
    register_plugin: Callable[[object, str], None], shebao: ShebaoCli, db_path: Path
) -> None:
    class Broken:
        @hookimpl(tryfirst=True)
        def shebao_policy(self, region: Region, scheme: Scheme, year: int) -> None:
            raise RuntimeError("policy server unreachable")

    shebao.ok(
        "person", "register", "--id", "440305198801010046", "--name", "张敏", "--insured-region", "440300",
        "--scheme", "employee", "--status", "flexible",
    )  # fmt: skip
    before = db_snapshot(db_path)
    register_plugin(Broken(), "broken-policy")
    result = shebao("contribution", "pay", "440305198801010046", "--month", "2026-02", "--base", "6000", "--channel", "alipay")
    assert result.exit_code == 1
    assert "plugin 'broken-policy' failed in shebao_policy" in result.stderr
    assert "Traceback" not in result.stderr
    assert db_snapshot(db_path) == before


def test_a_plugin_answering_the_wrong_type_is_named(register_plugin: Callable[[object, str], None]) -> None:
    class Sloppy:
        @hookimpl
        def shebao_regions(self) -> object:
            return ["440300"]

    register_plugin(Sloppy(), "sloppy")
    with pytest.raises(PluginError, match="plugin 'sloppy'"):
        facade.regions()


def test_shebao_load_plugins_restricts_what_is_loaded(tmp_path: Path) -> None:
    def listed(setting: str) -> set[str]:
        env = {**os.environ, "SHEBAO_LOAD_PLUGINS": setting, "SHEBAO_DB": str(tmp_path / "x.db")}
        out = subprocess.run(
            [sys.executable, "-m", "shebao_cli", "plugins", "--json"], env=env, capture_output=True, text=True, check=True
        ).stdout
        return {p["name"] for p in json.loads(out)["plugins"]}

    assert listed("national,icbc") == {"national", "icbc"}
    assert listed("") == set()


def test_without_a_province_plugin_registration_works_and_a_policy_names_what_is_missing(tmp_path: Path) -> None:
    env = {**os.environ, "SHEBAO_LOAD_PLUGINS": "icbc", "SHEBAO_DB": str(tmp_path / "x.db"), "SHEBAO_TODAY": "2026-03-02"}
    connect(tmp_path / "x.db").close()  # as `shebao init` would
    registered = subprocess.run(
        [sys.executable, "-m", "shebao_cli", "person", "register", "--id", "440304198503120021", "--name", "李娜",
         "--insured-region", "440300", "--scheme", "employee", "--status", "flexible"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert registered.returncode == 0, registered.stderr
    result = subprocess.run(
        [sys.executable, "-m", "shebao_cli", "contribution", "pay", "440304198503120021", "--month", "2026-02",
         "--base", "6000", "--channel", "alipay"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1
    assert "refused by rule 'province-plugin'" in result.stderr
    assert "no installed province plugin serves province 44 (广东省)" in result.stderr
