"""The intake form's applicant-kind switch (issue 16): a citizen (the ID card's QR path,
unchanged), or a business, a state agency or another organisation known by its tax code
and acting through a representative. F6 (or Alt+L, then the arrows) changes the kind; the
form's person rows follow it: the name becomes the organisation's, the ID number its tax
code, the birth, sex and old-ID rows give way to the representative's name. A card
scanned while an organisation is chosen is the representative's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit

from app.domain.entry import NAME_MAX
from app.domain.idcard import CitizenCard
from app.domain.organisation import ORG_NAME_MAX, ApplicantKind, is_tax_code
from app.services.dossiers import ApplicantInput

if TYPE_CHECKING:  # the form imports this module
    from ui.intake import IntakeForm

#: The ID-number field: 12 digits for a person, ``0100109106-001`` for a branch.
TAX_CODE_LENGTH = 14
ID_LENGTH = 12


class ApplicantKindSwitch(QObject):
    """Owns the kind box (placed in ``beside``, the scanner's row) and the representative
    field inserted into the person rows of ``form``; the form asks it what to save and
    tells it of scans."""

    def __init__(self, form: IntakeForm, rows: QFormLayout, beside: QHBoxLayout) -> None:
        super().__init__(form)
        self._form = form
        self._rows = rows
        self.combo = QComboBox(form)
        self.combo.setObjectName("applicant_kind")
        self.label = QLabel(form)
        self.label.setBuddy(self.combo)
        self.representative = QLineEdit(form)
        self.representative.setObjectName("representative")
        self.representative.setMaxLength(NAME_MAX)
        self.rep_label = QLabel(form)
        self.rep_label.setBuddy(self.representative)
        # Beside the scanner: the form keeps its height at 1366x768 (tests/ui/test_layout_fit).
        beside.addWidget(self.label)
        beside.addWidget(self.combo)
        rows.insertRow(2, self.rep_label, self.representative)  # after the name and ID rows
        for kind in ApplicantKind:
            self.combo.addItem("", int(kind))
        self.combo.currentIndexChanged.connect(self._apply)
        shortcut = QShortcut(QKeySequence("F6"), form)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.cycle)
        rows.setRowVisible(self.representative, False)  # a citizen first

    # --- what the form asks ---------------------------------------------------------------

    def kind(self) -> ApplicantKind:
        return ApplicantKind(int(self.combo.currentData() or 1))

    def is_organisation(self) -> bool:
        return self.kind().is_organisation

    def looks_complete(self, number: str) -> bool:
        """The ID field holds what the kind expects, enough to look the applicant up."""
        return self.is_organisation() and is_tax_code(number)

    def representative_name(self) -> str:
        """The representative to save: none for a citizen."""
        return self.representative.text() if self.is_organisation() else ""

    def take_card(self, card: CitizenCard) -> bool:
        """A card scanned for an organisation is its representative's: True when used so."""
        if not self.is_organisation():
            return False
        self.representative.setText(card.full_name)
        return True

    def prefill(self, known: ApplicantInput) -> None:
        """What the counter knows of an organisation found by its tax code."""
        if known.kind.is_organisation and not self.is_organisation():
            self.combo.setCurrentIndex(self.combo.findData(int(known.kind)))
        if known.representative and not self.representative.text().strip():
            self.representative.setText(known.representative)

    # --- changing kind --------------------------------------------------------------------

    def cycle(self) -> None:
        """F6: the next kind (a citizen after the last)."""
        self.combo.setCurrentIndex((self.combo.currentIndex() + 1) % self.combo.count())
        self.combo.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def reset(self) -> None:
        self.combo.setCurrentIndex(0)
        self.representative.clear()

    def lock(self, locked: bool) -> None:
        self.combo.setEnabled(not locked)
        self.representative.setReadOnly(locked)

    def _apply(self, _index: int = 0) -> None:
        org = self.is_organisation()
        form = self._form
        if org:  # a person's details have no place on an organisation's record
            form.old_id.clear()
            form.birth.clear()
            form.sex.setCurrentIndex(0)
        for widget in (form.old_id, form.birth, form.sex):
            self._rows.setRowVisible(widget, not org)
        self._rows.setRowVisible(self.representative, org)
        form.id_number.setMaxLength(TAX_CODE_LENGTH if org else ID_LENGTH)
        form.name.setMaxLength(ORG_NAME_MAX if org else NAME_MAX)
        form.retranslate_person()  # the form's labels first, then this kind's (retranslate)

    def retranslate(self) -> None:
        """The kind names and, for an organisation, the labels of the name and ID rows
        (called after the form set its own)."""
        names = {
            ApplicantKind.CITIZEN: self.tr("Công dân"),
            ApplicantKind.BUSINESS: self.tr("Doanh nghiệp"),
            ApplicantKind.AGENCY: self.tr("Cơ quan nhà nước"),
            ApplicantKind.ORGANISATION: self.tr("Tổ chức khác"),
        }
        for i in range(self.combo.count()):
            self.combo.setItemText(i, names[ApplicantKind(int(self.combo.itemData(i)))])
        self.label.setText(self.tr("&Loại người nộp (F6):"))
        self.rep_label.setText(self.tr("Người đại diện:"))
        self.representative.setPlaceholderText(
            self.tr("Họ tên người đại diện (quét thẻ căn cước của người này cũng được)")
        )
        form = self._form
        if self.is_organisation():
            form.person_labels[0].setText(self.tr("Tên tổ chức:"))
            form.person_labels[1].setText(self.tr("Mã số thuế:"))
            form.id_number.setPlaceholderText(self.tr("10 chữ số; chi nhánh: 10 chữ số-3 chữ số"))
