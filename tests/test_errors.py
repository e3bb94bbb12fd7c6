"""Every dragoman error crosses a process boundary intact (the pool and Dask pickle them)."""

from __future__ import annotations

import inspect
import pickle

import pytest

from dragoman import errors
from dragoman.errors import DragomanError

CLASSES = [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, DragomanError)]


def make(cls: type[DragomanError]) -> DragomanError:
    names = [p for p in inspect.signature(cls.__init__).parameters if p != "self"]
    values = {"path": "data/kb.yaml", "origin": "in.jsonl:3", "message": "something is wrong"}
    return cls(*[values.get(n, f"<{n}>") for n in names])


def test_there_are_error_classes() -> None:
    assert len(CLASSES) >= 9 and DragomanError in CLASSES


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_error_round_trips_through_pickle(cls: type[DragomanError]) -> None:
    error = make(cls)
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is cls
    assert str(back) == str(error) and str(back).count(f"[{cls.code}]") == 1
    assert back.args == error.args and back.code == error.code
    assert vars(back) == vars(error) and back.message == error.message
