"""``agencies``: the city's agency catalog as this counter has cached it (issue 18)."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import desk_context, emit, vn


def cmd_agencies(args: argparse.Namespace) -> int:
    from app.services.agencies import catalog_state

    state = catalog_state(desk_context(args))
    kinds = {"commune": "xã/phường", "city": "cơ quan thành phố"}
    head = (
        f"Danh mục cơ quan ({len(state.agencies)}), cập nhật từ máy chủ lúc {vn(state.checked_at)}"
        if state.checked_at
        else "Chưa tải danh mục cơ quan từ máy chủ (chạy sync khi có mạng)."
    )
    lines = [
        f"{a.code:<20} {kinds.get(a.kind, a.kind):<18} {a.name}"
        + (f"  — {a.address}" if a.address else "")
        for a in state.agencies
    ]
    emit(
        args,
        {
            "agencies": state.agencies,
            "version": state.version,
            "refreshed_at": state.checked_at,
            "changed_at": state.changed_at,
        },
        "\n".join([head, *lines]),
    )
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "agencies", parents=[common], help="danh mục cơ quan của thành phố (bản lưu trên máy)"
    )
    p.set_defaults(func=cmd_agencies)
