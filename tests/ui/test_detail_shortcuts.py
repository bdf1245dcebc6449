"""Every key of the dossier's detail window does one thing: two shortcuts on one key in
one window are ambiguous to Qt, which then runs neither (the fee lines and the result
viewer both took F6 when they were built apart)."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton

from app.domain.dossier import Status
from app.services.dossiers import ApplicantInput, advance_dossier, receive_dossier
from ui.detail import DetailDialog


def _keys(dialog: DetailDialog) -> Counter[str]:
    keys: Counter[str] = Counter()
    for shortcut in dialog.findChildren(QShortcut):
        if shortcut.isEnabled() and not shortcut.key().isEmpty():
            keys[shortcut.key().toString()] += 1
    for button in dialog.findChildren(QAbstractButton):
        if not button.shortcut().isEmpty():
            keys[button.shortcut().toString()] += 1
    return keys


def test_no_two_shortcuts_of_the_detail_window_share_a_key(qtbot, session):
    rec = receive_dossier(
        session.ctx,
        procedure_code="1.001193",
        applicant=ApplicantInput("Phạm Thị Hoa", "001190054321"),
    )
    advance_dossier(session.ctx, code=rec.code, to=Status.PROCESSING)
    dialog = DetailDialog(session, rec.code)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=5000)
    keys = _keys(dialog)
    assert keys[QKeySequence(Qt.Key.Key_F6).toString()] == 1  # the fee lines
    assert {k: n for k, n in keys.items() if n > 1} == {}
