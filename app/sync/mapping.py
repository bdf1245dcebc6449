"""The wire mapping of a dossier to the national field names (DongBoHoSoMC style)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.domain.dossier import DossierRecord
from app.domain.files import AttachedFile
from app.sync.protocol import WIRE_FORMAT, parse_wire_time, wire_time

__all__ = ["WIRE_FORMAT", "dossier_to_national", "parse_wire_time", "wire_time"]


def _documents(record: DossierRecord, files: Sequence[AttachedFile]) -> list[dict[str, Any]]:
    """TaiLieuNop: one entry per file attached to a component (TepDinhKemId, its sha256,
    size, pages and the DuocSoHoa / DuocTaiSuDung / DuocLayTuKhoDMQG flags); a component
    without a file keeps its paper-only entry."""
    out: list[dict[str, Any]] = []
    for number, d in enumerate(record.documents, start=1):
        base = {
            "MaThanhPhanHoSo": d.code,
            "TenThanhPhanHoSo": d.name,
            "SoBanChinh": d.originals,
            "SoBanSao": d.copies,
        }
        mine = [f for f in files if f.component == number]
        if not mine:
            out.append({**base, "TenTepDinhKem": d.name})
        for f in mine:
            out.append(
                {
                    **base,
                    "TepDinhKemId": f.uid,
                    "TenTepDinhKem": f.name,
                    "MaHashTep": f.sha256,
                    "KichThuocTep": f.size,
                    "SoTrang": f.pages,
                    "DuocSoHoa": int(f.digitised),
                    "DuocTaiSuDung": int(f.reused),
                    "DuocLayTuKhoDMQG": int(f.from_national),
                    "IsDeleted": False,
                }
            )
    return out


def dossier_to_national(
    record: DossierRecord, files: Sequence[AttachedFile] = ()
) -> dict[str, Any]:
    a = record.applicant
    return {
        "MaHoSo": record.code,
        "MaTTHC": record.procedure_code,
        "TenTTHC": record.procedure_name,
        "TenLinhVuc": record.field_name,
        "KenhThucHien": int(record.channel),
        "ChuHoSo": a.full_name,
        "SoGiayToChuHoSo": a.id_number,
        "LoaiDoiTuong": 1,
        "DiaChiChuHoSo": a.address,
        "SoDienThoai": a.phone,
        "Email": a.email,
        "KenhThongBao": record.notify_channels,  # the citizen's consent to messages
        "TrichYeuHoSo": (record.summary or record.procedure_name)[:1000],
        "NgayTiepNhan": wire_time(record.received_at),
        "NgayHenTra": wire_time(record.due_at),
        "NgayKetThucXuLy": wire_time(record.finished_at),
        "NgayTra": wire_time(record.returned_at),
        "TrangThaiHoSo": int(record.status),
        "HinhThuc": 1 if record.result_delivery == "post" else 0,
        "DonViXuLy": record.agency.name,
        "MaDonVi": record.agency.code,
        "GhiChu": record.history[-1].note if record.history else "",
        "HoTroTrucTuyen": 1 if record.assisted else 0,
        "SoBienNhanBuuChinh": record.post_receipt_no,
        "DinhDanhCHS": [
            {"LoaiDinhDanh": 1 if len(a.id_number) == 12 else 2, "SoDinhDanh": a.id_number}
        ],
        "TaiLieuNop": _documents(record, files),
        "HoSoCoThanhPhanSoHoa": 1 if files else 0,
        "DanhSachLePhi": [
            {
                "TenPhiLePhi": f.name,
                "MaPhiLePhi": f.code,
                "HinhThucThu": f.collection,
                "Gia": f.amount,
            }
            for f in record.fees
        ],
        "QuaTrinhXuLy": [
            {
                "ThoiDiemXuLy": wire_time(h.at),
                "TrangThai": int(h.to_status),
                "NguoiXuLy": h.actor,
                "NoiDungXuLy": h.note,
            }
            for h in record.history
        ],
    }
