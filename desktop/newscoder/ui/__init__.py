"""The PySide6 user interface: thin views over core queries and edits."""
