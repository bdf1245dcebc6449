"""Result sub-commands: ``result`` and ``handover-result``.

result CODE [--attach FILE... | --scan [--device D] [--pages K]] [--name ..] [--code ..] [--so-ky-hieu ..] [--issuer ..]
            [--signer ..] [--signed-on ..]   show the dossier's results, or attach one
handover-result CODE --to applicant|authorised|post [--name ..] [--id-number ..]
            [--originals "A; B"] [--batch ID] [--out FILE]
                                             hand the result over (status 10), print the
                                             receipt of delivery
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import desk_context as _ctx
from app.cli.common import emit as _emit
from app.cli.common import jsonable, vn


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1048576:.1f} MB"


def result_lines(r: Any, check: Any = None) -> list[str]:
    head = f"  {r.position + 1}. {r.name} — mã {r.code}"
    meta = [
        f"số {r.so_ky_hieu}" if r.so_ky_hieu else "",
        f"cơ quan ban hành: {r.issuer}" if r.issuer else "",
        f"người ký: {r.signer}" if r.signer else "",
        f"ngày ký: {r.signed_on:%d/%m/%Y}" if r.signed_on else "",
    ]
    lines = [head, "     " + "; ".join(m for m in meta if m)] if any(meta) else [head]
    state = (
        f"tệp {r.sha256[:12]}… {r.pages} trang {_size(r.size)} ({r.source.label_vi})"
        if r.file_kept
        else f"tệp {r.sha256[:12]}… CHƯA CÓ trên máy này"
    )
    lines.append(f"     {state}")
    if r.fetch_error:
        lines.append(f"     ! {r.fetch_error}")
    if check is not None:
        mark = "✓" if check.ok else "!"
        lines.append(f"     {mark} Chữ ký số: {check.message()}")
    return lines


def _view_text(view: Any) -> str:
    lines = [f"Hồ sơ {view.code}: {view.status.label_vi}; {len(view.results)} kết quả"]
    for i, r in enumerate(view.results):
        lines += result_lines(r, view.signature(i))
    h = view.handover
    if h is not None:
        who = h.name + (f" (CCCD {h.id_number})" if h.id_number else "")
        lines.append(f"Đã trả kết quả lúc {vn(h.at)} cho {h.kind.label_vi.lower()}: {who}")
        if h.originals:
            lines.append(f"  Bản gốc trả lại: {'; '.join(h.originals)}")
    return "\n".join(lines)


def _view_obj(view: Any) -> dict[str, Any]:
    return {
        "code": view.code,
        "status": int(view.status),
        "status_label": view.status.label_vi,
        "electronic": view.electronic,
        "results": [
            {**jsonable(r), "electronic": r.electronic, "signature": _sig(view.signature(i))}
            for i, r in enumerate(view.results)
        ],
        "handover": jsonable(view.handover),
        "warnings": list(view.warnings),
    }


def _sig(check: Any) -> Any:
    return None if check is None else {**check.as_dict(), "message": check.message()}


def cmd_result(args: argparse.Namespace) -> int:
    from app.services.results import attach_result, dossier_results

    ctx = _ctx(args)
    if args.scan:
        from app.files.scan import ScanRequest
        from app.services.results import scan_result

        scan_result(
            ctx,
            code=args.code,
            request=ScanRequest(args.device or "", pages=args.pages, colour=args.colour),
            name=args.name,
            result_code=args.result_code,
            so_ky_hieu=args.so_ky_hieu,
            issuer=args.issuer,
            signer=args.signer,
            signed_on=args.signed_on,
        )
    elif args.attach:
        attach_result(
            ctx,
            code=args.code,
            paths=[Path(p) for p in args.attach],
            name=args.name,
            result_code=args.result_code,
            so_ky_hieu=args.so_ky_hieu,
            issuer=args.issuer,
            signer=args.signer,
            signed_on=args.signed_on,
            colour=args.colour,
        )
    view = dossier_results(ctx, code=args.code, check_signatures=True)
    _emit(args, _view_obj(view), _view_text(view))
    return 0


def cmd_handover(args: argparse.Namespace) -> int:
    import sys

    from app.services.results import dossier_results, hand_over_result, write_receipt

    ctx = _ctx(args)
    # The signature state before the result goes: a warning, never a silent pass.
    before = dossier_results(ctx, code=args.code, check_signatures=True)
    for warning in before.warnings:
        print(f"CẢNH BÁO / WARNING: {warning}", file=sys.stderr)
    done = hand_over_result(
        ctx,
        code=args.code,
        to=args.to,
        name=args.name,
        id_number=args.id_number,
        originals=args.originals,
        post_batch=args.batch,
    )
    receipt = write_receipt(ctx, code=args.code, out=Path(args.out) if args.out else None)
    h = done.handover
    text = (
        f"Hồ sơ {args.code}: {done.record.status.label_vi} lúc {vn(h.at)}; "
        f"người nhận: {h.kind.label_vi} {h.name}"
        + (f" (CCCD {h.id_number})" if h.id_number else "")
        + (f"\nBản gốc trả lại: {'; '.join(h.originals)}" if h.originals else "")
        + f"\nBiên nhận trả kết quả: {receipt}"
    )
    _emit(
        args,
        {
            "code": args.code,
            "status": int(done.record.status),
            "returned_at": jsonable(done.record.returned_at),
            "handover": jsonable(h),
            "results": jsonable(list(done.results)),
            "receipt": str(receipt),
            "warnings": list(before.warnings),
        },
        text,
    )
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "result",
        parents=[common],
        help="kết quả giải quyết của một hồ sơ (xem, hoặc đính kèm bản quét/tệp PDF)",
    )
    p.add_argument("code")
    p.add_argument(
        "--attach",
        nargs="+",
        metavar="FILE",
        help="tệp kết quả: một PDF (giữ nguyên, chữ ký số còn hiệu lực) hoặc các ảnh quét "
        "(ghép thành PDF/A)",
    )
    p.add_argument("--name", default="", help="tên kết quả (TenGiayTo)")
    p.add_argument("--code", dest="result_code", default="", help="mã kết quả (MaKetQua)")
    p.add_argument("--so-ky-hieu", default="", help="số, ký hiệu văn bản kết quả")
    p.add_argument("--issuer", default="", help="cơ quan ban hành")
    p.add_argument("--signer", default="", help="người ký")
    p.add_argument("--signed-on", default="", help="ngày ký (YYYY-MM-DD hoặc dd/mm/yyyy)")
    p.add_argument(
        "--scan", action="store_true", help="quét bản giấy kết quả (máy quét SANE) thành PDF/A"
    )
    p.add_argument("--device", metavar="NAME", help="tên máy quét (mặc định: máy đầu tiên)")
    p.add_argument("--pages", type=int, default=1, metavar="K", help="số trang cần quét")
    p.add_argument("--colour", "--color", action="store_true", help="ảnh quét giữ màu")
    p.set_defaults(func=cmd_result)

    p = sub.add_parser(
        "handover-result",
        parents=[common],
        help="trả kết quả cho người dân (trạng thái 10) và in biên nhận trả kết quả",
    )
    p.add_argument("code")
    p.add_argument(
        "--to",
        required=True,
        metavar="applicant|authorised|post",
        help="người nhận: người nộp hồ sơ, người được ủy quyền, hoặc bưu chính",
    )
    p.add_argument("--name", default="", help="họ tên người được ủy quyền")
    p.add_argument("--id-number", default="", help="số định danh/CCCD người được ủy quyền")
    p.add_argument("--originals", default="", help="bản gốc trả lại, cách nhau bởi dấu ;")
    p.add_argument("--batch", default="", help="mã danh sách bàn giao bưu chính")
    p.add_argument("--out", metavar="FILE", help="tệp PDF biên nhận (mặc định: DATA/prints/)")
    p.set_defaults(func=cmd_handover)
