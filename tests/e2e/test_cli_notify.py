"""The citizen's consent to messages at intake, through the CLI as a real subprocess: stored
with the dossier and carried on the wire (KenhThongBao); refused without its contact."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.test_cli import QR, run


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-notify") / "data"
    run(folder, "demo", "--dossiers", "0")
    return folder


def _wire(data: Path, code: str) -> dict[str, object]:
    with sqlite3.connect(data / "motcua.sqlite3") as db:
        (payload,) = db.execute(
            "SELECT payload FROM outbox WHERE dossier_code = ? ORDER BY id DESC LIMIT 1", (code,)
        ).fetchone()
    return dict(json.loads(payload)["dossier"])


def test_the_choice_is_stored_and_sent_to_the_hub(data: Path) -> None:
    args = ["intake", "--procedure", "1.004222", "--cccd-qr", QR, "--phone", "0912345678"]
    wants = json.loads(
        run(data, *args, "--email", "hang@example.vn", "--notify", "email, SMS", "--json").stdout
    )
    assert _wire(data, wants["code"])["KenhThongBao"] == "sms,email"
    shown = json.loads(run(data, "show", wants["code"], "--json").stdout)
    assert shown["notify_channels"] == "sms,email"
    silent = json.loads(run(data, *args, "--json").stdout)  # not asked: no messages
    assert _wire(data, silent["code"])["KenhThongBao"] == ""


@pytest.mark.parametrize(
    ("extra", "vi", "en"),
    [
        (["--notify", "email"], "cần địa chỉ email", "need the applicant's email"),
        (["--notify", "pigeon"], "Kênh nhận thông báo không hợp lệ", "Unknown notification"),
    ],
)
def test_a_channel_without_its_contact_is_refused(
    data: Path, extra: list[str], vi: str, en: str
) -> None:
    def count() -> int:
        with sqlite3.connect(data / "motcua.sqlite3") as db:
            return int(db.execute("SELECT count(*) FROM dossier").fetchone()[0])

    before = count()
    done = run(data, "intake", "--procedure", "1.004222", "--cccd-qr", QR, *extra, ok=False)
    assert done.returncode == 2 and vi in done.stderr and en in done.stderr
    assert "Traceback" not in done.stderr
    assert count() == before
