"""Digitised-document sub-commands: ``attach``, ``scan``, ``files``.

attach CODE --component N FILE...   attach PDF/JPEG/PNG/TIFF files to component N
scan CODE --component N [--device NAME] [--pages K] [--colour]
files CODE                          the dossier's components and their files
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import desk_context as _ctx
from app.cli.common import emit as _emit
from app.cli.common import jsonable


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1048576:.1f} MB"


def _file_line(f: Any) -> str:
    flags = [
        label
        for on, label in (
            (f.reused, "tái sử dụng"),
            (f.from_national, "kho DMQG"),
            (f.on_hub, "đã gửi thành phố"),
        )
        if on
    ]
    extra = f" ({', '.join(flags)})" if flags else ""
    return (
        f"  [{f.component}] {f.name}  {f.pages} trang  {_size(f.size)}  "
        f"{f.source.label_vi}  {f.sha256[:12]}…{extra}"
    )


def cmd_attach(args: argparse.Namespace) -> int:
    from app.services.files import attach_files

    files = attach_files(
        _ctx(args),
        code=args.code,
        component=args.component,
        paths=[Path(p) for p in args.files],
        colour=args.colour,
    )
    _emit(
        args,
        files,
        f"Đã đính kèm {len(files)} tệp vào thành phần {args.component} của hồ sơ "
        f"{args.code}:\n" + "\n".join(_file_line(f) for f in files),
    )
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    import sys

    from app.domain.errors import DeskError
    from app.files.scan import ScanRequest
    from app.services.files import scan_into

    def progress(page: int, pct: float) -> None:
        if not args.json:
            print(f"\rĐang quét trang {page}: {pct:5.1f}%", end="", file=sys.stderr, flush=True)

    out = scan_into(
        _ctx(args),
        code=args.code,
        component=args.component,
        request=ScanRequest(args.device or "", pages=args.pages, dpi=args.dpi, colour=args.colour),
        progress=progress,
    )
    if not args.json:
        print(file=sys.stderr)
    obj = {
        "file": jsonable(out.file),
        "pages": out.pages,
        "error": out.error.message("vi") if out.error else None,
    }
    text = f"Đã quét {out.pages} trang vào thành phần {args.component} của hồ sơ {args.code}" + (
        f"\n{_file_line(out.file)}" if out.file else ""
    )
    if out.error is None or out.file is not None:
        _emit(args, obj, text)
    if out.error is not None:
        raise DeskError(out.error.key, **out.error.params)
    return 0


def cmd_files(args: argparse.Namespace) -> int:
    from app.services.files import dossier_components

    comps = dossier_components(_ctx(args), code=args.code)
    lines = [
        f"Hồ sơ {args.code}: {sum(c.digitised for c in comps)}/{len(comps)} thành phần đã số hóa"
    ]
    for c in comps:
        lines.append(f"{'[x]' if c.digitised else '[ ]'} {c.component}. {c.name}")
        lines += [_file_line(f) for f in c.files]
    _emit(
        args,
        {
            "code": args.code,
            "components": [{**jsonable(c), "digitised": c.digitised} for c in comps],
            "digitised": bool(comps) and all(c.digitised for c in comps),
        },
        "\n".join(lines),
    )
    return 0


def cmd_push_files(args: argparse.Namespace) -> int:
    from app.domain.errors import DeskError
    from app.services.files import push_files

    rep = push_files(_ctx(args))
    _emit(
        args,
        rep,
        f"Đã gửi {rep.sent} tệp lên thành phố ({rep.held} tệp thành phố đã có); "
        f"còn chờ {rep.waiting}.",
    )
    if rep.waiting:
        raise DeskError("sync.files_waiting", count=rep.waiting, detail=rep.error)
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "attach",
        parents=[common],
        help="đính kèm tệp (PDF, JPEG, PNG, TIFF) vào một thành phần hồ sơ",
    )
    p.add_argument("code")
    p.add_argument(
        "--component",
        type=int,
        required=True,
        metavar="N",
        help="số thứ tự thành phần hồ sơ (1, 2, ...)",
    )
    p.add_argument("--colour", "--color", action="store_true", help="giữ màu (mặc định: xám)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_attach)

    p = sub.add_parser("scan", parents=[common], help="quét giấy tờ vào một thành phần hồ sơ")
    p.add_argument("code")
    p.add_argument("--component", type=int, required=True, metavar="N")
    p.add_argument("--device", metavar="NAME", help="tên máy quét SANE (mặc định: máy đầu tiên)")
    p.add_argument(
        "--pages", type=int, default=1, metavar="K", help="số trang (0: đến khi khay nạp giấy hết)"
    )
    p.add_argument("--dpi", type=int, default=200)
    p.add_argument("--colour", "--color", action="store_true")
    p.set_defaults(func=cmd_scan)

    p = sub.add_parser(
        "push-files", parents=[common], help="gửi các tệp đã số hóa chưa có trên máy chủ thành phố"
    )
    p.set_defaults(func=cmd_push_files)

    p = sub.add_parser("files", parents=[common], help="các tệp đã số hóa của một hồ sơ")
    p.add_argument("code")
    p.set_defaults(func=cmd_files)
