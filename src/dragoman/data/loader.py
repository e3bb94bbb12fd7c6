"""YAML loading for data files: like yaml.safe_load, but `on`, `off`, `yes` and `no` stay words.

Lexicons list prepositions and particles ("call on", "call off"), which YAML 1.1 would read as booleans.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when present: ~10x faster


class DataLoader(_BASE):  # type: ignore[misc, valid-type]
    """A safe loader whose only booleans are true and false."""


DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
DataLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=DataLoader)
