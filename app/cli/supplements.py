"""``supplement CODE --missing ... [--note ..]`` asks the citizen for what is missing
(status 5, Mẫu 02); ``supplement CODE --done`` records that it was brought."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import desk_context, emit, vn
from app.domain.dossier import DossierRecord
from app.domain.errors import DeskError
from app.domain.supplements import is_repeat


def supplement_lines(rec: DossierRecord) -> list[str]:
    """The supplement requests of a dossier, as ``show`` prints them."""
    if not rec.supplements:
        return []
    lines = [f"Yêu cầu bổ sung: {len(rec.supplements)} lần"]
    if is_repeat(rec.supplements):
        lines[0] += " (từ lần thứ hai: chỉ số 766 tính là quá hạn)"
    for n, r in enumerate(rec.supplements, start=1):
        done = f"đã bổ sung {vn(r.completed_at)}" if r.completed_at else "đang chờ bổ sung"
        lines.append(f"  {n}. {vn(r.requested_at)} ({r.requested_by}): {done}")
        for item in r.items:
            lines.append(f"     - {item}")
        if r.note:
            lines.append(f"     {r.note}")
        if r.due_after is not None and r.due_after != r.due_before:
            lines.append(f"     hẹn trả {vn(r.due_before)} → {vn(r.due_after)}")
    return lines


def cmd_supplement(args: argparse.Namespace) -> int:
    from app.services.supplements import (
        complete_supplement,
        request_supplement,
        supplement_summary,
    )

    ctx = desk_context(args)
    if args.done:
        if args.missing:
            raise DeskError("supplement.done_with_items")
        rec = complete_supplement(ctx, code=args.code, note=args.note or "")
    else:
        rec = request_supplement(
            ctx, code=args.code, missing=args.missing or [], note=args.note or ""
        )
    summary = supplement_summary(ctx, rec)
    emit(
        args,
        {"dossier": rec, "supplement": summary},
        f"Hồ sơ {rec.code}: {rec.status.label_vi}\n" + "\n".join(supplement_lines(rec)),
    )
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add supplement."""
    p = sub.add_parser(
        "supplement", parents=[common], help="yêu cầu bổ sung hồ sơ, hoặc ghi nhận đã bổ sung"
    )
    p.add_argument("code")
    p.add_argument(
        "--missing",
        action="append",
        metavar="TEXT",
        help="một giấy tờ, nội dung cần bổ sung (lặp lại cho nhiều mục)",
    )
    p.add_argument("--note", help="ghi chú, lý do")
    p.add_argument("--done", action="store_true", help="công dân đã bổ sung, hoàn thiện hồ sơ")
    p.set_defaults(func=cmd_supplement)
