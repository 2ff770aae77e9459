"""A throwaway PostgreSQL cluster on a local socket, for the tests, CI and trying shebao.

    python tests/pg_server.py start [DIR]   # prints the URL: postgresql://postgres@/shebao?host=DIR
    python tests/pg_server.py stop DIR

It uses Debian's ``postgresql`` binaries (``/usr/lib/postgresql/*/bin``, or ``pg_ctl`` on the
PATH). PostgreSQL refuses to run as root, so under root the cluster belongs to ``postgres``."""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DATABASE = "shebao"


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, newest version first; None when not installed."""
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]), reverse=True)
    if versions:
        return Path(versions[0]).parent
    found = shutil.which("initdb")  # Debian's PATH has wrappers only; elsewhere the real binaries
    return Path(found).parent if found else None


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def url(folder: Path, database: str = DATABASE) -> str:
    return f"postgresql://postgres@/{database}?host={folder}"


def start(folder: Path | None = None) -> Path:
    """initdb and start a cluster in ``folder`` (a new temporary one by default), trusting local
    connections on its socket only; a database ``shebao`` is created. Returns the folder."""
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    folder = Path(folder or tempfile.mkdtemp(prefix="shebao-pg-"))
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"

    def run(command: list[str]) -> None:
        subprocess.run(_as_owner(command), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)

    run([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"])
    # throwaway: no fsync; no autovacuum, so no background transaction moves a snapshot under a
    # test that compares them (data_version)
    options = f"-k {folder} -c listen_addresses='' -c fsync=off -c autovacuum=off -c max_connections=200"
    run([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"])
    run([str(bin_dir / "createdb"), "-h", str(folder), "-U", "postgres", DATABASE])
    return folder


def stop(folder: Path) -> None:
    bin_dir = binaries()
    if bin_dir is None:
        return
    subprocess.run(
        _as_owner([str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "-w", "stop"]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "start":
        print(url(start(Path(sys.argv[2]) if len(sys.argv) > 2 else None)))
    elif len(sys.argv) == 3 and sys.argv[1] == "stop":
        stop(Path(sys.argv[2]))
    else:
        sys.exit("usage: pg_server.py start [DIR] | stop DIR")
