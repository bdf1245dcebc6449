"""Sync sub-commands of the CLI: ``enroll --hub URL --code CODE`` and ``sync [--once]``.

Loaded by app.cli (``register(sub, common)``); errors are DeskErrors that app.cli prints."""

from __future__ import annotations

import argparse
import threading
from typing import Any

from app.cli import _ctx, _emit, _vn

EXIT_NOT_DONE = 2


def cmd_enroll(args: argparse.Namespace) -> int:
    from app.services.sync import enroll

    ctx = _ctx(args)
    device_id = enroll(ctx, hub_url=args.hub, code=args.code, ca_bundle=args.ca_bundle)
    slot = ctx.code_slot()
    _emit(args, {"device_id": device_id, "hub_url": args.hub, "slot": slot},
          f"Đã đăng ký quầy với {args.hub} (mã thiết bị {device_id}); thành phố cấp số quầy "
          f"{slot} (counter slot {slot}): mã hồ sơ của quầy là …-{slot}001 trở đi. Mã truy cập "
          f"đã được cất vào kho mật khẩu của máy.")
    return 0


def _status_line(st: Any) -> str:
    labels = {"not_enrolled": "chưa đăng ký", "offline": "mất kết nối", "syncing": "đang đồng bộ",
              "up_to_date": "đã đồng bộ", "needs_attention": "cần xử lý"}
    slot = "chưa có" if st.slot is None else str(st.slot)
    line = (f"[{labels.get(st.state, st.state)}] quầy số {slot}, chờ gửi {st.waiting}, "
            f"bị từ chối {st.rejected}, "
            f"lần cuối thành công {_vn(st.last_success)}")
    return line + (f" — {st.last_error}" if st.last_error else "")


def cmd_sync(args: argparse.Namespace) -> int:
    from app.services.sync import EngineSettings, run_forever, sync_once, sync_status

    ctx = _ctx(args)
    if args.once:
        report = sync_once(ctx, settings=EngineSettings(batch_size=args.batch_size))
        text = (f"Quầy số {'chưa có' if report.slot is None else report.slot}. "
                f"Đã gửi {report.pushed} (trùng lặp đã có {report.duplicates}), bị từ chối "
                f"{report.rejected}, nhận {report.pulled} thay đổi. Trạng thái: {report.state}.")
        if report.error:
            text += f"\n{report.error}"
        _emit(args, report, text)
        return 0 if report.state == "up_to_date" else EXIT_NOT_DONE
    stop = threading.Event()
    last: list[str] = []

    def show(st: Any) -> None:
        line = _status_line(st)
        if not last or last[-1] != line:
            last.append(line)
            _emit(args, st, line)

    worker = threading.Thread(target=run_forever, name="motcua-sync",
                              kwargs={"ctx": ctx, "stop": stop, "on_status": show}, daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.5)
    except KeyboardInterrupt:
        stop.set()
        worker.join(15)
    show(sync_status(ctx))
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("enroll", parents=[common], help="đăng ký quầy với hệ thống của thành phố")
    p.add_argument("--hub", required=True, help="địa chỉ, ví dụ https://motcua.hanoi.gov.vn")
    p.add_argument("--code", required=True, help="mã đăng ký dùng một lần")
    p.add_argument("--ca-bundle", help="tệp chứng chỉ gốc (CA) riêng của thành phố, nếu có")
    p.set_defaults(func=cmd_enroll)

    p = sub.add_parser("sync", parents=[common], help="gửi hồ sơ và nhận thay đổi")
    p.add_argument("--once", action="store_true", help="đồng bộ một lượt rồi thoát")
    p.add_argument("--batch-size", type=int, default=200, choices=range(1, 1001),
                   metavar="N", help="số hồ sơ mỗi lần gửi (1-1000, mặc định 200)")
    p.set_defaults(func=cmd_sync)
