"""``pay``, ``receipts`` and ``void-receipt`` as real subprocesses on a real data folder:
the biên lai saved and readable, bad input refused with exit 2 in Vietnamese."""

from __future__ import annotations

import json
import subprocess

from tests.helpers.cli import run


def test_pay_print_list_and_refuse(tmp_path):
    data = tmp_path / "data"
    run(data, "demo", "--dossiers", "0")
    intake = ["intake", "--name", "Lê Thu Trang", "--id-number", "001192003456", "--json"]
    code = json.loads(run(data, *intake, "--procedure", "1.004194").stdout)["code"]
    free = json.loads(run(data, *intake, "--procedure", "1.003677").stdout)["code"]
    out = tmp_path / "bl.pdf"
    paid = json.loads(
        run(
            data, "pay", code, "--line", "1", "--method", "cash", "--out", str(out), "--json"
        ).stdout
    )
    assert paid["payment"]["receipt_no"].endswith("0000001") and out.stat().st_size > 1000
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text and "Mười lăm nghìn đồng" in text
    for args, words in [
        ((code, "--line", "1", "--method", "cash"), "không thu hai lần"),
        ((code, "--line", "9", "--method", "cash"), "không có khoản phí số 9"),
        ((code, "--line", "1", "--method", "bitcoin"), "không hợp lệ"),
        ((free, "--line", "1", "--method", "cash"), "không có khoản phí, lệ phí"),
    ]:
        done = run(data, "pay", *args, ok=False)
        assert done.returncode == 2 and words in done.stderr, done.stderr
    series = json.loads(run(data, "receipts", "--json").stdout)
    assert [p["receipt_no"] for p in series] == [paid["payment"]["receipt_no"]]
    listed = run(data, "receipts").stdout
    assert "Sổ biên lai: 1 biên lai, đã thu 15.000 đồng" in listed
    run(data, "void-receipt", paid["payment"]["receipt_no"], "--reason", "thu nhầm hồ sơ")
    assert json.loads(run(data, "receipts", "--json").stdout)[0]["voided"] is True
