"""A real server on a real socket, and Debian's headless Chromium driven through Selenium,
for the tests that use the pages as a person does. No browser is downloaded: the system's
``chromium`` and ``chromedriver`` are used; without them the tests skip, except under CI."""

import datetime as dt
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def browser_missing() -> str | None:
    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists():
        return None
    return "needs Debian's chromium and chromium-driver (.ci/run installs them)"


class LiveServer:
    """uvicorn in a thread on a socket that is already listening before the thread starts, so
    the first request waits in the socket's backlog instead of racing the start-up."""

    def __init__(self, db_path: Path, today: dt.date) -> None:
        import uvicorn

        from shebao_cli.serve.app import create_app

        # IPPROTO_TCP named: asyncio turns Nagle's algorithm off only for sockets that say they are TCP,
        # and with it on every answer waits some 40 ms for the client's delayed ACK
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        config = uvicorn.Config(create_app(db_path, today), log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.socket.close()


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[object]:
    missing = browser_missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage",
                     "--window-size=412,915", "--lang=zh-CN"):  # fmt: skip
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.downloads = downloads  # type: ignore[attr-defined]
    try:
        yield driver
    finally:
        driver.quit()
