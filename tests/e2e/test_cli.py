"""The CLI of DESIGN.md section 4, run as a real subprocess on a real data folder."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.cli import QR, run


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "data"
    run(folder, "demo", "--dossiers", "40")
    return folder


def test_demo_made_a_service_point(data):
    rows = json.loads(run(data, "list", "--limit", "100", "--json").stdout)
    assert len(rows) == 40
    assert {r["channel"] for r in rows} <= {1, 2, 3}


def test_intake_from_cccd_qr_then_show_advance_and_list(data):
    out = json.loads(
        run(
            data,
            "intake",
            "--procedure",
            "1.004222",
            "--cccd-qr",
            QR,
            "--received-at",
            "2025-07-15T14:05",
            "--json",
        ).stdout
    )
    code = out["code"]
    assert code.startswith("000.00.31.H26-250715-1")
    assert out["appointment_at"] == "2025-07-24T14:05:00+07:00"
    shown = run(data, "show", code).stdout
    assert "Nguyễn Thị Hằng" in shown and "Được tiếp nhận" in shown
    run(data, "advance", code, "--to", "processing", "--note", "Chuyển công an phường")
    detail = json.loads(run(data, "show", code, "--json").stdout)
    assert detail["status"] == 4
    assert [h["to_status"] for h in detail["history"]] == [2, 4]
    assert detail["history"][-1]["note"] == "Chuyển công an phường"
    found = json.loads(run(data, "list", "--search", "nguyen thi hang", "--json").stdout)
    assert code in {r["code"] for r in found}
    by_status = json.loads(run(data, "list", "--status", "4", "--json", "--limit", "500").stdout)
    assert code in {r["code"] for r in by_status}


def test_intake_by_name_and_number_on_the_post_channel(data):
    out = json.loads(
        run(
            data,
            "intake",
            "--procedure",
            "2.000815",
            "--name",
            "Đặng Quốc Việt",
            "--id-number",
            "001203004005",
            "--channel",
            "post",
            "--post-receipt",
            "RR123456789VN",
            "--json",
        ).stdout
    )
    detail = json.loads(run(data, "show", out["code"], "--json").stdout)
    assert detail["channel"] == 3 and detail["post_receipt_no"] == "RR123456789VN"


def test_deadline(data):
    out = json.loads(
        run(
            data, "deadline", "--procedure", "1.004222", "--received", "2025-04-29T09:00", "--json"
        ).stdout
    )
    # 7 working days from Tue 29/4/2025: 30/4, 1/5, 2/5 and the weekend are off, so
    # 5/5, 6/5, 7/5, 8/5, 9/5, 12/5, 13/5.
    assert out["appointment_at"] == "2025-05-13T09:00:00+07:00"


def test_report_counts_match_a_hand_count(data):
    rows = json.loads(run(data, "list", "--limit", "1000", "--json").stdout)
    days = sorted(r["received_at"][:10] for r in rows)
    rep = json.loads(run(data, "report", "--from", days[0], "--to", days[-1], "--json").stdout)
    assert rep["total"] == len(rows)
    by_channel = {c["channel"]: c["count"] for c in rep["by_channel"]}
    for ch in (1, 2, 3):
        assert by_channel[ch] == sum(1 for r in rows if r["channel"] == ch)
    assert rep["in_processing"] == sum(1 for r in rows if r["status"] in (1, 2, 4, 5, 6))
    text = run(data, "report", "--from", days[0], "--to", days[-1]).stdout
    assert "Trực tiếp" in text and "tỷ lệ đúng hạn" in text


def test_migrate_reports_the_head(data):
    out = json.loads(run(data, "migrate", "--json").stdout)
    assert out["revision"]


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        (["intake", "--procedure", "1.004222", "--cccd-qr", "not|a|card"], "căn cước", "ID card"),
        (
            ["intake", "--procedure", "9.999999", "--cccd-qr", QR],
            "Không tìm thấy thủ tục",
            "No procedure",
        ),
        (
            ["deadline", "--procedure", "1.004222", "--received", "2025-02-30T09:00"],
            "không có thật",
            "does not exist",
        ),
        (
            ["report", "--from", "2025-13-01", "--to", "2025-12-31"],
            "không có thật",
            "does not exist",
        ),
        (["show", "000.00.31.H26-250101-9999"], "Không tìm thấy hồ sơ", "No dossier"),
    ],
)
def test_bad_input_exits_non_zero_with_both_languages(data, args, vi, en):
    before = (
        sqlite3.connect(data / "motcua.sqlite3").execute("SELECT count(*) FROM dossier").fetchone()
    )
    done = run(data, *args, ok=False)
    assert done.returncode == 2
    assert vi in done.stderr and en in done.stderr
    assert "Traceback" not in done.stderr
    after = (
        sqlite3.connect(data / "motcua.sqlite3").execute("SELECT count(*) FROM dossier").fetchone()
    )
    assert before == after


def test_illegal_move_is_refused(data):
    code = json.loads(
        run(data, "intake", "--procedure", "1.004222", "--cccd-qr", QR, "--json").stdout
    )["code"]
    done = run(data, "advance", code, "--to", "returned", ok=False)
    assert done.returncode == 2
    assert "Không thể chuyển" in done.stderr and "cannot move" in done.stderr
    assert json.loads(run(data, "show", code, "--json").stdout)["status"] == 2


def test_locked_database_is_reported_not_crashed(data):
    holder = sqlite3.connect(data / "motcua.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        done = run(
            data,
            "intake",
            "--procedure",
            "1.004222",
            "--cccd-qr",
            QR,
            ok=False,
            env={"MOTCUA_BUSY_TIMEOUT_MS": "300"},
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 2, done.stderr
    assert "khóa" in done.stderr and "locked" in done.stderr


def test_no_service_point_yet(tmp_path):
    done = run(tmp_path / "empty", "intake", "--procedure", "1.004222", "--cccd-qr", QR, ok=False)
    assert done.returncode == 2 and "demo" in done.stderr
