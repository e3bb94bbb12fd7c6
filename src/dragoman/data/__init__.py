"""Bundled data files: ontologies, lexicons and the actor knowledge base."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
