"""The one runner: read, skip what is stored, process (in-process, a process pool or Dask), write, report.

The CLI's `extract` and the explorer's add page are thin layers over `run_inputs` and `run_articles`.
"""

from dragoman.runner.core import Backend, Outcome, ResultStore, Summary, run_articles, run_inputs
from dragoman.runner.local import InlineBackend, PoolBackend

__all__ = [
    "Backend",
    "InlineBackend",
    "Outcome",
    "PoolBackend",
    "ResultStore",
    "Summary",
    "make_backend",
    "run_articles",
    "run_inputs",
]


def make_backend(config: object, dask: str | None = None) -> Backend:
    """Dask when an address (or `local:N`) is given, a process pool when `config.n_process` > 1, else in-process."""
    from dragoman.config import Config

    assert isinstance(config, Config)
    if dask:
        from dragoman.runner.dask_backend import DaskBackend

        return DaskBackend(config, dask)
    if config.n_process > 1:
        return PoolBackend(config, config.n_process)
    return InlineBackend(config)
