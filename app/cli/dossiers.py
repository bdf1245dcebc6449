"""The counter's work on one dossier: receive it (``intake``), find it (``list``, ``show``),
move it on (``advance``, ``void``), print its forms and the tracking book, and tell its
appointment (``deadline``)."""

from __future__ import annotations

import argparse
import dataclasses
from datetime import datetime
from pathlib import Path
from typing import Any

from app.cli.common import ask_password, desk_context, emit, row_line, vn
from app.cli.interagency import return_place_arg, route_lines
from app.cli.supplements import supplement_lines
from app.domain.dossier import VN_TZ, Channel, DossierRecord, Status
from app.domain.errors import DeskError
from app.domain.notices import notice_text
from app.domain.organisation import ApplicantKind


def _show_text(rec: DossierRecord) -> str:
    a = rec.applicant
    if a.kind.is_organisation:
        who = [
            f"Người nộp: {a.full_name} — {a.kind.label_vi}, mã số thuế {a.id_number}",
            f"Người đại diện: {a.representative or '—'}",
        ]
    else:
        who = [f"Người nộp: {a.full_name} ({a.id_number})"]
    lines = [
        f"Mã hồ sơ: {rec.code}",
        f"Thủ tục: {rec.procedure_code} {rec.procedure_name}",
        *who,
        f"Ngày sinh: {rec.applicant.birth_date:%d/%m/%Y}"
        if rec.applicant.birth_date
        else "Ngày sinh: —",
        f"Giới tính: {rec.applicant.sex or '—'}; CMND cũ: {rec.applicant.old_id_number or '—'}",
        f"Kênh: {rec.channel.label_vi}{' (có hỗ trợ)' if rec.assisted else ''}",
        f"Trạng thái: {rec.status.label_vi}",
        f"Tiếp nhận: {vn(rec.received_at)}",
        f"Hẹn trả: {vn(rec.appointment_at)}",
        *route_lines(rec),
    ]
    if rec.extended_appointment_at:
        lines.append(f"Hẹn lại: {vn(rec.extended_appointment_at)}")
    lines.extend(supplement_lines(rec))
    lines.append("Lịch sử:")
    for h in rec.history:
        src = h.from_status.label_vi if h.from_status else "—"
        lines.append(f"  {vn(h.at)}  {src} → {h.to_status.label_vi}  {h.actor}  {h.note}")
    for n in rec.notices:
        lines.append(f"  {vn(n.at)}  {notice_text(n)}")
    return "\n".join(lines)


def cmd_intake(args: argparse.Namespace) -> int:
    from app.domain.notices import parse_channels
    from app.services.dossiers import ApplicantInput, parse_when, receive_dossier

    kind = ApplicantKind.parse(args.kind) if args.kind else ApplicantKind.CITIZEN
    if args.tax_code and not args.kind:
        kind = ApplicantKind.BUSINESS
    if kind.is_organisation:
        if args.cccd_qr:  # the card is the representative's, never the organisation's
            raise DeskError("applicant.org_missing")
        applicant = ApplicantInput(
            args.org_name or args.name or "",
            args.tax_code or "",
            address=args.address or "",
            phone=args.phone or "",
            kind=kind,
            representative=args.representative or "",
        )
    elif args.cccd_qr:
        applicant = ApplicantInput.from_qr(args.cccd_qr, today=datetime.now(VN_TZ).date())
    else:
        if not args.name or not args.id_number:
            raise DeskError("applicant.missing")
        applicant = ApplicantInput(
            args.name, args.id_number, address=args.address or "", phone=args.phone or ""
        )
    if args.phone:
        applicant = dataclasses.replace(applicant, phone=args.phone)
    if args.email:
        applicant = dataclasses.replace(applicant, email=args.email)
    notify = parse_channels(args.notify or "")
    ctx = desk_context(args)
    received_at = parse_when(args.received_at) if args.received_at else None
    place = return_place_arg(args.return_at, args.competent)
    rec = receive_dossier(
        ctx,
        procedure_code=args.procedure,
        applicant=applicant,
        channel=Channel.parse(args.channel),
        received_at=received_at,
        assisted=args.assisted,
        post_receipt_no=args.post_receipt or "",
        intake_key=args.intake_key,
        notify=notify,
        competent_agency=args.competent,
        return_place=place,
    )
    files: list[str] = []
    if args.print:
        from app.services.printing import print_form

        forms = [f.strip() for f in args.print.split(",") if f.strip()]
        try:
            out = Path(args.out or ctx.output_dir)
            out.mkdir(parents=True, exist_ok=True)
            for form in forms:
                files.append(
                    str(
                        print_form(
                            ctx,
                            code=rec.code,
                            form=form,
                            record=rec,
                            out=out / f"{rec.code}-{form}.pdf",
                        )
                    )
                )
        except (DeskError, OSError) as exc:
            # The dossier and its outbox event are committed: saying "nothing was saved"
            # here would make the clerk receive it twice.
            if isinstance(exc, DeskError) and exc.key != "disk.full":
                reason, reason_en = exc.message("vi"), exc.message("en")
            elif isinstance(exc, DeskError) or exc.errno == 28:
                reason, reason_en = "ổ đĩa đã đầy.", "the disk is full."
            else:
                reason, reason_en = f"không ghi được tệp ({exc.strerror}).", f"{exc}."
            raise DeskError(
                "intake.saved_not_printed",
                code=rec.code,
                forms=",".join(forms),
                reason=reason,
                reason_en=reason_en,
            ) from exc
    emit(
        args,
        {
            "code": rec.code,
            "appointment_at": rec.appointment_at,
            "received_at": rec.received_at,
            "files": files,
            "agency": rec.agency.code,
            "competent_agency": rec.competent_agency.code,
            "route_state": int(rec.route_state),
            "return_place": rec.return_place.value if rec.return_place else "",
        },
        f"Đã tiếp nhận hồ sơ {rec.code}\nHẹn trả: {vn(rec.appointment_at)}"
        + "".join(f"\nĐã in: {f}" for f in files),
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from app.services.dossiers import list_dossiers

    ctx = desk_context(args)
    rows = list_dossiers(
        ctx,
        status=Status.parse(args.status) if args.status else None,
        channel=Channel.parse(args.channel) if args.channel else None,
        search=args.search or "",
        overdue=args.overdue,
        limit=args.limit,
        undigitised=args.undigitised,
        repeat_supplement=args.second_supplement,
    )
    emit(args, rows, "\n".join(row_line(r) for r in rows) or "Không có hồ sơ nào.")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from app.services.dossiers import get_dossier

    rec = get_dossier(desk_context(args), code=args.code)
    emit(args, rec, _show_text(rec))
    return 0


def cmd_advance(args: argparse.Namespace) -> int:
    from app.services.dossiers import advance_dossier, parse_when

    ctx = desk_context(args)
    new_date = parse_when(args.new_appointment) if args.new_appointment else None
    rec = advance_dossier(
        ctx,
        code=args.code,
        to=Status.parse(args.to),
        note=args.note or "",
        new_appointment=new_date,
    )
    emit(args, rec, f"Hồ sơ {rec.code}: {rec.status.label_vi}")
    return 0


def cmd_void(args: argparse.Namespace) -> int:
    """Void a dossier entered by mistake: a supervisor's ``--user``, or ``--approver`` whose
    password comes from MOTCUA_APPROVER_PASSWORD or the terminal."""
    import os

    from app.services.dossiers import void_dossier

    ctx = desk_context(args)
    password = ""
    if args.approver:
        password = os.environ.get("MOTCUA_APPROVER_PASSWORD") or ask_password(args.approver)
    rec = void_dossier(
        ctx,
        code=args.code,
        reason=args.reason or "",
        approver=args.approver or "",
        approver_password=password,
    )
    emit(args, rec, f"Hồ sơ {rec.code}: đã hủy ({rec.status.label_vi})")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from app.services.printing import print_form

    path = print_form(desk_context(args), code=args.code, form=args.form, out=Path(args.out))
    emit(args, {"file": str(path)}, f"Đã in ra tệp {path}")
    return 0


def cmd_book(args: argparse.Namespace) -> int:
    from app.services.dossiers import parse_day
    from app.services.printing import tracking_book

    path = tracking_book(
        desk_context(args),
        date_from=parse_day(args.date_from),
        date_to=parse_day(args.date_to),
        out=Path(args.out),
    )
    emit(args, {"file": str(path)}, f"Đã in sổ theo dõi ra tệp {path}")
    return 0


def cmd_deadline(args: argparse.Namespace) -> int:
    from app.services.dossiers import compute_deadline, parse_when

    ctx = desk_context(args)
    due = compute_deadline(
        ctx,
        procedure_code=args.procedure,
        received_at=parse_when(args.received),
        competent_agency=args.competent or None,
    )
    emit(
        args,
        {"procedure": args.procedure, "appointment_at": due, "for": args.competent or None},
        f"Hẹn trả: {vn(due)}" if due else "Không có ngày hẹn trả cụ thể theo quy định",
    )
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add intake, list, show, advance, void, print, book and deadline."""
    p = sub.add_parser("intake", parents=[common], help="tiếp nhận một hồ sơ")
    p.add_argument("--procedure", required=True)
    p.add_argument("--cccd-qr")
    p.add_argument("--name")
    p.add_argument("--id-number")
    p.add_argument("--address")
    p.add_argument("--phone")
    p.add_argument("--email")
    p.add_argument(
        "--notify",
        metavar="KÊNH",
        help="người nộp muốn nhận tin nhắn qua: sms,zalo,email (mặc định: không nhận)",
    )
    p.add_argument("--channel", default="direct", choices=["direct", "post", "online"])
    p.add_argument(
        "--kind",
        choices=["citizen", "business", "agency", "organisation"],
        help="loại người nộp (LoaiDoiTuong); mặc định công dân, hoặc doanh nghiệp khi có --tax-code",
    )
    p.add_argument("--tax-code", help="mã số thuế của doanh nghiệp, tổ chức")
    p.add_argument("--org-name", help="tên doanh nghiệp, tổ chức")
    p.add_argument("--representative", help="họ tên người đại diện của tổ chức")
    p.add_argument("--assisted", action="store_true")
    p.add_argument("--post-receipt")
    p.add_argument("--received-at")
    p.add_argument("--intake-key")
    p.add_argument("--print")
    p.add_argument("--out")
    p.add_argument(
        "--for",
        dest="competent",
        metavar="CODE",
        help="tiếp nhận hộ cơ quan có thẩm quyền này (mã trong danh mục cơ quan)",
    )
    p.add_argument(
        "--return-at",
        metavar="receiving|competent",
        help="nơi trả kết quả: nơi tiếp nhận (mặc định) hoặc cơ quan có thẩm quyền",
    )
    p.set_defaults(func=cmd_intake)

    p = sub.add_parser("list", parents=[common], help="danh sách hồ sơ")
    p.add_argument("--status")
    p.add_argument("--channel")
    p.add_argument("--search")
    p.add_argument("--overdue", action="store_true")
    p.add_argument(
        "--undigitised", action="store_true", help="chỉ hồ sơ còn thành phần chưa có tệp số hóa"
    )
    p.add_argument(
        "--second-supplement",
        action="store_true",
        help="chỉ hồ sơ đã yêu cầu bổ sung từ lần thứ hai (chỉ số 766 tính là quá hạn)",
    )
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

    p = sub.add_parser(
        "void", parents=[common], help="hủy hồ sơ nhập nhầm (cần lãnh đạo phê duyệt)"
    )
    p.add_argument("code")
    p.add_argument("--reason", required=True)
    p.add_argument(
        "--approver",
        metavar="NAME",
        help="lãnh đạo phê duyệt (mật khẩu: MOTCUA_APPROVER_PASSWORD hoặc nhập)",
    )
    p.set_defaults(func=cmd_void)

    p = sub.add_parser("print", parents=[common], help="in một mẫu ra PDF")
    p.add_argument("code")
    p.add_argument(
        "--form",
        required=True,
        choices=[
            "receipt",
            "receipt-a4",
            "thermal",
            "cover",
            "supplement",
            "refusal",
            "apology",
            "stop",
        ],
    )
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
    p.add_argument(
        "--for", dest="competent", default="", help="mã cơ quan có thẩm quyền (theo lịch của họ)"
    )
    p.set_defaults(func=cmd_deadline)
