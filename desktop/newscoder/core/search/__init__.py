"""Corpus search, autocode and dictionaries (issue 14): the query language, the engine, extents, filters."""
