"""Where the shipped resources (fonts, form layouts) are, from the source tree or a bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The ``resources`` folder: beside ``app/`` in the source tree, or inside the folder
    PyInstaller unpacks to (``sys._MEIPASS``) when the app runs frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"
