"""``python -m optimizers``: see :mod:`optimizers.cli`."""

from optimizers.cli import main

raise SystemExit(main())
