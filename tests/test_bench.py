"""The benchmark as a smoke test at a small size: it runs, prints its figures as one JSON line,
and the same bills give the same results with one or two workers and in batch or live mode.
No figure is checked against a target here: targets live in the benchmark."""

import json
from decimal import Decimal
from pathlib import Path

from helpers import ShebaoCli

from shebao.plugins import plugin_manager
from shebao_cli.bench.world import CATALOGUE_PLUGIN

KEYS = {
    "batch_bills_per_s",
    "batch_2_workers_bills_per_s",
    "live_bills_per_s",
    "floor_bills_per_s",
    "ratio_to_floor",
    "peak_memory_mb",
    "seconds_per_1000",
    "person_query_ms",
    "person_query_with_lines_ms",
    "start_up",
    "results_match",
    "targets_met",
    "machine",
}


def test_bench_settle_prints_one_json_line_and_modes_agree(shebao: ShebaoCli, tmp_path: Path) -> None:
    out = shebao.ok(
        "bench", "settle", "--bills", "200", "--lines", "8", "--workers", "2",
        "--persons", "40", "--live", "200", "--dir", str(tmp_path),
    )  # fmt: skip
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert set(figures) >= KEYS
    assert figures["results_match"] is True
    (run,) = figures["runs"]
    assert run["workers_match"] is True and run["live_matches_batch"] is True
    assert set(figures["seconds_per_1000"]) == {"200"}
    assert {"shebao_version_ms", "shebao_person_list_ms", "version_ratio", "person_list_ratio"} <= set(figures["start_up"])
    assert plugin_manager().get_plugin(CATALOGUE_PLUGIN) is None  # the benchmark's catalogue does not leak


def test_settled_bills_are_real_settlements_shebao_can_show(shebao: ShebaoCli, tmp_path: Path) -> None:
    shebao.ok("bench", "settle", "--bills", "50", "--persons", "20", "--live", "10", "--dir", str(tmp_path))
    show = ShebaoCli(tmp_path / "batch-1.db")
    data = json.loads(show.ok("settlement", "show", "1", "--json"))
    parts = [Decimal(data[name]) for name in ("fully_self_paid", "over_limit", "first_self_paid", "in_scope")]
    assert len(data["lines"]) == 8
    assert Decimal(data["total"]) == sum(parts) > 0
    assert Decimal(data["total"]) == Decimal(data["fund_total"]) + Decimal(data["account"]) + Decimal(data["cash"])
