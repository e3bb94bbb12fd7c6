"""The one errors module: every exception dragoman raises on purpose lives here.

Each error carries a short code (``[E101]``) a user can search for, and names the
file, line or field at fault where there is one.
"""

from __future__ import annotations

from typing import Any


class DragomanError(Exception):
    """Base class of all dragoman errors.

    Errors cross process boundaries (the process pool, Dask workers), so each one pickles and
    unpickles equal: same class, code, message and fields, whatever its `__init__` takes.
    """

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore_error, (type(self), self.args, self.__dict__))


class ConfigError(DragomanError):
    """The configuration is invalid."""

    code = "E001"


class ModelNotFoundError(DragomanError):
    """The spaCy pipeline is not installed."""

    code = "E002"


class DataFileError(DragomanError):
    """A bundled or user-supplied data file (ontology, lexicon, actors) is invalid."""

    code = "E003"

    def __init__(self, path: object, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)


class InputError(DragomanError):
    """An input record cannot be read; names the file and line."""

    code = "E101"

    def __init__(self, origin: str, message: str) -> None:
        super().__init__(f"{origin}: {message}")
        self.origin = origin


class DuplicateArticleError(InputError):
    """Two input records share an article id: the second is not read, and both places are named."""

    code = "E103"

    def __init__(self, origin: str, article_id: str, first: str) -> None:
        message = f"duplicate article id {article_id!r}: already read from {first}; this one is skipped"
        super().__init__(origin, f"{message} (give each article its own id)")
        self.article_id = article_id
        self.first = first


class InputNotFoundError(DragomanError):
    """An input path does not exist."""

    code = "E102"


class ProcessingError(DragomanError):
    """One article failed inside the pipeline; the batch goes on."""

    code = "E201"


class ArticleTooLargeError(ProcessingError):
    """An article is above a configured size limit (characters, or the longest run without whitespace)."""

    code = "E202"


class StoreError(DragomanError):
    """The store cannot be opened, migrated or written."""

    code = "E301"


class SearchError(DragomanError):
    """A search query is too long, has too many words, or ran past its time limit (a client error: 400)."""

    code = "E302"


class OutputError(DragomanError):
    """An output destination or format is invalid."""

    code = "E401"


def _restore_error(cls: type[DragomanError], args: tuple[Any, ...], state: dict[str, Any]) -> DragomanError:
    """Rebuild a pickled error without calling its `__init__` again (which would add the code twice)."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error
