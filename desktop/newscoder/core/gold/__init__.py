"""The gold layer: adjudicated segments kept apart from the coders' own (issue 17).

* :mod:`.units` — units of adjudication from the agreement core's overlap match;
* :mod:`.decide` — decisions as named, invertible edits (one per key press);
* :mod:`.auto` — ``gold auto`` and ``gold status``;
* :mod:`.against` — each coder's agreement with gold;
* :mod:`.merge` — merging another project's gold layer.

The SQL lives in :mod:`newscoder.core.gold_store`.
"""
