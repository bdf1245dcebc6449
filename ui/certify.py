"""The certified electronic copy from the original, at the counter: choose the originals'
files, the certificate (a USB token or a .p12 file), type the PIN, and the copy is stamped,
signed and entered in the register (app.services.certification) in the write lane.

The PIN lives only in its password field until the job takes it; the field is cleared as
soon as the job starts, whatever its outcome, and nothing keeps it."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.domain.signatures import Pkcs11Source, Pkcs12Source, SignerSpec
from app.services.certification import CertifyOutcome, certify_copy
from ui.people import FormDialog, password_field
from ui.session import UiSession

TOKEN, P12 = 0, 1


class CertifyDialog(FormDialog):
    """Certify originals as one electronic copy.

    Signals:
        certified(object): the copy was made; the argument is the CertifyOutcome.
    """

    certified = Signal(object)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.originals = QListWidget(self)
        self.originals.setMinimumHeight(90)
        self.originals.setMaximumHeight(140)
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(self._choose_originals)
        self.out = QLineEdit(self)
        stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
        self.out.setText(str(session.ctx.data_dir / "certified" / f"ban-sao-{stamp}.pdf"))
        self.source = QComboBox(self)
        self.source.addItems(["", ""])
        self.library = QLineEdit(self)
        self.slot = QSpinBox(self)
        self.slot.setRange(0, 99)
        self.p12 = QLineEdit(self)
        self.officer = QLineEdit(self)
        actor = session.ctx.actor
        self.officer.setText(actor.full_name or actor.username)
        self.book = QLineEdit("01", self)
        self.pin = password_field(self)
        files_row = QHBoxLayout()
        files_row.addWidget(self.originals, 1)
        files_row.addWidget(self.add_button)
        self.labels = [QLabel(self) for _ in range(8)]
        self.form.addRow(self.labels[0], files_row)
        rows: tuple[QWidget, ...] = (self.out, self.source, self.library, self.slot, self.p12,
                                     self.officer, self.book)  # fmt: skip
        for label, row in zip(self.labels[1:], rows, strict=True):
            self.form.addRow(label, row)
        self.pin_label = QLabel(self)
        self.form.addRow(self.pin_label, self.pin)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.submitted.connect(self.submit)
        self.retranslate()
        self._source_changed(TOKEN)

    # --- what the clerk chose ----------------------------------------------------------

    def add_originals(self, paths: list[Path]) -> None:
        for path in paths:
            self.originals.addItem(str(path))

    def original_paths(self) -> list[Path]:
        return [Path(self.originals.item(i).text()) for i in range(self.originals.count())]

    def _choose_originals(self) -> None:
        dialog = QFileDialog(self, self.tr("Chọn bản chính đã quét"))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(self.tr("PDF và ảnh (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)"))
        dialog.filesSelected.connect(lambda names: self.add_originals([Path(n) for n in names]))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _source_changed(self, index: int) -> None:
        token = index == TOKEN
        for widget in (self.library, self.slot, self.labels[3], self.labels[4]):
            widget.setVisible(token)
        for widget in (self.p12, self.labels[5]):
            widget.setVisible(not token)

    def signer_spec(self) -> SignerSpec | None:
        if self.source.currentIndex() == TOKEN:
            lib = self.library.text().strip()
            return Pkcs11Source(Path(lib), self.slot.value()) if lib else None
        p12 = self.p12.text().strip()
        return Pkcs12Source(Path(p12)) if p12 else None

    # --- the work --------------------------------------------------------------------

    def submit(self) -> None:
        spec = self.signer_spec()
        paths = self.original_paths()
        if not paths:
            self.show_error(self.tr("Chưa chọn bản chính nào."))
            return
        if spec is None:
            self.show_error(self.tr("Chưa chọn thiết bị ký số hoặc tệp chứng thư."))
            return
        if not self.pin.text():
            self.show_error(self.tr("Chưa nhập mã PIN."))
            return
        pin = self.pin.text()
        self.pin.clear()  # asked again for every copy, kept nowhere
        fn = partial(
            certify_copy,
            self.session.ctx,
            paths=paths,
            out=Path(self.out.text().strip()),
            signer_spec=spec,
            pin=pin,
            book=self.book.text(),
            officer=self.officer.text(),
        )
        del pin
        self.error.clear()
        self.session.workers.write_op(fn, owner=self).then(
            self._on_certified, lambda exc: self.show_error(self.session.explain(exc))
        )

    def _on_certified(self, outcome: object) -> None:
        assert isinstance(outcome, CertifyOutcome)
        self.certified.emit(outcome)
        self.done_ok()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Chứng thực bản sao điện tử từ bản chính"))
        self.add_button.setText(self.tr("Thêm tệp…"))
        self.source.setItemText(TOKEN, self.tr("Thiết bị ký số (USB token, PKCS#11)"))
        self.source.setItemText(P12, self.tr("Tệp chứng thư số (.p12, .pfx)"))
        self.library.setPlaceholderText(
            self.tr("thư viện PKCS#11 của thiết bị, ví dụ …/libtoken.so")
        )
        texts = (
            self.tr("Bản chính:"),
            self.tr("Lưu bản sao vào:"),
            self.tr("Chứng thư số:"),
            self.tr("Thư viện PKCS#11:"),
            self.tr("Khe thiết bị:"),
            self.tr("Tệp chứng thư:"),
            self.tr("Người chứng thực:"),
            self.tr("Quyển số:"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.pin_label.setText(self.tr("Mã PIN:"))
        self.set_labels(self.tr("Chứng thực và ký số"), self.tr("Hủy"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
