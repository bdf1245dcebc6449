"""The command line of DESIGN.md section 4: ``python main.py SUB-COMMAND`` (``motcua``).

One module per group of commands, each with a ``register(sub, common)`` that adds its
sub-parsers; ``COMMANDS`` below is the one list of them. Nothing registers itself at
import and nothing here changes after import, so ``main()`` builds a fresh parser on every
call and may run any number of times in one process.

Errors go to stderr, Vietnamese first then English, with a non-zero exit status."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from typing import Any

from app.cli import (
    admin,
    agencies,
    demo,
    dossiers,
    files,
    index766,
    interagency,
    payments,
    people,
    ratings,
    reports,
    results,
    signing,
    supplements,
    sync,
)
from app.cli.common import EXIT_BUG, EXIT_USER, jsonable
from app.domain.errors import DeskError

__all__ = ("COMMANDS", "EXIT_BUG", "EXIT_USER", "build_parser", "jsonable", "main")

log = logging.getLogger("motcua")

#: Adds sub-commands: takes the sub-parsers object and the parent parser of the common
#: options (--data-dir, --json, --user).
Registrar = Callable[[Any, argparse.ArgumentParser], None]

#: Every command group, in the order ``motcua --help`` lists the commands.
COMMANDS: tuple[Registrar, ...] = (
    demo.register,  # demo
    dossiers.register,  # intake, list, show, advance, void, print, book, deadline
    reports.register,  # report
    admin.register_migrate,  # migrate
    sync.register,  # enroll, sync, sync-problems, numbering
    admin.register,  # backup, restore, check, erase-applicant
    people.register,  # user, audit, handover, volunteer, calendar, catalog
    files.register,  # attach, scan, push-files, files
    results.register,  # result, handover-result
    signing.register,  # verify, sign, certify
    supplements.register,  # supplement
    payments.register,  # pay, receipts, void-receipt
    ratings.register,  # ratings, rating-handled
    index766.register,  # index
    interagency.register,  # route, incoming, take, send-back
    agencies.register,  # agencies
    # A new group: a module app/cli/<what it does>.py with register(sub, common), added here.
)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", help="thư mục dữ liệu (mặc định: MOTCUA_HOME hoặc thư mục người dùng)"
    )
    common.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    common.add_argument(
        "--user",
        metavar="NAME",
        help="làm việc với tư cách người dùng này (mật khẩu: biến môi trường "
        "MOTCUA_PASSWORD, hoặc nhập khi được hỏi)",
    )
    parser = argparse.ArgumentParser(prog="motcua", description="MotCua Desk")
    sub = parser.add_subparsers(dest="command")
    for register in COMMANDS:
        register(sub, common)
    return parser


def _not_utf8(argv: list[str]) -> str | None:
    """The option whose value was not UTF-8 on the command line (Python hands such bytes
    over as lone surrogates), or None when every argument is text."""
    for i, arg in enumerate(argv):
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in arg):
            if arg.startswith("--"):
                return arg.split("=", 1)[0]
            if i > 0 and argv[i - 1].startswith("--"):
                return argv[i - 1]
            return f"argument {i + 1}"
    return None


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    raw = sys.argv[1:] if argv is None else argv
    bad = _not_utf8(raw)
    if bad is not None:
        print(DeskError("text.not_utf8", field=bad, field_en=bad).both(), file=sys.stderr)
        return EXIT_USER
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USER
    try:
        return int(args.func(args))
    except DeskError as err:
        print(err.both(), file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        return 130
    except Exception:
        log.exception("unexpected error (a bug; please report it with this text)")
        print(
            "Lỗi không mong đợi của chương trình; chi tiết ở trên.\n(Unexpected program error; "
            "details above.)",
            file=sys.stderr,
        )
        return EXIT_BUG
