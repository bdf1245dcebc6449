"""One save and print of a dossier reads it back once and renders its receipt once: the
intake form's save, the preview that opens on it, and the print from that preview (the
SQL statements on the dossier table are counted on both engines of the file, the renders
by wrapping app.docs.render_form)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from conftest import CCCD_QR, type_unicode
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from sqlalchemy import event

from app import docs
from app.services.dossiers import get_dossier
from ui.mainwindow import MainWindow

# A read of one dossier: a SELECT from the dossier table keyed by its code or its id.
_FROM_DOSSIER = re.compile(r"\bFROM dossier\b(?!_)", re.IGNORECASE)
_BY_KEY = re.compile(r"\bdossier\.(code|id) (=|IN)", re.IGNORECASE)


@dataclass
class Counts:
    selects: list[str] = field(default_factory=list)
    renders: list[str] = field(default_factory=list)

    @property
    def read_backs(self) -> list[str]:
        return [q for q in self.selects if _BY_KEY.search(q)]


@contextmanager
def counting(ctx, monkeypatch) -> Iterator[Counts]:  # type: ignore[no-untyped-def]
    counts = Counts()

    def on_sql(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT") and _FROM_DOSSIER.search(statement):
            counts.selects.append(statement)

    real = docs.render_form

    def render(key, record, **kwargs):  # type: ignore[no-untyped-def]
        counts.renders.append(key)
        return real(key, record, **kwargs)

    monkeypatch.setattr(docs, "render_form", render)
    engines = (ctx.db.engine, ctx.db.read_engine)
    for engine in engines:
        event.listen(engine, "before_cursor_execute", on_sql)
    try:
        yield counts
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", on_sql)


def _focused():  # type: ignore[no-untyped-def]
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_save_preview_and_print_read_the_dossier_once_and_render_once(
    qtbot,
    session,
    monkeypatch,
    tmp_path,
):
    window = MainWindow(session, start_sync=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    form = window.intake
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    type_unicode(_focused(), CCCD_QR)
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)
    qtbot.keyClicks(_focused(), "dang ky khai sinh")
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)
    qtbot.wait(300)  # the intake preview (fee, appointment) has arrived: not part of the save
    with counting(session.ctx, monkeypatch) as counts:
        with qtbot.waitSignal(form.saved, timeout=10_000):
            qtbot.keyClick(_focused(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(window.previews), timeout=5000)
        preview = window.previews[0]
        qtbot.waitUntil(lambda: bool(preview.pdf), timeout=15_000)
        qtbot.waitUntil(lambda: preview.form_box.count() > 1, timeout=5000)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        with qtbot.waitSignal(preview.printed, timeout=20_000):
            preview.print_on(printer)
    code = form.record.code
    assert (len(counts.read_backs), counts.renders) == (1, ["receipt"]), counts.read_backs
    assert (tmp_path / "printed.pdf").stat().st_size > 0
    assert get_dossier(session.ctx, code=code).print_count == 1  # the print is still audited
