"""Digitised documents as the core hands them out: a file attached to one component of a
dossier, with the national record's flags (reference/digitisation.md section 2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class FileSource(StrEnum):
    SCAN = "scan"
    IMPORT = "import"
    FOLDER = "folder"
    REUSE = "reuse"

    @property
    def label_vi(self) -> str:
        return {
            "scan": "quét",
            "import": "nhập tệp",
            "folder": "thư mục máy quét",
            "reuse": "tái sử dụng",
        }[self.value]


@dataclass(frozen=True)
class AttachedFile:
    """One ``TaiLieuNop`` entry: ``uid`` is TepDinhKemId, ``component`` the 1-based number of
    the dossier's component (MaThanhPhanHoSo is ``component_code``)."""

    uid: str
    dossier_code: str
    component: int
    component_code: str
    component_name: str
    name: str
    sha256: str
    size: int
    pages: int
    mime: str
    source: FileSource
    digitised: bool  # DuocSoHoa
    reused: bool  # DuocTaiSuDung
    from_national: bool  # DuocLayTuKhoDMQG
    created_at: datetime
    created_by: str = ""
    on_hub: bool = False  # the city hub acknowledged the bytes


@dataclass(frozen=True)
class ComponentFiles:
    """One component of a dossier and the files it has (the checklist's ticks)."""

    component: int
    code: str
    name: str
    files: tuple[AttachedFile, ...]

    @property
    def digitised(self) -> bool:
        return bool(self.files)
