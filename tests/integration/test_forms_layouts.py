"""Layouts are data: a city edits resources/forms/*.json and the printed form follows.

Works on a copy of the shipped layouts in a temporary folder.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from app.docs import form_title, render_form
from app.docs import layouts as layouts_module
from app.docs.resources import resources_dir
from app.domain.dossier import (
    ApplicantInfo,
    DocumentLine,
    DossierId,
    DossierRecord,
    HistoryEntry,
    ProcessingTime,
    Status,
)
from app.domain.errors import DeskError
from tests.helpers.records import make_record

CODE = "000.00.01.H26-250715-0007"


@pytest.fixture
def record() -> DossierRecord:
    received = datetime(2025, 7, 15, 2, 30, tzinfo=UTC)
    return make_record(
        id=DossierId(7),
        code=CODE,
        procedure_code="1.000894",
        procedure_name="Đăng ký kết hôn",
        applicant=ApplicantInfo(full_name="Vũ Thị Yến", id_number="001192000777"),
        received_at=received,
        processing=ProcessingTime(0, "none"),
        documents=(DocumentLine("Tờ khai đăng ký kết hôn", originals=1),),
        history=(HistoryEntry(received, None, Status.REFUSED, "viet.dq", "Thiếu tờ khai."),),
        receiver_name="Đặng Quốc Việt",
    )


@pytest.fixture
def forms_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of resources/forms that a test may edit; layout caches are cleared around it."""
    target = tmp_path / "forms"
    shutil.copytree(resources_dir() / "forms", target)
    monkeypatch.setattr(layouts_module, "_forms_dir", lambda: target)
    layouts_module.load_layout.cache_clear()
    layouts_module.common.cache_clear()
    yield target
    layouts_module.load_layout.cache_clear()
    layouts_module.common.cache_clear()


def flat(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )


def test_a_city_can_relabel_reorder_and_resize_without_code(
    forms_dir: Path, record: DossierRecord
) -> None:
    path = forms_dir / "receipt.json"
    layout = json.loads(path.read_text(encoding="utf-8"))
    layout["paper"] = "A4"
    layout["title"] = "GIẤY BIÊN NHẬN HỒ SƠ"
    sections = layout["sections"]
    note = next(s for s in sections if s["type"] == "note")
    sections.remove(note)
    sections.insert(2, note)
    path.write_text(json.dumps(layout, ensure_ascii=False), encoding="utf-8")
    common = json.loads((forms_dir / "common.json").read_text(encoding="utf-8"))
    common["no_appointment"] = "Trả kết quả ngay trong ngày"
    (forms_dir / "common.json").write_text(json.dumps(common, ensure_ascii=False), "utf-8")

    pdf = render_form("receipt", record)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4)
    text = flat(pdf)
    assert "GIẤY BIÊN NHẬN HỒ SƠ" in text
    assert form_title("receipt") == "GIẤY BIÊN NHẬN HỒ SƠ"
    assert text.index("Lưu ý:") < text.index(f"Mã hồ sơ: {CODE}")
    assert "Thời gian trả kết quả giải quyết hồ sơ: Trả kết quả ngay trong ngày" in text


def test_receipt_a4_follows_edits_of_the_receipt_it_extends(
    forms_dir: Path, record: DossierRecord
) -> None:
    path = forms_dir / "receipt.json"
    layout = json.loads(path.read_text(encoding="utf-8"))
    layout["title"] = "GIẤY BIÊN NHẬN HỒ SƠ"
    path.write_text(json.dumps(layout, ensure_ascii=False), encoding="utf-8")
    text = flat(render_form("receipt_a4", record))
    assert "GIẤY BIÊN NHẬN HỒ SƠ" in text


Edit = Callable[[dict[str, Any]], object]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["sections"].append({"type": "barcode"}), "unknown section"),
        (
            lambda d: d["sections"].append({"type": "text", "paragraphs": ["{ho_ten}"]}),
            "unknown name {ho_ten}",
        ),
        (lambda d: d.update(paper="B5"), "paper"),
        (lambda d: d.update(date_from="tomorrow"), "date_from"),
        (lambda d: d.update(extends="refusal"), "'extends' loops"),
    ],
)
def test_a_broken_layout_is_reported_with_its_file(
    forms_dir: Path, record: DossierRecord, edit: Edit, message: str
) -> None:
    path = forms_dir / "refusal.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DeskError) as caught:
        render_form("refusal", record)
    assert caught.value.key == "input.invalid"
    assert "refusal.json" in caught.value.message("vi")
    assert message in caught.value.message("vi")


def test_invalid_json_is_reported(forms_dir: Path, record: DossierRecord) -> None:
    (forms_dir / "stop.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(DeskError) as caught:
        render_form("stop", record)
    assert "stop.json" in caught.value.message("vi")
