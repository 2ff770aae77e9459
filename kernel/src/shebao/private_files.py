"""Files that hold insured persons' data are their owner's alone: folders 0700, files 0600."""

import os
from pathlib import Path


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and every missing parent 0700 (``mkdir(parents=True)`` would give the
    parents the default mode); existing folders are left as they are."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for level in reversed(missing):
        level.mkdir(mode=0o700)
        os.chmod(level, 0o700)  # whatever the umask


def create_private_file(path: Path) -> None:
    """Create an empty file 0600, refusing one that exists (``FileExistsError``)."""
    make_private_folder(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
