"""Helpers for the attribute tests: code the sample articles' estimates with hedge, counted and source."""

from __future__ import annotations

from newscoder.core import attributes as attrs
from newscoder.core import edits
from newscoder.core import sources as src
from newscoder.core.session import CodingSession
from newscoder.core.store import Project

#: (article title start, words the coder selects, counted, source name)
CODED = [
    ("Approximately 8,000", "8,000 North Korean troops are stationed", "troops deployed to Kursk", "Antony Blinken"),
    ("Approximately 8,000", "10,000 North Korean soldiers", "troops in Russia", "South Korean intelligence"),
    ("Approximately 8,000", "11,000", "troops in Russia", "South Korean intelligence"),
    ("Approximately 8,000", "12,000", "troops in Russia", "Ukrainian sources"),
    ("Up to 8,000", "8,000 North Korean troops have", "troops deployed to Kursk", "Antony Blinken"),
    ("Up to 8,000", "8,000 of the", "troops deployed to Kursk", "Antony Blinken"),
    ("8,000 of the troops", "8,000 North Korean soldiers were", "troops deployed to Kursk", "Antony Blinken"),
    ("8,000 of the troops", "10,000 troops", "troops in Russia", "Pentagon"),
    ("US officials confirm", "3,000 soldiers", "troops in Russia", "Pentagon"),
    ("US officials confirm", "1,500 special forces personnel", "troops in Russia", "South Korean intelligence"),
    ("Most North Korean", "10,000 North Korean soldiers in total", "troops in Russia", "Antony Blinken"),
    ("Most North Korean", "8,000 of those", "troops deployed to Kursk", "Antony Blinken"),
]
SOURCES = {
    "Antony Blinken": ("person", "United States"),
    "Pentagon": ("military", "United States"),
    "South Korean intelligence": ("intelligence service", "South Korea"),
    "Ukrainian sources": ("anonymous official", "Ukraine"),
}


def code_sample_estimates(project: Project, coder: str = "Ana") -> list[str]:
    """Code the table above in a project holding the five sample articles; the new segment ids."""
    for name, (kind, aff) in SOURCES.items():
        if src.source_by_name(project, name) is None:
            edits.apply(project, src.add_source(project, name, kind, aff))
    session = CodingSession(project, coder)
    estimate = project.code_by_name("estimate")
    assert estimate is not None
    docs = {d.title: d.id for d in project.documents()}
    ids = []
    for title_start, words, counted, source in CODED:
        (doc,) = [d for t, d in docs.items() if t.startswith(title_start)]
        session.open(doc)
        start = session.text.index(words)
        changes = session.apply(session.code_span(estimate.id, start, start + len(words)))
        (seg_id,) = changes.added_segments
        seg = project.segment(seg_id)
        assert seg is not None
        values = attrs.parse_values(seg.attributes)
        found = src.source_by_name(project, source)
        assert found is not None
        values.update(counted=counted, source=found.id)
        session.apply(session.set_attributes(seg_id, values))
        ids.append(seg_id)
    return ids
