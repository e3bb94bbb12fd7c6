"""Text as read, made safe to process and to write: invalid code points are replaced one for one
(so every character offset still points at the same place), and each replacement is reported.

- `decode` and `repair_bytes` turn bytes into text: bytes that are not UTF-8 become U+FFFD, a leading
  byte-order mark is dropped, and a warning says how many bytes were replaced and where the first one was.
- `clean` replaces lone surrogates (U+D800-U+DFFF, e.g. a JSON "\\ud800") and NUL characters with
  U+FFFD; text that holds either cannot be encoded as UTF-8, hashed or stored.
- `xml_safe`, `one_line` and `spreadsheet_safe` are for writers whose format forbids or misreads some
  characters (XML 1.0, tab-separated GDELT rows, CSV opened in a spreadsheet).
"""

from __future__ import annotations

import math
import re
from typing import Any

REPLACEMENT = "\ufffd"
BOM = "\ufeff"
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_INVALID = re.compile("[\x00\ud800-\udfff]")
# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_BREAKING = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def decode(data: bytes) -> str:
    """UTF-8 bytes as text, a leading BOM dropped. Each byte that is not UTF-8 becomes one lone surrogate
    (U+DC80-U+DCFF, Python's "surrogateescape"), for `repair_bytes` to replace and report where it lands."""
    text = data.decode("utf-8", errors="surrogateescape")
    return text[1:] if text.startswith(BOM) else text


def repair_bytes(text: str, where: str) -> tuple[str, list[str]]:
    """Bytes that were not UTF-8 (escaped by `decode`) replaced with U+FFFD, with a warning naming `where`
    ("field 'text'", "the line")."""
    found = [m.start() for m in _ESCAPED_BYTE.finditer(text)]
    if not found:
        return text, []
    return _ESCAPED_BYTE.sub(REPLACEMENT, text), [
        f"{where}: {len(found)} byte(s) that are not UTF-8 replaced with U+FFFD (first at character {found[0]})"
    ]


def clean(text: str, field: str = "text") -> tuple[str, list[str]]:
    """`text` with lone surrogates and NUL characters replaced by U+FFFD, and a warning naming the field."""
    found = [m.start() for m in _INVALID.finditer(text)]
    if not found:
        return text, []
    kinds = sorted({"NUL" if text[i] == "\x00" else "lone surrogate" for i in found})
    cleaned = _INVALID.sub(REPLACEMENT, text)
    return cleaned, [
        f"field '{field}': {len(found)} invalid character(s) ({', '.join(kinds)}) replaced with U+FFFD (first at {found[0]})"
    ]


def clean_value(value: Any, field: str) -> tuple[Any, list[str]]:
    """`clean` applied to every string inside a JSON-like value (dict keys included); NaN and infinite
    numbers, which JSON cannot hold, become None."""
    if isinstance(value, str):
        return clean(value, field)
    if isinstance(value, float) and not math.isfinite(value):
        name = "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
        return None, [f"field '{field}': {name} is not valid JSON: kept as null"]
    warnings: list[str] = []
    if isinstance(value, dict):
        out: dict[Any, Any] = {}
        for key, inner in value.items():
            new_key, key_warnings = clean(key, f"{field}.{key!r}") if isinstance(key, str) else (key, [])
            out[new_key], inner_warnings = clean_value(inner, f"{field}.{new_key}")
            warnings += key_warnings + inner_warnings
        return out, warnings
    if isinstance(value, list):
        items = []
        for number, inner in enumerate(value):
            item, inner_warnings = clean_value(inner, f"{field}[{number}]")
            items.append(item)
            warnings += inner_warnings
        return items, warnings
    return value, []


def xml_safe(text: str) -> str:
    """Characters XML 1.0 forbids (control characters, lone surrogates) become spaces."""
    return _NOT_XML.sub(" ", text)


def one_line(text: str) -> str:
    """Tabs, line breaks and other control characters become spaces: one field, on one line."""
    return _LINE_BREAKING.sub(" ", text)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage
    return) gets a leading apostrophe, which spreadsheets show as text (OWASP's advice on CSV injection).
    Numbers and other values are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
