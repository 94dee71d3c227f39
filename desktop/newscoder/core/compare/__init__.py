"""Compare the outlets: pure functions over plain records (no Qt).

``load_input`` reads a project through the named queries of ``core/compare_queries.py``
(``structured`` adds the attribute values: sources and the estimate ledger); every view
(``matrix``, ``estimates``, ``cited``, ``presence``, ``quotes``, the timeline in ``estimates``,
``cooccurrence``, ``reliability``) is a function of that input; ``report`` assembles them
(one entry per view in ``report.VIEWS``) and ``render`` writes table, CSV, JSON or a
self-contained HTML file.
"""
