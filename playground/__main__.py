"""``python -m playground``: see :mod:`playground.cli`."""

from playground.cli import main

raise SystemExit(main())
