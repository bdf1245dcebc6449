"""MotCua Desk: no arguments opens the desktop app; a sub-command runs the CLI."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("--data-dir", "--lang", "--demo"):
        from ui.app import run_app

        return run_app(args)
    if args[0] in ("hub", "hub-admin"):
        from hub.cli import main as hub_main

        return hub_main(args)
    from app.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
