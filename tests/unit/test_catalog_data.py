"""Sanity checks for the shipped procedure catalog (resources/catalog/procedures.json).

Pure data test: no Qt, no network.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

CATALOG_PATH = Path(__file__).resolve().parents[2] / "resources/catalog/procedures.json"

TOP_KEYS = {"version", "source_note", "fields", "procedures"}
PROC_KEYS = {
    "code",
    "name",
    "field_code",
    "level",
    "processing",
    "cutoff",
    "documents",
    "fees",
    "code_confirmed",
}
DOC_KEYS = {"code", "name", "originals", "copies", "required"}
FEE_KEYS = {"code", "name", "amount", "note"}
UNITS = {"day", "hour", "none"}
CODE_RE = re.compile(r"^\d\.\d{6}$")
HHMM_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
VI_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")


def _has_vietnamese_diacritic(text: str) -> bool:
    if any(ch in VI_LETTERS for ch in text):
        return True
    decomposed = unicodedata.normalize("NFD", text)
    return any(unicodedata.combining(ch) for ch in decomposed)


@pytest.fixture(scope="module")
def catalog() -> dict:
    with CATALOG_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def procedures(catalog: dict) -> list[dict]:
    return catalog["procedures"]


def test_top_level_shape(catalog: dict) -> None:
    assert set(catalog) == TOP_KEYS
    assert catalog["version"] == 1
    assert isinstance(catalog["source_note"], str) and catalog["source_note"].strip()
    assert isinstance(catalog["fields"], list) and catalog["fields"]
    for field in catalog["fields"]:
        assert set(field) == {"code", "name"}
        assert field["code"].strip() and field["name"].strip()
    codes = [f["code"] for f in catalog["fields"]]
    assert len(codes) == len(set(codes))


def test_enough_procedures(procedures: list[dict]) -> None:
    assert len(procedures) >= 40


def test_procedure_codes_unique_and_well_formed(procedures: list[dict]) -> None:
    codes = [p["code"] for p in procedures]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert CODE_RE.match(code), code


def test_procedure_shape(procedures: list[dict]) -> None:
    for p in procedures:
        assert set(p) == PROC_KEYS, p.get("code")
        assert isinstance(p["name"], str) and p["name"].strip(), p["code"]
        assert p["level"] in {2, 3, 4}, p["code"]
        assert isinstance(p["code_confirmed"], bool), p["code"]


def test_field_codes_exist(catalog: dict, procedures: list[dict]) -> None:
    known = {f["code"] for f in catalog["fields"]}
    for p in procedures:
        assert p["field_code"] in known, p["code"]


def test_processing(procedures: list[dict]) -> None:
    for p in procedures:
        proc = p["processing"]
        assert set(proc) == {"amount", "unit"}, p["code"]
        assert proc["unit"] in UNITS, p["code"]
        assert isinstance(proc["amount"], int) and not isinstance(proc["amount"], bool)
        assert proc["amount"] >= 0, p["code"]


def test_cutoff_none_or_hhmm(procedures: list[dict]) -> None:
    for p in procedures:
        cutoff = p["cutoff"]
        assert cutoff is None or (isinstance(cutoff, str) and HHMM_RE.match(cutoff)), p["code"]


def test_documents(procedures: list[dict]) -> None:
    for p in procedures:
        docs = p["documents"]
        assert 1 <= len(docs) <= 6, p["code"]
        assert len({d["code"] for d in docs}) == len(docs), p["code"]
        for d in docs:
            assert set(d) == DOC_KEYS, p["code"]
            assert d["name"].strip(), p["code"]
            for key in ("originals", "copies"):
                assert isinstance(d[key], int) and not isinstance(d[key], bool)
                assert d[key] >= 0, p["code"]
            assert isinstance(d["required"], bool), p["code"]


def test_fees(procedures: list[dict]) -> None:
    for p in procedures:
        assert isinstance(p["fees"], list), p["code"]
        assert len({f["code"] for f in p["fees"]}) == len(p["fees"]), p["code"]
        for fee in p["fees"]:
            assert set(fee) == FEE_KEYS, p["code"]
            assert fee["name"].strip(), p["code"]
            assert isinstance(fee["amount"], int) and not isinstance(fee["amount"], bool)
            assert fee["amount"] >= 0, p["code"]
            assert isinstance(fee["note"], str), p["code"]


def test_vietnamese_diacritics_present(catalog: dict, procedures: list[dict]) -> None:
    names = [p["name"] for p in procedures] + [f["name"] for f in catalog["fields"]]
    assert all(n.strip() for n in names)
    assert any(_has_vietnamese_diacritic(n) for n in names)
    # Text must be stored composed (NFC) so search/compare behaves predictably.
    raw = CATALOG_PATH.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", raw) == raw


def test_field_groups_represented(procedures: list[dict]) -> None:
    used = {p["field_code"] for p in procedures}
    assert {"HT", "CT"} <= used
    assert len(used) >= 5
