"""``demo``: a sample service point with procedures, users and dossiers to try the app on."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import desk_context, emit


def cmd_demo(args: argparse.Namespace) -> int:
    from app.services.demo import DEMO_PASSWORD, create_demo

    ctx = desk_context(args)
    summary = create_demo(ctx, dossiers=args.dossiers, seed=args.seed)
    emit(
        args,
        summary,
        f"Đã tạo điểm phục vụ mẫu {summary.agency_code}: {summary.procedures} "
        f"thủ tục, {summary.dossiers} hồ sơ. Người dùng: {', '.join(summary.users)} "
        f"(mật khẩu {DEMO_PASSWORD}).",
    )
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add demo."""
    p = sub.add_parser("demo", parents=[common], help="tạo điểm phục vụ mẫu")
    p.add_argument("--dossiers", type=int, default=300)
    p.add_argument("--seed", type=int, default=2025)
    p.set_defaults(func=cmd_demo)
