"""What every command module of the CLI shares: the counter's context as ``--user``, the
password prompt, and the two ways of printing a result (text, or ``--json``)."""

from __future__ import annotations

import argparse
import dataclasses
import json
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.dossier import VN_TZ, DossierRow, clock_text
from app.domain.errors import DeskError

if TYPE_CHECKING:
    from app.services.context import DeskContext

EXIT_USER = 2
EXIT_BUG = 70


def jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(VN_TZ).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


def vn(moment: datetime | None) -> str:
    """A moment as the counter reads it: ``14:05 15/07/2025`` in Vietnam's time, or ``—``."""
    return clock_text(moment, "—")


def emit(args: argparse.Namespace, obj: Any, text: str) -> None:
    if args.json:
        print(json.dumps(jsonable(obj), ensure_ascii=False, indent=None))
    else:
        print(text)


def ask_password(username: str) -> str:
    """The password of ``--user``: from MOTCUA_PASSWORD, else asked on the terminal."""
    import getpass
    import os

    value = os.environ.get("MOTCUA_PASSWORD")
    if value is not None:
        return value
    try:
        return getpass.getpass(f"Mật khẩu của {username} / password: ")
    except EOFError:
        raise DeskError("auth.required") from None


def desk_context(args: argparse.Namespace) -> DeskContext:
    """The counter's context, acting as ``--user`` after a log-in (the system otherwise)."""
    from app.services.context import open_desk

    ctx = open_desk(args.data_dir)
    username = getattr(args, "user", None)
    if username:
        from app.services.users import log_in

        try:
            ctx = log_in(ctx, username=username, password=ask_password(username))
        except DeskError:
            ctx.db.dispose()
            raise
    return ctx


def row_line(r: DossierRow) -> str:
    """One dossier on one line, as ``list`` and the report's overdue list print it."""
    return (
        f"{r.code}  {r.status.label_vi:<24}  {r.applicant_name:<24}  {r.id_number}  "
        f"hẹn {vn(r.appointment_at)}  {r.procedure_name[:50]}"
    )
