"""``attach``, ``scan`` and ``files`` as real subprocesses on a real data folder (the scanner
is SANE's own test device)."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from tests.helpers.cli import run


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("cli-files") / "data"
    run(folder, "demo", "--dossiers", "0")
    out = json.loads(
        run(
            folder,
            "intake",
            "--procedure",
            "1.004222",
            "--name",
            "Lê Thu Trang",
            "--id-number",
            "001192003456",
            "--json",
        ).stdout
    )
    return folder, out["code"]


def test_attach_then_files_lists_them(data, tmp_path):
    folder, code = data
    page = tmp_path / "to-khai.png"
    Image.new("L", (500, 700), 230).save(page)
    pdf = tmp_path / "giay.pdf"
    doc = pikepdf.new()
    doc.add_blank_page()
    doc.save(pdf)
    out = json.loads(
        run(folder, "attach", code, "--component", "1", str(page), str(pdf), "--json").stdout
    )
    assert [f["pages"] for f in out] == [2]  # the component's pages as one PDF/A-2b
    assert all(len(f["sha256"]) == 64 and f["digitised"] for f in out)
    listed = json.loads(run(folder, "files", code, "--json").stdout)
    assert listed["components"][0]["digitised"] is True
    assert {f["uid"] for f in listed["components"][0]["files"]} == {f["uid"] for f in out}
    assert listed["digitised"] is False  # other components have no file yet
    text = run(folder, "files", code).stdout
    assert "[x] 1." in text and "[ ] 2." in text


def test_scan_from_the_sane_test_device(data):
    folder, code = data
    out = json.loads(
        run(
            folder, "scan", code, "--component", "2", "--device", "test", "--pages", "2", "--json"
        ).stdout
    )
    assert out["pages"] == 2 and out["error"] is None and out["file"]["pages"] == 2
    assert "[x] 2." in run(folder, "files", code).stdout


def test_bad_input_exits_2_with_vietnamese_first(data, tmp_path):
    folder, code = data
    fake = tmp_path / "anh.jpg"
    fake.write_bytes(b"%PDF-1.4 not really a jpeg")
    done = run(folder, "attach", code, "--component", "1", str(fake), ok=False)
    assert done.returncode == 2
    assert done.stderr.startswith("Tệp anh.jpg có đuôi «.jpg»")
    assert "does not match" in done.stderr
    done = run(folder, "scan", code, "--component", "1", "--device", "test:77", ok=False)
    assert done.returncode == 2 and "máy quét" in done.stderr
    done = run(folder, "attach", code, "--component", "9", str(fake), ok=False)
    assert done.returncode == 2 and "thành phần số 9" in done.stderr
