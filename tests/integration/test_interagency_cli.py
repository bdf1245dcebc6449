"""The command line of receiving for another body (issue 18): ``intake --for CODE
--return-at receiving|competent``, ``show`` naming both agencies, ``route``, ``incoming``,
``take`` and ``send-back``; bad input exits 2 with a Vietnamese message and saves nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from app.cli import main as cli_main
from app.domain.interagency import RouteState
from app.services.catalog import all_procedures
from app.services.context import DeskContext
from app.store.models import Dossier
from app.sync.protocol import CHANGE_INCOMING
from tests.helpers.interagency import (
    A_NAME,
    B_CODE,
    B_NAME,
    catalog_for_a,
    open_body_b,
    route_change,
)


def _cli(capsys: pytest.CaptureFixture[str], ctx: DeskContext, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = cli_main([*args, "--data-dir", str(ctx.data_dir)])
    out = capsys.readouterr()
    return code, out.out + out.err


def _json(capsys: pytest.CaptureFixture[str], ctx: DeskContext, *args: str) -> Any:
    code, out = _cli(capsys, ctx, *args, "--json")
    assert code == 0, out
    return json.loads(out)


def _count(ctx: DeskContext) -> int:
    with ctx.db.read_session() as s:
        return int(s.scalar(select(func.count(Dossier.id))) or 0)


def _intake(proc: str, *extra: str) -> list[str]:
    return ["intake", "--procedure", proc, "--name", "Trần Văn Bình", "--id-number",
            "001090012345", *extra]  # fmt: skip


@pytest.fixture
def point_a(desk: DeskContext) -> DeskContext:
    catalog_for_a(desk)
    return desk


def _proc(ctx: DeskContext) -> str:
    return next(p.code for p in all_procedures(ctx) if p.active)


def test_intake_for_another_body_and_show_name_both_agencies(
    capsys: pytest.CaptureFixture[str], point_a: DeskContext
) -> None:
    out = _json(
        capsys, point_a, *_intake(_proc(point_a), "--for", B_CODE, "--return-at", "competent")
    )
    assert out["competent_agency"] == B_CODE and out["agency"] != B_CODE
    assert out["route_state"] == int(RouteState.RECEIVED)
    assert out["return_place"] == "competent"
    code, text = _cli(capsys, point_a, "show", out["code"])
    assert code == 0
    assert f"Nơi tiếp nhận: {A_NAME}" in text
    assert f"Cơ quan có thẩm quyền: {B_NAME} ({B_CODE})" in text
    assert RouteState.RECEIVED.label_vi in text
    shown = _json(capsys, point_a, "show", out["code"])
    assert shown["competent"]["code"] == B_CODE and shown["route_state"] == 1
    route = _json(capsys, point_a, "route", out["code"])
    assert route["routed"] and route["competent_agency"]["name"] == B_NAME


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--for", "000.00.99.H26"], "không có trong danh mục"),
        (["--for", B_CODE, "--channel", "online"], "trực tuyến"),
        (["--for", B_CODE, "--return-at", "home"], "không hợp lệ"),
        (["--return-at", "competent"], "--for"),
    ],
)
def test_bad_intake_for_another_body_exits_2_and_saves_nothing(
    capsys: pytest.CaptureFixture[str], point_a: DeskContext, extra: list[str], words: str
) -> None:
    before = _count(point_a)
    code, text = _cli(capsys, point_a, *_intake(_proc(point_a), *extra))
    assert code == 2 and words in text
    assert _count(point_a) == before


def test_take_and_send_back_at_the_competent_body(
    capsys: pytest.CaptureFixture[str], point_a: DeskContext, tmp_path, clock
) -> None:  # type: ignore[no-untyped-def]
    b = open_body_b(tmp_path / "b", clock)
    try:
        code = _json(capsys, point_a, *_intake(_proc(point_a), "--for", B_CODE))["code"]
        route_change(b, point_a, code, state=RouteState.AWAITING, kind=CHANGE_INCOMING)
        [row] = _json(capsys, b, "incoming")
        assert row["code"] == code and row["receiving_name"] == A_NAME
        taken = _json(capsys, b, "take", code, "--note", "Đã nhận bản gốc")
        assert taken["route_state"] == int(RouteState.PROCESSING)
        again, text = _cli(capsys, b, "take", code)
        assert again == 2 and "đã được tiếp nhận" in text
        assert _json(capsys, b, "incoming") == []
        early, text = _cli(capsys, b, "send-back", code)
        assert early == 2 and "chưa có kết quả" in text
        _json(capsys, b, "advance", code, "--to", "9", "--note", "Xong")
        back = _json(capsys, b, "send-back", code)
        assert back["route_state"] == int(RouteState.RESULT_SENT_BACK)
        not_here, text = _cli(capsys, point_a, "take", code)
        assert not_here == 2 and "không phải hồ sơ" in text
    finally:
        b.db.dispose()
