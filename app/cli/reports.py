"""``report``: the period's figures (channels, statuses, timeliness, receivers), on screen
or written to CSV / Excel."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app.cli.common import desk_context, jsonable, row_line


def cmd_report(args: argparse.Namespace) -> int:
    from app.services.dossiers import parse_day
    from app.services.reports import build_report

    ctx = desk_context(args)
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
    lines.append(
        f"Đã giải quyết {rep.resolved}: trước hạn {rep.early}, đúng hạn {rep.on_time}, "
        f"quá hạn {rep.late}; tỷ lệ đúng hạn {pct(rep.on_time_rate)}"
    )
    lines.append(
        f"Đang giải quyết: {rep.in_processing}; quá hạn chưa xong: {rep.in_processing_overdue}"
    )
    lines.append(
        f"Tỷ lệ hồ sơ trực tuyến: {pct(rep.online_rate)} (thủ tục mức 3-4: "
        f"{pct(rep.online_dvc_rate)}); trực tuyến có hỗ trợ: {rep.assisted_online} "
        f"(tình nguyện viên: nộp được {rep.volunteer_submitted}, chưa nộp được "
        f"{rep.volunteer_failed})"
    )
    lines.append(
        f"Thanh toán trực tuyến: {rep.paid_online}/{rep.with_fees} hồ sơ có phí "
        f"({pct(rep.online_payment_rate)})"
    )
    lines.append(
        f"Số hóa: {rep.digitised}/{rep.total} hồ sơ có tệp cho mọi thành phần "
        f"({pct(rep.digitised_rate)}); tái sử dụng giấy tờ: {rep.reused}"
    )
    lines.append(
        f"Kết quả điện tử: {rep.e_results}/{rep.results_base} hồ sơ đã giải quyết "
        f"({pct(rep.e_result_rate)})"
    )
    from app.services.ratings import rating_summary

    rated = rating_summary(ctx, date_from=rep.date_from, date_to=rep.date_to).counts
    lines.append(
        f"Đánh giá hài lòng: {rated.total} — rất hài lòng {rated.very_satisfied}, hài lòng "
        f"{rated.satisfied}, không hài lòng {rated.unhappy}; tỷ lệ hài lòng "
        f"{pct(None if rated.satisfied_share is None else rated.satisfied_share * 100)}"
    )
    if rep.collected:
        from app.domain.fee_receipts import PaymentMethod
        from app.domain.payment import format_vnd

        lines.append(
            "Phí, lệ phí đã thu: "
            + "; ".join(
                f"{PaymentMethod(m).label_vi} {format_vnd(a)} ({n} biên lai)"
                for m, n, a in rep.collected
            )
        )
    lines.append("Theo thủ tục (nhiều hồ sơ nhất):")
    lines += [
        f"  {p.key:<12} {p.total:>6}  đúng hạn {pct(p.on_time_rate):>8}  {p.label[:60]}"
        for p in rep.by_procedure[:10]
    ]
    lines.append("Theo cán bộ tiếp nhận:")
    lines += [
        f"  {u.label:<28} {u.total:>6}  trực tiếp {u.direct}, trực tuyến {u.online}, "
        f"bưu chính {u.post}"
        for u in rep.by_receiver
    ]
    if rep.for_others or rep.from_others:  # received regardless of boundary (issue 18)
        lines += _routed_lines(rep)
    lines += ["Hồ sơ quá hạn:"] + ["  " + row_line(r) for r in rep.overdue[:50]]
    lines += [f"Đã ghi tệp: {f}" for f in files]
    obj = jsonable(rep)
    obj.update(rep.rates())
    obj["files"] = files
    obj["ratings"] = rated.as_json()
    obj["received_for_others"] = rep.received_for_others
    obj["received_from_others"] = rep.received_from_others
    if args.json:
        print(json.dumps(obj, ensure_ascii=False))
    else:
        print("\n".join(lines))
    return 0


def _routed_lines(rep: Any) -> list[str]:
    def body(line: Any) -> str:
        return (
            f"  {line.key:<16} {line.total:>6}  đang giải quyết {line.in_processing}, "
            f"đã giải quyết {line.resolved}  {line.label[:50]}"
        )

    return [
        f"Tiếp nhận hộ cơ quan khác (đã tính ở trên): {rep.received_for_others}",
        *[body(line) for line in rep.for_others],
        f"Tiếp nhận tại nơi khác cho cơ quan này (không tính ở trên): {rep.received_from_others}",
        *[body(line) for line in rep.from_others],
    ]


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add report."""
    p = sub.add_parser("report", parents=[common], help="báo cáo")
    p.add_argument("--from", dest="date_from", required=True)
    p.add_argument("--to", dest="date_to", required=True)
    p.add_argument(
        "--csv", metavar="FILE", help="ghi báo cáo ra tệp CSV (UTF-8, mở được bằng Excel)"
    )
    p.add_argument("--xlsx", metavar="FILE", help="ghi báo cáo ra tệp Excel (.xlsx)")
    p.set_defaults(func=cmd_report)
