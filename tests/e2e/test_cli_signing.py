"""``sign`` and ``verify`` as real subprocesses: a PKCS#12 file and a SoftHSM2 token of the
test CA, the PIN from standard input (never an argument), the city's trust folder."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from tests.helpers.pki import Authority, make_ca
from tests.helpers.softhsm import MODULE, SoftHsm, make_tokens

ROOT = Path(__file__).resolve().parents[2]
PIN = "246813"


def run(
    data: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=stdin,
        timeout=120,
        env={**(env or os.environ), "PYTHONIOENCODING": "utf-8"},
    )


@pytest.fixture(scope="module")
def ca() -> Authority:
    return make_ca()


@pytest.fixture(scope="module")
def data(ca: Authority, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-sign") / "data"
    ca.write_trust_folder(folder / "trust-roots")
    return folder


@pytest.fixture(scope="module")
def hsm(ca: Authority, tmp_path_factory: pytest.TempPathFactory) -> SoftHsm:
    return make_tokens(tmp_path_factory.mktemp("hsm"), [("ky-so", ca.signer)], pin=PIN)


def pdf_file(folder: Path) -> Path:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "Giay chung nhan")
    c.showPage()
    c.save()
    path = folder / "ket-qua.pdf"
    path.write_bytes(buf.getvalue())
    return path


def test_sign_with_pkcs12_then_verify(ca: Authority, data: Path, tmp_path: Path) -> None:
    source = pdf_file(tmp_path)
    p12 = tmp_path / "can-bo.p12"
    p12.write_bytes(ca.signer.pkcs12(PIN))
    out = tmp_path / "da-ky.pdf"
    done = run(data, "sign", str(source), "--out", str(out), "--pkcs12", str(p12),
               "--pin-stdin", "--json", stdin=PIN + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert PIN not in done.stdout + done.stderr
    signed = json.loads(done.stdout)
    assert signed["state"] == "valid" and signed["out"] == str(out)
    done = run(data, "verify", str(out), "--json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["state"] == "valid" and got["signer"] == "Nguyễn Văn Ký"
    assert got["intact"] and got["trusted"] and got["signed_at"]
    assert "hợp lệ" in got["message"]
    text = run(data, "verify", str(out))
    assert text.returncode == 0 and "Người ký: Nguyễn Văn Ký" in text.stdout
    # the unsigned original: exit 1 and the warning in Vietnamese, no traceback
    plain = run(data, "verify", str(source))
    assert plain.returncode == 1
    assert "không có chữ ký số" in plain.stdout and "Traceback" not in plain.stderr


def test_sign_with_a_token_and_a_wrong_pin(ca: Authority, hsm: SoftHsm, data: Path,
                                           tmp_path: Path) -> None:  # fmt: skip
    source = pdf_file(tmp_path)
    out = tmp_path / "token.pdf"
    env = hsm.env(dict(os.environ))
    slot = str(hsm.tokens[0].slot)
    args = ("sign", str(source), "--out", str(out), "--pkcs11-lib", str(MODULE), "--slot", slot,
            "--pin-stdin")  # fmt: skip
    bad = run(data, *args, stdin="111111\n", env=env)
    assert bad.returncode == 2
    assert "Mã PIN không đúng" in bad.stderr and "Traceback" not in bad.stderr
    assert not out.exists()
    done = run(data, *args, "--json", stdin=PIN + "\n", env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["state"] == "valid"
    verdict = json.loads(run(data, "verify", str(out), "--json").stdout)
    assert verdict["state"] == "valid"


def test_untrusted_and_bad_input(ca: Authority, data: Path, tmp_path: Path) -> None:
    source = pdf_file(tmp_path)
    p12 = tmp_path / "la.p12"
    p12.write_bytes(ca.stranger.pkcs12(PIN))
    out = tmp_path / "la.pdf"
    done = run(data, "sign", str(source), "--out", str(out), "--pkcs12", str(p12),
               "--pin-stdin", stdin=PIN + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "CẢNH BÁO" in done.stdout  # signed, but the city does not trust this CA
    verdict = run(data, "verify", str(out), "--json")
    assert verdict.returncode == 1 and json.loads(verdict.stdout)["state"] == "untrusted"
    # both sources, or none: exit 2 with the Vietnamese message
    both = run(data, "sign", str(source), "--out", str(out), "--pkcs12", str(p12),
               "--pkcs11-lib", str(MODULE), "--slot", "0", "--pin-stdin", stdin=PIN)  # fmt: skip
    assert both.returncode == 2 and "nguồn chứng thư số" in both.stderr
    # an empty PIN
    empty = run(data, "sign", str(source), "--out", str(tmp_path / "x.pdf"), "--pkcs12",
                str(p12), "--pin-stdin", stdin="\n")  # fmt: skip
    assert empty.returncode == 2 and "Chưa nhập mã PIN" in empty.stderr
    assert not (tmp_path / "x.pdf").exists()
    # not a PDF
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf")
    bad = run(data, "verify", str(junk))
    assert bad.returncode == 2 and "Không đọc được tệp PDF" in bad.stderr


@pytest.fixture(scope="module")
def point(ca: Authority, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-certify") / "data"
    assert run(folder, "demo", "--dossiers", "0").returncode == 0
    ca.write_trust_folder(folder / "trust-roots")
    return folder


def test_certify_with_a_token_then_list_the_register(
    ca: Authority, hsm: SoftHsm, point: Path, tmp_path: Path
) -> None:
    original = pdf_file(tmp_path)
    out = tmp_path / "ban-sao.pdf"
    env = hsm.env(dict(os.environ))
    done = run(point, "certify", str(original), "--out", str(out), "--pkcs11-lib", str(MODULE),
               "--slot", str(hsm.tokens[0].slot), "--officer", "Phạm Thị Chứng",
               "--register-book", "03", "--pin-stdin", "--json", stdin=PIN + "\n",
               env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    # the demo counter is slot 1: its block of the year starts at 100001
    assert got["copy"]["number"] == "100001" and got["check"]["state"] == "valid"
    assert got["copy"]["book"].startswith("03/")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "Số chứng thực: 100001" in text
    assert json.loads(run(point, "verify", str(out), "--json").stdout)["state"] == "valid"
    # a wrong PIN: exit 2, no file, no entry
    bad_out = tmp_path / "sai.pdf"
    bad = run(point, "certify", str(original), "--out", str(bad_out), "--pkcs11-lib",
              str(MODULE), "--slot", str(hsm.tokens[0].slot), "--pin-stdin", stdin="1\n",
              env=env)  # fmt: skip
    assert bad.returncode == 2 and "Mã PIN không đúng" in bad.stderr
    assert not bad_out.exists()
    listed = run(point, "certify", "--list", "--json")
    assert listed.returncode == 0, listed.stderr
    entries = json.loads(listed.stdout)
    assert [e["number"] for e in entries] == ["100001"]
    assert entries[0]["officer"] == "Phạm Thị Chứng" and entries[0]["signer"] == "Nguyễn Văn Ký"
    year = entries[0]["year"]
    assert (
        json.loads(run(point, "certify", "--list", "--year", str(year - 1), "--json").stdout) == []
    )
    plain = run(point, "certify", "--list")
    assert "Sổ chứng thực điện tử: 1 bản sao" in plain.stdout
    usage = run(point, "certify", "--out", str(out))
    assert usage.returncode == 2 and "certify (TỆP... | --scan)" in usage.stderr
