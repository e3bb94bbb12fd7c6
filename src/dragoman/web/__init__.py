"""The web explorer: a thin layer over the store's queries, with a JSON twin for every page."""
