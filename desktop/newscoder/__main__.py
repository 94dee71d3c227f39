from newscoder.cli import main

raise SystemExit(main())
