"""Certified electronic copies from the original: the statement stamped on the last page,
the copy signed, the register numbered in a yearly series unique across offline counters,
nothing registered or written when signing fails."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageDraw

from app.domain.codes import NUMBERING_HOLD_KEY
from app.domain.dossier import VN_TZ
from app.domain.errors import DeskError
from app.services.certification import certification_register, certify_copy
from app.services.context import DeskContext, open_desk
from app.services.demo import DEMO_AGENCY, create_demo, setup_service_point
from app.services.signatures import Pkcs12Source, check_pdf_signatures, trust_roots_for
from app.store.repositories import set_value
from tests.conftest import FixedClock
from tests.helpers.pki import Authority, make_ca

PIN = "246813"


@pytest.fixture(scope="module")
def ca() -> Authority:
    return make_ca()


@pytest.fixture
def now_clock() -> FixedClock:
    # the test CA's certificates are valid around the real today
    return FixedClock(datetime.now(UTC).replace(microsecond=0))


def _counter(folder: Path, clock: FixedClock, slot: int, ca: Authority) -> DeskContext:
    ctx = open_desk(folder, clock=clock)
    create_demo(ctx, dossiers=0)
    setup_service_point(ctx, agency=DEMO_AGENCY, slot=slot, counter_name=f"Quầy {slot}")
    ca.write_trust_folder(folder / "trust-roots")
    return ctx


@pytest.fixture
def counters(
    tmp_path: Path, now_clock: FixedClock, ca: Authority
) -> Iterator[tuple[DeskContext, DeskContext]]:
    a = _counter(tmp_path / "a", now_clock, 0, ca)
    b = _counter(tmp_path / "b", now_clock, 1, ca)
    yield a, b
    a.db.dispose()
    b.db.dispose()


def scan_image(folder: Path, text: str) -> Path:
    im = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(im)
    draw.rectangle((150, 150, 1500, 400), outline=0, width=6)
    draw.text((200, 250), text, fill=0)
    for y in range(600, 1800, 60):
        draw.line((150, y, 1500, y), fill=120, width=3)
    path = folder / f"{text}.png"
    im.save(path)
    return path


def p12(folder: Path, ca: Authority, who: str = "signer") -> Pkcs12Source:
    path = folder / f"{who}.p12"
    path.write_bytes(getattr(ca, who).pkcs12(PIN))
    return Pkcs12Source(path)


def test_numbers_are_unique_across_two_offline_counters_and_restart_each_year(
    counters: tuple[DeskContext, DeskContext], ca: Authority, now_clock: FixedClock,
    tmp_path: Path,
) -> None:  # fmt: skip
    a, b = counters
    original = scan_image(tmp_path, "giay-khai-sinh")
    numbers: list[tuple[int, str]] = []
    for i, ctx in enumerate([a, b, a, b, a]):
        done = certify_copy(
            ctx, paths=[original], out=tmp_path / f"copy-{i}.pdf",
            signer_spec=p12(tmp_path, ca), pin=PIN, officer="Phạm Thị Chứng",
        )  # fmt: skip
        numbers.append((done.copy.year, done.copy.number))
        assert done.check.state == "valid"
    year = now_clock().astimezone(VN_TZ).year
    assert numbers == [
        (year, "000001"), (year, "100001"), (year, "000002"), (year, "100002"), (year, "000003")
    ]  # fmt: skip
    assert len(set(numbers)) == len(numbers)
    # a new year: each counter's series starts again at its block's first number
    now_clock.now = datetime(year + 1, 1, 1, 0, 30, tzinfo=VN_TZ).astimezone(UTC)
    again = certify_copy(
        a, paths=[original], out=tmp_path / "new-year.pdf", signer_spec=p12(tmp_path, ca),
        pin=PIN,
    )  # fmt: skip
    assert (again.copy.year, again.copy.number) == (year + 1, "000001")
    listed = certification_register(a)
    assert [(c.year, c.number) for c in listed] == [
        (year, "000001"), (year, "000002"), (year, "000003"), (year + 1, "000001")
    ]  # fmt: skip
    assert [c.number for c in certification_register(a, year=year + 1)] == ["000001"]
    assert listed[0].officer == "Phạm Thị Chứng" and listed[0].signer == "Nguyễn Văn Ký"


def test_the_copy_carries_the_statement_and_a_valid_signature(
    counters: tuple[DeskContext, DeskContext], ca: Authority, now_clock: FixedClock,
    tmp_path: Path,
) -> None:  # fmt: skip
    a, _b = counters
    pdf_original = tmp_path / "hoc-ba.pdf"
    doc = pikepdf.new()
    doc.add_blank_page(page_size=(595, 842))
    doc.save(pdf_original)
    out = tmp_path / "ban-sao.pdf"
    done = certify_copy(
        a, paths=[scan_image(tmp_path, "trang-1"), pdf_original], out=out,
        signer_spec=p12(tmp_path, ca), pin=PIN, officer="Phạm Thị Chứng", book="02",
    )  # fmt: skip
    data = out.read_bytes()
    with pikepdf.open(out) as parsed:
        assert len(parsed.pages) == 2 == done.copy.pages
    check = check_pdf_signatures(data, trust_roots_for(a), at=now_clock())
    assert check.ok and check.signer == "Nguyễn Văn Ký"
    text = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-layout", str(out), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    local = now_clock().astimezone(VN_TZ)
    assert "LỜI CHỨNG CHỨNG THỰC BẢN SAO ĐIỆN TỬ TỪ BẢN CHÍNH" in text
    assert "Chứng thực bản sao điện tử này đúng với bản chính." in text
    assert "Số chứng thực: 000001" in text and f"Quyển số: 02/{local.year}-SCT/BS" in text
    assert f"Ngày {local.day:02d} tháng {local.month:02d} năm {local.year}" in text
    assert "Phạm Thị Chứng" in text and DEMO_AGENCY["name"] in text
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out), "-"],
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "Số chứng thực" not in first  # the stamp is on the last page only
    # the stored copy is the one written out
    from app.files.store import FileStore

    assert FileStore.of(a.data_dir).read(done.copy.sha256) == data
    subprocess.run(
        ["pdftoppm", "-f", "2", "-l", "2", "-r", "60", "-png", str(out),
         str(tmp_path / "look")], check=True,
    )  # fmt: skip
    assert list(tmp_path.glob("look*.png"))


def test_a_failed_signature_registers_nothing_and_leaves_no_gap(
    counters: tuple[DeskContext, DeskContext], ca: Authority, tmp_path: Path
) -> None:
    a, _b = counters
    original = scan_image(tmp_path, "cccd")
    out = tmp_path / "copy.pdf"
    with pytest.raises(DeskError) as err:
        certify_copy(a, paths=[original], out=out, signer_spec=p12(tmp_path, ca), pin="000")
    assert err.value.key == "sign.p12_unreadable"
    with pytest.raises(DeskError) as err:
        certify_copy(
            a, paths=[original], out=out, signer_spec=p12(tmp_path, ca, "expired"), pin=PIN
        )
    assert err.value.key == "sign.cert_expired"
    assert not out.exists() and not list(tmp_path.glob("copy.pdf*"))
    assert certification_register(a) == []
    done = certify_copy(a, paths=[original], out=out, signer_spec=p12(tmp_path, ca), pin=PIN)
    assert done.copy.number == "000001"  # the failed attempts used no number


def test_no_number_while_the_numbering_is_on_hold(
    counters: tuple[DeskContext, DeskContext], ca: Authority, tmp_path: Path
) -> None:
    a, _b = counters
    with a.db.session() as s:
        set_value(s, NUMBERING_HOLD_KEY, '{"reason": "restored from a backup"}')
        s.commit()
    with pytest.raises(DeskError) as err:
        certify_copy(
            a, paths=[scan_image(tmp_path, "x")], out=tmp_path / "o.pdf",
            signer_spec=p12(tmp_path, ca), pin=PIN,
        )  # fmt: skip
    assert err.value.key == "code.numbering_hold"
    assert not (tmp_path / "o.pdf").exists()


def test_the_register_counter_is_carried_past_a_restore(
    counters: tuple[DeskContext, DeskContext], ca: Authority, tmp_path: Path
) -> None:
    # the counter lives with the dossier codes' counters, so what carries those carries it
    from app.domain.codes import certification_series
    from app.services.numbering import carry_sequences

    a, _b = counters
    year = a.now().astimezone(VN_TZ).year
    with a.db.session() as s:
        carry_sequences(s, {(DEMO_AGENCY["code"], certification_series(year), 0): 41})
        s.commit()
    done = certify_copy(
        a, paths=[scan_image(tmp_path, "y")], out=tmp_path / "o.pdf",
        signer_spec=p12(tmp_path, ca), pin=PIN,
    )  # fmt: skip
    assert done.copy.number == "000042"


def test_certify_a_scanned_original(
    counters: tuple[DeskContext, DeskContext], ca: Authority, tmp_path: Path
) -> None:
    # SANE's own test device (sane-utils, "test" enabled in dll.conf), as the scan tests
    from app.files.scan import ScanRequest
    from app.services.certification import certify_scan

    a, _b = counters
    out = tmp_path / "quet.pdf"
    done = certify_scan(
        a, request=ScanRequest("test", pages=2, options=("--test-picture", "Grid")), out=out,
        signer_spec=p12(tmp_path, ca), pin=PIN,
    )  # fmt: skip
    assert done.copy.pages == 2 and done.copy.sources == ("scan",)
    assert done.check.ok
    assert not list((a.data_dir / "scans").glob("*"))  # the scan folder is gone
    text = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(out), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "Số chứng thực: 000001" in text


def test_the_pin_is_kept_nowhere(
    counters: tuple[DeskContext, DeskContext], ca: Authority, tmp_path: Path
) -> None:
    a, _b = counters
    pin = "Zq7kPinX"  # no hex digits: it cannot hide inside a digest by chance
    source = tmp_path / "can-bo.p12"
    source.write_bytes(ca.signer.pkcs12(pin))
    original = scan_image(tmp_path, "z")
    with pytest.raises(DeskError):
        certify_copy(a, paths=[original], out=tmp_path / "x.pdf",
                     signer_spec=Pkcs12Source(source), pin=pin + "wrong")  # fmt: skip
    certify_copy(a, paths=[original], out=tmp_path / "y.pdf", signer_spec=Pkcs12Source(source),
                 pin=pin)  # fmt: skip
    a.db.dispose()  # the WAL checkpointed into the file: every byte written is on disk
    for path in [*a.data_dir.rglob("*"), tmp_path / "y.pdf"]:
        if path.is_file():
            assert pin.encode() not in path.read_bytes(), path
            assert pin.encode("utf-16-le") not in path.read_bytes(), path


def test_two_writers_on_one_counter_never_share_a_number(
    counters: tuple[DeskContext, DeskContext], ca: Authority, now_clock: FixedClock,
    tmp_path: Path,
) -> None:  # fmt: skip
    # two processes' worth of connections on one database (the app and the CLI at once)
    from concurrent.futures import ThreadPoolExecutor

    a, _b = counters
    other = open_desk(a.data_dir, clock=now_clock)
    original = scan_image(tmp_path, "song-song")
    spec = p12(tmp_path, ca)

    def certify(job: tuple[DeskContext, int]) -> str:
        ctx, i = job
        out = tmp_path / f"par-{i}.pdf"
        return certify_copy(ctx, paths=[original], out=out, signer_spec=spec, pin=PIN).copy.number

    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            got = list(pool.map(certify, [(a if i % 2 else other, i) for i in range(6)]))
    finally:
        other.db.dispose()
    assert sorted(got) == [f"{n:06d}" for n in range(1, 7)]
    assert sorted(c.number for c in certification_register(a)) == sorted(got)


def test_the_store_check_and_backups_know_the_certified_copy(
    counters: tuple[DeskContext, DeskContext], ca: Authority, tmp_path: Path
) -> None:
    from app.files.store import FileStore
    from app.services.files import check_files, referenced_hashes
    from app.store.db import DB_FILENAME

    a, _b = counters
    done = certify_copy(a, paths=[scan_image(tmp_path, "k")], out=tmp_path / "k.pdf",
                        signer_spec=p12(tmp_path, ca), pin=PIN)  # fmt: skip
    assert done.copy.sha256 in referenced_hashes(a.data_dir / DB_FILENAME)  # backups copy these
    assert check_files(a.data_dir) == []
    stored = FileStore.of(a.data_dir).path(done.copy.sha256)
    stored.chmod(0o644)
    stored.write_bytes(b"damaged")
    problems = check_files(a.data_dir)
    assert len(problems) == 1 and done.copy.sha256[:12] in problems[0]
