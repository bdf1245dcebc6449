"""The dossier queue on a 20,000-dossier database: pages, search as you type, filters,
deadline colours."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_session
from PySide6.QtCore import Qt

import ui.queue_model as queue_model
from app.domain.dossier import VN_TZ, Channel, Status
from app.domain.text import fold
from app.services.context import open_desk
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import list_dossiers
from app.services.users import log_in
from ui.queue import QueueScreen
from ui.queue_model import DUE_SOON_BRUSH, OVERDUE_BRUSH, PAGE_SIZE


@pytest.fixture
def big_session(big_db: Path, workers, language, tmp_path):  # type: ignore[no-untyped-def]
    ctx = open_desk(big_db)
    clerk = log_in(ctx, username="canbo1", password=DEMO_PASSWORD)
    yield make_session(clerk, workers, language, tmp_path)
    workers.shutdown()
    ctx.db.dispose()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict]]:
    """Every list_dossiers call the model makes, with its arguments."""
    seen: list[dict] = []
    real = queue_model.list_dossiers

    def spy(ctx, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(kwargs)
        return real(ctx, **kwargs)

    monkeypatch.setattr(queue_model, "list_dossiers", spy)
    yield seen


def _screen(qtbot, session) -> QueueScreen:  # type: ignore[no-untyped-def]
    screen = QueueScreen(session)
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.show()
    return screen


def _load(qtbot, screen: QueueScreen, action) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        action()


def test_the_model_loads_pages_lazily(qtbot, big_session, calls):
    screen = _screen(qtbot, big_session)
    _load(qtbot, screen, screen.refresh)
    model = screen.model
    assert model.rowCount() == PAGE_SIZE and model.pages_fetched == 1
    assert model.canFetchMore()
    assert [(c["limit"], c["offset"]) for c in calls] == [(PAGE_SIZE, 0)]
    # Scrolling to the end asks for exactly one more page.
    _load(qtbot, screen, screen.table.scrollToBottom)
    assert model.rowCount() == 2 * PAGE_SIZE and model.pages_fetched == 2
    assert [(c["limit"], c["offset"]) for c in calls] == [(PAGE_SIZE, 0), (PAGE_SIZE, PAGE_SIZE)]
    assert model.rowCount() < 20_000
    # Newest first, no row twice across pages.
    codes = [model.code_at(i) for i in range(model.rowCount())]
    assert len(set(codes)) == len(codes)
    received = [r.row.received_at for r in model.rows]
    assert received == sorted(received, reverse=True)
    assert screen.count_label.text() == "Đang hiển thị 400 hồ sơ (cuộn xuống để tải thêm)"


def test_search_as_you_type_is_debounced_and_accent_free(qtbot, big_session, calls):
    screen = _screen(qtbot, big_session)
    _load(qtbot, screen, screen.refresh)
    calls.clear()
    sample = list_dossiers(big_session.ctx, limit=1, offset=4321)[0]
    prefix = " ".join(fold(sample.applicant_name).split()[:2])  # e.g. "nguyen van"
    screen.search.setFocus()
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        qtbot.keyClicks(screen.search, prefix)
    assert [c["search"] for c in calls] == [prefix]  # one query for the whole word
    rows = screen.model.rows
    assert rows and all(fold(r.row.applicant_name).startswith(prefix) for r in rows)

    # By code (exact), then by ID number.
    screen.search.clear()
    _load(qtbot, screen, lambda: screen.search.setText(sample.code))
    assert [r.row.code for r in screen.model.rows] == [sample.code]
    _load(qtbot, screen, lambda: screen.search.setText(sample.id_number))
    assert screen.model.rows
    assert all(r.row.id_number == sample.id_number for r in screen.model.rows)


def test_filters_and_deadline_colours(qtbot, big_session):
    screen = _screen(qtbot, big_session)
    _load(qtbot, screen, screen.refresh)
    _load(
        qtbot,
        screen,
        lambda: screen.status_box.setCurrentIndex(screen.status_box.findData(Status.RESOLVED)),
    )
    assert screen.model.rows and all(r.row.status == Status.RESOLVED for r in screen.model.rows)
    _load(qtbot, screen, lambda: screen.status_box.setCurrentIndex(0))
    _load(
        qtbot,
        screen,
        lambda: screen.channel_box.setCurrentIndex(screen.channel_box.findData(Channel.POST)),
    )
    assert screen.model.rows and all(r.row.channel == Channel.POST for r in screen.model.rows)
    # The channel column shows channel labels, the status column status labels (both enums
    # are IntEnums with overlapping values).
    channel_col = screen.model.COLUMNS.index("channel")
    status_col = screen.model.COLUMNS.index("status")
    first = screen.model.rows[0].row
    assert screen.model.data(screen.model.index(0, channel_col)) == "Bưu chính công ích"
    assert screen.model.data(screen.model.index(0, status_col)) == big_session.language.label(
        first.status
    )
    _load(qtbot, screen, lambda: screen.channel_box.setCurrentIndex(0))

    _load(qtbot, screen, lambda: screen.overdue_box.setChecked(True))
    model = screen.model
    assert model.rows and all(r.overdue for r in model.rows)
    index = model.index(0, 0)
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) == OVERDUE_BRUSH
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == "Quá hạn trả kết quả"
    _load(qtbot, screen, lambda: screen.overdue_box.setChecked(False))

    _load(qtbot, screen, lambda: screen.due_today_box.setChecked(True))
    now = big_session.ctx.now()
    assert all(
        r.row.appointment_at is not None and r.row.appointment_at >= now and r.row.status.is_open
        for r in model.rows
    )
    assert all(
        model.data(model.index(i, 0), Qt.ItemDataRole.BackgroundRole) == DUE_SOON_BRUSH
        for i in range(model.rowCount())
    )
    _load(qtbot, screen, lambda: screen.due_today_box.setChecked(False))

    _load(qtbot, screen, lambda: screen.today_box.setChecked(True))
    start, end = big_session.ctx.local_day_bounds(now.astimezone(VN_TZ).date())
    assert all(start <= r.row.received_at < end for r in model.rows)


def test_enter_opens_the_selected_dossier(qtbot, big_session):
    screen = _screen(qtbot, big_session)
    _load(qtbot, screen, screen.refresh)
    screen.table.setFocus()
    screen.table.selectRow(3)
    with qtbot.waitSignal(screen.open_requested, timeout=2000) as opened:
        qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert opened.args == [screen.model.code_at(3)]
    # Down from the search box reaches the table without the mouse.
    screen.focus_search()
    qtbot.keyClick(screen.search, Qt.Key.Key_Down)
    assert screen.table.hasFocus()
