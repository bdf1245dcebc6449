"""The queue's one box as a clerk uses it with a scanner: the receipt's QR and Enter open the
dossier; the citizen's ID card lists the citizen's dossiers; a given name or a daily number
typed finds them."""

from __future__ import annotations

from datetime import timedelta

from conftest import type_unicode
from PySide6.QtCore import Qt

from app.docs.forms import lookup_target
from app.services.dossiers import ApplicantInput, receive_dossier
from ui.queue import QueueScreen

AN = ApplicantInput("Nguyễn Văn An", "001090012345", address="Số 1 Âu Cơ, Hà Nội")
HOA = ApplicantInput("Phạm Thị Hoa", "034190022345", address="Số 4 Âu Cơ, Hà Nội")
CARD = "001090012345||Nguyễn Văn An|05031990|Nam|Số 1 Âu Cơ, Hà Nội|01072021"


def _scan(qtbot, screen: QueueScreen, text: str) -> None:  # type: ignore[no-untyped-def]
    screen.search.setFocus()
    screen.search.selectAll()
    type_unicode(screen.search, text)
    with qtbot.waitSignal(screen.model.page_loaded, timeout=10_000):
        qtbot.keyClick(screen.search, Qt.Key.Key_Return)


def test_one_box_opens_the_dossier_or_lists_the_citizens(qtbot, session, clock):
    ctx = session.ctx
    first = receive_dossier(ctx, procedure_code="1.004194", applicant=AN)
    hoa = receive_dossier(ctx, procedure_code="1.004194", applicant=HOA)
    clock.now += timedelta(days=1)
    second = receive_dossier(ctx, procedure_code="1.001193", applicant=AN)
    screen = QueueScreen(session, debounce_ms=5000)  # only Enter searches here
    qtbot.addWidget(screen)
    screen.show()
    opened: list[str] = []
    screen.open_requested.connect(opened.append)

    _scan(qtbot, screen, lookup_target(first))  # the receipt's own QR: a URL
    assert opened == [first.code]
    assert screen.search.selectedText() == screen.search.text()  # the next scan replaces it

    _scan(qtbot, screen, CARD)  # the citizen's card: both of the citizen's dossiers
    assert opened == [first.code]
    assert {screen.model.code_at(r) for r in range(screen.model.rowCount())} == {
        first.code,
        second.code,
    }

    _scan(qtbot, screen, first.code.split("-", 1)[1])  # 250715-1001
    assert opened[-1] == first.code
    _scan(qtbot, screen, hoa.code[-4:])  # the daily number of a dossier of yesterday
    assert opened[-1] == hoa.code
    _scan(qtbot, screen, "van an")  # a given name without accents: two dossiers, none opened
    assert screen.model.rowCount() == 2 and opened[-1] == hoa.code
    _scan(qtbot, screen, "22345")  # the last digits of an ID number
    assert screen.model.rowCount() == 1
    assert opened == [first.code, first.code, hoa.code, hoa.code]
