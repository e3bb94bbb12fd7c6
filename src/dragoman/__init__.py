"""dragoman: political event data from the news, checkable sentence by sentence."""

from typing import TYPE_CHECKING, Any

from dragoman.config import Config, load_config, make_config
from dragoman.records import Actor, Article, ArticleResult, Event, Mention, Quote, Ref

if TYPE_CHECKING:
    from dragoman.pipeline import Pipeline, build_pipeline


def __getattr__(name: str) -> Any:
    """`Pipeline` and `build_pipeline` load spaCy: imported on first use, so that commands which need no
    parse (`dragoman actors lookup` of a known name, `actors list`) start fast."""
    if name in ("Pipeline", "build_pipeline"):
        from dragoman import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'dragoman' has no attribute {name!r}")


__all__ = [
    "Actor",
    "Article",
    "ArticleResult",
    "Config",
    "Event",
    "Mention",
    "Pipeline",
    "Quote",
    "Ref",
    "build_pipeline",
    "load_config",
    "make_config",
]
__version__ = "0.1.0"
