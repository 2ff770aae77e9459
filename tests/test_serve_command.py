"""``shebao serve`` as an operator starts it: a real process with two workers, answering
/healthz and the API with tokens made by ``shebao token create``; stopped by the test."""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
from helpers import ShebaoCli
from serve_world import LI_NA, build_people


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_ready(server: subprocess.Popen[bytes], workers: int) -> None:
    """Read the server's stderr until every worker has said it serves."""
    assert server.stderr is not None
    said: list[str] = []
    while sum(line.count("ready") for line in said) < workers:  # two workers' lines may run together
        line = server.stderr.readline().decode()
        if not line:
            raise AssertionError(f"shebao serve exited: {''.join(said)}")
        said.append(line)


def test_shebao_serve_answers_with_two_workers(shebao: ShebaoCli, db_path: Path) -> None:
    build_people(shebao)
    secret = shebao.ok("token", "create", "--role", "counter", "--label", "王芳").strip().rsplit(" ", 1)[-1]
    port = free_port()
    shebao_bin = str(Path(sys.executable).with_name("shebao"))
    env = {**os.environ, "SHEBAO_DB": str(db_path)}
    server = subprocess.Popen(
        [shebao_bin, "--today", "2026-05-20", "serve", "--port", str(port), "--workers", "2"],
        env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_ready(server, 2)
        health = httpx.get(f"http://127.0.0.1:{port}/healthz")
        assert health.json() == {"status": "ok"}
        person = httpx.get(f"http://127.0.0.1:{port}/api/v1/persons/{LI_NA}", headers={"Authorization": f"Bearer {secret}"})
        assert person.status_code == 200 and person.json()["name"] == "李娜"
        assert httpx.get(f"http://127.0.0.1:{port}/openapi.json").json()["info"]["title"] == "shebao"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
