"""The one print preview of the desk: a dossier's form or a post hand-over list, printing to
an installed printer, and saving as PDF.

A form's PDF comes from the printing service (``preview_form``) and what is printed or
saved goes through ``print_form``; a hand-over list's comes from ``render_handover`` and
goes through ``print_handover``. Either way every copy that leaves the counter is audited."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QObject,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.files import AttachedFile
from app.services.context import DeskContext
from app.services.dossiers import get_dossier
from app.services.post import print_handover, render_handover
from app.services.printing import FormPreview, preview_form, print_form
from ui.banner import Banner
from ui.filedialog import file_name, save_dialog
from ui.printforms import applicable_forms, form_label
from ui.screenfit import fit_to_screen
from ui.session import UiSession

PRINT_DPI = 300
HANDOVER_LIST = "handover_list"
"""The ``form`` of a preview that shows a post hand-over list; its ``code`` is the list's
batch id. Every other form is one of a dossier's."""


def render_pages(pdf: bytes, dpi: int = PRINT_DPI) -> list[QImage]:
    """Every page of ``pdf`` as an image at ``dpi``, painted on white (QtPdf renders a
    transparent background). Uses no widget: safe in a worker."""
    doc = QPdfDocument(None)  # type: ignore[call-overload]  # parentless on purpose: safe in a worker
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buffer)
    if doc.status() != QPdfDocument.Status.Ready:
        raise ValueError(f"PDF not readable: {doc.error()}")
    pages = []
    for index in range(doc.pageCount()):
        points = doc.pagePointSize(index)
        size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        raw = doc.render(index, size)
        page = QImage(size, QImage.Format.Format_RGB32)
        page.fill(QColor("white"))
        painter = QPainter(page)
        painter.drawImage(0, 0, raw)
        painter.end()
        page.setDotsPerMeterX(round(dpi / 0.0254))
        page.setDotsPerMeterY(round(dpi / 0.0254))
        pages.append(page)
    doc.close()
    return pages


def paint_pages(printer: QPrinter, pages: list[QImage]) -> None:
    """Put ``pages`` on ``printer``, each scaled to the printable area, aspect kept.
    Raises OSError when the printer cannot be opened."""
    if not pages:
        raise OSError("nothing to print")
    first = pages[0]
    width_pt = first.width() * 72 / (first.dotsPerMeterX() * 0.0254)
    height_pt = first.height() * 72 / (first.dotsPerMeterY() * 0.0254)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(
                QSize(round(width_pt), round(height_pt)),
                "MotCua",
                QPageSize.SizeMatchPolicy.FuzzyMatch,
            ),
            QPageLayout.Orientation.Portrait,
            printer.pageLayout().margins(),
        )
    )
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("printer refused to start")
    try:
        for i, page in enumerate(pages):
            if i and not printer.newPage():
                raise OSError("printer refused a new page")
            area = QRectF(painter.viewport())
            scaled = QSize(page.width(), page.height()).scaled(
                area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio
            )
            target = QRectF(area.x(), area.y(), scaled.width(), scaled.height())
            painter.drawImage(target, page)
    finally:
        painter.end()


def printers_available() -> bool:
    return bool(QPrinterInfo.availablePrinters())


def preview_handover(ctx: DeskContext, *, batch_id: str) -> FormPreview:
    """A hand-over list for the preview: its PDF, and no other form to offer."""
    pdf = render_handover(ctx, batch_id=batch_id)
    return FormPreview(code=batch_id, form=HANDOVER_LIST, pdf=pdf, forms=(HANDOVER_LIST,))


class FormPrinter(QObject):
    """Prints one PDF (a dossier's form, a hand-over list): render pages in a worker, paint
    them on the printer (GUI thread), then record the print through its service.

    Signals:
        printed(str): the printer's name, after the print was recorded.
        failed(str): why it could not print (already in the current language).
    """

    printed = Signal(str)
    failed = Signal(str)

    def __init__(self, session: UiSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session

    def print_pdf(self, code: str, form: str, pdf: bytes, printer: QPrinter) -> None:
        """Print ``form`` of dossier ``code``; the copy on file is the PDF just printed, not
        rendered (nor read) again."""
        self.print_and_record(
            pdf, printer, partial(print_form, self.session.ctx, code=code, form=form, pdf=pdf)
        )

    def print_and_record(self, pdf: bytes, printer: QPrinter, record: Callable[[], object]) -> None:
        """Print ``pdf``; once it is on the printer, ``record`` (in the write lane) audits it."""
        self.session.workers.read_op(partial(render_pages, pdf), owner=self).then(
            partial(self._paint, record, printer), self._on_failed
        )

    def _paint(self, record: Callable[[], object], printer: QPrinter, pages: object) -> None:
        try:
            paint_pages(printer, pages)  # type: ignore[arg-type]  # a QPrinter is the paint device
        except OSError as exc:
            self.failed.emit(
                self.tr("Máy in «{name}» không in được: {error}").format(
                    name=printer.printerName() or printer.outputFileName(), error=exc
                )
            )
            return
        name = printer.printerName() or printer.outputFileName()
        self.session.workers.write_op(record, owner=self).then(
            lambda _path: self.printed.emit(name), self._on_failed
        )

    def _on_failed(self, exc: object) -> None:
        self.failed.emit(self.session.explain(exc))


class PdfPane(QWidget):
    """A PDF shown from its bytes, the pages one under the other, each fitted to the view:
    the print preview's and the saved files' viewer. ``pdf`` is its QPdfDocument, ``view``
    its QPdfView. The document is made first, as a sibling of the view: a document owned
    by the view itself crashes Qt when the view is deleted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView(self)
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)  # a whole page at a glance
        self.view.setStyleSheet("QPdfView { background: #8a8f98; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def show_pdf(self, data: bytes) -> bool:
        """Show ``data``; False when QtPdf cannot read it (the pane is left empty)."""
        self.pdf.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        return self.pdf.status() == QPdfDocument.Status.Ready


class FileViewer(QDialog):
    """A saved file of a dossier (app.services.files), read off the UI thread and shown in
    a PdfPane. Esc or "Đóng" closes it.

    Signals:
        loaded(int): the file is shown; its page count.
    """

    loaded = Signal(int)

    def __init__(self, session: UiSession, file: AttachedFile, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.file = file
        self.view = PdfPane(self)
        self.banner = Banner(self)
        self.info = QLabel(self)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close)
        bar = QHBoxLayout()
        bar.addWidget(self.info, 1)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        fit_to_screen(self, 820, 900)
        self.retranslate()
        from app.services.files import file_bytes  # the file layer only once a file is viewed

        session.workers.read_op(
            partial(file_bytes, session.ctx, sha256=file.sha256), owner=self
        ).then(self._on_read, self._on_failed)

    def _on_read(self, data: object) -> None:
        if not self.view.show_pdf(data):  # type: ignore[arg-type]  # file_bytes gives bytes
            self.banner.show_message("error", self.tr("Không mở được tệp này."))
            return
        self.loaded.emit(self.view.pdf.pageCount())

    def _on_failed(self, exc: object) -> None:
        self.banner.show_message("error", self.session.explain(exc))

    def retranslate(self) -> None:
        f = self.file
        self.setWindowTitle(self.tr("Xem tệp — {name}").format(name=f.name))
        self.info.setText(
            self.tr("{component}. {name} · {pages} trang").format(
                component=f.component, name=f.component_name, pages=f.pages
            )
        )
        self.close_button.setText(self.tr("Đóng"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class PreviewDialog(QDialog):
    """The preview window of one form of one dossier, or (``form`` HANDOVER_LIST, see
    ``of_handover``) of one post hand-over list.

    Signals:
        loaded(bytes): the PDF is shown.
        saved(str): the PDF was saved (and audited) to this path.
        printed(str): it was sent to this printer.
    """

    loaded = Signal(bytes)
    saved = Signal(str)
    printed = Signal(str)

    def __init__(
        self, session: UiSession, code: str, form: str = "receipt", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.session = session
        self.code = code
        self.form = form
        self.pdf: bytes = b""
        self.forms: list[str] = [form]

        self.view = PdfPane(self)
        self.document = self.view.pdf
        if self.is_handover:  # the whole slip at a glance; a hand-over list is read by line
            self.view.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.form_label = QLabel(self)
        self.form_box = QComboBox(self)
        self.form_box.setMinimumContentsLength(30)
        self.form_box.currentIndexChanged.connect(self._on_form_chosen)
        self.print_button = QPushButton(self)
        self.print_button.setDefault(True)  # after a save: Enter prints, Esc closes
        self.print_button.clicked.connect(self.print_)
        self.save_button = QPushButton(self)
        self.save_button.clicked.connect(self.ask_save)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close)
        self.banner = Banner(self)
        self.banner.action_clicked.connect(self.ask_save)
        self.printer_job = FormPrinter(session, self)
        self.printer_job.printed.connect(self._on_printed)
        self.printer_job.failed.connect(self._on_print_failed)

        bar = QHBoxLayout()
        bar.addWidget(self.form_label)
        bar.addWidget(self.form_box, 1)
        bar.addSpacing(12)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_)
        QShortcut(QKeySequence.StandardKey.Save, self, self.ask_save)
        self.form_label.setVisible(not self.is_handover)
        self.form_box.setVisible(not self.is_handover)
        fit_to_screen(self, 860 if self.is_handover else 820, 900)
        self.retranslate()
        self._set_busy(True)
        self._load()

    @classmethod
    def of_handover(
        cls, session: UiSession, batch_id: str, parent: QWidget | None = None
    ) -> PreviewDialog:
        """The preview of the post hand-over list ``batch_id``."""
        return cls(session, batch_id, HANDOVER_LIST, parent)

    @property
    def is_handover(self) -> bool:
        return self.form == HANDOVER_LIST

    # --- loading -------------------------------------------------------------------------

    def _load(self) -> None:
        # One read of the dossier gives the form and the list of its forms.
        ctx = self.session.ctx
        render = (
            partial(preview_handover, ctx, batch_id=self.code)
            if self.is_handover
            else partial(preview_form, ctx, code=self.code, form=self.form)
        )
        self.session.workers.read_op(render, owner=self).then(
            self._on_rendered, self._on_load_failed
        )

    def _record(self, out: Path | None = None) -> Callable[[], Path]:
        """The audited copy of what is shown: the record of a print, or the file ``out``."""
        ctx = self.session.ctx
        if self.is_handover:
            return partial(print_handover, ctx, batch_id=self.code, out=out)
        return partial(print_form, ctx, code=self.code, form=self.form, out=out, pdf=self.pdf)

    def _load_forms(self) -> None:
        self.session.workers.read_op(
            partial(get_dossier, self.session.ctx, code=self.code), owner=self
        ).then(self._on_record)

    def _on_record(self, record: object) -> None:
        self.forms = applicable_forms(record)  # type: ignore[arg-type]  # the worker result arrives untyped (Signal(object))
        if self.form not in self.forms:
            self.forms.append(self.form)
        self._fill_forms()

    def _fill_forms(self) -> None:
        self.form_box.blockSignals(True)
        self.form_box.clear()
        for key in self.forms:
            self.form_box.addItem(form_label(key), key)
        self.form_box.setCurrentIndex(self.forms.index(self.form))
        self.form_box.blockSignals(False)

    def _on_form_chosen(self, index: int) -> None:
        key = self.form_box.itemData(index)
        if key and key != self.form:
            self.form = key
            self._set_busy(True)
            self.banner.clear()
            self._load()
            self._retitle()

    def _on_rendered(self, preview: FormPreview) -> None:
        self.pdf = preview.pdf
        self.forms = list(preview.forms)
        if self.form not in self.forms:
            self.forms.append(self.form)
        self._fill_forms()
        self.view.show_pdf(self.pdf)
        self._set_busy(False)
        self.loaded.emit(self.pdf)

    def _on_load_failed(self, exc: object) -> None:
        if len(self.forms) <= 1 and not self.is_handover:
            self._load_forms()  # the form does not apply: still offer those that do
        self._set_busy(False)
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.banner.show_message("error", self.session.explain(exc))

    def _set_busy(self, busy: bool) -> None:
        self.print_button.setEnabled(not busy)
        self.save_button.setEnabled(not busy)

    # --- printing and saving -------------------------------------------------------------

    def print_(self) -> None:
        """Print to an installed printer; with none, say so and offer the PDF instead."""
        if not self.pdf:
            return
        if not printers_available():
            self.banner.show_message(
                "warning",
                self.tr(
                    "Máy này chưa cài đặt máy in nào nên chưa in được. "
                    "Bạn có thể lưu thành tệp PDF để in ở máy khác."
                ),
                self.tr("Lưu PDF…"),
            )
            return
        printer = QPrinter(QPrinterInfo.defaultPrinter(), QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if not self.is_handover:
            dialog.setWindowTitle(self.tr("In hồ sơ {code}").format(code=self.code))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_on(printer)

    def print_on(self, printer: QPrinter) -> None:
        """Print the shown form on ``printer`` (no dialog)."""
        self.print_button.setEnabled(False)
        self.banner.show_message("info", self.tr("Đang in…"))
        self.printer_job.print_and_record(self.pdf, printer, self._record())

    def _on_printed(self, name: str) -> None:
        self.print_button.setEnabled(True)
        self.banner.show_message("success", self.tr("Đã gửi tới máy in {name}.").format(name=name))
        self.printed.emit(name)

    def _on_print_failed(self, reason: str) -> None:
        self.print_button.setEnabled(True)
        self.banner.show_message(
            "error", reason + " " + self.tr("Bạn có thể lưu thành tệp PDF."), self.tr("Lưu PDF…")
        )

    def ask_save(self) -> None:
        if not self.pdf:
            return
        if self.is_handover:
            title = self.tr("Lưu danh sách bàn giao thành tệp PDF")
            name = file_name(self.tr("Danh sách bàn giao"), self.code, suffix=".pdf")
        else:
            title = self.tr("Lưu bản in thành tệp PDF")
            name = file_name(self.code, form_label(self.form), suffix=".pdf")
        self.file_dialog = save_dialog(
            self,
            title,
            self.session.ctx.output_dir,
            name,
            self.tr("Tệp PDF (*.pdf)"),
            self.save_to,
        )

    def save_to(self, path: Path) -> None:
        """Save what is shown to ``path`` through its service (audited)."""
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.save_button.setEnabled(False)
        self.session.workers.write_op(self._record(path), owner=self).then(
            self._on_saved, self._on_save_failed
        )

    def _on_saved(self, path: object) -> None:
        self.save_button.setEnabled(True)
        self.banner.show_message("success", self.tr("Đã lưu tệp {path}").format(path=path))
        self.saved.emit(str(path))

    def _on_save_failed(self, exc: object) -> None:
        self.save_button.setEnabled(True)
        self.banner.show_message("error", self.session.explain(exc))

    # --- language ------------------------------------------------------------------------

    def _retitle(self) -> None:
        if self.is_handover:
            self.setWindowTitle(self.tr("Danh sách bàn giao {batch}").format(batch=self.code))
            return
        self.setWindowTitle(
            self.tr("Xem trước bản in — {code} — {form}").format(
                code=self.code, form=form_label(self.form)
            )
        )

    def retranslate(self) -> None:
        self._retitle()
        self.form_label.setText(self.tr("Mẫu in:"))
        self.print_button.setText(self.tr("In… (Ctrl+P)"))
        self.save_button.setText(self.tr("Lưu PDF… (Ctrl+S)"))
        self.close_button.setText(self.tr("Đóng"))
        if self.forms:
            self._fill_forms()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
