"""``python -m app.cli SUB-COMMAND``, as the module app/cli.py could be run before."""

from app.cli import main

raise SystemExit(main())
