"""Form layouts as data: ``resources/forms/<form>.json`` and the shared ``common.json``.

A layout names its form number, title, paper, margins, font sizes and an ordered list of
sections, each with a ``type`` the renderer knows and the labels it prints. A city can
change a label, the paper or the order of sections by editing the JSON; ``"extends"``
takes another layout and overrides some of its keys (the A4 receipt is the A5 one on A4).
Files are read once per process and checked: unknown section types or ``{names}`` fail
with a message naming the file.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm

from app.docs.resources import resources_dir
from app.docs.result_values import RESULT_RECEIPT_NAMES
from app.docs.values import FIELD_NAMES
from app.domain.errors import DeskError

SECTION_TYPES = frozenset(
    {
        "header",
        "title",
        "code_qr",
        "applicant",
        "procedure",
        "fields",
        "documents_table",
        "times",
        "fees",
        "reason",
        "text",
        "signatures",
        "note",
        "steps_table",
        "missing_table",
        "space",
    }
)
#: Names a section fills itself, besides the dossier's fields (fee lines: name, amount).
_SECTION_NAMES = {"fees": frozenset({"name", "amount"})}
#: Names a form fills besides the dossier's fields: the result hand-over receipt
#: (app/docs/result_receipt.py) and the biên lai (app/docs/fee_receipt.py).
_FORM_NAMES: dict[str, frozenset[str]] = {
    "result_receipt": RESULT_RECEIPT_NAMES,
    "fee_receipt": frozenset(
        {
            "receipt_no",
            "receipt_symbol",
            "receipt_form",
            "payer_name",
            "fee_name",
            "fee_code",
            "fee_amount",
            "amount_words",
            "method",
            "paid_at",
            "collector_name",
            "lookup_code",
            "void_mark",
        }
    ),
}
_PAPERS = {"A4": A4, "A5": A5}
_DATE_SOURCES = frozenset({"received", "supplement", "refused", "stopped", "latest"})
_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class FormLayout:
    """A form as the renderer needs it; ``page_height`` None means a roll (fit content)."""

    form: str
    number: str
    title: str
    page_width: float
    page_height: float | None
    margins: tuple[float, float, float, float]  # top, right, bottom, left (points)
    font_size: float
    title_size: float
    date_from: str
    sections: tuple[Mapping[str, Any], ...]
    extra: Mapping[str, Any]  # the other top-level keys (the book's columns...)

    @property
    def frame_width(self) -> float:
        return self.page_width - self.margins[1] - self.margins[3]


def _forms_dir() -> Path:
    return resources_dir() / "forms"


def _invalid(file: str, detail: str) -> DeskError:
    return DeskError("input.invalid", detail=f"resources/forms/{file}: {detail}")


def _read(name: str) -> dict[str, Any]:
    path = _forms_dir() / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _invalid(path.name, "file missing") from None
    except json.JSONDecodeError as exc:
        raise _invalid(path.name, f"not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise _invalid(path.name, "the top level must be an object")
    return data


def _resolve(name: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if name in seen:
        raise _invalid(f"{name}.json", "'extends' loops")
    data = _read(name)
    parent = data.pop("extends", None)
    if parent:
        merged = _resolve(str(parent), (*seen, name))
        merged.update(data)
        return merged
    return data


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _check_templates(file: str, value: Any, also: frozenset[str] = frozenset()) -> None:
    allowed = FIELD_NAMES | also
    for text in _strings(value):
        try:
            names = [field for _, field, _, _ in _FORMATTER.parse(text) if field is not None]
        except ValueError as exc:
            raise _invalid(file, f"bad template {text!r} ({exc})") from None
        for field in names:
            if field not in allowed:
                raise _invalid(file, f"unknown name {{{field}}} in {text!r}")


def _paper(file: str, data: Mapping[str, Any]) -> tuple[float, float | None]:
    paper = data.get("paper", "A4")
    if isinstance(paper, str):
        if paper not in _PAPERS:
            raise _invalid(file, f"paper must be one of {sorted(_PAPERS)} or an object")
        size = _PAPERS[paper]
        if data.get("orientation", "portrait") == "landscape":
            size = landscape(size)
        return float(size[0]), float(size[1])
    if isinstance(paper, Mapping) and "width_mm" in paper:
        height = paper.get("height_mm")
        return float(paper["width_mm"]) * mm, (float(height) * mm if height else None)
    raise _invalid(file, "paper must be 'A4', 'A5' or {\"width_mm\": .., \"height_mm\": ..}")


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


@cache
def common() -> Mapping[str, Any]:
    """Vocabulary shared by every form (national motto, delivery labels, page footer)."""
    data = _read("common")
    _check_templates("common.json", data, frozenset({"page", "pages"}))
    return _freeze(data)  # type: ignore[no-any-return]  # _freeze keeps the mapping shape


@cache
def load_layout(form: str) -> FormLayout:
    """The layout of ``form`` (cached for the life of the process)."""
    file = f"{form}.json"
    data = _resolve(form)
    sections = data.pop("sections", None)
    if form != "book":
        if not isinstance(sections, list) or not sections:
            raise _invalid(file, "'sections' must be a non-empty list")
        for section in sections:
            if not isinstance(section, Mapping) or section.get("type") not in SECTION_TYPES:
                raise _invalid(file, f"unknown section {section!r}")
            _check_templates(
                file,
                section,
                _SECTION_NAMES.get(section["type"], frozenset())
                | _FORM_NAMES.get(form, frozenset()),
            )
    width, height = _paper(file, data)
    margins = data.get("margins_mm", [12, 12, 12, 12])
    if not (isinstance(margins, list) and len(margins) == 4):
        raise _invalid(file, "margins_mm must be [top, right, bottom, left]")
    date_from = str(data.get("date_from", "received"))
    if date_from not in _DATE_SOURCES:
        raise _invalid(file, f"date_from must be one of {sorted(_DATE_SOURCES)}")
    known = {
        "number",
        "title",
        "paper",
        "orientation",
        "margins_mm",
        "font_size",
        "title_size",
        "date_from",
    }
    return FormLayout(
        form=form,
        number=str(data.get("number", "")),
        title=str(data.get("title", "")),
        page_width=width,
        page_height=height,
        margins=(
            float(margins[0]) * mm,
            float(margins[1]) * mm,
            float(margins[2]) * mm,
            float(margins[3]) * mm,
        ),
        font_size=float(data.get("font_size", 10)),
        title_size=float(data.get("title_size", 13)),
        date_from=date_from,
        sections=tuple(_freeze(s) for s in sections or ()),
        extra=_freeze({k: v for k, v in data.items() if k not in known}),
    )
