"""Print preview: the PDF from the printing service, printing through a QPrinter, saving
through print_form (audited), and the machine without printers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter

from app.services.dossiers import ApplicantInput, get_dossier, receive_dossier
from app.services.printing import render_for_preview
from ui.preview import PreviewDialog, printers_available, render_pages


@pytest.fixture
def code(session) -> str:  # type: ignore[no-untyped-def]
    return receive_dossier(
        session.ctx,
        procedure_code="1.001193",
        applicant=ApplicantInput("Đỗ Minh Quân", "001085011223"),
    ).code


def _text(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def _preview(qtbot, session, code: str, form: str = "receipt") -> PreviewDialog:  # type: ignore[no-untyped-def]
    dialog = PreviewDialog(session, code, form)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=15_000):
        dialog.show()
    return dialog


def test_preview_shows_the_form(qtbot, session, code):
    dialog = _preview(qtbot, session, code)
    assert dialog.document.pageCount() >= 1
    assert code in _text(dialog.pdf)
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.form_box.count() == 4, timeout=5000)
    with qtbot.waitSignal(dialog.loaded, timeout=15_000):
        dialog.form_box.setCurrentIndex(dialog.form_box.findData("cover"))
    assert dialog.form == "cover" and code in _text(dialog.pdf)


def test_without_printers_it_says_why_and_offers_the_pdf(qtbot, session, code, tmp_path):
    assert not printers_available()  # this machine has no CUPS printer
    dialog = _preview(qtbot, session, code)
    dialog.print_()
    assert dialog.banner.kind == "warning" and "chưa cài đặt máy in" in dialog.banner.text
    assert dialog.banner.button.isVisibleTo(dialog)
    target = tmp_path / "out" / "bien-nhan"
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        dialog.save_to(target)
    path = saved.args[0]
    assert path.endswith("bien-nhan.pdf")
    assert code in _text(Path(path).read_bytes())
    assert get_dossier(session.ctx, code=code).print_count == 1  # the save is audited


def test_printing_paints_every_page_on_white(qtbot, session, code, tmp_path):
    pdf = render_for_preview(session.ctx, code=code, form="receipt")
    pages = render_pages(pdf, dpi=100)
    assert pages and pages[0].pixelColor(2, 2) == QColor("white")  # not transparent
    dialog = _preview(qtbot, session, code)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(dialog.printed, timeout=20_000):
        dialog.print_on(printer)
    printed = PdfReader(str(tmp_path / "printed.pdf"))
    assert len(printed.pages) == len(PdfReader(io.BytesIO(pdf)).pages)
    assert get_dossier(session.ctx, code=code).print_count == 1
    assert dialog.banner.kind == "success"


def test_a_form_that_does_not_apply_is_explained(qtbot, session, code):
    dialog = PreviewDialog(session, code, "refusal")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(
        lambda: dialog.banner.kind == "error" and dialog.banner.isVisibleTo(dialog), timeout=10_000
    )
    assert "không in được mẫu" in dialog.banner.text
    assert not dialog.print_button.isEnabled()
