"""Small file helpers every stage shares: a file's stamp, and writing a whole file or nothing."""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

Stamp = tuple[int, int]  # (modification time in ns, size): a file unchanged since keeps it


def stamp(path: Path) -> Stamp:
    """What caches compare to know a file is unchanged; OSError when it cannot be read."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def write_atomically(target: Path, data: bytes | str) -> None:
    """The whole file or nothing: written under a temporary name beside `target` (`.NAME.…tmp`),
    then renamed over it, so no reader ever sees it half written. The usual mode (umask)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                         dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@cache
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
