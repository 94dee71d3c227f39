"""Exchange formats: coder copies, merge, CSV, REFI-QDA codebook and project files."""
