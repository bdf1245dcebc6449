"""Where shipped resources live: the source tree, or PyInstaller's bundle directory."""

from __future__ import annotations

import sys
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parents[1]


def project_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else _SOURCE_ROOT


def resource_path(*parts: str, top_level: bool = False) -> Path:
    """``resources/<parts>``, or ``<root>/<parts>`` for top-level folders like migrations."""
    base = project_root() if top_level else project_root() / "resources"
    return base.joinpath(*parts)
