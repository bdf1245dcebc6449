"""The command line of DESIGN.md section 4: ``python main.py SUB-COMMAND``.

Errors go to stderr, Vietnamese first then English, with a non-zero exit status."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from app.domain.dossier import VN_TZ, Channel, DossierRecord, DossierRow, Status
from app.domain.errors import DeskError

EXIT_USER = 2
EXIT_BUG = 70
log = logging.getLogger("motcua")


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


def _vn(moment: datetime | None) -> str:
    return "—" if moment is None else moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


def _emit(args: argparse.Namespace, obj: Any, text: str) -> None:
    if args.json:
        print(json.dumps(jsonable(obj), ensure_ascii=False, indent=None))
    else:
        print(text)


def _password(username: str) -> str:
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


def _ctx(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The counter's context, acting as ``--user`` after a log-in (the system otherwise)."""
    from app.services.context import open_desk

    ctx = open_desk(args.data_dir)
    username = getattr(args, "user", None)
    if username:
        from app.services.users import log_in

        try:
            ctx = log_in(ctx, username=username, password=_password(username))
        except DeskError:
            ctx.db.dispose()
            raise
    return ctx


def _row_line(r: DossierRow) -> str:
    return (f"{r.code}  {r.status.label_vi:<24}  {r.applicant_name:<24}  {r.id_number}  "
            f"hẹn {_vn(r.appointment_at)}  {r.procedure_name[:50]}")


def _show_text(rec: DossierRecord) -> str:
    lines = [
        f"Mã hồ sơ: {rec.code}",
        f"Thủ tục: {rec.procedure_code} {rec.procedure_name}",
        f"Người nộp: {rec.applicant.full_name} ({rec.applicant.id_number})",
        f"Kênh: {rec.channel.label_vi}{' (có hỗ trợ)' if rec.assisted else ''}",
        f"Trạng thái: {rec.status.label_vi}",
        f"Tiếp nhận: {_vn(rec.received_at)}",
        f"Hẹn trả: {_vn(rec.appointment_at)}",
    ]
    if rec.extended_appointment_at:
        lines.append(f"Hẹn lại: {_vn(rec.extended_appointment_at)}")
    lines.append("Lịch sử:")
    for h in rec.history:
        src = h.from_status.label_vi if h.from_status else "—"
        lines.append(f"  {_vn(h.at)}  {src} → {h.to_status.label_vi}  {h.actor}  {h.note}")
    return "\n".join(lines)


# --- sub-commands ---------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from app.services.demo import DEMO_PASSWORD, create_demo

    ctx = _ctx(args)
    summary = create_demo(ctx, dossiers=args.dossiers, seed=args.seed)
    _emit(args, summary, f"Đã tạo điểm phục vụ mẫu {summary.agency_code}: {summary.procedures} "
          f"thủ tục, {summary.dossiers} hồ sơ. Người dùng: {', '.join(summary.users)} "
          f"(mật khẩu {DEMO_PASSWORD}).")
    return 0


def cmd_intake(args: argparse.Namespace) -> int:
    from app.services.dossiers import ApplicantInput, parse_when, receive_dossier

    if args.cccd_qr:
        applicant = ApplicantInput.from_qr(args.cccd_qr, today=datetime.now(VN_TZ).date())
    else:
        if not args.name or not args.id_number:
            raise DeskError("applicant.missing")
        applicant = ApplicantInput(args.name, args.id_number, address=args.address or "",
                                   phone=args.phone or "")
    if args.phone:
        applicant = dataclasses.replace(applicant, phone=args.phone)
    ctx = _ctx(args)
    received_at = parse_when(args.received_at) if args.received_at else None
    rec = receive_dossier(
        ctx, procedure_code=args.procedure, applicant=applicant, channel=Channel.parse(args.channel),
        received_at=received_at, assisted=args.assisted, post_receipt_no=args.post_receipt or "",
        intake_key=args.intake_key,
    )
    files: list[str] = []
    if args.print:
        from app.services.printing import print_form

        forms = [f.strip() for f in args.print.split(",") if f.strip()]
        try:
            out = Path(args.out or ctx.output_dir)
            out.mkdir(parents=True, exist_ok=True)
            for form in forms:
                files.append(str(print_form(ctx, code=rec.code, form=form,
                                            out=out / f"{rec.code}-{form}.pdf")))
        except (DeskError, OSError) as exc:
            # The dossier and its outbox event are committed: saying "nothing was saved"
            # here would make the clerk receive it twice.
            if isinstance(exc, DeskError) and exc.key != "disk.full":
                reason, reason_en = exc.message("vi"), exc.message("en")
            elif isinstance(exc, DeskError) or exc.errno == 28:
                reason, reason_en = "ổ đĩa đã đầy.", "the disk is full."
            else:
                reason, reason_en = f"không ghi được tệp ({exc.strerror}).", f"{exc}."
            raise DeskError("intake.saved_not_printed", code=rec.code, forms=",".join(forms),
                            reason=reason, reason_en=reason_en) from exc
    _emit(args, {"code": rec.code, "appointment_at": rec.appointment_at, "received_at": rec.received_at,
                 "files": files},
          f"Đã tiếp nhận hồ sơ {rec.code}\nHẹn trả: {_vn(rec.appointment_at)}"
          + "".join(f"\nĐã in: {f}" for f in files))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from app.services.dossiers import list_dossiers

    ctx = _ctx(args)
    rows = list_dossiers(
        ctx, status=Status.parse(args.status) if args.status else None,
        channel=Channel.parse(args.channel) if args.channel else None,
        search=args.search or "", overdue=args.overdue, limit=args.limit,
        undigitised=args.undigitised,
    )
    _emit(args, rows, "\n".join(_row_line(r) for r in rows) or "Không có hồ sơ nào.")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from app.services.dossiers import get_dossier

    rec = get_dossier(_ctx(args), code=args.code)
    _emit(args, rec, _show_text(rec))
    return 0


def cmd_advance(args: argparse.Namespace) -> int:
    from app.services.dossiers import advance_dossier, parse_when

    ctx = _ctx(args)
    new_date = parse_when(args.new_appointment) if args.new_appointment else None
    rec = advance_dossier(ctx, code=args.code, to=Status.parse(args.to), note=args.note or "",
                          new_appointment=new_date)
    _emit(args, rec, f"Hồ sơ {rec.code}: {rec.status.label_vi}")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from app.services.printing import print_form

    path = print_form(_ctx(args), code=args.code, form=args.form, out=Path(args.out))
    _emit(args, {"file": str(path)}, f"Đã in ra tệp {path}")
    return 0


def cmd_book(args: argparse.Namespace) -> int:
    from app.services.dossiers import parse_day
    from app.services.printing import tracking_book

    path = tracking_book(_ctx(args), date_from=parse_day(args.date_from),
                         date_to=parse_day(args.date_to), out=Path(args.out))
    _emit(args, {"file": str(path)}, f"Đã in sổ theo dõi ra tệp {path}")
    return 0


def cmd_deadline(args: argparse.Namespace) -> int:
    from app.services.dossiers import compute_deadline, parse_when

    ctx = _ctx(args)
    due = compute_deadline(ctx, procedure_code=args.procedure, received_at=parse_when(args.received))
    _emit(args, {"procedure": args.procedure, "appointment_at": due},
          f"Hẹn trả: {_vn(due)}" if due else "Không có ngày hẹn trả cụ thể theo quy định")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from app.services.dossiers import parse_day
    from app.services.reports import build_report

    ctx = _ctx(args)
    rep = build_report(ctx, date_from=parse_day(args.date_from), date_to=parse_day(args.date_to))
    files: list[str] = []
    if args.csv:
        from app.services.report_export import write_report_csv

        files.append(str(write_report_csv(ctx, report=rep, out=Path(args.csv))))
    if args.xlsx:
        from app.services.report_export import write_report_xlsx

        files.append(str(write_report_xlsx(ctx, report=rep, out=Path(args.xlsx))))

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.2f}%"

    lines = [f"Báo cáo từ {rep.date_from:%d/%m/%Y} đến {rep.date_to:%d/%m/%Y}: {rep.total} hồ sơ"]
    lines += [f"  {c.channel.label_vi:<20} {c.count:>7}  {c.percent:6.2f}%" for c in rep.by_channel]
    lines += [f"  {s.label_vi:<36} {n:>7}" for s, n in rep.by_status]
    lines.append(f"Đã giải quyết {rep.resolved}: trước hạn {rep.early}, đúng hạn {rep.on_time}, "
                 f"quá hạn {rep.late}; tỷ lệ đúng hạn {pct(rep.on_time_rate)}")
    lines.append(f"Đang giải quyết: {rep.in_processing}; quá hạn chưa xong: "
                 f"{rep.in_processing_overdue}")
    lines.append(f"Tỷ lệ hồ sơ trực tuyến: {pct(rep.online_rate)} (thủ tục mức 3-4: "
                 f"{pct(rep.online_dvc_rate)}); trực tuyến có hỗ trợ: {rep.assisted_online} "
                 f"(tình nguyện viên: nộp được {rep.volunteer_submitted}, chưa nộp được "
                 f"{rep.volunteer_failed})")
    lines.append(f"Thanh toán trực tuyến: {rep.paid_online}/{rep.with_fees} hồ sơ có phí "
                 f"({pct(rep.online_payment_rate)})")
    lines.append(f"Số hóa: {rep.digitised}/{rep.total} hồ sơ có tệp cho mọi thành phần "
                 f"({pct(rep.digitised_rate)}); tái sử dụng giấy tờ: {rep.reused}")
    lines.append("Theo thủ tục (nhiều hồ sơ nhất):")
    lines += [f"  {p.key:<12} {p.total:>6}  đúng hạn {pct(p.on_time_rate):>8}  {p.label[:60]}"
              for p in rep.by_procedure[:10]]
    lines.append("Theo cán bộ tiếp nhận:")
    lines += [f"  {u.label:<28} {u.total:>6}  trực tiếp {u.direct}, trực tuyến {u.online}, "
              f"bưu chính {u.post}" for u in rep.by_receiver]
    lines += ["Hồ sơ quá hạn:"] + ["  " + _row_line(r) for r in rep.overdue[:50]]
    lines += [f"Đã ghi tệp: {f}" for f in files]
    obj = jsonable(rep)
    obj.update(rep.rates())
    obj["files"] = files
    if args.json:
        print(json.dumps(obj, ensure_ascii=False))
    else:
        print("\n".join(lines))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from app.services.context import open_desk
    from app.store.migrate import current_revision

    ctx = open_desk(args.data_dir)
    rev = current_revision(ctx.db)
    _emit(args, {"revision": rev}, f"Cơ sở dữ liệu đã ở phiên bản mới nhất ({rev}).")
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: MOTCUA_HOME hoặc thư mục người dùng)")
    common.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    common.add_argument("--user", metavar="NAME",
                        help="làm việc với tư cách người dùng này (mật khẩu: biến môi trường "
                             "MOTCUA_PASSWORD, hoặc nhập khi được hỏi)")
    parser = argparse.ArgumentParser(prog="motcua", description="MotCua Desk")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("demo", parents=[common], help="tạo điểm phục vụ mẫu")
    p.add_argument("--dossiers", type=int, default=300)
    p.add_argument("--seed", type=int, default=2025)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("intake", parents=[common], help="tiếp nhận một hồ sơ")
    p.add_argument("--procedure", required=True)
    p.add_argument("--cccd-qr")
    p.add_argument("--name")
    p.add_argument("--id-number")
    p.add_argument("--address")
    p.add_argument("--phone")
    p.add_argument("--channel", default="direct", choices=["direct", "post", "online"])
    p.add_argument("--assisted", action="store_true")
    p.add_argument("--post-receipt")
    p.add_argument("--received-at")
    p.add_argument("--intake-key")
    p.add_argument("--print")
    p.add_argument("--out")
    p.set_defaults(func=cmd_intake)

    p = sub.add_parser("list", parents=[common], help="danh sách hồ sơ")
    p.add_argument("--status")
    p.add_argument("--channel")
    p.add_argument("--search")
    p.add_argument("--overdue", action="store_true")
    p.add_argument("--undigitised", action="store_true",
                   help="chỉ hồ sơ còn thành phần chưa có tệp số hóa")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", parents=[common], help="xem một hồ sơ")
    p.add_argument("code")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("advance", parents=[common], help="chuyển trạng thái hồ sơ")
    p.add_argument("code")
    p.add_argument("--to", required=True)
    p.add_argument("--note")
    p.add_argument("--new-appointment")
    p.set_defaults(func=cmd_advance)

    p = sub.add_parser("print", parents=[common], help="in một mẫu ra PDF")
    p.add_argument("code")
    p.add_argument("--form", required=True,
                   choices=["receipt", "receipt-a4", "thermal", "cover", "supplement", "refusal",
                            "apology", "stop"])
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_print)

    p = sub.add_parser("book", parents=[common], help="in sổ theo dõi hồ sơ (Mẫu 07)")
    p.add_argument("--from", dest="date_from", required=True)
    p.add_argument("--to", dest="date_to", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_book)

    p = sub.add_parser("deadline", parents=[common], help="tính ngày hẹn trả")
    p.add_argument("--procedure", required=True)
    p.add_argument("--received", required=True)
    p.set_defaults(func=cmd_deadline)

    p = sub.add_parser("report", parents=[common], help="báo cáo")
    p.add_argument("--from", dest="date_from", required=True)
    p.add_argument("--to", dest="date_to", required=True)
    p.add_argument("--csv", metavar="FILE", help="ghi báo cáo ra tệp CSV (UTF-8, mở được bằng Excel)")
    p.add_argument("--xlsx", metavar="FILE", help="ghi báo cáo ra tệp Excel (.xlsx)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("migrate", parents=[common], help="nâng cấp cơ sở dữ liệu")
    p.set_defaults(func=cmd_migrate)

    for extra in _EXTRA_COMMANDS:
        extra(sub, common)
    return parser


#: Sub-command registrars added by other capabilities (sync, backup, ...): each takes the
#: sub-parsers object and the common parent parser.
_EXTRA_COMMANDS: list[Any] = []


def _load_extras() -> None:
    import importlib

    for name in ("app.cli_sync", "app.cli_admin", "app.cli_people", "app.cli_files"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        if module.register not in _EXTRA_COMMANDS:  # main() may run many times in a process
            _EXTRA_COMMANDS.append(module.register)


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
    _load_extras()
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
        print("Lỗi không mong đợi của chương trình; chi tiết ở trên.\n(Unexpected program error; "
              "details above.)", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    raise SystemExit(main())
