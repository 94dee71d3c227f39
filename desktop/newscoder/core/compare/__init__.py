"""Compare the outlets: pure functions over plain records (no Qt).

``load_input`` reads a project through the named queries of ``core/compare_queries.py``;
every view (``matrix``, ``presence``, ``quotes``, ``cooccurrence``, ``reliability``) is a
function of that input; ``report`` assembles them and ``render`` writes table, CSV, JSON
or a self-contained HTML file. Views that need structured coding (estimates, sources,
timeline; issue 15) are one more view function registered in ``report.VIEWS``.
"""
