"""Issue 11, the counter: bad input from the command line gets a clear message and exit 2,
never a traceback; a print that fails after the commit says the dossier was saved."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.helpers.cli import QR, run


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli11") / "data"
    run(folder, "demo", "--dossiers", "0")
    return folder


def _count(data: Path) -> int:
    con = sqlite3.connect(data / "motcua.sqlite3")
    try:
        return int(con.execute("SELECT count(*) FROM dossier").fetchone()[0])
    finally:
        con.close()


@pytest.mark.parametrize(
    "args, vi, en",
    [
        (
            [
                "intake",
                "--procedure",
                "1.004222",
                "--cccd-qr",
                QR,
                "--received-at",
                "9999-12-31T23:59",
            ],
            "nằm ngoài khoảng 2000-2099",
            "outside 2000-2099",
        ),
        (
            ["intake", "--procedure", "1.004222", "--cccd-qr", QR, "--received-at", "0001-01-01"],
            "nằm ngoài khoảng",
            "outside",
        ),
        (
            [
                "intake",
                "--procedure",
                "1.004222",
                "--cccd-qr",
                QR,
                "--received-at",
                "1999-12-31T09:00",
            ],
            "nằm ngoài khoảng",
            "outside",
        ),
        (
            [
                "intake",
                "--procedure",
                "1.004222",
                "--cccd-qr",
                QR,
                "--received-at",
                "2100-01-04T09:00",
            ],
            "nằm ngoài khoảng",
            "outside",
        ),
        (["report", "--from", "0001-01-01", "--to", "9999-12-31"], "nằm ngoài khoảng", "outside"),
        (
            ["deadline", "--procedure", "1.004222", "--received", "9999-12-31T23:59"],
            "nằm ngoài",
            "outside",
        ),
        # A date of the right form that the calendar does not have is not "the wrong form".
        (
            [
                "intake",
                "--procedure",
                "1.004222",
                "--cccd-qr",
                QR,
                "--received-at",
                "2025-02-30T10:00",
            ],
            "«2025-02-30T10:00» không có thật",
            "does not exist",
        ),
        (
            ["report", "--from", "2025-02-29", "--to", "2025-03-31"],
            "«2025-02-29» không có thật",
            "does not exist",
        ),
        (
            [
                "intake",
                "--procedure",
                "1.004222",
                "--name",
                b"Nguy\xe1n",
                "--id-number",
                "001095012345",
            ],
            "--name: có ký tự không đọc được",
            "not valid UTF-8",
        ),
        (
            [
                "intake",
                "--procedure",
                "1.004222",
                "--cccd-qr",
                QR.replace("Hằng", "H").encode() + b"\xe1ng",
            ],
            "--cccd-qr: có ký tự không đọc được",
            "not valid UTF-8",
        ),
        (
            [
                "intake",
                "--procedure",
                "1.004222",
                "--name",
                "A" * 10_000,
                "--id-number",
                "001095012345",
            ],
            "Họ tên quá dài: 10000 ký tự, tối đa 80",
            "Name is too long",
        ),
        (
            [
                "intake",
                "--procedure",
                "1.004222",
                "--name",
                "Lê\x1b[31mVăn",
                "--id-number",
                "001095012345",
            ],
            "ký tự điều khiển",
            "control character",
        ),
    ],
)
def test_bad_command_line_input_is_a_clear_refusal(data, args, vi, en):
    before = _count(data)
    done = run(data, *args, ok=False)
    assert done.returncode == 2, done.stderr
    assert vi in done.stderr and en in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "a bug" not in done.stderr
    assert _count(data) == before


def test_digits_bidi_and_nfd_are_cleaned_before_they_are_stored(data):
    nfd_name = "Nguye\u0302\u0303n \u200bThi\u0323 \u202eHa\u0300"  # NFD, zero-width, bidi
    done = run(
        data,
        "intake",
        "--procedure",
        "1.004222",
        "--name",
        nfd_name,
        "--id-number",
        "００１０９５０１２３４５",
        "--json",
    )  # full-width digits
    code = json.loads(done.stdout)["code"]
    shown = json.loads(run(data, "show", code, "--json").stdout)
    assert shown["applicant"]["full_name"] == "Nguyễn Thị Hà"
    assert shown["applicant"]["id_number"] == "001095012345"
    arabic = "٠٠١٠٩٥٠١٢٣٤٥"
    done = run(
        data,
        "intake",
        "--procedure",
        "1.004222",
        "--name",
        "Lê Văn An",
        "--id-number",
        arabic,
        "--phone",
        "０９１２ ٣٤٥ ６７８",
        "--json",
    )
    shown = json.loads(run(data, "show", json.loads(done.stdout)["code"], "--json").stdout)
    assert shown["applicant"]["id_number"] == "001095012345"
    assert shown["applicant"]["phone"] == "0912 345 678"  # the same number, ASCII digits


def _mount_tmpfs(target: Path, size: str) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    return (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)],
            capture_output=True,
        ).returncode
        == 0
    )


def test_print_failing_after_the_commit_says_the_dossier_was_saved(data, tmp_path):
    out = tmp_path / "out"
    mounted = _mount_tmpfs(out, "64k")
    try:
        if mounted:
            fd = os.open(out / "filler", os.O_WRONLY | os.O_CREAT)
            try:  # the disk is full by the time the receipt is written
                while os.write(fd, b"\0" * 4096):
                    pass
            except OSError:
                pass
            finally:
                os.close(fd)
        else:
            out.chmod(0o500)
        before = _count(data)
        done = run(
            data,
            "intake",
            "--procedure",
            "1.004222",
            "--cccd-qr",
            QR,
            "--print",
            "receipt",
            "--out",
            str(out),
            ok=False,
        )
        torn = sorted(p.name for p in out.glob("*.part"))  # a half PDF holds the space
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(out)], capture_output=True)
        else:
            out.chmod(0o700)
    assert done.returncode == 2, done.stderr
    assert torn == []
    assert _count(data) == before + 1
    con = sqlite3.connect(data / "motcua.sqlite3")
    code = con.execute("SELECT code FROM dossier ORDER BY id DESC LIMIT 1").fetchone()[0]
    events = con.execute("SELECT count(*) FROM outbox WHERE dossier_code=?", (code,)).fetchone()[0]
    con.close()
    assert events == 1
    assert "nothing new was saved" not in done.stderr and "chưa lưu được" not in done.stderr
    assert f"Đã lưu hồ sơ {code}" in done.stderr and f"Dossier {code} WAS saved" in done.stderr
    assert f"print {code} --form receipt" in done.stderr
    if mounted:
        assert "ổ đĩa đã đầy" in done.stderr
