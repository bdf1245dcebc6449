"""Sync sub-commands of the CLI: ``enroll --hub URL --code CODE`` and ``sync [--once]``.

Listed in app.cli.COMMANDS (``register(sub, common)``); errors are DeskErrors that app.cli
prints."""

from __future__ import annotations

import argparse
import threading
from typing import Any

from app.cli.common import desk_context, emit, vn
from app.domain.errors import DeskError

EXIT_NOT_DONE = 2


def cmd_enroll(args: argparse.Namespace) -> int:
    from app.services.enrolment import enroll

    ctx = desk_context(args)
    device_id = enroll(ctx, hub_url=args.hub, code=args.code, ca_bundle=args.ca_bundle)
    slot = ctx.code_slot()
    emit(
        args,
        {"device_id": device_id, "hub_url": args.hub, "slot": slot},
        f"Đã đăng ký quầy với {args.hub} (mã thiết bị {device_id}); thành phố cấp số quầy "
        f"{slot} (counter slot {slot}): mã hồ sơ của quầy là …-{slot}001 trở đi. Mã truy cập "
        f"đã được cất vào kho mật khẩu của máy.",
    )
    return 0


def _status_line(st: Any) -> str:
    labels = {
        "not_enrolled": "chưa đăng ký",
        "offline": "mất kết nối",
        "syncing": "đang đồng bộ",
        "up_to_date": "đã đồng bộ",
        "needs_attention": "cần xử lý",
        "busy": "tiến trình khác đang đồng bộ",
    }
    slot = "chưa có" if st.slot is None else str(st.slot)
    line = (
        f"[{labels.get(st.state, st.state)}] quầy số {slot}, chờ gửi {st.waiting}, "
        f"bị từ chối {st.rejected}, "
        f"lần cuối thành công {vn(st.last_success)}"
    )
    return line + (f" — {st.last_error}" if st.last_error else "")


def cmd_sync(args: argparse.Namespace) -> int:
    from app.services.restore import sync_on_hold
    from app.services.sync import run_forever, sync_once
    from app.services.sync_status import sync_status
    from app.sync.engine import EngineSettings

    ctx = desk_context(args)
    if args.manual and not args.once:
        raise DeskError(
            "input.invalid", detail="--manual needs --once / --manual chỉ dùng với --once"
        )
    if args.once:
        report = sync_once(
            ctx, settings=EngineSettings(batch_size=args.batch_size), manual=args.manual
        )
        text = (
            f"Quầy số {'chưa có' if report.slot is None else report.slot}. "
            f"Đã gửi {report.pushed} (trùng lặp đã có {report.duplicates}), bị từ chối "
            f"{report.rejected}, nhận {report.pulled} thay đổi, còn chờ gửi "
            f"{report.waiting_dossiers} hồ sơ. Trạng thái: {report.state}."
        )
        if report.error:
            text += f"\n{report.error}"
        if report.outcome == "skipped" and sync_on_hold(ctx):
            text += (
                "\nSau khi kiểm tra dữ liệu đã khôi phục, chạy «sync --once --manual» để "
                "đồng bộ và bỏ tạm dừng. (After checking the restored data, run "
                "'sync --once --manual' to sync and lift the pause.)"
            )
        elif report.outcome == "ok" and report.state != "up_to_date":
            text += "\nXem danh sách: «sync-problems». (See the list: 'sync-problems'.)"
        emit(args, report, text)
        # This round's result: old refusals, already listed by sync-problems, do not make
        # every later round fail; a refusal in this round does.
        return 0 if report.outcome == "ok" and report.rejected == 0 else EXIT_NOT_DONE
    stop = threading.Event()
    last: list[str] = []

    def show(st: Any) -> None:
        line = _status_line(st)
        if not last or last[-1] != line:
            last.append(line)
            emit(args, st, line)

    worker = threading.Thread(
        target=run_forever,
        name="motcua-sync",
        kwargs={"ctx": ctx, "stop": stop, "on_status": show},
        daemon=True,
    )
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.5)
    except KeyboardInterrupt:
        stop.set()
        worker.join(15)
    show(sync_status(ctx))
    return 0


def cmd_sync_problems(args: argparse.Namespace) -> int:
    """List refused / dead events (exit 0 even when some are listed: listing is the job),
    or, with ``--resend``, queue them again."""
    from app.services.sync_problems import rejected_events, requeue_problems

    ctx = desk_context(args)
    if args.resend is not None:
        codes = [c.strip() for c in args.resend if c.strip()] or None
        n = requeue_problems(ctx, codes=codes)
        emit(
            args,
            {"requeued": n},
            f"Đã xếp lại {n} lần gửi; chúng sẽ được gửi ở lượt đồng bộ sau. "
            f"({n} events queued again for the next sync round.)",
        )
        return 0
    shown = rejected_events(ctx)
    lines = [
        f"{e.dossier_code}  [{'lỗi nhiều lần / dead' if e.dead else 'bị từ chối / refused'}]"
        f"  {vn(e.at)}\n  Lý do: {e.reason}\n  Reason: {e.reason_en}\n"
        f"  Cách xử lý: {e.advice}\n  What to do: {e.advice_en}"
        for e in shown
    ]
    emit(args, shown, "\n".join(lines) or "Không có lần gửi nào bị từ chối. (No refused events.)")
    return 0


def cmd_numbering(args: argparse.Namespace) -> int:
    """Show whether new dossier codes are on hold after a restore; ``--release`` lifts the
    hold without the hub (supervisor), skipping ``--skip`` numbers of today's counter."""
    from app.services.numbering import numbering_hold, release_numbering

    ctx = desk_context(args)
    if args.release:
        if args.skip is None:
            raise DeskError("input.invalid", detail="--release needs --skip N / cần --skip N")
        following = release_numbering(ctx, skip=args.skip)
        emit(
            args,
            {"held": False, "next_number": following},
            f"Đã mở khóa cấp mã; số tiếp theo hôm nay: {following}. "
            f"(Numbering released; today's next number: {following}.)",
        )
        return 0
    reason = numbering_hold(ctx)
    emit(
        args,
        {"held": bool(reason), "reason": reason},
        DeskError("code.numbering_hold", reason=reason).both()
        if reason
        else "Cấp mã hồ sơ bình thường. (Dossier codes are issued normally.)",
    )
    return EXIT_NOT_DONE if reason else 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("enroll", parents=[common], help="đăng ký quầy với hệ thống của thành phố")
    p.add_argument("--hub", required=True, help="địa chỉ, ví dụ https://motcua.hanoi.gov.vn")
    p.add_argument("--code", required=True, help="mã đăng ký dùng một lần")
    p.add_argument("--ca-bundle", help="tệp chứng chỉ gốc (CA) riêng của thành phố, nếu có")
    p.set_defaults(func=cmd_enroll)

    p = sub.add_parser("sync", parents=[common], help="gửi hồ sơ và nhận thay đổi")
    p.add_argument("--once", action="store_true", help="đồng bộ một lượt rồi thoát")
    p.add_argument(
        "--batch-size",
        type=int,
        default=200,
        choices=range(1, 1001),
        metavar="N",
        help="số hồ sơ mỗi lần gửi (1-1000, mặc định 200)",
    )
    p.add_argument(
        "--manual",
        action="store_true",
        help="lượt do người dùng yêu cầu (như nút «Đồng bộ ngay»): bỏ tạm dừng sau "
        "khi khôi phục / a clerk's round, lifts the pause after a restore",
    )
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser(
        "sync-problems",
        parents=[common],
        help="hồ sơ bị thành phố từ chối hoặc gửi lỗi nhiều lần, lý do và cách xử "
        "lý; --resend để gửi lại",
    )
    p.add_argument(
        "--resend",
        nargs="*",
        metavar="MÃ-HỒ-SƠ",
        help="gửi lại (tất cả, hoặc chỉ các hồ sơ nêu) ở lượt đồng bộ sau",
    )
    p.set_defaults(func=cmd_sync_problems)

    p = sub.add_parser(
        "numbering",
        parents=[common],
        help="cấp mã hồ sơ có đang bị khóa sau khi khôi phục không; --release "
        "--skip N để mở khóa (cán bộ phụ trách)",
    )
    p.add_argument("--release", action="store_true", help="mở khóa không cần hệ thống thành phố")
    p.add_argument(
        "--skip",
        type=int,
        metavar="N",
        help="bỏ qua N số của hôm nay để chắc chắn không trùng mã đã in (0-900)",
    )
    p.set_defaults(func=cmd_numbering)
