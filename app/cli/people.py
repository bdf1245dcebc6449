"""People sub-commands of the CLI: users and the audit trail, post hand-over lists,
volunteer records, calendar overrides and catalog activation.

Listed in app.cli.COMMANDS (``register(sub, common)``). Every command acts as ``--user
NAME`` when given (password from MOTCUA_PASSWORD or asked), as the system otherwise; the
services check the role. A new password comes from MOTCUA_NEW_PASSWORD or is asked twice, never from the
command line (where other users of the machine could read it).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from app.cli.common import desk_context, emit, jsonable, vn
from app.domain.errors import DeskError
from app.domain.handover import HandoverBatch


def _new_password() -> str:
    value = os.environ.get("MOTCUA_NEW_PASSWORD")
    if value is not None:
        return value
    try:
        first = getpass.getpass("Mật khẩu mới / new password: ")
        second = getpass.getpass("Nhập lại / again: ")
    except EOFError:
        raise DeskError("auth.required") from None
    if first != second:
        raise DeskError("cli.password_mismatch")
    return first


def _current_password() -> str:
    value = os.environ.get("MOTCUA_PASSWORD")
    if value is not None:
        return value
    try:
        return getpass.getpass("Mật khẩu hiện tại / current password: ")
    except EOFError:
        raise DeskError("auth.required") from None


def _user_line(u: Any) -> str:
    state = "hoạt động" if u.active else "đã vô hiệu hóa"
    if u.locked:
        state += ", đang tạm khóa"
    return f"{u.username:<16} {u.role.label_vi:<22} {state:<26} {u.full_name}"


# --- users -----------------------------------------------------------------------------------


def cmd_user_add(args: argparse.Namespace) -> int:
    from app.domain.roles import Role
    from app.services.users import create_user

    ctx = desk_context(args)
    info = create_user(
        ctx,
        username=args.username,
        full_name=args.name,
        role=Role.parse(args.role),
        password=_new_password(),
    )
    emit(args, info, f"Đã tạo người dùng {info.username} ({info.role.label_vi}).")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from app.services.users import list_users

    users = list_users(desk_context(args))
    emit(args, users, "\n".join(_user_line(u) for u in users) or "Chưa có người dùng nào.")
    return 0


def cmd_user_active(args: argparse.Namespace) -> int:
    from app.services.users import set_user_active

    info = set_user_active(desk_context(args), username=args.username, active=args.active)
    emit(
        args, info, f"Người dùng {info.username}: {'đã bật' if info.active else 'đã vô hiệu hóa'}."
    )
    return 0


def cmd_user_role(args: argparse.Namespace) -> int:
    from app.domain.roles import Role
    from app.services.users import set_user_role

    info = set_user_role(desk_context(args), username=args.username, role=Role.parse(args.role))
    emit(args, info, f"Người dùng {info.username} giờ có vai trò {info.role.label_vi}.")
    return 0


def cmd_user_passwd(args: argparse.Namespace) -> int:
    from app.services.users import change_password, reset_password

    ctx = desk_context(args)
    if args.username:
        info = reset_password(ctx, username=args.username, new_password=_new_password())
        emit(args, info, f"Đã đặt lại mật khẩu cho {info.username}.")
    else:
        change_password(ctx, old_password=_current_password(), new_password=_new_password())
        emit(args, {"username": ctx.actor.username}, "Đã đổi mật khẩu.")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from app.services.users import audit_trail

    rows = audit_trail(
        desk_context(args),
        entity_key=args.key,
        actor=args.actor,
        action=args.action,
        limit=args.limit,
    )
    emit(
        args,
        [{**_plain(r), "detail": r.data} for r in rows],
        "\n".join(
            f"{vn(r.at)}  {r.actor:<14} {r.action:<26} {r.entity_key}  {r.detail}" for r in rows
        )
        or "Không có dòng nhật ký nào.",
    )
    return 0


def _plain(row: Any) -> dict[str, Any]:
    value = jsonable(row)
    assert isinstance(value, dict)
    return value


# --- post hand-over ---------------------------------------------------------------------------


def _batch_text(batch: Any) -> str:
    state = (
        f"đã tiếp nhận lúc {vn(batch.received_at)} ({batch.received_by})"
        if batch.received
        else "chờ xã tiếp nhận"
    )
    lines = [f"Danh sách {batch.batch_id}: {len(batch.lines)} hồ sơ, {state}"]
    lines += [
        f"  {line.code}  {line.post_receipt_no:<14} {line.applicant_name}" for line in batch.lines
    ]
    return "\n".join(lines)


def cmd_handover_create(args: argparse.Namespace) -> int:
    from app.services.post import create_handover, handover_payload, print_handover

    if args.to:  # a list between bodies (issue 18)
        return _agency_handover_create(args)
    ctx = desk_context(args)
    batch = create_handover(ctx, codes=args.codes)
    path = print_handover(ctx, batch_id=batch.batch_id, out=Path(args.out) if args.out else None)
    payload = handover_payload(batch)
    emit(
        args,
        {
            "batch_id": batch.batch_id,
            "codes": list(batch.codes),
            "payload": payload,
            "file": str(path),
        },
        f"{_batch_text(batch)}\nĐã in danh sách ra tệp {path}\nNội dung mã QR: {payload}",
    )
    return 0


def cmd_handover_print(args: argparse.Namespace) -> int:
    from app.services.post import print_handover

    path = print_handover(desk_context(args), batch_id=args.batch_id, out=Path(args.out))
    emit(args, {"file": str(path)}, f"Đã in danh sách ra tệp {path}")
    return 0


def cmd_handover_receive(args: argparse.Namespace) -> int:
    from app.domain.handover import is_agency_payload
    from app.services.post import receive_handover

    payload = sys.stdin.read() if args.payload == "-" else args.payload
    if is_agency_payload(payload):  # a list between bodies (issue 18)
        return _agency_handover_receive(args, payload)
    receipt = receive_handover(desk_context(args), payload=payload)
    lines = [
        f"Đã tiếp nhận danh sách {receipt.batch_id}: {len(receipt.dossiers)} hồ sơ lúc "
        f"{vn(receipt.received_at)}"
    ]
    lines += [
        f"  {d.code}  bưu điện nhận {vn(d.post_accepted_at)}  hẹn trả {vn(d.appointment_at)}"
        for d in receipt.dossiers
    ]
    emit(args, receipt, "\n".join(lines))
    return 0


def cmd_handover_list(args: argparse.Namespace) -> int:
    from app.services.post import list_handovers

    if args.agency:
        return _agency_handover_list(args)
    batches = list_handovers(
        desk_context(args), received=False if args.pending else None, limit=args.limit
    )
    emit(args, batches, "\n".join(_batch_text(b) for b in batches) or "Chưa có danh sách nào.")
    return 0


# --- volunteer --------------------------------------------------------------------------------


def cmd_volunteer_record(args: argparse.Namespace) -> int:
    from app.services.volunteer import AssistOutcome, record_assisted_submission

    if bool(args.online_code) == bool(args.failed):
        raise DeskError("cli.volunteer_outcome")
    outcome = AssistOutcome.FAILED if args.failed else AssistOutcome.SUBMITTED
    rec = record_assisted_submission(
        desk_context(args),
        procedure_code=args.procedure,
        outcome=outcome,
        online_code=args.online_code or "",
        reason=args.reason or "",
        citizen_id=args.citizen_id or "",
        note=args.note or "",
    )
    emit(
        args,
        rec,
        f"Đã ghi nhận: {rec.outcome.label_vi} — {rec.procedure_name}"
        + (f" — mã {rec.online_code}" if rec.online_code else f" — lý do: {rec.reason}"),
    )
    return 0


def cmd_volunteer_list(args: argparse.Namespace) -> int:
    from app.services.dossiers import parse_day
    from app.services.volunteer import list_assisted_submissions

    rows = list_assisted_submissions(
        desk_context(args),
        date_from=parse_day(args.date_from) if args.date_from else None,
        date_to=parse_day(args.date_to) if args.date_to else None,
        volunteer=args.volunteer,
        limit=args.limit,
    )
    emit(
        args,
        rows,
        "\n".join(
            f"{vn(r.at)}  {r.volunteer:<12} {r.outcome.label_vi:<18} {r.online_code or r.reason}  "
            f"{r.procedure_name[:50]}"
            for r in rows
        )
        or "Chưa có ghi nhận nào.",
    )
    return 0


# --- calendar and catalog ---------------------------------------------------------------------


def _day_text(d: Any) -> str:
    kind = "ngày làm việc" if d.working else "ngày nghỉ"
    extra = f" — {d.note}" if d.note else ""
    holiday = f" ({d.holiday_name})" if d.holiday_name else ""
    return f"{d.day:%d/%m/%Y}: {kind}{holiday}{extra}"


def cmd_calendar_set(args: argparse.Namespace) -> int:
    from app.services.calendar_admin import set_calendar_day
    from app.services.dossiers import parse_day

    day = set_calendar_day(
        desk_context(args), day=parse_day(args.day), working=args.working, note=args.note or ""
    )
    emit(args, day, f"Đã đặt {_day_text(day)}")
    return 0


def cmd_calendar_clear(args: argparse.Namespace) -> int:
    from app.services.calendar_admin import clear_calendar_day
    from app.services.dossiers import parse_day

    day = clear_calendar_day(desk_context(args), day=parse_day(args.day))
    emit(args, day, f"Đã bỏ điều chỉnh; {_day_text(day)}")
    return 0


def cmd_calendar_list(args: argparse.Namespace) -> int:
    from app.services.calendar_admin import list_calendar_overrides

    days = list_calendar_overrides(desk_context(args), year=args.year)
    emit(
        args,
        days,
        "\n".join(f"{_day_text(d)} [{d.source}]" for d in days) or "Chưa có điều chỉnh lịch nào.",
    )
    return 0


def cmd_catalog_active(args: argparse.Namespace) -> int:
    from app.services.catalog import set_procedure_active

    info = set_procedure_active(desk_context(args), code=args.code, active=args.active)
    emit(
        args,
        info,
        f"Thủ tục {info.code}: {'đang áp dụng' if info.active else 'ngừng áp dụng'} — {info.name}",
    )
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the sub-commands to the CLI's parser."""
    user = sub.add_parser("user", help="người dùng: thêm, liệt kê, khóa, mở, đổi mật khẩu")
    users = user.add_subparsers(dest="user_command", required=True)
    p = users.add_parser("add", parents=[common], help="thêm người dùng")
    p.add_argument("username")
    p.add_argument("--name", required=True, help="họ và tên")
    p.add_argument("--role", required=True, help="clerk | volunteer | post_agent | supervisor")
    p.set_defaults(func=cmd_user_add)
    p = users.add_parser("list", parents=[common], help="danh sách người dùng")
    p.set_defaults(func=cmd_user_list)
    for name, active, text in (("disable", False, "vô hiệu hóa"), ("enable", True, "bật lại")):
        p = users.add_parser(name, parents=[common], help=f"{text} một người dùng")
        p.add_argument("username")
        p.set_defaults(func=cmd_user_active, active=active)
    p = users.add_parser("role", parents=[common], help="đổi vai trò")
    p.add_argument("username")
    p.add_argument("--role", required=True)
    p.set_defaults(func=cmd_user_role)
    p = users.add_parser(
        "passwd",
        parents=[common],
        help="đổi mật khẩu của mình, hoặc đặt lại mật khẩu của người khác",
    )
    p.add_argument("username", nargs="?")
    p.set_defaults(func=cmd_user_passwd)

    p = sub.add_parser("audit", parents=[common], help="xem nhật ký thao tác")
    p.add_argument("--key", help="mã hồ sơ, tên đăng nhập, số danh sách...")
    p.add_argument("--actor")
    p.add_argument("--action", help="ví dụ dossier.receive, hoặc user. cho cả nhóm")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=cmd_audit)

    handover = sub.add_parser("handover", help="danh sách bàn giao hồ sơ bưu chính")
    handovers = handover.add_subparsers(dest="handover_command", required=True)
    p = handovers.add_parser("create", parents=[common], help="lập danh sách bàn giao")
    p.add_argument("codes", nargs="*", metavar="CODE")
    p.add_argument("--out", help="tệp PDF (mặc định: thư mục printed)")
    p.add_argument("--to", metavar="AGENCY", help="danh sách gửi cơ quan có thẩm quyền này")
    p.add_argument("--courier", metavar="NAME", help="người chuyển hồ sơ giấy (với --to)")
    p.set_defaults(func=cmd_handover_create)
    p = handovers.add_parser("print", parents=[common], help="in lại một danh sách")
    p.add_argument("batch_id")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_handover_print)
    p = handovers.add_parser("receive", parents=[common], help="tiếp nhận danh sách đã quét")
    p.add_argument("--payload", required=True, help="nội dung mã QR (- để đọc từ stdin)")
    p.set_defaults(func=cmd_handover_receive)
    p = handovers.add_parser("list", parents=[common], help="các danh sách bàn giao")
    p.add_argument("--pending", action="store_true", help="chỉ những danh sách chưa tiếp nhận")
    p.add_argument("--agency", action="store_true", help="danh sách bàn giao giữa các cơ quan")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=cmd_handover_list)

    volunteer = sub.add_parser("volunteer", help="ghi nhận hỗ trợ nộp hồ sơ trực tuyến")
    volunteers = volunteer.add_subparsers(dest="volunteer_command", required=True)
    p = volunteers.add_parser("record", parents=[common], help="ghi nhận một lượt hỗ trợ")
    p.add_argument("--procedure", required=True)
    p.add_argument("--online-code", help="mã hồ sơ Cổng dịch vụ công đã cấp")
    p.add_argument("--failed", action="store_true", help="chưa nộp được (kèm --reason)")
    p.add_argument("--reason")
    p.add_argument("--citizen-id")
    p.add_argument("--note")
    p.set_defaults(func=cmd_volunteer_record)
    p = volunteers.add_parser("list", parents=[common], help="các lượt hỗ trợ đã ghi")
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--volunteer")
    p.add_argument("--limit", type=int, default=200)
    p.set_defaults(func=cmd_volunteer_list)

    calendar = sub.add_parser("calendar", help="điều chỉnh lịch ngày làm việc")
    calendars = calendar.add_subparsers(dest="calendar_command", required=True)
    p = calendars.add_parser("set", parents=[common], help="đặt một ngày làm việc / nghỉ")
    p.add_argument("day", metavar="YYYY-MM-DD")
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--working", dest="working", action="store_true", help="ngày làm việc")
    kind.add_argument("--off", dest="working", action="store_false", help="ngày nghỉ")
    p.add_argument("--note", required=True, help="căn cứ (ví dụ số quyết định)")
    p.set_defaults(func=cmd_calendar_set)
    p = calendars.add_parser("clear", parents=[common], help="bỏ điều chỉnh của một ngày")
    p.add_argument("day", metavar="YYYY-MM-DD")
    p.set_defaults(func=cmd_calendar_clear)
    p = calendars.add_parser("list", parents=[common], help="các ngày đã điều chỉnh")
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_calendar_list)

    catalog = sub.add_parser("catalog", help="danh mục thủ tục")
    catalogs = catalog.add_subparsers(dest="catalog_command", required=True)
    for name, active, text in (
        ("activate", True, "áp dụng lại"),
        ("deactivate", False, "ngừng áp dụng"),
    ):
        p = catalogs.add_parser(name, parents=[common], help=f"{text} một thủ tục")
        p.add_argument("code")
        p.set_defaults(func=cmd_catalog_active, active=active)


# --- the hand-over list between bodies (issue 18): `handover create --to AGENCY --courier
# NAME [CODE...]`, `handover receive --payload MCBA1|...`, `handover list --agency` ---------


def _agency_batch_text(batch: HandoverBatch) -> str:
    state = (
        f"đã tiếp nhận lúc {vn(batch.received_at)} ({batch.received_by})"
        if batch.received
        else "chờ cơ quan có thẩm quyền tiếp nhận"
    )
    lines = [
        f"Danh sách {batch.batch_id} gửi {batch.to_agency_name or batch.to_agency_code} "
        f"({batch.to_agency_code}): {len(batch.lines)} hồ sơ, người chuyển "
        f"{batch.courier_name or '—'}, {state}"
    ]
    lines += [f"  {line.code}  {line.applicant_name}" for line in batch.lines]
    return "\n".join(lines)


def _agency_handover_create(args: argparse.Namespace) -> int:
    from app.services.agency_handover import create_agency_handover, pending_for_agency
    from app.services.post import handover_payload, print_handover

    ctx = desk_context(args)
    batch = create_agency_handover(
        ctx, to_agency=args.to, courier=args.courier or "", codes=args.codes or None
    )
    path = print_handover(ctx, batch_id=batch.batch_id, out=Path(args.out) if args.out else None)
    payload = handover_payload(batch)
    left = len(pending_for_agency(ctx, to_agency=args.to))
    more = f"\nCòn {left} hồ sơ chờ chuyển: lập thêm danh sách." if left else ""
    emit(
        args,
        {
            "batch_id": batch.batch_id,
            "kind": batch.kind,
            "to_agency": batch.to_agency_code,
            "courier": batch.courier_name,
            "count": len(batch.lines),
            "codes": list(batch.codes),
            "payload": payload,
            "file": str(path),
            "still_waiting": left,
        },
        f"{_agency_batch_text(batch)}\nĐã in danh sách ra tệp {path}\nNội dung mã QR: {payload}{more}",
    )
    return 0


def _agency_handover_receive(args: argparse.Namespace, payload: str) -> int:
    from app.services.agency_handover import receive_agency_handover

    r = receive_agency_handover(desk_context(args), payload=payload)
    lines = [
        f"Danh sách {r.batch_id} của {r.from_agency_name or r.from_agency} (gửi lúc {vn(r.sent_at)}): đã tiếp nhận "
        f"{len(r.taken)} hồ sơ lúc {vn(r.scanned_at)}"
    ]
    lines += [f"  {code}  đã tiếp nhận" for code in r.taken]
    lines += [f"  {code}  đã tiếp nhận trước đó" for code in r.taken_before]
    lines += [f"  {code}  CHƯA CÓ tại quầy này" for code in r.missing]
    if r.missing:
        lines.append(
            f"Còn {len(r.missing)} hồ sơ chưa về quầy này: hãy đồng bộ dữ liệu rồi quét lại "
            "danh sách này; chỉ những hồ sơ còn thiếu được tiếp nhận."
        )
    emit(args, {**r.__dict__, "complete": r.complete}, "\n".join(lines))
    return 0


def _agency_handover_list(args: argparse.Namespace) -> int:
    from app.services.agency_handover import list_agency_handovers

    batches = list_agency_handovers(
        desk_context(args), received=False if args.pending else None, limit=args.limit
    )
    emit(
        args, batches, "\n".join(_agency_batch_text(b) for b in batches) or "Chưa có danh sách nào."
    )
    return 0
