"""Scoring and training: code labelled sentences with the whole pipeline and compare with gold.

This package sits above the pipeline; no runtime stage imports it.
"""
