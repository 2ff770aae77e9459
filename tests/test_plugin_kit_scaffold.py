"""``shebao plugin new``: a plugin per family that installs with pip, loads, and passes its tests."""

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from helpers import ShebaoCli

from shebao import hookspecs
from shebao.conformance import check_plugin
from shebao.plugins import OwnHooks

Register = Callable[[object, str], None]
FAMILIES = {"province": ["--province", "44"], "bank": ["--title", "中国银行"], "printer": []}


def generate(shebao: ShebaoCli, family: str, name: str, target: Path) -> None:
    out = shebao.ok("plugin", "new", "--family", family, *FAMILIES[family], name, str(target))
    assert f"wrote shebao-{name.replace('_', '-')}" in out


def load_module(path: Path, module_name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("family", FAMILIES)
def test_a_generated_plugin_marks_what_to_fill_and_conforms_as_it_stands(
    family: str, shebao: ShebaoCli, tmp_path: Path, register_plugin: Register
) -> None:
    name = f"sample_{family}"
    generate(shebao, family, name, tmp_path / name)
    package = f"shebao_{name}"
    pyproject = (tmp_path / name / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"{name}" = "{package}"' in pyproject
    assert 'build-backend = "hatchling.build"' in pyproject
    source = tmp_path / name / "src" / package / "__init__.py"
    assert "FILL" in source.read_text(encoding="utf-8")
    assert (tmp_path / name / "tests" / f"test_{package}.py").exists()
    assert "## Fill in" in (tmp_path / name / "README.md").read_text(encoding="utf-8")
    register_plugin(load_module(source, package), name)
    assert check_plugin(name, 2026) == []


def test_a_province_plugin_takes_the_province_name_and_answers_first(shebao: ShebaoCli, tmp_path: Path) -> None:
    generate(shebao, "province", "guangdong_official", tmp_path / "gd")
    source = (tmp_path / "gd" / "src" / "shebao_guangdong_official" / "__init__.py").read_text(encoding="utf-8")
    assert 'Region("440000", "广东省")' in source
    assert "@shebao.hookimpl(tryfirst=True)" in source


def test_a_province_plugin_implements_every_province_hook_with_a_sample_in_the_capital(
    shebao: ShebaoCli, tmp_path: Path, register_plugin: Register
) -> None:
    shebao.ok("plugin", "new", "--family", "province", "--province", "11", "beijing_official", str(tmp_path / "bj"))
    source = tmp_path / "bj" / "src" / "shebao_beijing_official" / "__init__.py"
    register_plugin(load_module(source, "shebao_beijing_official"), "beijing_official")
    assert OwnHooks("beijing_official").hooks == set(hookspecs.FAMILIES["province"])
    text = source.read_text(encoding="utf-8")
    assert 'CITY = "110100"' in text
    assert 'Region(CITY, "北京市市辖区")' in text  # the name the bundled plugins give it, so they agree
    assert "@shebao.hookimpl(tryfirst=True)\ndef shebao_catalogue" in text
    assert check_plugin("beijing_official", 2026) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--family", "bank", "Bank Of China", "x"], "must start with a letter and be lower case"),
        (["--family", "bank", "class", "x"], None),  # shebao_class is a fine package name
        (["--family", "province", "guangdong", "x", "--province", "44"], "a plugin named 'guangdong' is already loaded"),
        (["--family", "bank", "alipay_two", "x"], None),
        (["--family", "province", "gd2", "x"], "Missing option '--province'"),
        (["--family", "province", "gd2", "x", "--province", "99"], "not a GB/T 2260 province code"),
        (["--family", "printer", "text", "x"], "already loaded"),
        (["--family", "printer", "a_very_long_printer_format_name", "x"], "at most 24 characters"),
    ],
)
def test_bad_names_exit_2_and_write_nothing(shebao: ShebaoCli, tmp_path: Path, args: list[str], message: str | None) -> None:
    target = tmp_path / "x"
    result = shebao("plugin", "new", *[str(target) if a == "x" else a for a in args])
    if message is None:
        assert result.exit_code == 0, result.stderr
        return
    assert result.exit_code == 2, result
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not target.exists()


def test_an_existing_non_empty_directory_is_refused(shebao: ShebaoCli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = ShebaoCli(shebao.db_path, create=False)("plugin", "new", "--family", "printer", "odt", str(tmp_path))
    assert result.exit_code == 2
    assert "already exists and is not an empty directory" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


@pytest.fixture
def plugin_venv(tmp_path: Path) -> Path:
    """A throwaway virtual environment that sees this one's packages (kernel, CLI, bundled
    plugins, pip, hatchling, pytest) through a .pth file, so installing into it needs no index."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], capture_output=True, text=True, check=True
    ).stdout.strip()
    parent = sysconfig.get_path("purelib")
    Path(site, "shebao_parent.pth").write_text(f"import site; site.addsitedir({parent!r})\n", encoding="utf-8")
    return python


@pytest.mark.slow
def test_generated_plugins_install_with_pip_load_and_pass_their_own_tests(
    shebao: ShebaoCli, tmp_path: Path, plugin_venv: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SHEBAO_LOAD_PLUGINS"} | {"SHEBAO_DB": str(tmp_path / "x.db")}

    def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([plugin_venv, *args], env=env, cwd=cwd, capture_output=True, text=True)

    names = {family: f"acme_{family}" for family in FAMILIES}
    for family, name in names.items():
        generate(shebao, family, name, tmp_path / name)
    # a real (non-editable) install: hatchling builds the wheel from the generated pyproject
    installed = run(
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        *[tmp_path / n for n in names.values()],
    )
    assert installed.returncode == 0, installed.stderr

    listed = json.loads(run("-m", "shebao_cli", "plugins", "--json").stdout)
    distributions = {p["name"]: p["distribution"] for p in listed["plugins"]}
    for name in names.values():
        assert distributions[name] == f"shebao-{name.replace('_', '-')}"
    assert "acme-bank" in {c["code"] for c in listed["channels"]}
    assert "acme-printer" in {f["name"] for f in listed["formats"]}

    checked = run("-m", "shebao_cli", "plugin", "check", *names.values())
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for name in names.values():
        tested = run("-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=tmp_path / name)
        assert tested.returncode == 0, tested.stdout + tested.stderr
        assert " passed" in tested.stdout
