"""The dossier queue as a lazily loaded table model.

Rows arrive in pages of ``PAGE_SIZE`` from ``list_dossiers(limit, offset)`` in the read
lane; the view asks for the next page (``canFetchMore`` / ``fetchMore``) only when the clerk
scrolls near the end. The whole table is never loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.domain.dossier import VN_TZ, Channel, DossierRow, Status
from app.services.context import DeskContext
from app.services.dossiers import list_dossiers
from ui import format as fmt
from ui.session import UiSession

PAGE_SIZE = 200
OVERDUE_BRUSH = QBrush(QColor("#f9d6d5"))
DUE_SOON_BRUSH = QBrush(QColor("#fff0c2"))
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class QueueQuery:
    """What the clerk filters by. ``today`` keeps the dossiers received today."""

    search: str = ""
    status: Status | None = None
    channel: Channel | None = None
    overdue: bool = False
    due_today: bool = False
    today: bool = False
    undigitised: bool = False  # some component has no file yet
    repeat_supplement: bool = False  # a second supplement request (766 counts it overdue)


@dataclass(frozen=True)
class QueueRow:
    """A row and what the table shows of it, formatted once in the worker (painting asks
    for every visible cell again and again)."""

    row: DossierRow
    overdue: bool
    due_soon: bool
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    generation: int
    offset: int
    rows: tuple[QueueRow, ...]


def load_page(
    ctx: DeskContext, query: QueueQuery, *, generation: int, offset: int, limit: int = PAGE_SIZE
) -> Page:
    """One page of the queue, with each row's deadline colour worked out (runs in a
    worker: the calendar may read the database)."""
    now = ctx.now()
    today = now.astimezone(VN_TZ).date()
    received_from: datetime | None = None
    received_to: datetime | None = None
    if query.today:
        received_from, received_to = ctx.local_day_bounds(today)
    rows = list_dossiers(
        ctx,
        search=query.search,
        status=query.status,
        channel=query.channel,
        overdue=query.overdue,
        due_today=query.due_today,
        received_from=received_from,
        received_to=received_to,
        limit=limit,
        offset=offset,
        undigitised=query.undigitised,
        repeat_supplement=query.repeat_supplement,
    )
    calendar = ctx.calendar()
    soon_until = calendar.next_working_day(today)
    # Tomorrow in the calendar sense too (a Saturday make-up day, a holiday eve).
    soon_until = max(soon_until, today + timedelta(days=1))
    out = []
    for r in rows:
        due = r.appointment_at
        open_ = r.status.can_be_overdue  # not while it waits for the citizen's papers
        overdue = bool(open_ and due is not None and due < now)
        due_soon = bool(
            open_ and not overdue and due is not None and due.astimezone(VN_TZ).date() <= soon_until
        )
        cells = (
            r.code,
            r.applicant_name,
            r.id_number,
            r.procedure_name,
            "",
            "",
            fmt.when(r.received_at),
            fmt.when(r.appointment_at),
        )
        out.append(QueueRow(r, overdue, due_soon, cells))
    return Page(generation, offset, tuple(out))


class QueueModel(QAbstractTableModel):
    """Dossier rows for the queue screen, fetched page by page in the read lane.

    Signals:
        page_loaded(int): a page landed; the argument is the number of rows now held.
        load_failed(str): a page could not be read (message in the current language).
    """

    page_loaded = Signal(int)
    load_failed = Signal(str)

    COLUMNS = ("code", "name", "id_number", "procedure", "channel", "status", "received", "due")

    def __init__(self, session: UiSession, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.query = QueueQuery()
        self.rows: list[QueueRow] = []
        self.generation = 0
        self.exhausted = True
        self.loading = False
        self.pages_fetched = 0
        self._queued: QueueQuery | None = None
        self._headers = self._make_headers()
        self._labels = self._make_labels()

    # --- loading -------------------------------------------------------------------------

    def set_query(self, query: QueueQuery) -> None:
        """Show the dossiers matching ``query``, from the first page. While a page is
        still being read, only the newest query waits (typing never piles up reads)."""
        if self.loading:
            self._queued = query
            return
        self._start(query)

    def reload(self) -> None:
        self.set_query(self.query)

    def _start(self, query: QueueQuery) -> None:
        self.query = query
        self.generation += 1
        self._request(offset=0)

    def _request(self, *, offset: int) -> None:
        self.loading = True
        fn = partial(
            load_page, self.session.ctx, self.query, generation=self.generation, offset=offset
        )
        self.session.workers.read_op(fn, owner=self).then(self._on_page, self._on_failed)

    def _on_page(self, page: object) -> None:
        assert isinstance(page, Page)
        self.loading = False
        if self._queued is not None:
            query, self._queued = self._queued, None
            self._start(query)
            return
        if page.generation != self.generation:
            return
        if page.offset == 0:
            self.beginResetModel()
            self.rows = list(page.rows)
            self.pages_fetched = 1
            self.exhausted = len(page.rows) < PAGE_SIZE
            self.endResetModel()
        elif page.rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.pages_fetched += 1
            self.exhausted = len(page.rows) < PAGE_SIZE
            self.endInsertRows()
        else:
            self.exhausted = True
        self.page_loaded.emit(len(self.rows))

    def _on_failed(self, exc: object) -> None:
        self.loading = False
        if self._queued is not None:
            query, self._queued = self._queued, None
            self._start(query)
            return
        self.load_failed.emit(self.session.explain(exc))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.exhausted and not self.loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._request(offset=len(self.rows))

    # --- the table -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def code_at(self, row: int) -> str | None:
        return self.rows[row].row.code if 0 <= row < len(self.rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every visible cell and role on each paint: keep it a few lookups.
        if role == Qt.ItemDataRole.DisplayRole:
            item = self.rows[index.row()]
            column = index.column()
            if column == 4:
                return self._labels[(Channel, int(item.row.channel))]
            if column == 5:
                return self._labels[(Status, int(item.row.status))]
            return item.cells[column]
        if role == Qt.ItemDataRole.BackgroundRole:
            item = self.rows[index.row()]
            if item.overdue:
                return OVERDUE_BRUSH
            if item.due_soon:
                return DUE_SOON_BRUSH
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            item = self.rows[index.row()]
            if item.overdue:
                return self.tr("Quá hạn trả kết quả")
            if item.due_soon:
                return self.tr("Sắp đến hạn (hôm nay hoặc ngày làm việc kế tiếp)")
            if index.column() == 3:
                return item.row.procedure_name
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self.rows[index.row()].row.code
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def _make_headers(self) -> list[str]:
        return [
            self.tr("Mã hồ sơ"),
            self.tr("Người nộp"),
            self.tr("Số định danh"),
            self.tr("Thủ tục"),
            self.tr("Kênh"),
            self.tr("Trạng thái"),
            self.tr("Tiếp nhận"),
            self.tr("Hẹn trả"),
        ]

    def _make_labels(self) -> dict[tuple[type, int], str]:
        # Keyed by (enum type, value): Channel and Status are both IntEnums, so
        # Channel.DIRECT == Status.NEW and a plain dict would mix their labels.
        lang = self.session.language
        return {(type(item), int(item)): lang.label(item) for item in (*Channel, *Status)}

    def retranslate(self) -> None:
        self._labels = self._make_labels()
        self._headers = self._make_headers()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self.COLUMNS) - 1)
            )
