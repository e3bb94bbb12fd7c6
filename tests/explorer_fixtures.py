"""A store filled from the seed article and a few more, for the explorer and export tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import SEED
from dragoman import Article
from dragoman.pipeline import Pipeline
from dragoman.store import open_store

MORE = [
    Article(
        id="cairo-talks",
        date=date(2021, 5, 20),
        title="Egypt hosts Hamas delegation",
        text="Egyptian intelligence officials met a Hamas delegation in Cairo on Wednesday. "
        "Israeli jets carried out airstrikes on Gaza overnight, the Palestinian health ministry said.",
    ),
    Article(
        id="ankara-moscow",
        date=date(2020, 3, 8),
        title="Erdogan and Putin speak",
        text="Turkish President Recep Tayyip Erdogan telephoned Russian President Vladimir Putin on Friday. "
        "Russia later criticised Turkey over its offensive in Idlib.",
    ),
    Article(
        id="escaped",
        date=date(2021, 5, 18),
        title="<script>alert('x')</script> A headline",
        text="Jordan condemned the raid. <script>alert('x')</script> The statement said <b>nothing</b> more.",
    ),
]


def build_store(pipeline: Pipeline, url: str | Path) -> str | Path:
    """Fill a new store (a SQLite path or a PostgreSQL URL) with the seed article and MORE."""
    store = open_store(url)
    seed = Article(
        id="seed", text=SEED.read_text(encoding="utf-8"), date=date(2021, 5, 17), title="Diplomatic contacts over Gaza"
    )
    for result in pipeline.pipe([seed, *MORE]):
        store.save(result)
    store.close()
    return url
