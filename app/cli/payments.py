"""Fees paid: ``pay``, ``receipts``, ``void-receipt``.

pay CODE --line N --method cash|transfer|online [--amount VND] [--out FILE]
                                    record how fee line N was paid; prints its biên lai
receipts [--year Y]                 the year's receipt series
void-receipt NUMBER --reason TEXT [--year Y]   void a receipt (a new recorded event)
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import desk_context as _ctx
from app.cli.common import emit as _emit
from app.cli.common import vn
from app.domain.payment import format_vnd


def _line(p: Any) -> str:
    state = {
        "waiting": "biên lai điện tử: đang chờ gửi",
        "issued": f"mã tra cứu: {p.lookup_code}",
        "refused": "biên lai điện tử: bị từ chối",
    }.get(p.ereceipt_state, "")
    void = "  [ĐÃ HỦY]" if p.voided else ""
    return (
        f"  {p.receipt_symbol} {p.receipt_no}  {vn(p.paid_at)}  {p.dossier_code}  "
        f"khoản {p.line}: {format_vnd(p.amount)}  {p.method.label_vi}  {state}{void}"
    )


def cmd_pay(args: argparse.Namespace) -> int:
    from app.services.payments import print_fee_receipt, record_payment

    ctx = _ctx(args)
    result = record_payment(
        ctx, code=args.code, line=args.line, method=args.method, amount=args.amount
    )
    p = result.payment
    saved = ""
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out = print_fee_receipt(ctx, receipt=p.receipt_no, year=p.year, out=out)
        saved = f"\nBiên lai đã lưu: {out}"
    obj = {"payment": p, "lines": result.lines, "file": args.out or ""}
    _emit(
        args,
        obj,
        f"Đã thu khoản phí số {p.line} của hồ sơ {p.dossier_code}: {p.fee_name}\n"
        + _line(p)
        + saved,
    )
    return 0


def cmd_receipts(args: argparse.Namespace) -> int:
    from app.services.payments import receipts

    items = receipts(_ctx(args), year=args.year)
    total = sum(p.amount for p in items if not p.voided)
    _emit(
        args,
        items,
        f"Sổ biên lai: {len(items)} biên lai, đã thu {format_vnd(total)}"
        + ("\n" + "\n".join(_line(p) for p in items) if items else ""),
    )
    return 0


def cmd_void_receipt(args: argparse.Namespace) -> int:
    from app.services.payments import void_payment

    p = void_payment(_ctx(args), receipt=args.number, reason=args.reason, year=args.year)
    _emit(args, p, "Đã hủy biên lai:\n" + _line(p))
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "pay", parents=[common], help="ghi nhận nộp một khoản phí, lệ phí và lập biên lai"
    )
    p.add_argument("code", help="mã hồ sơ")
    p.add_argument("--line", type=int, required=True, help="số thứ tự khoản phí (1, 2, ...)")
    p.add_argument("--method", required=True, help="cash | transfer | online")
    p.add_argument("--amount", type=int, default=None, help="số tiền đã nhận (để đối chiếu)")
    p.add_argument("--out", default="", help="lưu biên lai (PDF) vào tệp này")
    p.set_defaults(func=cmd_pay)

    p = sub.add_parser("receipts", parents=[common], help="sổ biên lai thu phí, lệ phí của năm")
    p.add_argument("--year", type=int, default=None)
    p.set_defaults(func=cmd_receipts)

    p = sub.add_parser("void-receipt", parents=[common], help="hủy một biên lai (ghi nhận mới)")
    p.add_argument("number", help="số biên lai")
    p.add_argument("--reason", required=True)
    p.add_argument("--year", type=int, default=None)
    p.set_defaults(func=cmd_void_receipt)
