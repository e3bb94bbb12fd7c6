"""dragoman: political event data from the news, checkable sentence by sentence."""

from dragoman.config import Config, load_config, make_config
from dragoman.pipeline import Pipeline, build_pipeline
from dragoman.records import Actor, Article, ArticleResult, Event, Mention, Quote, Ref

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
