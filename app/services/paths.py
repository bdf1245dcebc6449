"""Where a counter keeps its data: cheap to import (no SQLAlchemy), so the window can show
before the heavy modules load."""

from __future__ import annotations

import os
from pathlib import Path


def default_data_dir() -> Path:
    """``MOTCUA_HOME``, else the user's data folder (AppData on Windows, ~/.local/share...)."""
    env = os.environ.get("MOTCUA_HOME")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("MotCuaDesk", "MotCua"))
