"""The documents of a dossier (số hóa): its components as a checklist, the pages staged for
the selected component (thumbnails to rotate, reorder or delete before saving), scanning
one page at a time with a hotkey, importing or dropping files, and reusing a document the
same person already had digitised.

Keyboard first: F8 scans the next page into the selected component, Ctrl+S saves the staged
pages as one PDF/A, Ctrl+O imports files, R rotates the selected page, Ctrl+Left/Right move
it, Delete removes it, F9 attaches the selected earlier document (DuocTaiSuDung), F10
attaches the file the office copier scanned to the inbox folder (polled every 2 s).
Scanning runs in the network lane with a progress bar and a cancel button; saving in the
write lane."""

from __future__ import annotations

import io
import threading
from functools import partial
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DeskError
from app.domain.files import AttachedFile, ComponentFiles
from app.services.files import (
    Page,
    ScanRequest,
    attach_existing,
    attach_files,
    attach_from_hub,
    attach_pages,
    documents_of_person,
    dossier_components,
    hub_documents_of_person,
    pending_scans,
    scan_pages,
    take_scan,
)
from ui.banner import Banner
from ui.preview import FileViewer
from ui.session import UiSession

THUMB = QSize(96, 128)


def thumbnail(image: Image.Image, rotate: int) -> QPixmap:
    im = image.copy()
    im.thumbnail((THUMB.width() * 2, THUMB.height() * 2))
    if rotate:
        im = im.rotate(-90 * rotate, expand=True)
    buf = io.BytesIO()
    im.convert("RGB").save(buf, "PNG")
    pix = QPixmap()
    pix.loadFromData(buf.getvalue(), "PNG")
    return pix.scaled(
        THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def _wrapping_list(parent: QWidget) -> QListWidget:
    """A list whose long lines (a component's legal name) wrap instead of running off to a
    horizontal scroll bar."""
    view = QListWidget(parent)
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    return view


class DocumentsPanel(QWidget):
    """The documents of one dossier. ``id_number``: the applicant whose earlier documents
    are offered for reuse.

    Signals:
        changed(): files were attached (the checklist was reloaded).
        viewer_loaded(int): a saved file (Enter or double-click) is shown; its page count.
        scan_progress(int, float): page number and percent, from the scanning thread.
    """

    changed = Signal()
    loaded = Signal()
    viewer_loaded = Signal(int)  # a saved file is shown in the viewer: its page count
    scan_progress = Signal(int, float)

    def __init__(
        self, session: UiSession, code: str, id_number: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.code = code
        self.id_number = id_number
        self.components: list[ComponentFiles] = []
        self.staged: list[Page] = []
        self.reusable: list[AttachedFile] = []
        self.cancel_event: threading.Event | None = None
        self.device = ""
        self.inbox: list[Path] = []
        self._build()
        self.setAcceptDrops(True)
        self.reload()
        self.inbox_timer = QTimer(self)
        self.inbox_timer.setInterval(2000)
        self.inbox_timer.timeout.connect(self.poll_inbox)
        self.inbox_timer.start()

    # --- widgets ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = Banner(self)
        self.checklist = _wrapping_list(self)
        self.checklist.currentRowChanged.connect(self._show_files)
        self.files = _wrapping_list(self)
        self.files.itemActivated.connect(self.view_file)  # Enter or a double-click
        self.viewer: FileViewer | None = None
        self.pages = QListWidget(self)
        self.pages.setViewMode(QListView.ViewMode.IconMode)
        self.pages.setIconSize(THUMB)
        self.pages.setMovement(QListView.Movement.Static)
        self.pages.setMinimumHeight(THUMB.height() + 40)
        self.colour = QCheckBox(self.tr("Giữ màu"), self)
        self.scan_button = QPushButton(self.tr("Quét trang tiếp (F8)"), self)
        self.scan_button.clicked.connect(self.scan_next)
        self.cancel_button = QPushButton(self.tr("Dừng quét"), self)
        self.cancel_button.clicked.connect(self.cancel_scan)
        self.cancel_button.setEnabled(False)
        self.import_button = QPushButton(self.tr("Nhập tệp… (Ctrl+O)"), self)
        self.import_button.clicked.connect(self.ask_import)
        self.save_button = QPushButton(self.tr("Lưu các trang (Ctrl+S)"), self)
        self.save_button.clicked.connect(self.save_pages)
        self.rotate_button = QPushButton(self.tr("Xoay (R)"), self)
        self.rotate_button.clicked.connect(self.rotate_selected)
        self.delete_button = QPushButton(self.tr("Bỏ trang (Delete)"), self)
        self.delete_button.clicked.connect(self.delete_selected)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.scan_progress.connect(self._on_progress)
        self.reuse_label = QLabel(
            self.tr("Giấy tờ đã số hóa trước đây của người nộp (F9 để dùng lại):"), self
        )
        self.reuse = _wrapping_list(self)
        self.reuse_button = QPushButton(self.tr("Dùng lại (F9)"), self)
        self.reuse_button.clicked.connect(self.reuse_selected)
        self.inbox_label = QLabel(self.tr("Tệp mới từ máy photocopy (F10 để đính kèm):"), self)
        self.inbox_list = QListWidget(self)
        self.inbox_label.setVisible(False)
        self.inbox_list.setVisible(False)

        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Thành phần hồ sơ"), self))
        left.addWidget(self.checklist, 2)
        left.addWidget(QLabel(self.tr("Tệp đã lưu (Enter để xem)"), self))
        left.addWidget(self.files, 1)
        # Two rows (where the pages come from; what to do with them) so that the checklist
        # beside them keeps room for the components' long names at 1366x768.
        sources = QHBoxLayout()
        for b in (self.scan_button, self.cancel_button, self.import_button):
            sources.addWidget(b)
        sources.addWidget(self.colour)
        sources.addStretch(1)
        edits = QHBoxLayout()
        for b in (self.rotate_button, self.delete_button):
            edits.addWidget(b)
        edits.addStretch(1)
        edits.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Các trang chưa lưu"), self))
        right.addWidget(self.pages, 2)
        right.addWidget(self.progress)
        right.addLayout(sources)
        right.addLayout(edits)
        right.addWidget(self.reuse_label)
        right.addWidget(self.reuse, 1)
        right.addWidget(self.reuse_button, 0, Qt.AlignmentFlag.AlignRight)
        right.addWidget(self.inbox_label)
        right.addWidget(self.inbox_list)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(body)
        for key, slot in (
            ("F8", self.scan_next),
            ("Ctrl+S", self.save_pages),
            ("Ctrl+O", self.ask_import),
            ("R", self.rotate_selected),
            ("Delete", self.delete_selected),
            ("F9", self.reuse_selected),
            ("F10", self.take_inbox_file),
            ("Ctrl+Left", partial(self.move_selected, -1)),
            ("Ctrl+Right", partial(self.move_selected, +1)),
        ):
            QShortcut(QKeySequence(key), self, slot)

    # --- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        ctx, code, number = self.session.ctx, self.code, self.id_number

        def work() -> tuple[list[ComponentFiles], list[AttachedFile]]:
            comps = dossier_components(ctx, code=code)
            reuse = documents_of_person(ctx, id_number=number, exclude_code=code) if number else []
            return comps, reuse

        self.session.workers.read_op(work, owner=self).then(self._loaded, self._failed)

    def _loaded(self, value: tuple[list[ComponentFiles], list[AttachedFile]]) -> None:
        comps, reuse = value
        row = max(0, self.checklist.currentRow())
        self.components = comps
        self.checklist.clear()
        for c in comps:
            mark = "☑" if c.digitised else "☐"
            item = QListWidgetItem(f"{mark} {c.component}. {c.name}")
            item.setToolTip(c.name)
            item.setData(Qt.ItemDataRole.UserRole, c.digitised)
            self.checklist.addItem(item)
        if comps:
            self.checklist.setCurrentRow(min(row, len(comps) - 1))
        self._show_reusable(reuse)
        self.loaded.emit()
        if self.id_number:  # and what the city hub holds of this person for the agency
            ctx, number = self.session.ctx, self.id_number
            self.session.workers.network_op(
                lambda: hub_documents_of_person(ctx, id_number=number), owner=self
            ).then(self._hub_loaded, self._hub_failed)

    hub_checked = Signal()

    def _show_reusable(self, reuse: list[AttachedFile]) -> None:
        self.reusable = reuse
        self.reuse.clear()
        for f in reuse:
            where = self.tr(" — từ thành phố") if not f.uid else ""
            self.reuse.addItem(
                self.tr("{name} — {component} ({code}, {pages} trang)").format(
                    name=f.name, component=f.component_name, code=f.dossier_code, pages=f.pages
                )
                + where
            )
        if reuse:
            self.reuse.setCurrentRow(0)
        self.reuse_label.setVisible(bool(reuse))
        self.reuse.setVisible(bool(reuse))
        self.reuse_button.setVisible(bool(reuse))

    def _hub_loaded(self, value: object) -> None:
        known = {f.sha256 for f in self.reusable}
        extra = [f for f in value if f.sha256 not in known]  # type: ignore[attr-defined]  # AttachedFile from the worker
        if extra:
            self._show_reusable(self.reusable + extra)
        self.hub_checked.emit()

    def _hub_failed(self, exc: object) -> None:
        # Not enrolled, or the hub is away: the counter's own documents are still offered.
        if not isinstance(exc, DeskError):
            self.banner.show_message("error", self.session.explain(exc))
        self.hub_checked.emit()

    def _failed(self, exc: object) -> None:
        self._scanning(False)
        self.banner.show_message("error", self.session.explain(exc))

    def _show_files(self, row: int) -> None:
        self.files.clear()
        if 0 <= row < len(self.components):
            for f in self.components[row].files:
                item = QListWidgetItem(
                    self.tr("{name} · {pages} trang · {kb} KB").format(
                        name=f.name, pages=f.pages, kb=f.size // 1024
                    )
                )
                item.setToolTip(item.text())
                item.setData(Qt.ItemDataRole.UserRole, f)
                self.files.addItem(item)

    def view_file(self, item: QListWidgetItem | None = None) -> None:
        """Open the saved file under ``item`` (else the selected one) in the viewer."""
        item = item or self.files.currentItem()
        if item is None:
            return
        f = item.data(Qt.ItemDataRole.UserRole)
        if self.viewer is not None:
            self.viewer.close()
        self.viewer = FileViewer(self.session, f, self)
        self.viewer.loaded.connect(self.viewer_loaded)
        self.viewer.show()

    def selected_component(self) -> int:
        row = self.checklist.currentRow()
        return self.components[row].component if 0 <= row < len(self.components) else 1

    # --- staged pages -----------------------------------------------------------------------

    def add_pages(self, images: list[Image.Image]) -> None:
        for im in images:
            self.staged.append(Page(im))
        self._refresh_pages(len(self.staged) - 1)

    def _refresh_pages(self, select: int | None = None) -> None:
        self.pages.clear()
        for i, page in enumerate(self.staged, start=1):
            self.pages.addItem(QListWidgetItem(QIcon(thumbnail(page.image, page.rotate)), str(i)))
        if select is not None and self.staged:
            self.pages.setCurrentRow(max(0, min(select, len(self.staged) - 1)))

    def rotate_selected(self) -> None:
        row = self.pages.currentRow()
        if 0 <= row < len(self.staged):
            self.staged[row] = self.staged[row].rotated(1)
            self._refresh_pages(row)

    def delete_selected(self) -> None:
        row = self.pages.currentRow()
        if 0 <= row < len(self.staged):
            del self.staged[row]
            self._refresh_pages(row)

    def move_selected(self, step: int) -> None:
        row = self.pages.currentRow()
        to = row + step
        if 0 <= row < len(self.staged) and 0 <= to < len(self.staged):
            self.staged[row], self.staged[to] = self.staged[to], self.staged[row]
            self._refresh_pages(to)

    def save_pages(self) -> None:
        if not self.staged:
            return
        pages, component = list(self.staged), self.selected_component()
        ctx, code, colour = self.session.ctx, self.code, self.colour.isChecked()
        self.save_button.setEnabled(False)
        self.session.workers.write_op(
            lambda: attach_pages(ctx, code=code, component=component, pages=pages, colour=colour),
            owner=self,
        ).then(self._saved, self._save_failed)

    def _saved(self, _value: object) -> None:
        self.save_button.setEnabled(True)
        self.staged = []
        self._refresh_pages()
        self.banner.show_message("info", self.tr("Đã lưu các trang vào hồ sơ."))
        self.changed.emit()
        self.reload()

    def _save_failed(self, exc: object) -> None:
        self.save_button.setEnabled(True)  # the staged pages stay: nothing is lost
        self._failed(exc)

    # --- scanning ---------------------------------------------------------------------------

    def scan_next(self) -> None:
        if self.cancel_event is not None:
            return  # one scan at a time
        self.cancel_event = threading.Event()
        request = ScanRequest(self.device, pages=1, colour=self.colour.isChecked())
        ctx, cancel = self.session.ctx, self.cancel_event
        self._scanning(True)

        def work() -> tuple[list[Image.Image], Any]:
            folder, result = scan_pages(
                ctx, request, cancel=cancel, progress=self.scan_progress.emit
            )
            images = []
            for p in result.pages:
                with Image.open(p) as im:
                    images.append(im.copy())
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
            return images, result.error

        self.session.workers.network_op(work, owner=self).then(self._scanned, self._failed)

    def cancel_scan(self) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()

    def _scanning(self, on: bool) -> None:
        if not on:
            self.cancel_event = None
        self.progress.setVisible(on)
        self.progress.setValue(0)
        self.cancel_button.setEnabled(on)
        self.scan_button.setEnabled(not on)

    def _on_progress(self, _page: int, pct: float) -> None:
        self.progress.setValue(int(pct))

    def _scanned(self, value: tuple[list[Image.Image], Any]) -> None:
        images, error = value
        self._scanning(False)
        self.add_pages(images)
        if error is not None:
            self.banner.show_message("warning", self.session.explain(error))

    # --- import, drop, reuse ----------------------------------------------------------------

    def ask_import(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Chọn tệp giấy tờ"),
            "",
            self.tr("Giấy tờ (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)"),
        )
        if names:
            self.import_files([Path(n) for n in names])

    def import_files(self, paths: list[Path]) -> None:
        ctx, code, component = self.session.ctx, self.code, self.selected_component()
        colour = self.colour.isChecked()
        self.session.workers.write_op(
            lambda: attach_files(ctx, code=code, component=component, paths=paths, colour=colour),
            owner=self,
        ).then(self._saved, self._failed)

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    def reuse_selected(self) -> None:
        row = self.reuse.currentRow()
        if not 0 <= row < len(self.reusable):
            return
        f, component = self.reusable[row], self.selected_component()
        ctx, code = self.session.ctx, self.code
        if not f.uid:  # held by the city hub only: fetched, checked, then attached
            self.session.workers.network_op(
                lambda: attach_from_hub(
                    ctx,
                    code=code,
                    component=component,
                    sha256=f.sha256,
                    name=f.name,
                    from_national=f.from_national,
                ),
                owner=self,
            ).then(self._saved, self._failed)
            return
        self.session.workers.write_op(
            lambda: attach_existing(
                ctx,
                code=code,
                component=component,
                sha256=f.sha256,
                name=f.name,
                from_national=f.from_national,
            ),
            owner=self,
        ).then(self._saved, self._failed)

    # --- the copier's scan-to-folder inbox -----------------------------------------------------

    inbox_polled = Signal()

    def poll_inbox(self) -> None:
        ctx = self.session.ctx
        self.session.workers.read_op(lambda: pending_scans(ctx), owner=self).then(
            self._inbox_seen, self._failed
        )

    def _inbox_seen(self, value: object) -> None:
        paths = list(value)  # type: ignore[call-overload]  # a list from the worker
        if paths != self.inbox:
            self.inbox = paths
            self.inbox_list.clear()
            for p in paths:
                self.inbox_list.addItem(p.name)
            if paths:
                self.inbox_list.setCurrentRow(0)
        self.inbox_label.setVisible(bool(paths))
        self.inbox_list.setVisible(bool(paths))
        self.inbox_polled.emit()

    def take_inbox_file(self) -> None:
        row = self.inbox_list.currentRow()
        if not 0 <= row < len(self.inbox):
            return
        path, component = self.inbox[row], self.selected_component()
        ctx, code, colour = self.session.ctx, self.code, self.colour.isChecked()
        self.session.workers.write_op(
            lambda: take_scan(ctx, path=path, code=code, component=component, colour=colour),
            owner=self,
        ).then(self._taken, self._failed)

    def _taken(self, value: object) -> None:
        self._saved(value)
        self.poll_inbox()


class ReuseOffer:
    """What the intake screen adds when an ID card is scanned: the documents digitised
    before for that person are counted and announced, and F7 (once the dossier is saved)
    opens the documents panel where F9 attaches one."""

    def __init__(self, screen: QWidget, session: UiSession, banner: Banner) -> None:
        self.screen, self.session, self.banner = screen, session, banner
        self.id_number = ""
        self.found: list[AttachedFile] = []
        self.dialog: DocumentsDialog | None = None

    def card_scanned(self, id_number: str) -> None:
        self.id_number, self.found = id_number, []
        ctx = self.session.ctx
        self.session.workers.read_op(
            lambda: documents_of_person(ctx, id_number=id_number), owner=self.screen
        ).then(partial(self._found, id_number))

    def _found(self, id_number: str, value: object) -> None:
        if id_number != self.id_number:
            return
        self.found = list(value)  # type: ignore[call-overload]  # the worker result arrives untyped
        if self.found:
            self.banner.show_message(
                "info",
                QCoreApplication.translate(
                    "ReuseOffer",
                    "Người này đã có {n} giấy tờ được số hóa trước đây: sau khi lưu hồ sơ, nhấn F7 "
                    "rồi F9 để dùng lại thay vì xin bản sao mới.",
                ).format(n=len(self.found)),
            )

    def open_for(self, code: str) -> None:
        self.dialog = DocumentsDialog(self.session, code, self.id_number, self.screen)
        self.dialog.show()


class DocumentsDialog(QDialog):
    """The documents panel in its own window (opened from a dossier's detail)."""

    def __init__(
        self, session: UiSession, code: str, id_number: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Số hóa hồ sơ {code}").format(code=code))
        self.panel = DocumentsPanel(session, code, id_number, self)
        self._warned_for = 0  # how many unsaved pages the last Esc warned about
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        self.resize(1000, 640)

    def reject(self) -> None:
        """Esc never throws scanned pages away unasked: during a scan it stops the scan
        (the pages scanned stay); with pages not saved yet it says so first, and only a
        second Esc closes."""
        panel = self.panel
        if panel.cancel_event is not None:
            panel.cancel_scan()
            return
        if panel.staged and len(panel.staged) != self._warned_for:
            self._warned_for = len(panel.staged)
            panel.banner.show_message(
                "warning",
                self.tr(
                    "Còn {n} trang chưa lưu: Ctrl+S để lưu vào hồ sơ, Esc lần nữa để đóng và bỏ chúng."
                ).format(n=len(panel.staged)),
            )
            return
        super().reject()


__all__ = ["DocumentsDialog", "DocumentsPanel"]
