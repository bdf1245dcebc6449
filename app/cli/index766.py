"""``index``: the commune's own 766 scorecard (an estimate) per month, quarter or year, the
dossiers that cost points (``--drill REASON``), and its Excel copy."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import desk_context, emit, jsonable, vn


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def cmd_index(args: argparse.Namespace) -> int:
    from app.domain.index766 import ESTIMATE
    from app.services.dossiers import parse_day
    from app.services.index766 import (
        build_scorecards,
        index_drill,
        parse_period,
        parse_reason,
        write_scorecard_xlsx,
    )

    date_from, date_to = parse_day(args.date_from), parse_day(args.date_to)
    period = parse_period(args.period)
    reason = parse_reason(args.drill) if args.drill else None
    ctx = desk_context(args)
    if reason is not None:
        drill = index_drill(
            ctx, date_from=date_from, date_to=date_to, reason=reason, limit=args.limit
        )
        lines = [f"{drill.label}: {drill.count} hồ sơ (hiện {len(drill.rows)})"]
        lines += [
            f"  {r.code:<28} hẹn {vn(r.appointment_at):<17} {r.procedure_code:<10} "
            f"{r.applicant_name}"
            for r in drill.rows
        ]
        emit(args, drill, "\n".join(lines))
        return 0
    cards = build_scorecards(ctx, date_from=date_from, date_to=date_to, period=period)
    files = []
    if args.xlsx:
        files.append(str(write_scorecard_xlsx(ctx, cards=cards, out=Path(args.xlsx))))
    lines = [f"Chỉ số 766 của đơn vị ({ESTIMATE}, từ dữ liệu tại quầy)"]
    for card in cards:
        lines.append(
            f"Kỳ {card.label} ({card.date_from:%d/%m/%Y}–{card.date_to:%d/%m/%Y}): "
            f"{card.points:g} / {card.measured_max:g} điểm đo được (trên 100); "
            f"{card.counts.received} hồ sơ"
        )
        for g in card.groups:
            lines.append(f"  {g.title}: {_num(g.points)} / {g.max_points:g}")
            for i in g.indicators:
                r = i.rule
                ratio = "—" if i.ratio is None else f"{100 * i.ratio:.1f}%"
                lines.append(
                    f"    {r.code:<5} {r.title:<36} {_num(i.points):>6} / "
                    f"{_num(r.max_points):<4} tỷ lệ {ratio:>7} (đạt ở {100 * r.full_at:g}%) "
                    f"[{i.note}] {r.formula} — {r.source}, {r.confidence}"
                )
    lines += [f"Đã ghi tệp: {f}" for f in files]
    found: list[dict[str, Any]] = []
    obj = {"estimate": True, "label": ESTIMATE, "files": files, "periods": found}
    for card in cards:
        c = jsonable(card)
        c["points"], c["measured_max"] = card.points, card.measured_max
        for g, gj in zip(card.groups, c["groups"], strict=True):
            gj["points"], gj["measured_max"] = g.points, g.measured_max
            for i, ij in zip(g.indicators, gj["indicators"], strict=True):
                ij["ratio"], ij["attainment"], ij["note"] = i.ratio, i.attainment, i.note
        found.append(c)
    emit(args, obj, "\n".join(lines))
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add index."""
    p = sub.add_parser("index", parents=[common], help="chỉ số 766 của đơn vị (ước tính)")
    p.add_argument("--from", dest="date_from", required=True)
    p.add_argument("--to", dest="date_to", required=True)
    p.add_argument("--period", default="month", help="month (mặc định), quarter hoặc year")
    p.add_argument("--xlsx", metavar="FILE", help="ghi bảng điểm ra tệp Excel (.xlsx)")
    p.add_argument(
        "--drill",
        metavar="REASON",
        help="hồ sơ làm mất điểm: overdue, second-supplement, no-file, no-e-result, "
        "not-paid-online, not-synced",
    )
    p.add_argument("--limit", type=int, default=200, help="số hồ sơ tối đa được liệt kê")
    p.set_defaults(func=cmd_index)
