"""Newscoder: code news articles, merge coders' work, compute agreement."""

__version__ = "0.1.0"
