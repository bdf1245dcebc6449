"""Digitisation figures (issue 14): scan-to-PDF/A pages per second at 200 dpi, bytes per
page, and file push MB/s to a hub on 127.0.0.1 beside a bare ``requests`` upload of the
same bytes (the ratio should be at least 0.7).

    python bench/bench_files.py [--pages 20] [--files 8] [--mb 8]

1. Scan: SANE's ``test`` device (sane-utils; ``test`` enabled in /etc/sane.d/dll.conf) set
   to an A4 page at 200 dpi, grey: ``scan_into`` end to end (scanimage, PDF/A-2b, the
   content-addressed store, the row's commit). Also the PDF/A step alone on a dense text
   page, the page size that matters for the 150 KB bound.
2. Push: ``--files`` PDFs of ``--mb`` MB each attached to a dossier, then ``push_files`` to
   a fresh hub; then the same bytes PUT by a bare ``requests`` loop (same chunk size) to a
   second fresh hub: the ceiling of the transport and the hub.
Prints one summary line at the end."""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
import pikepdf  # noqa: E402
import requests  # noqa: E402

from app.files.pdfa import Page, pages_to_pdfa  # noqa: E402
from app.files.scan import ScanRequest  # noqa: E402
from app.files.store import FileStore  # noqa: E402
from app.services.context import open_desk  # noqa: E402
from app.services.demo import DEMO_AGENCY, create_demo  # noqa: E402
from app.services.dossiers import ApplicantInput, receive_dossier  # noqa: E402
from app.services.enrolment import enroll  # noqa: E402
from app.services.files import attach_files, push_files, scan_into  # noqa: E402
from app.sync.filepush import DEFAULT_CHUNK  # noqa: E402
from bench.bench_sync import start_hub  # noqa: E402
from tests.helpers.keyring import MemoryKeyring  # noqa: E402

A4 = ("-l", "0", "-t", "0", "-x", "210", "-y", "297", "--test-picture", "Grid")


def _counter(folder: Path, hub_url: str = "", code: str = ""):  # type: ignore[no-untyped-def]
    ctx = open_desk(folder)
    create_demo(ctx, dossiers=0)
    if hub_url:  # before the first dossier: a demo folder holding dossiers is never enrolled
        enroll(ctx, hub_url=hub_url, code=code)
    rec = receive_dossier(
        ctx, procedure_code="1.004222", applicant=ApplicantInput("Nguyễn Văn Bảy", "001080001234")
    )
    return ctx, rec.code


def bench_scan(folder: Path, pages: int) -> tuple[float, float, float, int]:
    ctx, code = _counter(folder / "scan")
    t = time.perf_counter()
    out = scan_into(
        ctx, code=code, component=1, request=ScanRequest("test", pages=pages, dpi=200, options=A4)
    )
    elapsed = time.perf_counter() - t
    assert out.error is None and out.file is not None, out.error
    per_page = out.file.size / out.pages
    from tests.unit.test_file_store import text_page

    page = text_page()
    t = time.perf_counter()
    n = 5
    for _ in range(n):
        dense = pages_to_pdfa([Page(page)])
    convert = n / (time.perf_counter() - t)
    ctx.db.dispose()
    return out.pages / elapsed, per_page, convert, len(dense)


def _noise_pdf(path: Path, megabytes: int) -> None:
    """A one-page PDF whose page is a grey image of random bytes: it survives the PDF/A
    conversion at about its size (noise does not compress)."""
    side = int((megabytes * 1024 * 1024) ** 0.5)
    pdf = pikepdf.new()
    pdf.add_blank_page()
    image = pdf.make_stream(
        os.urandom(side * side),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=side,
        Height=side,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
    )
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    pdf.save(path, compress_streams=False)


def bench_push(folder: Path, files: int, megabytes: int) -> tuple[float, float, int]:
    keyring.set_keyring(MemoryKeyring())
    hub = start_hub(folder, "hub-a.db")
    bare_hub = start_hub(folder, "hub-b.db")
    try:
        ctx, code = _counter(folder / "push", hub.url, hub.enrolment_code(DEMO_AGENCY["code"]))
        paths = []
        for i in range(files):
            p = folder / f"blob-{i}.pdf"
            _noise_pdf(p, megabytes)
            paths.append(p)
        store = FileStore.of(ctx.data_dir)
        stored = []  # the archive copies (PDF/A): the bytes both uploads send
        for i, p in enumerate(paths):
            made = attach_files(ctx, code=code, component=1 + i % 2, paths=[p])
            stored.extend(store.path(f.sha256) for f in made)
        total = sum(p.stat().st_size for p in stored)
        t = time.perf_counter()
        rep = push_files(ctx)
        ours = total / (time.perf_counter() - t) / 1e6
        assert rep.sent == files and rep.waiting == 0, rep
        token = requests.post(
            f"{bare_hub.url}/api/v1/enroll",
            timeout=30,
            json={"code": bare_hub.enrolment_code(DEMO_AGENCY["code"]), "counter_name": "bench"},
        ).json()["token"]
        session = requests.Session()
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/octet-stream"}
        t = time.perf_counter()
        for p in stored:
            data = p.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            for start in range(0, len(data), DEFAULT_CHUNK):
                chunk = data[start : start + DEFAULT_CHUNK]
                r = session.put(
                    f"{bare_hub.url}/api/v1/files/{sha}",
                    data=chunk,
                    timeout=60,
                    headers={
                        **auth,
                        "Content-Range": f"bytes {start}-{start + len(chunk) - 1}/{len(data)}",
                    },
                )
                assert r.status_code in (200, 202), r.text
        bare = total / (time.perf_counter() - t) / 1e6
        session.close()
    finally:
        hub.stop()
        bare_hub.stop()
        ctx.db.dispose()
    return ours, bare, total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--mb", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="motcua-bench-files-") as tmp:
        folder = Path(tmp)
        scan_rate, per_page, convert_rate, dense = bench_scan(folder, args.pages)
        print(
            f"scan-to-PDF/A (SANE test device, A4 200 dpi grey, {args.pages} pages): "
            f"{scan_rate:.2f} pages/s, {per_page / 1024:.1f} KB/page"
        )
        print(
            f"PDF/A step alone, dense A4 text page: {convert_rate:.2f} pages/s, "
            f"{dense / 1024:.1f} KB"
        )
        ours, bare, total = bench_push(folder, args.files, args.mb)
        print(
            f"file push of {total / 1e6:.0f} MB: push_files {ours:.1f} MB/s, bare requests "
            f"{bare:.1f} MB/s"
        )
    print(
        f"SUMMARY scan_pages_per_s={scan_rate:.2f} bytes_per_page={per_page:.0f} "
        f"dense_page_bytes={dense} push_mb_s={ours:.1f} bare_mb_s={bare:.1f} "
        f"ratio={ours / bare:.2f}"
    )


if __name__ == "__main__":
    main()
