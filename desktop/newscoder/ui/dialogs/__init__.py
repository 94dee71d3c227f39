"""Dialogs of the coding window: import, codebook, code browser, properties, agreement."""
