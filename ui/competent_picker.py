"""The intake screen's picker of the competent body (issue 18: receiving regardless of the
administrative boundary): by default the dossier is the home agency's own; the clerk may
type part of another body's name or code (accents ignored), pick it from the list with
↑↓ and Enter, and then say where the citizen collects the result.

Keyboard first: Alt+Q (the label's mnemonic) or F8 puts the cursor in the search; Esc or
an empty search goes back to the home agency. The bodies come from the catalog the counter
cached from the hub (app.services.agencies.picker_choices, read through the worker)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.domain.interagency import ReturnPlace
from app.domain.text import fold
from app.services.agencies import CatalogAgency, PickerChoices, picker_choices
from ui.session import UiSession

#: The item roles of the completer's model: the body's code, and the folded text matched.
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
MATCH_ROLE = Qt.ItemDataRole.UserRole + 2
SHORTCUT = "F8"


def display_text(agency: CatalogAgency) -> str:
    return f"{agency.name} ({agency.code})"


def matching(agencies: Sequence[CatalogAgency], typed: str) -> list[CatalogAgency]:
    """The bodies whose code or name holds every word typed, accents ignored; an exact
    code first."""
    words = fold(typed).split()
    if not words:
        return []
    exact = [a for a in agencies if fold(a.code) == fold(typed.strip())]
    rest = [
        a
        for a in agencies
        if a not in exact and all(w in fold(f"{a.code} {a.name}") for w in words)
    ]
    return exact + rest


class _FoldedCompleter(QCompleter):
    """Matches what is typed, folded, against each body's folded code and name; puts the
    body's display text into the field when one is chosen."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802  (Qt's name)
        return [fold(path)]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802  (Qt's name)
        return str(index.data(Qt.ItemDataRole.DisplayRole))


class CompetentPicker(QWidget):
    """One row: the label, the body's search field, and where the result is returned.

    Signals:
        changed(): the chosen body (or the return place) changed.
    """

    changed = Signal()

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.choices = PickerChoices(CatalogAgency("", "", "", "", ""), ())
        self._chosen: CatalogAgency | None = None  # None: the home agency's own dossier
        self._allowed = True  # an online dossier is filed with the competent body itself
        self.label = QLabel(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("competent_search")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.search.editingFinished.connect(self._resolve_typed)
        self.search.textEdited.connect(self._on_edited)
        self.label.setBuddy(self.search)
        self.model = QStandardItemModel(self)
        self.completer = _FoldedCompleter(self.model, self)
        self.completer.setCompletionRole(MATCH_ROLE)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(8)
        self.completer.activated.connect(self._on_activated)  # the chosen display text
        self.search.setCompleter(self.completer)
        self.place = QComboBox(self)
        self.place.setObjectName("return_place")
        self.place.currentIndexChanged.connect(lambda _i: self.changed.emit())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.search, 1)
        row.addWidget(self.place)
        self.place.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.retranslate()
        self._show_place()
        self.load()
        session.events.sync_state_changed.connect(self.load)  # a round may bring a new catalog

    # --- the catalog -----------------------------------------------------------------------

    def load(self) -> None:
        fn = partial(picker_choices, self.session.ctx)
        self.session.workers.read_op(fn, owner=self).then(self.set_choices)

    def set_choices(self, choices: object) -> None:
        assert isinstance(choices, PickerChoices)
        self.choices = choices
        self.model.clear()
        for agency in choices.others:
            item = QStandardItem(display_text(agency))
            item.setData(agency.code, CODE_ROLE)
            item.setData(fold(f"{agency.code} {agency.name}"), MATCH_ROLE)
            item.setToolTip(agency.address or agency.name)
            self.model.appendRow(item)
        if self._chosen is not None and self._chosen not in choices.others:
            self.choose(None)  # the body left the catalog
        self.search.setPlaceholderText(self._placeholder())
        self._enable()

    def allow(self, allowed: bool) -> None:
        """Whether another body may be chosen (not for a dossier filed online: the citizen
        files it with the competent body itself); a choice made is dropped when not."""
        self._allowed = allowed
        if not allowed:
            self.choose(None)
        self._enable()

    def _enable(self) -> None:
        self.setEnabled(self._allowed and (bool(self.choices.others) or self._chosen is not None))

    # --- choosing --------------------------------------------------------------------------

    def chosen(self) -> CatalogAgency | None:
        """The competent body chosen, None for the home agency's own dossier."""
        return self._chosen

    def chosen_code(self) -> str | None:
        return self._chosen.code if self._chosen is not None else None

    def return_place(self) -> ReturnPlace | None:
        """Where the result is returned for a dossier of another body; None for our own."""
        if self._chosen is None:
            return None
        value = self.place.currentData()
        return ReturnPlace(value) if value else ReturnPlace.RECEIVING

    def intake_arguments(self) -> dict[str, Any]:
        """The keyword arguments of receive_dossier for the choice: none for an own dossier
        (so the call is the one of before), else the competent body and the return place."""
        if self._chosen is None:
            return {}
        return {"competent_agency": self._chosen.code, "return_place": self.return_place()}

    def problem(self) -> str:
        """What is wrong with the typed text ("" when it names the home agency or one body)."""
        typed = self.search.text().strip()
        if not typed or (self._chosen is not None and typed == display_text(self._chosen)):
            return ""
        return self.tr(
            "Không có cơ quan nào khớp với «{text}» trong danh mục: gõ một phần tên hoặc mã, "
            "chọn bằng ↑↓ rồi Enter, hoặc để trống nếu hồ sơ thuộc thẩm quyền của đơn vị mình."
        ).format(text=typed)

    def choose(self, agency: CatalogAgency | None) -> None:
        before = self._chosen
        self._chosen = agency
        self.search.blockSignals(True)
        self.search.setText(display_text(agency) if agency is not None else "")
        self.search.blockSignals(False)
        self._show_start()
        self._show_place()
        if before != agency:
            self.changed.emit()

    def choose_code(self, code: str | None) -> None:
        found = next((a for a in self.choices.others if a.code == code), None)
        self.choose(found if code and code != self.choices.home.code else None)

    def _on_activated(self, text: str) -> None:
        self.choose(next((a for a in self.choices.others if display_text(a) == text), None))
        # The completer writes the text into the field after this slot (cursor at its end):
        # home it once that is done.
        QTimer.singleShot(0, self, self._show_start)

    def _show_start(self) -> None:
        """Show where the chosen name starts ("Ủy ban…"): a long name with its code is
        wider than the field, whose cursor at the end would scroll the start away."""
        self.search.setCursorPosition(0)

    def _on_edited(self, text: str) -> None:
        if not text.strip() and self._chosen is not None:
            self.choose(None)

    def _resolve_typed(self) -> None:
        """Leaving the field: an empty text is our own; the one body it matches is chosen
        (an exact code, or a single match); otherwise the text stays for problem() to say."""
        typed = self.search.text().strip()
        if not typed:
            self.choose(None)
            return
        if self._chosen is not None and typed == display_text(self._chosen):
            return
        found = matching(self.choices.others, typed)
        exact = found and fold(found[0].code) == fold(typed)
        if exact or len(found) == 1:
            self.choose(found[0])

    def _show_place(self) -> None:
        routed = self._chosen is not None
        self.place.setEnabled(routed)
        if not routed:
            self.place.setCurrentIndex(0)
        self._fill_place()

    def install_shortcut(self, owner: QWidget) -> None:
        """F8 anywhere in ``owner`` (the intake form) puts the cursor in the search."""
        shortcut = QShortcut(QKeySequence(SHORTCUT), owner)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.focus_search)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def reset(self) -> None:
        self.choose(None)

    def lock(self, locked: bool) -> None:
        self.search.setReadOnly(locked)
        self.place.setEnabled(not locked and self._chosen is not None)

    def _popup_open(self) -> bool:
        popup = self.completer.popup()
        return popup is not None and popup.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                if not self._popup_open():
                    self.choose(None)
                    return True
            if event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
            ):
                if not self._popup_open():
                    self._resolve_typed()
                    if not self.problem():
                        self.place.setFocus(Qt.FocusReason.OtherFocusReason)
                    return True  # Enter here chooses, never saves
        return super().eventFilter(watched, event)

    # --- language --------------------------------------------------------------------------

    def _placeholder(self) -> str:
        if not self.choices.others:
            return self.tr("Chưa có danh mục cơ quan (tải về khi đồng bộ)")
        return self.tr("Để trống: thuộc thẩm quyền của đơn vị mình; gõ tên hoặc mã cơ quan khác")

    def _fill_place(self) -> None:
        current = self.place.currentData()
        self.place.blockSignals(True)
        self.place.clear()
        if self._chosen is None:
            self.place.addItem(self.tr("Trả kết quả tại đây"), "")
        else:
            self.place.addItem(self.tr("Trả tại nơi tiếp nhận"), ReturnPlace.RECEIVING.value)
            self.place.addItem(self.tr("Trả tại cơ quan giải quyết"), ReturnPlace.COMPETENT.value)
            index = self.place.findData(current)
            self.place.setCurrentIndex(max(index, 0))
        self.place.blockSignals(False)

    def retranslate(self) -> None:
        self.label.setText(self.tr("Cơ &quan giải quyết ({key}):").format(key=SHORTCUT))
        self.search.setPlaceholderText(self._placeholder())
        self.search.setToolTip(
            self.tr(
                "Tiếp nhận hồ sơ thuộc thẩm quyền của cơ quan khác (không phụ thuộc địa giới "
                "hành chính): gõ một phần tên hoặc mã, ↑↓ để chọn, Enter; Esc để về đơn vị mình."
            )
        )
        self._fill_place()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
