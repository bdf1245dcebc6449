"""The main window: intake and queue tabs, menus and shortcuts, the status strip, and the
windows it opens (detail, print preview, rejected dossiers, enrolment)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.dossier import DossierRecord
from app.domain.handover import receipt_allowed
from app.domain.roles import Permission
from ui.banner import Banner
from ui.detail import DetailDialog
from ui.housekeeping import Housekeeping
from ui.i18n import app_icon
from ui.intake import IntakeForm
from ui.queue import QueueScreen
from ui.rating_flow import CustomerDisplay
from ui.screenfit import remember_window, restore_window
from ui.session import UiSession
from ui.sync_control import SYNC_INTERVAL_MS, SyncController
from ui.syncstrip import RejectedDialog, SyncStrip

if TYPE_CHECKING:
    # The screens of other roles, the preview (QtPdf, the PDF renderer) and the rarely
    # used dialogs load on first use: a clerk's window starts without them.
    from ui.agency_handover import AgencyHandoverScreen
    from ui.certify import CertifyDialog
    from ui.enroll import EnrollDialog
    from ui.people import ChangePasswordDialog
    from ui.post import BatchReceptionScreen, HandoverScreen
    from ui.preview import FormPrinter, PreviewDialog
    from ui.reports import ReportsScreen
    from ui.scorecard import ScorecardScreen
    from ui.supervisor import AdminScreen
    from ui.volunteer import VolunteerScreen


class MainWindow(QMainWindow):
    """The counter's window for one logged-in person.

    Signals:
        ready(): the catalog, the first page of the queue and the sync status are shown
            (the start-up benchmark stops its clock here).
        closed(): the window was closed (the app ends).
        logged_out(str): the person logged out (the window is closed; the log-in comes
            back, with this user name filled in: "" to switch to someone else).
    """

    ready = Signal()
    closed = Signal()
    logged_out = Signal(str)

    def __init__(
        self,
        session: UiSession,
        *,
        start_sync: bool = True,
        sync_interval_ms: int = SYNC_INTERVAL_MS,
        parent: QWidget | None = None,
    ) -> None:
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
        self._leaving: str | None = None  # set when logging out: the name to fill in
        self._quit_confirmed = False
        self.quit_box: QMessageBox | None = None
        self.hidden_by_lock: list[QWidget] = []
        self.setWindowIcon(app_icon())

        self.tabs = QTabWidget(self)
        actor = session.ctx.actor
        self.intake = IntakeForm(session, self)
        self.queue = QueueScreen(session, self)
        self._batch_reception: BatchReceptionScreen | None = None
        self._reception_slot: QWidget | None = None
        self.handover: HandoverScreen | None = None
        self.agency_handover: AgencyHandoverScreen | None = None
        self.volunteer: VolunteerScreen | None = None
        self.admin: AdminScreen | None = None
        self.reports: ReportsScreen | None = None
        self.scorecard: ScorecardScreen | None = None
        self.password_dialog: ChangePasswordDialog | None = None
        self.certify_dialog: CertifyDialog | None = None
        # Each role sees only the tabs it may use (the services check again).
        can_receive = any(actor.can(p) for p in (Permission.RECEIVE, Permission.RECEIVE_POST))
        if can_receive:
            self.tabs.addTab(self.intake, "")
        else:
            self.intake.hide()  # kept (closed) for the shortcuts' sake, never shown
        if actor.can(Permission.VOLUNTEER):
            from ui.volunteer import VolunteerScreen

            self.volunteer = VolunteerScreen(session, self)
            self.tabs.addTab(self.volunteer, "")
        self.tabs.addTab(self.queue, "")
        if actor.can(Permission.HANDOVER_RECEIVE):
            # A place for the post reception screen: it (and the PDF library under it)
            # is built once the window is usable, or when its tab is opened first.
            self._reception_slot = QWidget(self)
            self.tabs.addTab(self._reception_slot, "")
        if actor.can(Permission.HANDOVER_CREATE):
            from ui.post import HandoverScreen

            self.handover = HandoverScreen(session, self)
            self.tabs.addTab(self.handover, "")
        if actor.can(Permission.RECEIVE):  # papers of dossiers received for other bodies
            from ui.agency_handover import AgencyHandoverScreen

            self.agency_handover = AgencyHandoverScreen(session, self)
            self.tabs.addTab(self.agency_handover, "")
        if actor.can(Permission.USERS):
            from ui.supervisor import AdminScreen

            self.admin = AdminScreen(session, self)
            self.tabs.addTab(self.admin, "")
        if actor.can(Permission.REPORTS):
            from ui.reports import ReportsScreen  # QtCharts loads only for those who see it

            self.reports = ReportsScreen(session, self)
            self.reports.open_requested.connect(self.open_detail)
            self.tabs.addTab(self.reports, "")
            from ui.scorecard import ScorecardScreen

            self.scorecard = ScorecardScreen(session, self)
            self.scorecard.open_requested.connect(self.open_detail)
            self.tabs.addTab(self.scorecard, "")
        self.tabs.currentChanged.connect(self._focus_tab)
        self.strip = SyncStrip(self)
        central = QWidget(self)
        # The window's notice lies in the empty end of the tab row: it pushes nothing down.
        self.notice = Banner(central, lines=1)
        self.notice.float_over(self._notice_place, self.tabs, self.tabs.tabBar())
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(4)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.strip)
        self.setCentralWidget(central)
        from ui.lock import LockScreen

        self.lock_screen = LockScreen(session, self)
        self.lock_screen.unlocked.connect(self._on_unlocked)
        self.lock_screen.switch_requested.connect(lambda: self.log_out(switch=True))

        self.sync = SyncController(session, sync_interval_ms, self)
        self.sync.status_changed.connect(self._on_sync_status)
        self.sync.failed.connect(self.strip.show_error)
        self.strip.sync_requested.connect(self.refresh)
        self.strip.rejected_requested.connect(self.show_rejected)
        self.intake.saved.connect(self._on_saved)
        self.intake.reprint_requested.connect(self._reprint)
        self.queue.open_requested.connect(self.open_detail)
        self.queue.model.page_loaded.connect(lambda _n: self._part_ready("queue"))
        self.intake.catalog_loaded.connect(lambda _n: self._part_ready("catalog"))
        self.direct_printer: FormPrinter | None = None
        self.housekeeping = Housekeeping(session, self)
        self.housekeeping.problem.connect(lambda text: self.notice.show_message("error", text))
        self.ready.connect(self.housekeeping.start)
        self.ready.connect(lambda: QTimer.singleShot(0, self, self._build_reception))

        self._make_actions()
        self._make_menus()
        # The citizen's screen and the satisfaction prompt (ui/rating_flow.py).
        self.customer = CustomerDisplay(session, self)
        self.intake.saved.connect(self.customer.on_intake_saved)
        self.menuBar().insertMenu(self.help_menu.menuAction(), self.customer.menu)
        self.retranslate()
        restore_window(self, session.settings, "main_window", 1280, 800)
        self.queue.refresh()
        self._load_place()
        self.sync.refresh()
        if start_sync:
            # The first round (the HTTP client, the hub) waits until the window is usable.
            self.ready.connect(self.sync.start, Qt.ConnectionType.SingleShotConnection)

    @property
    def batch_reception(self) -> BatchReceptionScreen | None:
        """The post reception screen (for those who may receive hand-over lists), built on
        first use."""
        if self._batch_reception is None and self._reception_slot is not None:
            from ui.post import BatchReceptionScreen

            slot, self._reception_slot = self._reception_slot, None
            screen = BatchReceptionScreen(self.session, self)
            index = self.tabs.indexOf(slot)
            was_current = self.tabs.currentIndex() == index
            self.tabs.blockSignals(True)
            self.tabs.insertTab(index, screen, self.tr("Nhận danh sách bàn giao"))
            self.tabs.removeTab(index + 1)
            if was_current:
                self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)
            slot.deleteLater()
            self._batch_reception = screen
        return self._batch_reception

    def _build_reception(self) -> None:
        _ = self.batch_reception

    def _notice_place(self) -> QRect:
        bar = self.tabs.tabBar()
        left = self.tabs.x() + bar.x() + bar.width() + 12
        width = max(self.tabs.x() + self.tabs.width() - left - 4, 200)
        return QRect(left, self.tabs.y(), width, max(bar.height() - 2, 24))

    # --- actions and menus ---------------------------------------------------------------

    def _action(
        self,
        slot: Any,
        *shortcuts: QKeySequence | QKeySequence.StandardKey | str,
        checkable: bool = False,
    ) -> QAction:
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
        # Ctrl+L: the search box of the screen in front, from any window of the app (a
        # dossier's detail, a preview); the dossier list's when the screen has none.
        self.find_here_action = self._action(self.find_here, "Ctrl+L")
        self.find_here_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.refresh_action = self._action(self.refresh, "F5")
        # Every screen by keyboard: the window's tabs in turn, whichever inner tab row (the
        # supervisor's, the report's) has the focus.
        self.next_tab_action = self._action(lambda: self._step_tab(1), "Ctrl+PgDown")
        self.prev_tab_action = self._action(lambda: self._step_tab(-1), "Ctrl+PgUp")
        self.preview_action = self._action(self.preview_current, QKeySequence.StandardKey.Print)
        self.direct_action = self._action(self._toggle_direct, checkable=True)
        self.direct_action.setChecked(self.session.print_directly)
        # Not StandardKey.Quit: it is empty on some platforms (no platform theme).
        self.quit_action = self._action(self.close, "Ctrl+Q")
        self.open_action = self._action(self.queue.open_current)
        self.sync_action = self._action(self.sync.sync_by_hand)
        self.rejected_action = self._action(self.show_rejected)
        self.enroll_action = self._action(self.show_enroll)
        self.enroll_action.setEnabled(self.session.ctx.actor.can(Permission.SYNC))
        self.language_action = self._action(self.session.language.toggle, "Ctrl+Shift+L")
        group = QActionGroup(self)
        self.vi_action = self._action(lambda: self.session.language.set("vi"), checkable=True)
        self.en_action = self._action(lambda: self.session.language.set("en"), checkable=True)
        for action in (self.vi_action, self.en_action):
            group.addAction(action)
        self.lock_action = self._action(self.lock, "Ctrl+Shift+K")
        self.logout_action = self._action(self.log_out, "Ctrl+Shift+Q")
        self.switch_action = self._action(lambda: self.log_out(switch=True), "Ctrl+Shift+U")
        self.about_action = self._action(self.show_about)
        self.password_action = self._action(self.change_password)
        self.certify_action = self._action(self.show_certify)
        actor = self.session.ctx.actor
        self.certify_action.setEnabled(actor.can(Permission.RECEIVE))
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
        for action in (self.lock_action, self.switch_action, self.logout_action):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.dossier_menu = bar.addMenu("")
        for action in (
            self.search_action,
            self.find_here_action,
            self.open_action,
            self.refresh_action,
        ):
            self.dossier_menu.addAction(action)
        self.dossier_menu.addSeparator()
        self.dossier_menu.addAction(self.certify_action)
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

    def _step_tab(self, step: int) -> None:
        count = self.tabs.count()
        if count:
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % count)

    def find_here(self) -> None:
        """Ctrl+L: bring this window forward and put the cursor in the current screen's
        search box (the catalog's, the volunteer's...), else in the dossier list's."""
        if not self.isActiveWindow():
            self.raise_()
            self.activateWindow()
        current = self.tabs.currentWidget()
        if isinstance(current, QTabWidget):  # the supervisor's tab of tabs
            current = current.currentWidget()
        box = getattr(current, "search", None)
        if current is not self.queue and isinstance(box, QLineEdit) and box.isVisibleTo(self):
            box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            box.selectAll()
            return
        self.focus_search()

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
        """The preview of ``code``'s ``form``; one only: an open one comes to the front."""
        from ui.preview import PreviewDialog  # QtPdf and the PDF renderer load on first use

        for open_one in self.previews:
            if open_one.code == code and open_one.form == form:
                if open_one.isVisible():
                    open_one.raise_()
                open_one.show()
                open_one.activateWindow()
                return open_one
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
            self.direct_printer.failed.connect(lambda text: self.notice.show_message("error", text))
        direct = self.direct_printer
        self.session.workers.read_op(
            partial(render_for_preview, self.session.ctx, code=code, form=form), owner=self
        ).then(
            lambda pdf: direct.print_pdf(code, form, pdf, printer),
            lambda exc: self.notice.show_message("error", self.session.explain(exc)),
        )

    def _on_direct_printed(self, name: str) -> None:
        self.notice.show_message(
            "success", self.tr("Đã in biên nhận trên máy in {name}.").format(name=name)
        )
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
            from ui.enroll import EnrollDialog

            self.enroll_dialog = EnrollDialog(self.session, self)
            self.enroll_dialog.enrolled.connect(self._on_enrolled)
        self.enroll_dialog.show()
        return self.enroll_dialog

    def show_about(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Giới thiệu"),
            self.tr(
                "MotCua Desk — phần mềm tiếp nhận hồ sơ tại Bộ phận Một cửa.\nDữ liệu: {path}"
            ).format(path=self.session.ctx.data_dir),
            parent=self,
        )
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Đóng"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _focus_tab(self, _index: int = 0) -> None:
        # The keyboard lands where the work starts: the scanner, or the search box.
        current = self.tabs.currentWidget()
        if current is not None and current is self._reception_slot:
            current = self.batch_reception  # type: ignore[assignment]  # None only before the screen is built
        if current is self.intake:
            self.intake.focus_start()
        elif current is self.queue:
            self.queue.focus_search()
        elif current is not None and current in (
            self._batch_reception,
            self.volunteer,
            self.agency_handover,
        ):
            current.focus_start()

    def tab_titles(self) -> list[str]:
        """The titles of the tabs this person sees, in order."""
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def change_password(self) -> ChangePasswordDialog:
        """Anyone's own password (File menu)."""
        from ui.people import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.session, self)
        dialog.changed.connect(
            lambda: self.notice.show_message("success", self.tr("Đã đổi mật khẩu."))
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.password_dialog = dialog
        dialog.open()
        return dialog

    def show_certify(self) -> CertifyDialog:
        """A certified electronic copy from the original (Dossier menu)."""
        from ui.certify import CertifyDialog

        dialog = CertifyDialog(self.session, self)
        dialog.certified.connect(
            lambda done: self.notice.show_message(
                "success",
                self.tr("Đã chứng thực bản sao điện tử số {number}: {path}").format(
                    number=done.copy.number, path=done.out
                ),
            )
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.certify_dialog = dialog
        dialog.open()
        return dialog

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._focus_tab()

    # --- events from the screens ---------------------------------------------------------

    def _on_saved(self, record: object) -> None:
        assert isinstance(record, DossierRecord)
        # The queue, the sync and the backups heard of it through session.events.
        if not receipt_allowed(record, "receipt"):
            return  # a post dossier: its one receipt comes from the commune
        if self.session.print_directly:
            self.print_directly(record.code, "receipt")
        else:
            self.open_preview(record.code, "receipt")

    def _reprint(self, code: str) -> None:
        if self.session.print_directly:
            self.print_directly(code, "receipt")
        else:
            self.open_preview(code, "receipt")

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
        self.session.workers.read_op(self.session.ctx.service_point, owner=self).then(
            self._on_place
        )

    def _on_place(self, place: object) -> None:
        agency, _counter_id, slot = cast(tuple[Any, int, int], place)  # service_point()'s triple
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
            self._batch_reception or self._reception_slot: self.tr("Nhận danh sách bàn giao"),
            self.handover: self.tr("Bàn giao bưu chính"),
            self.agency_handover: self.tr("Bàn giao giữa cơ quan"),
            self.admin: self.tr("Quản trị"),
            self.reports: self.tr("Báo cáo"),
            self.scorecard: self.tr("Chỉ số 766"),
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
        self.find_here_action.setText(self.tr("Tìm trên màn hình này"))
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
        self.certify_action.setText(self.tr("Chứng thực bản sao điện tử…"))
        self.lock_action.setText(self.tr("Khóa màn hình"))
        self.switch_action.setText(self.tr("Đổi người dùng…"))
        self.logout_action.setText(self.tr("Đăng xuất"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- leaving: lock, log out, quit ----------------------------------------------------

    def lock(self) -> None:
        """Hide the counter's data until this person's password is typed again; the work
        (an unsaved form, the open windows) comes back as it was."""
        if self.lock_screen.isVisible():
            return
        self.hidden_by_lock = [w for w in self._own_windows() if w.isVisible()]
        for widget in self.hidden_by_lock:
            widget.hide()
        self.centralWidget().setEnabled(False)  # type: ignore[union-attr]  # set in __init__  # nothing under the cover takes the focus
        self.menuBar().setEnabled(False)
        for action in self.actions():
            action.setEnabled(False)
        self.lock_screen.lock()

    def _on_unlocked(self) -> None:
        self.centralWidget().setEnabled(True)  # type: ignore[union-attr]  # set in __init__
        self.menuBar().setEnabled(True)
        for action in self.actions():
            action.setEnabled(True)
        self.preview_action.setEnabled(self.session.ctx.actor.can(Permission.PRINT))
        self.new_action.setEnabled(self.tabs.indexOf(self.intake) >= 0)
        self.enroll_action.setEnabled(self.session.ctx.actor.can(Permission.SYNC))
        for widget in self.hidden_by_lock:
            widget.show()
        self.hidden_by_lock = []
        self._focus_tab()

    @property
    def locked(self) -> bool:
        return self.lock_screen.isVisible()

    def _handover_previews(self) -> list[QWidget]:
        return [
            *(self.handover.previews if self.handover is not None else []),
            *(self.agency_handover.previews if self.agency_handover is not None else []),
        ]

    def _own_windows(self) -> list[QWidget]:
        handover_previews = self._handover_previews()
        return [*self.details.values(), *self.previews, *handover_previews]

    def log_out(self, switch: bool = False) -> None:
        """End this person's session (audited) and go back to the log-in: with the same
        name filled in, or an empty one to switch to someone else."""
        self._leaving = "" if switch else self.session.ctx.actor.username
        self.close()

    def _confirm_leaving(self) -> bool:
        """True when nothing unsaved would be lost; otherwise ask (non-blocking) and say
        no: a "yes" closes the window again."""
        if self._quit_confirmed or not self.intake.has_unsaved_input():
            return True
        if self.quit_box is None:
            if self.locked:  # a window-manager close while locked: not before the unlock
                self._leaving = None
                return False
            self.tabs.setCurrentWidget(self.intake)
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Dữ liệu chưa lưu"),
                self.tr("Biểu mẫu tiếp nhận còn dữ liệu chưa lưu. Bỏ dữ liệu này và tiếp tục?"),
                parent=self,
            )
            leave = box.addButton(
                self.tr("Bỏ dữ liệu và tiếp tục"), QMessageBox.ButtonRole.DestructiveRole
            )
            stay = box.addButton(
                self.tr("Quay lại biểu mẫu (Esc)"), QMessageBox.ButtonRole.RejectRole
            )
            box.setDefaultButton(stay)
            box.setEscapeButton(stay)
            box.finished.connect(lambda _r: self._on_quit_answer(box.clickedButton() is leave))
            self.quit_box = box
            box.open()
        return False

    def _on_quit_answer(self, leave: bool) -> None:
        self.quit_box = None
        if leave:
            self._quit_confirmed = True
            self.close()
        else:
            self._leaving = None
            self.intake.focus_start()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._confirm_leaving():
            event.ignore()
            return
        remember_window(self, self.session.settings, "main_window")
        self.customer.close_window()
        self.sync.stop()
        self.housekeeping.stop()
        handover_previews = self._handover_previews()
        for dialog in [*self.details.values(), *self.previews, *handover_previews]:
            dialog.close()
        super().closeEvent(event)
        if self._leaving is not None:
            self._audit_log_out()
            self.logged_out.emit(self._leaving)
        else:
            self.closed.emit()

    def _audit_log_out(self) -> None:
        from app.services.users import log_out

        self.session.workers.write_op(partial(log_out, self.session.ctx))
