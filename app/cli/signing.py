"""Signature sub-commands: ``sign``, ``verify``, ``certify``.

sign FILE --out FILE (--pkcs11-lib LIB --slot N | --pkcs12 FILE) [--pin-stdin]
verify FILE                         the signature check against the city's trust roots
certify FILE... --out FILE (--pkcs11-lib LIB --slot N | --pkcs12 FILE) [--register-book B]
certify --scan [--device D] [--pages K] --out FILE (...)   the original scanned at the counter
certify --list [--year Y]           the electronic certification register

The PIN is never an argument: it is asked on the terminal (getpass), or read from the first
line of standard input with ``--pin-stdin`` (scripts). It is used for one signature and
forgotten. ``verify`` exits 0 for a valid signature and 1 for any other verdict."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from app.cli.common import desk_context as _ctx
from app.cli.common import emit as _emit
from app.cli.common import vn
from app.domain.errors import DeskError

EXIT_NOT_VALID = 1


def _quiet_library() -> None:
    # pyHanko logs each chain it cannot build, with a traceback; the verdict says it all.
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def read_pin(args: argparse.Namespace) -> str:
    """The PIN from standard input's first line (--pin-stdin) or the terminal."""
    if args.pin_stdin:
        pin = sys.stdin.readline().rstrip("\r\n")
    else:
        import getpass

        try:
            pin = getpass.getpass("Mã PIN của chứng thư số / certificate PIN: ")
        except EOFError:
            pin = ""
    if not pin:
        raise DeskError("sign.pin_empty")
    return pin


def signer_spec(args: argparse.Namespace) -> Any:
    from app.services.signatures import Pkcs11Source, Pkcs12Source

    if args.pkcs12:
        if args.pkcs11_lib or args.slot is not None:
            raise DeskError("sign.source")
        return Pkcs12Source(Path(args.pkcs12))
    if not args.pkcs11_lib or args.slot is None:
        raise DeskError("sign.source")
    return Pkcs11Source(Path(args.pkcs11_lib), args.slot)


def check_lines(check: Any) -> str:
    yes_no = {True: "có", False: "không"}
    return "\n".join(
        [
            check.message("vi"),
            f"  Trạng thái: {check.state}",
            f"  Người ký: {check.signer or '—'}",
            f"  Thời điểm ký: {vn(check.signed_at)}",
            f"  Nguyên vẹn (không sửa sau khi ký, ký toàn bộ tệp): {yes_no[check.intact]}",
            f"  Chứng thư được tin cậy: {yes_no[check.trusted]}",
            f"  Số chữ ký: {check.signatures}",
        ]
    )


def cmd_verify(args: argparse.Namespace) -> int:
    from app.services.signatures import check_pdf_signatures, trust_roots_for

    _quiet_library()
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DeskError("files.missing", path=str(path)) from err
    check = check_pdf_signatures(data, trust_roots_for(_ctx(args)))
    _emit(args, {"file": str(path), **check.as_dict()}, check_lines(check))
    return 0 if check.ok else EXIT_NOT_VALID


def cmd_sign(args: argparse.Namespace) -> int:
    from app.services.signatures import sign_file, trust_roots_for

    _quiet_library()
    spec = signer_spec(args)
    ctx = _ctx(args)
    pin = read_pin(args)
    out = Path(args.out)
    check = sign_file(Path(args.file), out, spec, pin, trust_roots=trust_roots_for(ctx))
    del pin
    _emit(
        args,
        {"out": str(out), **check.as_dict()},
        f"Đã ký số và lưu {out}.\n" + check_lines(check),
    )
    return 0


def _copy_line(c: Any) -> str:
    return (
        f"  {c.year} số {c.number}  quyển {c.book}  {vn(c.certified_at)}  {c.pages} trang  "
        f"{c.officer}  ký: {c.signer or '—'}  {', '.join(c.sources)}  {c.sha256[:12]}…"
    )


def cmd_certify(args: argparse.Namespace) -> int:
    from app.services.certification import certification_register, certify_copy

    _quiet_library()
    if args.list:
        if args.files or args.out or args.scan:
            raise DeskError("certify.usage")
        copies = certification_register(_ctx(args), year=args.year)
        _emit(
            args,
            copies,
            f"Sổ chứng thực điện tử: {len(copies)} bản sao\n"
            + "\n".join(_copy_line(c) for c in copies),
        )
        return 0
    if (not args.files) == (not args.scan) or not args.out or args.year is not None:
        raise DeskError("certify.usage")
    spec = signer_spec(args)
    ctx = _ctx(args)
    pin = read_pin(args)
    if args.scan:
        from app.files.scan import ScanRequest
        from app.services.certification import certify_scan

        done = certify_scan(
            ctx,
            request=ScanRequest(args.device or "", pages=args.pages, colour=args.colour),
            out=Path(args.out),
            signer_spec=spec,
            pin=pin,
            book=args.register_book,
            officer=args.officer or "",
        )
    else:
        done = certify_copy(
            ctx,
            paths=[Path(f) for f in args.files],
            out=Path(args.out),
            signer_spec=spec,
            pin=pin,
            book=args.register_book,
            officer=args.officer or "",
            colour=args.colour,
        )
    del pin
    _emit(
        args,
        {"copy": done.copy, "out": str(done.out), "check": done.check.as_dict()},
        f"Đã chứng thực bản sao điện tử: số chứng thực {done.copy.number}, quyển "
        f"{done.copy.book}; lưu {done.out}.\n" + check_lines(done.check),
    )
    return 0


def _signer_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--pkcs11-lib",
        metavar="LIB",
        help="thư viện PKCS#11 của thiết bị ký số (USB token), ví dụ /usr/lib/...so",
    )
    p.add_argument(
        "--slot", type=int, metavar="N", help="khe của thiết bị trong thư viện (0 = khe đầu)"
    )
    p.add_argument("--pkcs12", metavar="FILE", help="tệp chứng thư số .p12/.pfx")
    p.add_argument(
        "--pin-stdin",
        action="store_true",
        help="đọc mã PIN từ dòng đầu của đầu vào chuẩn (cho kịch bản); mặc định: hỏi",
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("verify", parents=[common], help="kiểm tra chữ ký số của một tệp PDF")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser(
        "sign", parents=[common], help="ký số một tệp PDF bằng USB token hoặc tệp .p12"
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--out", required=True, metavar="FILE", help="tệp PDF đã ký")
    _signer_options(p)
    p.set_defaults(func=cmd_sign)

    p = sub.add_parser(
        "certify",
        parents=[common],
        help="chứng thực bản sao điện tử từ bản chính (đóng lời chứng, ký số, vào sổ)",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="bản chính đã quét / tệp (PDF, ảnh)")
    p.add_argument("--out", metavar="FILE", help="tệp bản sao điện tử đã chứng thực")
    p.add_argument("--register-book", default="01", metavar="B", help="quyển số (mặc định 01)")
    p.add_argument("--officer", metavar="NAME", help="người thực hiện chứng thực")
    p.add_argument("--colour", "--color", action="store_true", help="giữ màu ảnh quét")
    p.add_argument("--scan", action="store_true", help="quét bản chính thay cho tệp")
    p.add_argument("--device", metavar="NAME", help="máy quét SANE (với --scan)")
    p.add_argument("--pages", type=int, default=1, metavar="K", help="số trang quét (với --scan)")
    p.add_argument("--list", action="store_true", help="liệt kê sổ chứng thực điện tử")
    p.add_argument("--year", type=int, metavar="Y", help="năm của sổ (với --list)")
    _signer_options(p)
    p.set_defaults(func=cmd_certify)
