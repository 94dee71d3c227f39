"""PyInstaller's entry script: the same as the ``newscoder`` console script."""

from newscoder.cli import main

raise SystemExit(main())
