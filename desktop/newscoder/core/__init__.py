"""The Qt-free domain of Newscoder: store, importers, edits, agreement, exchange.

Nothing in this package may import PySide6; ``tests/core/test_qt_free.py`` enforces it.
"""
