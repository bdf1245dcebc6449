"""``python main.py hub ...`` (serve the reference endpoint) and ``python main.py hub-admin
...`` (the back office's tools). ``argv[0]`` is "hub" or "hub-admin".

Errors go to stderr, Vietnamese first then English, with exit status 2."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from app.domain.dossier import Status
from app.domain.entry import check_year_range
from app.domain.errors import DeskError

EXIT_USER = 2


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        help="SQLAlchemy URL: sqlite:///FILE (mặc định) hoặc "
        "postgresql+psycopg://USER:PASS@HOST:PORT/DB; cũng đọc MOTCUA_HUB_DB",
    )


def _hub_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="motcua hub", description="Máy chủ tham chiếu của thành phố (reference city endpoint)"
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    _db_arg(p)
    p.add_argument(
        "--notify-gateway",
        default=os.environ.get("MOTCUA_NOTIFY_GATEWAY", ""),
        help="URL của cổng gửi tin nhắn (SMS, Zalo, email); không có thì tin nhắn chờ trong "
        "hàng đợi; cũng đọc MOTCUA_NOTIFY_GATEWAY",
    )
    p.add_argument(
        "--public-url",
        default=os.environ.get("MOTCUA_HUB_PUBLIC_URL", ""),
        help="địa chỉ công khai của máy chủ, cho đường dẫn tra cứu trong tin nhắn; cũng đọc "
        "MOTCUA_HUB_PUBLIC_URL",
    )
    return p


def _admin_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _db_arg(common)
    common.add_argument(
        "--json",
        action="store_true",
        help="in kết quả dạng một đối tượng JSON (print one JSON object)",
    )
    p = argparse.ArgumentParser(
        prog="motcua hub-admin",
        description="Công cụ của bộ phận chuyên môn trên máy chủ tham chiếu (hub back office)",
    )
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("code", parents=[common], help="cấp mã đăng ký dùng một lần cho một quầy")
    c.add_argument("--agency", required=True)

    c = sub.add_parser(
        "advance", parents=[common], help="chuyển trạng thái hồ sơ từ phía thành phố"
    )
    c.add_argument("code")
    c.add_argument("--to", required=True)
    c.add_argument("--note", default="")

    c = sub.add_parser("stats", parents=[common], help="số liệu của máy chủ (JSON)")
    c.add_argument(
        "--by-body",
        action="store_true",
        help="thêm số hồ sơ theo cơ quan: tiếp nhận, xử lý, tiếp nhận hộ / được tiếp nhận hộ",
    )
    c = sub.add_parser("ratings", parents=[common], help="số đánh giá hài lòng theo mức (JSON)")
    c.add_argument("--agency", default="")

    c = sub.add_parser("calendar", parents=[common], help="ngày làm việc / ngày nghỉ bù")
    c.add_argument("--agency", required=True)
    c.add_argument("--day", required=True, help="YYYY-MM-DD")
    group = c.add_mutually_exclusive_group(required=True)
    group.add_argument("--working", action="store_true", help="ngày làm việc (làm bù)")
    group.add_argument("--off", action="store_true", help="ngày nghỉ")
    c.add_argument("--note", default="")

    c = sub.add_parser("procedure", parents=[common], help="cập nhật danh mục thủ tục từ tệp JSON")
    c.add_argument("--agency", required=True)
    # The file is named by position or --file; "--json FILE", the older spelling, still
    # works: --json is the output flag and FILE the position.
    c.add_argument("file", nargs="?", help="tệp JSON danh mục thủ tục")
    c.add_argument("--file", dest="file_opt", help="tệp JSON danh mục thủ tục")

    c = sub.add_parser(
        "files", parents=[common], help="các tệp của một hồ sơ và tệp nào đã về máy chủ"
    )
    c.add_argument("code", metavar="DOSSIER-CODE")

    c = sub.add_parser(
        "result", parents=[common], help="gắn kết quả giải quyết (tệp PDF) cho một hồ sơ"
    )
    c.add_argument("code", metavar="DOSSIER-CODE")
    c.add_argument("--file", required=True, help="tệp PDF kết quả")
    c.add_argument("--name", default="", help="tên kết quả (TenGiayTo)")
    c.add_argument("--code", dest="result_code", default="", help="mã kết quả (MaKetQua)")
    c.add_argument("--so-ky-hieu", default="", help="số, ký hiệu văn bản kết quả")
    c.add_argument("--issuer", default="", help="cơ quan ban hành")
    c.add_argument("--signer", default="", help="người ký")
    c.add_argument("--signed-on", default="", help="ngày ký (YYYY-MM-DD hoặc dd/mm/yyyy)")

    c = sub.add_parser(
        "notifications", parents=[common], help="tin nhắn gửi công dân và tình trạng gửi"
    )
    c.add_argument("--dossier", metavar="DOSSIER-CODE")

    c = sub.add_parser("revoke", parents=[common], help="thu hồi mã thiết bị của một quầy")
    c.add_argument("device_id")
    from hub.agencies import add_parsers  # agency add | list | calendar (issue 18)

    add_parsers(sub, common)
    return p


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from hub.api import create_app
    from hub.db import default_url, make_engine, safe_url, session_factory
    from hub.notify import sender_from_env

    url = args.db or default_url()
    engine = make_engine(url)
    sender = None
    if args.notify_gateway:  # without one, messages wait in the queue (hub-admin notifications)
        sender = sender_from_env(session_factory(engine), args.notify_gateway, args.public_url)
        sender.start()
    print(
        f"MotCua hub: http://{args.host}:{args.port} ({safe_url(url)})", file=sys.stderr, flush=True
    )
    try:
        uvicorn.run(
            create_app(engine),
            host=args.host,
            port=args.port,
            log_level="warning",
            access_log=False,
            workers=1,
        )
    finally:
        if sender is not None:
            sender.stop()
        engine.dispose()
    return 0


def _out(args: argparse.Namespace, obj: dict[str, object], text: str) -> None:
    """One JSON object with --json (DESIGN.md section 4), else the line a person reads."""
    print(json.dumps(obj, ensure_ascii=False) if args.json else text)


def admin(args: argparse.Namespace) -> int:
    from datetime import date

    from hub import store
    from hub.db import default_url, make_engine, session_factory

    engine = make_engine(args.db or default_url())
    try:
        with session_factory(engine)() as s:
            if args.command == "code":
                agency = args.agency.strip()
                code = store.issue_code(s, agency)
                s.commit()
                _out(args, {"code": code, "agency_code": agency}, code)
            elif args.command == "advance":
                src, to = store.advance(s, code=args.code, to=Status.parse(args.to), note=args.note)
                s.commit()
                _out(
                    args,
                    {
                        "code": args.code,
                        "from": int(src),
                        "to": int(to),
                        "from_label": src.label_vi,
                        "to_label": to.label_vi,
                    },
                    f"{args.code}: {src.label_vi} → {to.label_vi}",
                )
            elif args.command == "stats":
                # JSON with or without --json
                print(json.dumps(store.stats(s, by_body=args.by_body)))
            elif args.command == "ratings":
                from hub.ratings import rating_counts

                print(json.dumps(rating_counts(s, args.agency.strip() or None)))
            elif args.command == "calendar":
                try:
                    day = date.fromisoformat(args.day)
                except ValueError:
                    raise DeskError("date.invalid", value=args.day) from None
                check_year_range(day)  # a counter's calendar spans the years its codes do
                store.set_calendar_day(
                    s,
                    agency=args.agency.strip(),
                    day=day,
                    working=bool(args.working),
                    note=args.note,
                )
                s.commit()
                _out(
                    args,
                    {
                        "agency_code": args.agency.strip(),
                        "day": day.isoformat(),
                        "working": bool(args.working),
                        "note": args.note,
                    },
                    f"{day.isoformat()}: {'làm việc' if args.working else 'nghỉ'}",
                )
            elif args.command == "procedure":
                source = args.file_opt or args.file
                if not source:
                    raise DeskError("input.invalid", detail="procedure: FILE or --file FILE")
                try:
                    data = json.loads(Path(source).read_text(encoding="utf-8"))
                except (OSError, ValueError, RecursionError) as exc:
                    raise DeskError("input.invalid", detail=f"{source}: {exc}") from None
                n = store.publish_procedures(s, agency=args.agency.strip(), data=data)
                s.commit()
                _out(args, {"agency_code": args.agency.strip(), "procedures": n}, f"{n} thủ tục")
            elif args.command == "files":
                from hub.files import DirectoryBackend, dossier_files, files_dir_for

                got = dossier_files(s, args.code, DirectoryBackend(files_dir_for(engine)))
                if got is None:
                    raise DeskError("dossier.unknown", code=args.code)
                lines = [f"{args.code}: {'đã số hóa đủ' if got['digitised'] else 'chưa đủ tệp'}"]
                lines += [
                    f"  {'[x]' if f['arrived'] else '[ ]'} {f['component']} {f['name']} "
                    f"{f['sha256'][:12]}…"
                    for f in got["files"]
                ]
                _out(args, got, "\n".join(lines))
            elif args.command == "result":
                from hub.results import attach_from_file

                added = attach_from_file(s, engine, args)
                s.commit()
                _out(
                    args,
                    {
                        "code": added.code,
                        "from": int(added.src),
                        "to": int(added.to),
                        **added.entry,
                    },
                    f"{added.code}: {added.entry['TenGiayTo']} ({added.entry['MaKetQua']}) "
                    f"{added.entry['MaHashTep'][:12]}… — {added.to.label_vi}",
                )
            elif args.command == "notifications":
                from hub.models import DossierSnapshot
                from hub.notify import notices

                if args.dossier and s.get(DossierSnapshot, args.dossier.strip()) is None:
                    raise DeskError("dossier.unknown", code=args.dossier)
                rows = notices(s, args.dossier)
                if args.json:
                    print(json.dumps(rows, ensure_ascii=False))
                else:
                    print(
                        "\n".join(
                            f"{n['code']} {n['event']} {n['channel']} {n['to']} {n['status']} "
                            f"({n['attempts']} lần gửi){' ' + n['last_error'] if n['last_error'] else ''}"
                            for n in rows
                        )
                        or "Không có tin nhắn nào (no messages)."
                    )
            elif args.command == "agency":
                from hub.agencies import run_admin

                run_admin(s, args, _out)
            elif args.command == "revoke":
                if not store.revoke(s, args.device_id):
                    raise DeskError("input.invalid", detail=f"unknown device {args.device_id}")
                s.commit()
                _out(
                    args,
                    {"device_id": args.device_id, "revoked": True},
                    f"revoked {args.device_id}",
                )
    finally:
        engine.dispose()
    return 0


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    prog, rest = (argv[0], argv[1:]) if argv else ("hub", [])
    try:
        if prog == "hub":
            return serve(_hub_parser().parse_args(rest))
        return admin(_admin_parser().parse_args(rest))
    except DeskError as err:
        print(err.both(), file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from sqlalchemy.exc import SQLAlchemyError

        if not isinstance(exc, SQLAlchemyError):
            raise
        detail = str(exc).split("\n", 1)[0][:300]
        print(
            f"Lỗi cơ sở dữ liệu của máy chủ: {detail}\n(Hub database error: {detail})",
            file=sys.stderr,
        )
        return EXIT_USER
