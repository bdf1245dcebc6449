"""Where a PDF or a report is saved: Qt's own file dialog, in the counter's language,
opening in the data folder's output folder with a name made from the document.

The platform's native dialog (and Qt's untranslated labels: no Vietnamese Qt base catalogue
ships with PySide6) showed English inside a Vietnamese app; this one sets its own labels."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def file_name(*parts: str, suffix: str) -> str:
    """A file name from readable parts ("{code} {form}.pdf"), safe on Windows and Linux."""
    name = " ".join(p.strip() for p in parts if p and p.strip())
    name = _UNSAFE.sub("-", name).strip(" .") or "motcua"
    return f"{name}{suffix}"


def save_dialog(
    parent: QWidget,
    title: str,
    folder: Path,
    name: str,
    pattern: str,
    on_chosen: Callable[[Path], None],
) -> QFileDialog:
    """Open (window-modal, not blocking) a save dialog in ``folder`` with ``name`` filled in;
    ``on_chosen(path)`` runs when the clerk accepts."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path.home()
    dialog = QFileDialog(parent, title, str(folder), pattern)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    labels = QFileDialog.DialogLabel
    for label, text in (
        (labels.LookIn, QCoreApplication.translate("FileDialog", "Thư mục:")),
        (labels.FileName, QCoreApplication.translate("FileDialog", "Tên tệp:")),
        (labels.FileType, QCoreApplication.translate("FileDialog", "Loại tệp:")),
        (labels.Accept, QCoreApplication.translate("FileDialog", "Lưu")),
        (labels.Reject, QCoreApplication.translate("FileDialog", "Hủy")),
    ):
        dialog.setLabelText(label, text)
    dialog.selectFile(name)
    dialog.fileSelected.connect(lambda path: on_chosen(Path(path)))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
