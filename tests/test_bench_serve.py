"""``shebao bench serve`` as a smoke test: a few bills through the real server with one and with
several clients, every bill settled once, one client's figures the live run's to the fen."""

import json
from pathlib import Path

from helpers import ShebaoCli

from shebao.plugins import plugin_manager
from shebao_cli.bench.world import CATALOGUE_PLUGIN


def test_bench_serve_prints_one_json_line_and_settles_every_bill_once(shebao: ShebaoCli, tmp_path: Path) -> None:
    out = shebao.ok(
        "bench", "serve", "--bills", "60", "--persons", "20", "--clients", "1", "--clients", "4", "--dir", str(tmp_path)
    )
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert set(figures["serve"]) == {"1", "4"}
    for run in figures["serve"].values():
        assert run["bills_per_s"] > 0 and 0 < run["p50_ms"] <= run["p99_ms"]
        assert run["same_bills_and_totals"] is True
        # the live figure measured again beside each served run, and the ratio taken to it
        assert run["live_bills_per_s"] > 0
        assert abs(run["ratio_to_live"] - run["bills_per_s"] / run["live_bills_per_s"]) < 0.02
        assert run["live_cpu_ms_per_bill"] > 0
        if "server_cpu_ms_per_bill" in run:  # where /proc tells a process's CPU time
            assert run["cpu_ratio_to_live"] > 0
    assert len(figures["load_average"]["start"]) == len(figures["load_average"]["end"]) == 3
    assert figures["serve"]["1"]["matches_live"] is True and figures["results_match"] is True
    assert set(figures["targets_met"]) == {"ratio_to_live_at_4", "p99_ms_at_4"}
    assert plugin_manager().get_plugin(CATALOGUE_PLUGIN) is None
