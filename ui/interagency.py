"""The detail window's part of a dossier received for another body (issue 18): both
agencies, where the arrangement stands and where the citizen collects the result; at the
competent body, the actions that take a dossier another point received for it and send its
result back to that point."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from app.domain.dossier import DossierRecord, Status
from app.domain.errors import DeskError
from app.domain.interagency import (
    ReturnPlace,
    RouteState,
    Side,
    can_move,
    check_side_move,
    side_of,
)
from app.domain.roles import Permission
from app.services.interagency import send_result_back, take_incoming
from ui.session import UiSession

#: Free in the detail window (Ctrl+1..9, Ctrl+0, Ctrl+Shift+H, F4, F6, F7, Ctrl+P are taken).
TAKE_SHORTCUT = "Ctrl+Shift+T"
SEND_BACK_SHORTCUT = "Ctrl+Shift+G"  # Gửi trả


class RoutePanel(QGroupBox):
    """Shown for a routed dossier only.

    Signals:
        taken(object): the DossierRecord after this body took the dossier.
        sent_back(object): the DossierRecord after this body sent the result back.
        failed(object): the error of a take or a send-back that was refused.
    """

    taken = Signal(object)
    sent_back = Signal(object)
    failed = Signal(object)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.record: DossierRecord | None = None
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(14)
        self.names: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for i, key in enumerate(("receiving", "competent", "state", "place")):
            name, value = QLabel(self), QLabel(self)
            name.setStyleSheet("color:#555;")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(name, i // 2, (i % 2) * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, i // 2, (i % 2) * 2 + 1, Qt.AlignmentFlag.AlignTop)
            self.names[key], self.values[key] = name, value
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.take_button = QPushButton(self)
        self.take_button.clicked.connect(self.take)
        grid.addWidget(self.take_button, 0, 4, Qt.AlignmentFlag.AlignVCenter)
        self.send_back_button = QPushButton(self)
        self.send_back_button.clicked.connect(self.send_back)
        grid.addWidget(self.send_back_button, 1, 4, Qt.AlignmentFlag.AlignVCenter)
        self.retranslate()
        self.setVisible(False)

    def side(self) -> Side:
        r = self.record
        if r is None or not r.routed:
            return Side.OWN
        home = self.session.ctx.service_point()[0].code
        return side_of(home, r.agency.code, r.competent_agency.code)

    def can_take(self) -> bool:
        r = self.record
        return (
            r is not None
            and self.side() is Side.FROM_OTHER
            and r.route_state < RouteState.PROCESSING
            and self.session.ctx.actor.can(Permission.RECEIVE)
        )

    def can_send_back(self) -> bool:
        """The competent body resolved it and the citizen collects it at the receiving
        point, which has not had it yet (the rule of app.services.interagency)."""
        r = self.record
        return (
            r is not None
            and self.side() is Side.FROM_OTHER
            and r.status == Status.RESOLVED
            and (r.return_place or ReturnPlace.RECEIVING) is ReturnPlace.RECEIVING
            and can_move(r.route_state, RouteState.RESULT_SENT_BACK)
            and self.session.ctx.actor.can(Permission.ADVANCE)
        )

    def allows(self, to: Status, *, void: bool = False) -> bool:
        """May this side make the status move ``to`` (app.domain.interagency)?"""
        r = self.record
        if r is None or not r.routed:
            return True
        try:
            check_side_move(
                self.side(), r.route_state, r.return_place, int(r.status), int(to), void=void
            )
        except DeskError:
            return False
        return True

    def show_record(self, record: DossierRecord) -> None:
        self.record = record
        self.setVisible(record.routed)
        if not record.routed:
            return
        lang = self.session.language
        self.values["receiving"].setText(f"{record.agency.name} ({record.agency.code})")
        self.values["competent"].setText(
            f"{record.competent_agency.name} ({record.competent_agency.code})"
        )
        self.values["state"].setText(lang.label(record.route_state))
        place = record.return_place or ReturnPlace.RECEIVING
        self.values["place"].setText(
            self.tr("Tại nơi tiếp nhận")
            if place is ReturnPlace.RECEIVING
            else self.tr("Tại cơ quan có thẩm quyền")
        )
        self.take_button.setVisible(self.side() is Side.FROM_OTHER)
        self.take_button.setEnabled(self.can_take())
        self.send_back_button.setVisible(self.side() is Side.FROM_OTHER)
        self.send_back_button.setEnabled(self.can_send_back())

    def take(self) -> None:
        """Take the dossier (AWAITING -> PROCESSING) in the write lane."""
        if not self.can_take():
            return
        self.take_button.setEnabled(False)
        code = self.record.code  # type: ignore[union-attr]  # can_take() checked a record is shown
        self.session.workers.write_op(
            partial(take_incoming, self.session.ctx, code), owner=self
        ).then(self._on_taken, self._on_failed)

    def send_back(self) -> None:
        """Send the result back to the receiving point (PROCESSING -> RESULT_SENT_BACK)."""
        if not self.can_send_back():
            return
        self.send_back_button.setEnabled(False)
        code = self.record.code  # type: ignore[union-attr]  # can_send_back() checked a record is shown
        self.session.workers.write_op(
            partial(send_result_back, self.session.ctx, code), owner=self
        ).then(self._on_sent_back, self._on_failed)

    def _on_sent_back(self, record: object) -> None:
        assert isinstance(record, DossierRecord)
        self.show_record(record)
        self.sent_back.emit(record)

    def _on_taken(self, record: object) -> None:
        assert isinstance(record, DossierRecord)
        self.show_record(record)
        self.taken.emit(record)

    def _on_failed(self, exc: object) -> None:
        if self.record is not None:
            self.take_button.setEnabled(self.can_take())
            self.send_back_button.setEnabled(self.can_send_back())
        self.failed.emit(exc)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Tiếp nhận phi địa giới"))
        labels = {
            "receiving": self.tr("Nơi tiếp nhận:"),
            "competent": self.tr("Cơ quan có thẩm quyền:"),
            "state": self.tr("Tình trạng:"),
            "place": self.tr("Trả kết quả:"),
        }
        for key, text in labels.items():
            self.names[key].setText(text)
        # setText() resets a button's shortcut (to the text's mnemonic): set it after.
        self.take_button.setText(
            self.tr("Tiếp nhận hồ sơ từ nơi khác ({keys})").format(keys=TAKE_SHORTCUT)
        )
        self.take_button.setShortcut(QKeySequence(TAKE_SHORTCUT))
        self.send_back_button.setText(
            self.tr("Gửi trả kết quả về nơi tiếp nhận ({keys})").format(keys=SEND_BACK_SHORTCUT)
        )
        self.send_back_button.setShortcut(QKeySequence(SEND_BACK_SHORTCUT))
        if self.record is not None:
            self.show_record(self.record)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
