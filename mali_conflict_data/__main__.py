"""Run the command line: ``python -m mali_conflict_data``."""

from mali_conflict_data.cli import main

raise SystemExit(main())
