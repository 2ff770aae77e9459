"""A plugin installed beside shebao does not reach the test suite: the suite pins the bundled
plugins (``conftest.pinned_plugins``), so a province's or a bank's own plugin in the same
environment changes no result."""

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import bundled_plugin_names

from shebao.plugins import plugin_manager

ROGUE_MODULE = """
from shebao import hookimpl
from shebao.model.payment import ChannelKind, PaymentChannel


@hookimpl
def shebao_payment_channels():
    return [PaymentChannel("rogue-pay", "Rogue Pay", ChannelKind.ONLINE)]
"""


def install_beside(site: Path) -> None:
    """A third-party plugin distribution, as pip would leave it in site-packages."""
    site.mkdir()
    (site / "acme_rogue.py").write_text(ROGUE_MODULE, encoding="utf-8")
    info = site / "acme_rogue-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-rogue\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[shebao]\nrogue = acme_rogue\n", encoding="utf-8")


def listed(site: Path, env: dict[str, str]) -> dict[str, set[str]]:
    result = subprocess.run(
        [sys.executable, "-m", "shebao_cli", "plugins", "--json"],
        env=env | {"PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
    )
    document = json.loads(result.stdout)
    return {"plugins": {p["name"] for p in document["plugins"]}, "channels": {c["code"] for c in document["channels"]}}


def test_the_suite_sees_the_bundled_plugins_only(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install_beside(site)
    unpinned = listed(site, {k: v for k, v in os.environ.items() if k != "SHEBAO_LOAD_PLUGINS"})
    assert "rogue" in unpinned["plugins"] and "rogue-pay" in unpinned["channels"]  # it is installed and would load
    pinned = listed(site, dict(os.environ))
    assert pinned["plugins"] == set(bundled_plugin_names())
    assert "rogue-pay" not in pinned["channels"]


def test_a_plugin_a_test_registers_is_gone_for_the_next_test() -> None:
    plugin_manager().register(sys.modules[__name__], name="left-behind")


def test_the_next_test_starts_with_the_bundled_plugins() -> None:
    names = {name for name, _ in plugin_manager().list_name_plugin()}
    assert names == set(bundled_plugin_names())
