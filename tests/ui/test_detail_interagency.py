"""The detail window of a dossier received for another body (issue 18): both agencies and
the arrangement's state (translated), and at the competent body the take action on its own
key, through the worker lanes; a screenshot at 1366x768."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from app.domain.dossier import Status
from app.domain.interagency import RouteState
from app.services.demo import random_person
from app.services.dossiers import advance_dossier, get_dossier, receive_dossier
from app.services.interagency import take_incoming
from app.store.agencies import KIND_COMMUNE
from app.sync.protocol import CHANGE_INCOMING
from tests.helpers.interagency import (
    A_CODE,
    A_NAME,
    B_CODE,
    B_NAME,
    add_catalog,
    catalog_for_a,
    open_body_b,
    route_change,
)
from ui.detail import DetailDialog
from ui.interagency import SEND_BACK_SHORTCUT, TAKE_SHORTCUT


def _open(qtbot, session, code: str) -> DetailDialog:  # type: ignore[no-untyped-def]
    dialog = DetailDialog(session, code)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=5000)
    return dialog


def test_a_dossier_received_here_for_another_body_names_both(qtbot, session, language) -> None:  # type: ignore[no-untyped-def]
    catalog_for_a(session.ctx)
    rec = receive_dossier(
        session.ctx,
        procedure_code="1.001193",
        applicant=random_person(random.Random(1)),
        competent_agency=B_CODE,
    )
    dialog = _open(qtbot, session, rec.code)
    panel = dialog.route_panel
    assert panel.isVisible()
    assert B_NAME in panel.values["competent"].text()
    assert A_NAME in panel.values["receiving"].text()
    assert panel.values["state"].text() == RouteState.RECEIVED.label_vi
    assert not panel.take_button.isVisible()  # the receiving point takes nothing
    assert dialog.offered() <= {Status.REFUSED}  # nor processes it
    language.set("en")
    qtbot.waitUntil(lambda: panel.values["state"].text() == RouteState.RECEIVED.label_en)
    assert panel.title() == "Received regardless of boundary"


def test_an_own_dossier_shows_no_route(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    rec = receive_dossier(
        session.ctx, procedure_code="1.001193", applicant=random_person(random.Random(2))
    )
    dialog = _open(qtbot, session, rec.code)
    assert not dialog.route_panel.isVisible()


def test_the_competent_body_takes_an_incoming_dossier(  # type: ignore[no-untyped-def]
    qtbot, session, tmp_path: Path, clock
) -> None:
    other = open_body_b(tmp_path / "point", clock)  # another ward receives for this one
    try:
        add_catalog(other, A_CODE, A_NAME, KIND_COMMUNE)
        rec = receive_dossier(
            other,
            procedure_code="1.001193",
            applicant=random_person(random.Random(3)),
            competent_agency=A_CODE,
        )
        route_change(
            session.ctx,
            other,
            rec.code,
            state=RouteState.AWAITING,
            kind=CHANGE_INCOMING,
            receiving=B_CODE,
            competent=A_CODE,
        )
    finally:
        other.db.dispose()
    dialog = _open(qtbot, session, rec.code)
    panel = dialog.route_panel
    assert panel.take_button.isVisible() and panel.take_button.isEnabled()
    assert panel.take_button.shortcut() == QKeySequence(TAKE_SHORTCUT)
    assert "Tiếp nhận hồ sơ từ nơi khác" in panel.take_button.text()
    assert dialog.offered() == set()  # nothing to process before it is taken
    import os

    shot = tmp_path / "detail-incoming-1366x768.png"
    dialog.grab().save(str(shot))
    if os.environ.get("MOTCUA_SHOTS"):
        dialog.grab().save(os.environ["MOTCUA_SHOTS"])
    assert shot.stat().st_size > 0
    qtbot.keyClick(
        dialog,
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(
        lambda: get_dossier(session.ctx, code=rec.code).route_state is RouteState.PROCESSING,
        timeout=5000,
    )
    qtbot.waitUntil(lambda: panel.values["state"].text() == RouteState.PROCESSING.label_vi)
    assert not panel.take_button.isEnabled()
    qtbot.waitUntil(lambda: Status.PROCESSING in dialog.offered())


def _incoming(session, tmp_path: Path, clock, seed: int) -> str:  # type: ignore[no-untyped-def]
    """A dossier another ward (B_CODE) received for this body (the demo agency), waiting."""
    other = open_body_b(tmp_path / "point", clock)
    try:
        add_catalog(other, A_CODE, A_NAME, KIND_COMMUNE)
        rec = receive_dossier(
            other,
            procedure_code="1.001193",
            applicant=random_person(random.Random(seed)),
            competent_agency=A_CODE,
        )
        route_change(
            session.ctx,
            other,
            rec.code,
            state=RouteState.AWAITING,
            kind=CHANGE_INCOMING,
            receiving=B_CODE,
            competent=A_CODE,
        )
    finally:
        other.db.dispose()
    return rec.code


def test_the_competent_body_sends_the_result_back_from_the_route_panel(  # type: ignore[no-untyped-def]
    qtbot, session, tmp_path: Path, clock
) -> None:
    code = _incoming(session, tmp_path, clock, 4)
    take_incoming(session.ctx, code)
    advance_dossier(session.ctx, code=code, to=Status.PROCESSING)
    dialog = _open(qtbot, session, code)
    panel = dialog.route_panel
    button = panel.send_back_button
    assert button.isVisible() and not button.isEnabled()  # not resolved yet
    assert button.shortcut() == QKeySequence(SEND_BACK_SHORTCUT)
    assert "Gửi trả kết quả về nơi tiếp nhận" in button.text()
    dialog.move(Status.RESOLVED)
    qtbot.waitUntil(button.isEnabled, timeout=5000)
    import os

    if os.environ.get("MOTCUA_SHOTS"):
        dialog.grab().save(os.environ["MOTCUA_SHOTS"])
    qtbot.keyClick(
        dialog,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(
        lambda: get_dossier(session.ctx, code=code).route_state is RouteState.RESULT_SENT_BACK,
        timeout=5000,
    )
    qtbot.waitUntil(lambda: panel.values["state"].text() == RouteState.RESULT_SENT_BACK.label_vi)
    assert not button.isEnabled()  # sent once
    assert "về nơi tiếp nhận" in dialog.banner.label.text()


def test_the_competent_body_may_not_void_or_apologise_before_taking(  # type: ignore[no-untyped-def]
    qtbot, session, tmp_path: Path, clock
) -> None:
    code = _incoming(session, tmp_path, clock, 5)
    dialog = _open(qtbot, session, code)
    assert not dialog.void_button.isEnabled()
    assert not dialog.apology_button.isEnabled()
    dialog.route_panel.take()
    qtbot.waitUntil(lambda: Status.PROCESSING in dialog.offered(), timeout=5000)
    assert dialog.apology_button.isEnabled()  # taken: this body processes it now
    assert dialog.void_button.isEnabled()


def test_a_take_reads_as_one_step_in_the_history(qtbot, session, tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    code = _incoming(session, tmp_path, clock, 6)
    take_incoming(session.ctx, code)
    advance_dossier(session.ctx, code=code, to=Status.PROCESSING)
    dialog = _open(qtbot, session, code)
    rows = [
        (dialog.history.item(i, 1).text(), dialog.history.item(i, 3).text())
        for i in range(dialog.history.rowCount())
    ]
    received = Status.RECEIVED.label_vi
    assert (received, "Tiếp nhận hồ sơ từ nơi tiếp nhận khác") in rows  # the take: its note
    assert f"{received} → {received}" not in [step for step, _note in rows]
    assert f"{received} → {Status.PROCESSING.label_vi}" in [step for step, _ in rows]
