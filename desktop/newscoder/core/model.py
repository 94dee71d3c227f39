"""Old name of :mod:`newscoder.core.records` (kept so code written against it still imports)."""

from newscoder.core.records import Code, Coder, Document, DocumentInfo, Segment, Status

__all__ = ["Code", "Coder", "Document", "DocumentInfo", "Segment", "Status"]
