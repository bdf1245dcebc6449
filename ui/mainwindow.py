"""The main window: intake and queue tabs, menus and shortcuts, the status strip, and the
windows it opens (detail, print preview, rejected dossiers, enrolment)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from app.domain.dossier import DossierRecord
from app.domain.handover import receipt_allowed
from app.domain.roles import Permission
from ui.banner import Banner
from ui.detail import DetailDialog
from ui.enroll import EnrollDialog
from ui.housekeeping import Housekeeping
from ui.i18n import resources_dir
from ui.intake import IntakeForm
from ui.people import ChangePasswordDialog
from ui.post import BatchReceptionScreen, HandoverScreen
from ui.queue import QueueScreen
from ui.session import UiSession
from ui.supervisor import AdminScreen
from ui.sync_control import SYNC_INTERVAL_MS, SyncController
from ui.syncstrip import RejectedDialog, SyncStrip
from ui.volunteer import VolunteerScreen
from ui.workers import Lane

if TYPE_CHECKING:
    from ui.preview import FormPrinter, PreviewDialog
    from ui.reports import ReportsScreen


def app_icon() -> QIcon:
    return QIcon(str(resources_dir() / "icons" / "motcua.svg"))


class MainWindow(QMainWindow):
    """The counter's window for one logged-in person.

    Signals:
        ready(): the catalog, the first page of the queue and the sync status are shown
            (the start-up benchmark stops its clock here).
        closed(): the window was closed.
    """

    ready = Signal()
    closed = Signal()

    def __init__(self, session: UiSession, *, start_sync: bool = True,
                 sync_interval_ms: int = SYNC_INTERVAL_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.details: dict[str, DetailDialog] = {}
        self.previews: list[PreviewDialog] = []
        self.rejected_dialog: RejectedDialog | None = None
        self.enroll_dialog: EnrollDialog | None = None
        self.agency_name = ""
        self.counter_slot = 0
        self._ready_parts: set[str] = set()
        self._is_ready = False
        self.setWindowIcon(app_icon())

        self.notice = Banner(self)
        self.tabs = QTabWidget(self)
        actor = session.ctx.actor
        self.intake = IntakeForm(session, self)
        self.queue = QueueScreen(session, self)
        self.batch_reception: BatchReceptionScreen | None = None
        self.handover: HandoverScreen | None = None
        self.volunteer: VolunteerScreen | None = None
        self.admin: AdminScreen | None = None
        self.reports: ReportsScreen | None = None
        self.password_dialog: ChangePasswordDialog | None = None
        # Each role sees only the tabs it may use (the services check again).
        can_receive = any(actor.can(p) for p in (Permission.RECEIVE, Permission.RECEIVE_POST))
        if can_receive:
            self.tabs.addTab(self.intake, "")
        else:
            self.intake.hide()  # kept (closed) for the shortcuts' sake, never shown
        if actor.can(Permission.VOLUNTEER):
            self.volunteer = VolunteerScreen(session, self)
            self.tabs.addTab(self.volunteer, "")
        self.tabs.addTab(self.queue, "")
        if actor.can(Permission.HANDOVER_RECEIVE):
            self.batch_reception = BatchReceptionScreen(session, self)
            self.batch_reception.received.connect(self._on_batch_received)
            self.tabs.addTab(self.batch_reception, "")
        if actor.can(Permission.HANDOVER_CREATE):
            self.handover = HandoverScreen(session, self)
            self.tabs.addTab(self.handover, "")
        if actor.can(Permission.USERS):
            self.admin = AdminScreen(session, self)
            self.admin.catalog.saved.connect(self._on_catalog_saved)
            self.tabs.addTab(self.admin, "")
        if actor.can(Permission.REPORTS):
            from ui.reports import ReportsScreen  # QtCharts loads only for those who see it

            self.reports = ReportsScreen(session, self)
            self.reports.open_requested.connect(self.open_detail)
            self.tabs.addTab(self.reports, "")
        self.tabs.currentChanged.connect(self._focus_tab)
        self.strip = SyncStrip(self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(4)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.strip)
        self.setCentralWidget(central)

        self.sync = SyncController(session, sync_interval_ms, self)
        self.sync.status_changed.connect(self._on_sync_status)
        self.sync.failed.connect(self.strip.show_error)
        self.strip.sync_requested.connect(self.refresh)
        self.strip.rejected_requested.connect(self.show_rejected)
        self.intake.saved.connect(self._on_saved)
        self.queue.open_requested.connect(self.open_detail)
        self.queue.model.page_loaded.connect(lambda _n: self._part_ready("queue"))
        self.intake.catalog_loaded.connect(lambda _n: self._part_ready("catalog"))
        self.direct_printer: FormPrinter | None = None
        self.housekeeping = Housekeeping(session, self)
        self.housekeeping.problem.connect(lambda text: self.notice.show_message("error", text))
        self.ready.connect(self.housekeeping.start)

        self._make_actions()
        self._make_menus()
        self.retranslate()
        self.resize(1280, 800)
        self.queue.refresh()
        self._load_place()
        if start_sync:
            self.sync.start()
        else:
            self.sync.refresh()

    # --- actions and menus ---------------------------------------------------------------

    def _action(self, slot: Any, *shortcuts: QKeySequence | str, checkable: bool = False) -> QAction:
        action = QAction(self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        self.new_action = self._action(self.new_dossier, "F2")
        self.search_action = self._action(self.focus_search, "F3", QKeySequence.StandardKey.Find)
        self.refresh_action = self._action(self.refresh, "F5")
        self.preview_action = self._action(self.preview_current, QKeySequence.StandardKey.Print)
        self.direct_action = self._action(self._toggle_direct, checkable=True)
        self.direct_action.setChecked(self.session.print_directly)
        self.quit_action = self._action(self.close, QKeySequence.StandardKey.Quit)
        self.open_action = self._action(self.queue.open_current)
        self.sync_action = self._action(self.sync.sync_by_hand)
        self.rejected_action = self._action(self.show_rejected)
        self.enroll_action = self._action(self.show_enroll)
        self.enroll_action.setEnabled(self.session.ctx.actor.can(Permission.SYNC))
        self.language_action = self._action(self.session.language.toggle, "Ctrl+L")
        group = QActionGroup(self)
        self.vi_action = self._action(lambda: self.session.language.set("vi"), checkable=True)
        self.en_action = self._action(lambda: self.session.language.set("en"), checkable=True)
        for action in (self.vi_action, self.en_action):
            group.addAction(action)
        self.about_action = self._action(self.show_about)
        self.password_action = self._action(self.change_password)
        actor = self.session.ctx.actor
        self.preview_action.setEnabled(actor.can(Permission.PRINT))
        self.new_action.setEnabled(self.tabs.indexOf(self.intake) >= 0)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        for action in (self.new_action, self.preview_action, self.direct_action):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.password_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.dossier_menu = bar.addMenu("")
        for action in (self.search_action, self.open_action, self.refresh_action):
            self.dossier_menu.addAction(action)
        self.sync_menu = bar.addMenu("")
        for action in (self.sync_action, self.rejected_action, self.enroll_action):
            self.sync_menu.addAction(action)
        self.language_menu = bar.addMenu("")
        for action in (self.vi_action, self.en_action):
            self.language_menu.addAction(action)
        self.language_menu.addSeparator()
        self.language_menu.addAction(self.language_action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)

    # --- commands ------------------------------------------------------------------------

    def new_dossier(self) -> None:
        if self.tabs.indexOf(self.intake) < 0:
            return
        self.tabs.setCurrentWidget(self.intake)
        self.intake.request_clear()

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.queue)
        self.queue.focus_search()

    def refresh(self) -> None:
        """F5: reload the queue and sync now (by hand: it also lifts a post-restore pause)."""
        self.queue.refresh()
        self.sync.sync_by_hand()

    def preview_current(self) -> None:
        """Ctrl+P: the receipt of the dossier just saved, or of the one selected."""
        code = None
        if self.tabs.currentWidget() is self.intake and self.intake.record is not None:
            code = self.intake.record.code
        elif self.tabs.currentWidget() is self.queue:
            code = self.queue.current_code()
        if code:
            self.open_preview(code, "receipt")

    def _toggle_direct(self, checked: bool) -> None:
        self.session.print_directly = checked

    def open_detail(self, code: str) -> DetailDialog:
        dialog = self.details.get(code)
        if dialog is None:
            dialog = DetailDialog(self.session, code, self)
            dialog.moved.connect(self._on_moved)
            dialog.preview_requested.connect(self.open_preview)
            dialog.finished.connect(partial(self._forget_detail, code))
            self.details[code] = dialog
        if dialog.isVisible():
            dialog.raise_()  # already open: bring it to the front
        dialog.show()
        dialog.activateWindow()
        return dialog

    def _forget_detail(self, code: str, _result: int = 0) -> None:
        dialog = self.details.pop(code, None)
        if dialog is not None:
            dialog.deleteLater()

    def open_preview(self, code: str, form: str = "receipt") -> PreviewDialog:
        from ui.preview import PreviewDialog  # QtPdf and the PDF renderer load on first use

        dialog = PreviewDialog(self.session, code, form, self)
        dialog.finished.connect(partial(self._forget_preview, dialog))
        self.previews.append(dialog)
        dialog.show()
        return dialog

    def _forget_preview(self, dialog: PreviewDialog, _result: int = 0) -> None:
        if dialog in self.previews:
            self.previews.remove(dialog)
            dialog.deleteLater()

    def print_directly(self, code: str, form: str = "receipt") -> None:
        """Print on the default printer without the preview; with no printer, open the
        preview, which says why and offers the PDF."""
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        from app.services.printing import render_for_preview
        from ui.preview import FormPrinter, printers_available

        if not printers_available():
            preview = self.open_preview(code, form)
            preview.loaded.connect(lambda _pdf: preview.print_())
            return
        printer = QPrinter(QPrinterInfo.defaultPrinter(), QPrinter.PrinterMode.HighResolution)
        if self.direct_printer is None:
            self.direct_printer = FormPrinter(self.session, self)
            self.direct_printer.printed.connect(self._on_direct_printed)
            self.direct_printer.failed.connect(
                lambda text: self.notice.show_message("error", text))
        direct = self.direct_printer
        self.session.workers.submit(
            partial(render_for_preview, self.session.ctx, code=code, form=form),
            lane=Lane.READ, owner=self).then(
            lambda pdf: direct.print_pdf(code, form, pdf, printer),  # type: ignore[arg-type]
            lambda exc: self.notice.show_message("error", self.session.explain(exc)))

    def _on_direct_printed(self, name: str) -> None:
        self.notice.show_message("success", self.tr("Đã in biên nhận trên máy in {name}.").format(
            name=name))
        QTimer.singleShot(6000, self.notice.clear)

    def show_rejected(self) -> RejectedDialog:
        if self.rejected_dialog is None:
            self.rejected_dialog = RejectedDialog(self.session, self)
        else:
            self.rejected_dialog.reload()
            if self.rejected_dialog.isVisible():
                self.rejected_dialog.raise_()
        self.rejected_dialog.show()
        return self.rejected_dialog

    def show_enroll(self) -> EnrollDialog:
        if self.enroll_dialog is None:
            self.enroll_dialog = EnrollDialog(self.session, self)
            self.enroll_dialog.enrolled.connect(self._on_enrolled)
        self.enroll_dialog.show()
        return self.enroll_dialog

    def show_about(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Giới thiệu"), self.tr(
            "MotCua Desk — phần mềm tiếp nhận hồ sơ tại Bộ phận Một cửa.\n"
            "Dữ liệu: {path}").format(path=self.session.ctx.data_dir), parent=self)
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Đóng"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _focus_tab(self, _index: int = 0) -> None:
        # The keyboard lands where the work starts: the scanner, or the search box.
        current = self.tabs.currentWidget()
        if current is self.intake:
            self.intake.focus_start()
        elif current is self.queue:
            self.queue.focus_search()
        elif isinstance(current, BatchReceptionScreen | VolunteerScreen):
            current.focus_start()

    def tab_titles(self) -> list[str]:
        """The titles of the tabs this person sees, in order."""
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def change_password(self) -> ChangePasswordDialog:
        """Anyone's own password (File menu)."""
        dialog = ChangePasswordDialog(self.session, self)
        dialog.changed.connect(lambda: self.notice.show_message(
            "success", self.tr("Đã đổi mật khẩu.")))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.password_dialog = dialog
        dialog.open()
        return dialog

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._focus_tab()

    # --- events from the screens ---------------------------------------------------------

    def _on_saved(self, record: object) -> None:
        assert isinstance(record, DossierRecord)
        self.queue.refresh()
        self.sync.sync_now()
        self.housekeeping.after_change()
        if not receipt_allowed(record, "receipt"):
            return  # a post dossier: its one receipt comes from the commune
        if self.session.print_directly:
            self.print_directly(record.code, "receipt")
        else:
            self.open_preview(record.code, "receipt")

    def _on_batch_received(self, _receipt: object) -> None:
        self.queue.refresh()
        self.sync.sync_now()

    def _on_catalog_saved(self, _procedure: object) -> None:
        # The intake and volunteer searches keep the catalog in memory: reload them.
        self.intake._load_catalog()
        if self.volunteer is not None:
            self.volunteer.picker.reload()

    def _on_moved(self, _record: object) -> None:
        self.queue.refresh()
        self.sync.sync_now()

    def _on_sync_status(self, status: object) -> None:
        self.strip.show_status(status)
        self._part_ready("sync")

    def _part_ready(self, part: str) -> None:
        self._ready_parts.add(part)
        if not self._is_ready and {"queue", "sync", "catalog"} <= self._ready_parts:
            self._is_ready = True
            self.ready.emit()

    def _on_enrolled(self, _result: str) -> None:
        self._load_place()  # the hub gave this counter its slot
        self.sync.sync_now()

    def _load_place(self) -> None:
        self.session.workers.submit(self.session.ctx.service_point, lane=Lane.READ,
                                    owner=self).then(self._on_place)

    def _on_place(self, place: object) -> None:
        agency, _counter_id, slot = place  # type: ignore[misc]
        self.agency_name = agency.name
        self.counter_slot = slot
        self.retranslate()

    # --- language ------------------------------------------------------------------------

    def retranslate(self) -> None:
        actor = self.session.ctx.actor
        who = f"{actor.full_name} ({self.session.language.label(actor.role)})"
        parts = ["MotCua Desk", self.agency_name, who]
        self.setWindowTitle(" — ".join(p for p in parts if p))
        self.strip.set_user(self.tr("Người dùng: {who}").format(who=who))
        titles = {
            self.intake: self.tr("Tiếp nhận hồ sơ (F2)"),
            self.queue: self.tr("Danh sách hồ sơ (F3)"),
            self.volunteer: self.tr("Hỗ trợ nộp trực tuyến"),
            self.batch_reception: self.tr("Nhận hồ sơ bưu chính"),
            self.handover: self.tr("Bàn giao bưu chính"),
            self.admin: self.tr("Quản trị"),
            self.reports: self.tr("Báo cáo"),
        }
        for widget, title in titles.items():
            index = self.tabs.indexOf(widget) if widget is not None else -1
            if index >= 0:
                self.tabs.setTabText(index, title)
        self.file_menu.setTitle(self.tr("&Tệp"))
        self.dossier_menu.setTitle(self.tr("&Hồ sơ"))
        self.sync_menu.setTitle(self.tr("Đồng &bộ"))
        self.language_menu.setTitle(self.tr("&Ngôn ngữ"))
        self.help_menu.setTitle(self.tr("Trợ &giúp"))
        self.new_action.setText(self.tr("Tiếp nhận hồ sơ mới"))
        self.preview_action.setText(self.tr("Xem trước bản in…"))
        self.direct_action.setText(self.tr("In trực tiếp, không xem trước"))
        self.quit_action.setText(self.tr("Thoát"))
        self.search_action.setText(self.tr("Tìm hồ sơ"))
        self.open_action.setText(self.tr("Xem chi tiết hồ sơ đang chọn"))
        self.refresh_action.setText(self.tr("Làm mới và đồng bộ"))
        self.sync_action.setText(self.tr("Đồng bộ ngay"))
        self.rejected_action.setText(self.tr("Hồ sơ bị từ chối…"))
        self.enroll_action.setText(self.tr("Kết nối hệ thống của thành phố…"))
        self.language_action.setText(self.tr("Đổi ngôn ngữ"))
        self.vi_action.setText("Tiếng Việt")
        self.en_action.setText("English")
        (self.en_action if self.session.lang == "en" else self.vi_action).setChecked(True)
        self.about_action.setText(self.tr("Giới thiệu"))
        self.password_action.setText(self.tr("Đổi mật khẩu…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sync.stop()
        self.housekeeping.stop()
        handover_previews = self.handover.previews if self.handover is not None else []
        for dialog in [*self.details.values(), *self.previews, *handover_previews]:
            dialog.close()
        super().closeEvent(event)
        self.closed.emit()
