"""A compiled cache of the data files: what takes seconds to build from YAML (the knowledge base, the event
lexicon) is pickled once and loaded in a fraction of the time on later starts.

Each entry is keyed by a SHA-256 of the source files it was built from, the code that builds it, and the
Python and dragoman versions: edit a file and the next start rebuilds. The cache lives in
`$DRAGOMAN_CACHE_DIR`, else `$XDG_CACHE_HOME/dragoman`, else `~/.cache/dragoman`; never in the package
directory. `DRAGOMAN_CACHE_DIR=off` turns it off. A cache that cannot be read or written is skipped.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)
PACKAGE_DIR = Path(__file__).resolve().parents[1]


def cache_dir() -> Path | None:
    """Where compiled entries live; None when the cache is turned off."""
    chosen = os.environ.get("DRAGOMAN_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "none") else Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "dragoman"


def source_files(*roots: Path) -> list[Path]:
    """Every data and code file under the roots (files are taken as they are)."""
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found += sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml", ".csv", ".py", ".npz"))
        elif root.exists():
            found.append(root)
    return found


def code_files() -> list[Path]:
    """dragoman's own modules: a change to the code that builds an entry rebuilds it too."""
    return sorted(PACKAGE_DIR.rglob("*.py"))


def content_key(name: str, sources: Iterable[Path]) -> str:
    from dragoman import __version__

    digest = hashlib.sha256(f"{name}\n{__version__}\n{sys.version}\n".encode())
    for path in sources:
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def compiled(name: str, sources: Iterable[Path], build: Callable[[], T]) -> T:
    """`build()`, or its pickled result from an earlier start with the same sources."""
    directory = cache_dir()
    if directory is None:
        return build()
    entry = directory / f"{name}-{content_key(name, sources)}.pickle"
    try:
        with entry.open("rb") as stream:
            return pickle.load(stream)  # type: ignore[no-any-return]
    except FileNotFoundError:
        pass
    except Exception as exc:  # a damaged or foreign entry: rebuild it
        log.warning("compiled cache %s unreadable (%s); rebuilding", entry, exc)
    value = build()
    _store(entry, value)
    return value


def _store(entry: Path, value: object) -> None:
    """Write atomically (a temporary file, then a rename), so that parallel workers never read half an entry."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        for old in entry.parent.glob(f"{entry.name.rsplit('-', 1)[0]}-*.pickle"):
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=entry.parent, prefix=".tmp-", delete=False) as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(stream.name, entry)
    except OSError as exc:
        log.info("compiled cache not written to %s: %s", entry.parent, exc)
