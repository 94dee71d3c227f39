"""The project file's schema: its version and the constants that describe it.

The schema version lives in ``PRAGMA user_version``. The migrations that build and
upgrade a file (``MIGRATIONS[i]`` takes it from version ``i`` to ``i + 1``) and the code
that runs them, backup first, are in :mod:`newscoder.core.migrations`.
"""

from __future__ import annotations

#: ``PRAGMA application_id`` of every Newscoder file: ASCII "NSCD".
APPLICATION_ID = 0x4E534344

#: The full-text index of the articles' text: FTS5 with the documents table as external content, in
#: the shape of sqlite-utils' ``enable_fts`` (``documents_fts``), so its helpers (``detect_fts``,
#: ``rebuild_fts``, ``search``) see it. Letters and digits make tokens; a combining mark continues
#: one and is dropped (diacritics fold). No triggers keep it current: project connections run with
#: ``trusted_schema = OFF``, under which no trigger may write a virtual table. The store's writers
#: index what they add (``Project.index_documents``), and a search also reads any article the
#: index does not hold yet (``corpus.unindexed``), so a search is never missing an article.
FTS_TABLE = "documents_fts"
FTS_TOKENIZE = "unicode61 remove_diacritics 2"


SOURCE_KINDS = ("person", "government body", "military", "intelligence service", "media outlet",
                "anonymous official", "other")


#: The schema version this build writes: ``len(migrations.MIGRATIONS)`` (checked when
#: :mod:`newscoder.core.migrations` is imported). A new migration adds one here.
SCHEMA_VERSION = 7

TABLES = ("project", "documents", "codes", "coders", "segments", "document_status", "variables",
          "gold_segments", "sources", "suggestion_rejections", "segment_provenance")
