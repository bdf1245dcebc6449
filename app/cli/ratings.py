"""``ratings``: the citizens' satisfaction ratings at the counter (counts per answer, the
share satisfied, the list; ``--unhappy`` the "not satisfied" ones for the supervisor), and
``rating-handled``: what the supervisor did about one of them."""

from __future__ import annotations

import argparse
import json
from typing import Any

from app.cli.common import desk_context, vn


def cmd_ratings(args: argparse.Namespace) -> int:
    from app.domain.ratings import level_label, reason_label
    from app.services.dossiers import parse_day
    from app.services.ratings import list_ratings, rating_summary

    date_from = parse_day(args.date_from) if args.date_from else None
    date_to = parse_day(args.date_to) if args.date_to else None
    ctx = desk_context(args)
    summary = rating_summary(ctx, date_from=date_from, date_to=date_to).counts
    rows = list_ratings(
        ctx,
        date_from=date_from,
        date_to=date_to,
        unhappy_only=args.unhappy,
        open_only=args.open,
    )
    if args.json:
        obj = {"counts": summary.as_json(), "ratings": [r.as_json() for r in rows]}
        print(json.dumps(obj, ensure_ascii=False))
        return 0
    share = summary.satisfied_share
    lines = [
        f"Đánh giá: {summary.total} — rất hài lòng {summary.very_satisfied}, hài lòng "
        f"{summary.satisfied}, không hài lòng {summary.unhappy} (chưa xử lý "
        f"{summary.unhappy_open}); tỷ lệ hài lòng {'—' if share is None else f'{share:.2%}'}"
    ]
    for r in rows:
        reason = f"  lý do: {reason_label(r.reason)}" if r.reason else ""
        note = f" — {r.note}" if r.note else ""
        handled = (
            f"  [đã xử lý {vn(r.handled_at)}, {r.handled_by}: {r.handled_note}]"
            if r.handled_at
            else ""
        )
        lines.append(
            f"  #{r.id:<5} {vn(r.rated_at)}  {r.dossier_code}  {level_label(r.level):<15} "
            f"{r.clerk_name or r.clerk}{reason}{note}{handled}"
        )
    print("\n".join(lines))
    return 0


def cmd_rating_handled(args: argparse.Namespace) -> int:
    from app.services.ratings import mark_handled

    ctx = desk_context(args)
    done = mark_handled(ctx, rating_id=args.id, note=args.note)
    if args.json:
        print(json.dumps(done.as_json(), ensure_ascii=False))
    else:
        print(f"Đánh giá #{done.id} ({done.dossier_code}): đã xử lý — {done.handled_note}")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ratings and rating-handled."""
    p = sub.add_parser("ratings", parents=[common], help="đánh giá hài lòng của người dân")
    p.add_argument("--from", dest="date_from", help="từ ngày (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", help="đến ngày (YYYY-MM-DD)")
    p.add_argument("--unhappy", action="store_true", help="chỉ các ý kiến không hài lòng")
    p.add_argument("--open", action="store_true", help="chỉ các ý kiến chưa xử lý")
    p.set_defaults(func=cmd_ratings)
    p = sub.add_parser(
        "rating-handled", parents=[common], help="ghi việc đã làm với một ý kiến không hài lòng"
    )
    p.add_argument("id", type=int, help="số của đánh giá (xem lệnh ratings)")
    p.add_argument("--note", required=True, help="việc đã làm")
    p.set_defaults(func=cmd_rating_handled)
