"""When a content file last changed: its last commit when the repository is a git checkout and
the file is committed and unmodified, otherwise its modification time. Always UTC."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

GIT_TIMEOUT = 10  # seconds; a stuck git must not hang an export


def last_change(root: Path, relative: str) -> datetime:
    committed = _commit_time(root, relative)
    if committed is not None:
        return committed
    return datetime.fromtimestamp((root / relative).stat().st_mtime, UTC).replace(microsecond=0)


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the second: 2027-01-12T13:00:00Z."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _commit_time(root: Path, relative: str) -> datetime | None:
    """Commit time of the file's last commit, or None (no git, not a checkout, not committed,
    or changed since)."""
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", relative)
    if status is None or status.strip():
        return None  # not a checkout, or modified, staged or untracked
    stamp = _git(root, "log", "-1", "--format=%ct", "--", relative)
    if not stamp or not stamp.strip().isdigit():
        return None  # never committed (e.g. ignored)
    return datetime.fromtimestamp(int(stamp.strip()), UTC)


def _git(root: Path, *args: str) -> str | None:
    # GIT_OPTIONAL_LOCKS=0: `status` must not take the index lock someone else may be using.
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              env=env, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
