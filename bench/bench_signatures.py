"""Signature figures (issue 15): the check of a signed PDF against the trust roots, a
signature with a PKCS#12 file and with a SoftHSM2 token, and a whole certified copy (one
scanned A4 page: PDF/A, stamp, signature, store, register entry).

    python bench/bench_signatures.py [--n 20]

The CA, the token and the counter are made in a temporary folder. Prints one summary line
at the end."""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from tests.helpers.pki import make_ca  # noqa: E402
from tests.helpers.softhsm import MODULE, make_tokens  # noqa: E402

PIN = "246813"


def _ms(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[int(0.95 * (len(ordered) - 1))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ca = make_ca()
        hsm = make_tokens(folder / "hsm", [("bench", ca.signer)], pin=PIN)
        os.environ["SOFTHSM2_CONF"] = str(hsm.conf)
        os.environ.setdefault("MOTCUA_PASSWORD_WORK", str(2**10))
        from app.services.certification import certify_copy
        from app.services.context import open_desk
        from app.services.demo import create_demo
        from app.services.signatures import (
            Pkcs11Source,
            Pkcs12Source,
            check_pdf_signatures,
            sign_pdf,
        )

        buf = io.BytesIO()
        c = canvas.Canvas(buf)
        c.drawString(72, 720, "Ket qua")
        c.showPage()
        c.save()
        pdf = buf.getvalue()
        p12 = folder / "signer.p12"
        p12.write_bytes(ca.signer.pkcs12(PIN))
        roots = [ca.root.pem, ca.intermediate.der, ca.crl_der]
        t12, t11, tc = [], [], []
        signed = pdf
        for _ in range(args.n):
            t = time.perf_counter()
            signed = sign_pdf(pdf, Pkcs12Source(p12), PIN)
            t12.append(time.perf_counter() - t)
            t = time.perf_counter()
            sign_pdf(pdf, Pkcs11Source(MODULE, hsm.tokens[0].slot), PIN)
            t11.append(time.perf_counter() - t)
            t = time.perf_counter()
            assert check_pdf_signatures(signed, roots).ok
            tc.append(time.perf_counter() - t)
        ctx = open_desk(folder / "data", clock=lambda: datetime.now(UTC))
        create_demo(ctx, dossiers=0)
        ca.write_trust_folder(folder / "data" / "trust-roots")
        page = Image.new("L", (1654, 2339), 255)
        draw = ImageDraw.Draw(page)
        for y in range(200, 2200, 40):
            draw.line((150, y, 1500, y), fill=60, width=2)
        scan = folder / "page.png"
        page.save(scan)
        tcert = []
        for i in range(max(args.n // 2, 3)):
            t = time.perf_counter()
            certify_copy(ctx, paths=[scan], out=folder / f"c{i}.pdf",
                         signer_spec=Pkcs12Source(p12), pin=PIN)  # fmt: skip
            tcert.append(time.perf_counter() - t)
        ctx.db.dispose()
    (c_med, c_p95), (s12, _s12_95), (s11, _s11_95), (cc, cc95) = (
        _ms(tc), _ms(t12), _ms(t11), _ms(tcert)
    )  # fmt: skip
    print(f"check: median {c_med:.1f} ms, p95 {c_p95:.1f} ms")
    print(f"sign PKCS#12: median {s12:.1f} ms; PKCS#11 (SoftHSM2): median {s11:.1f} ms")
    print(f"certified copy of one A4 scan: median {cc:.0f} ms, p95 {cc95:.0f} ms")
    print(
        f"SUMMARY check_ms={c_med:.1f} check_p95_ms={c_p95:.1f} sign_p12_ms={s12:.1f} "
        f"sign_p11_ms={s11:.1f} certify_ms={cc:.0f} certify_p95_ms={cc95:.0f}"
    )


if __name__ == "__main__":
    main()
