"""``ratings`` and ``rating-handled`` on a real data folder: counts per answer, the share
satisfied, the unhappy list, the supervisor's handling, the report's line, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.domain.ratings import Occasion
from app.services.context import DeskContext
from app.services.dossiers import list_dossiers
from app.services.ratings import new_prompt_id, record_rating

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rated(tmp_path: Path) -> tuple[Path, list[str]]:
    from app.services.context import open_desk
    from app.services.demo import create_demo

    data = tmp_path / "data"
    ctx: DeskContext = open_desk(data)
    create_demo(ctx, dossiers=3)
    codes = [r.code for r in list_dossiers(ctx, limit=3)]
    for code, level in zip(codes, (1, 2, 3), strict=True):
        record_rating(
            ctx,
            prompt_id=new_prompt_id(),
            code=code,
            occasion=Occasion.INTAKE,
            level=level,
            reason="publicity" if level == 3 else "",
        )
    ctx.db.dispose()
    return data, codes


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--data-dir", str(data)])
    out, err = capsys.readouterr()
    return code, out, err


def test_ratings_counts_list_and_handling(
    rated: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    data, codes = rated
    code, out, _ = _run(capsys, data, "ratings", "--json")
    assert code == 0
    obj = json.loads(out)
    assert obj["counts"] == {
        "very_satisfied": 1,
        "satisfied": 1,
        "unhappy": 1,
        "unhappy_open": 1,
        "total": 3,
        "satisfied_share": 0.6667,
    }
    assert sorted(r["dossier_code"] for r in obj["ratings"]) == sorted(codes)
    code, out, _ = _run(capsys, data, "ratings", "--unhappy", "--json")
    [unhappy] = json.loads(out)["ratings"]
    assert (unhappy["dossier_code"], unhappy["reason"], unhappy["level"]) == (
        codes[2],
        "publicity",
        3,
    )
    code, out, _ = _run(capsys, data, "ratings", "--unhappy")
    assert "Không hài lòng" in out and "Công khai thủ tục hành chính" in out
    assert "tỷ lệ hài lòng 66.67%" in out
    code, out, _ = _run(
        capsys, data, "rating-handled", str(unhappy["id"]), "--note", "Đã niêm yết lại", "--json"
    )
    assert code == 0 and json.loads(out)["handled_note"] == "Đã niêm yết lại"
    code, out, _ = _run(capsys, data, "ratings", "--unhappy", "--open", "--json")
    assert json.loads(out)["ratings"] == []
    code, out, _ = _run(
        capsys, data, "report", "--from", "2000-01-01", "--to", "2099-12-31", "--json"
    )
    assert code == 0
    assert json.loads(out)["ratings"]["total"] == 3


def test_bad_input_exits_2_with_a_vietnamese_message(
    rated: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = rated
    code, _, err = _run(capsys, data, "rating-handled", "999", "--note", "x")
    assert code == 2 and "Không có đánh giá số 999" in err
    code, _, err = _run(capsys, data, "ratings", "--from", "2025-07-20", "--to", "2025-07-01")
    assert code == 2 and "Khoảng ngày không hợp lệ" in err
    # As a real process too, with a date that is not one.
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "ratings",
            "--from",
            "hôm qua",
            "--data-dir",
            str(data),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 2 and "Ngày không hợp lệ" in done.stderr
