"""Accent folding for Vietnamese search: 'Nguyễn Văn Ánh' -> 'nguyen van anh'."""

from __future__ import annotations

import unicodedata


def strip_accents(text: str) -> str:
    """Remove diacritics and map đ/Đ to d/D, keeping case: 'Lệ phí' -> 'Le phi'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def fold(text: str) -> str:
    """Lower-case, strip diacritics, map đ to d and squeeze spaces."""
    return " ".join(strip_accents(text).lower().split())
