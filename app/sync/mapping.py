"""The wire mapping of a dossier to the national field names (DongBoHoSoMC style)."""

from __future__ import annotations

from typing import Any

from app.domain.dossier import DossierRecord
from app.sync.protocol import WIRE_FORMAT, parse_wire_time, wire_time

__all__ = ["WIRE_FORMAT", "dossier_to_national", "parse_wire_time", "wire_time"]


def dossier_to_national(record: DossierRecord) -> dict[str, Any]:
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
        "DinhDanhCHS": [{"LoaiDinhDanh": 1 if len(a.id_number) == 12 else 2, "SoDinhDanh": a.id_number}],
        "TaiLieuNop": [
            {"MaThanhPhanHoSo": d.code, "TenTepDinhKem": d.name, "SoBanChinh": d.originals,
             "SoBanSao": d.copies}
            for d in record.documents
        ],
        "DanhSachLePhi": [
            {"TenPhiLePhi": f.name, "MaPhiLePhi": f.code, "HinhThucThu": f.collection, "Gia": f.amount}
            for f in record.fees
        ],
        "QuaTrinhXuLy": [
            {"ThoiDiemXuLy": wire_time(h.at), "TrangThai": int(h.to_status), "NguoiXuLy": h.actor,
             "NoiDungXuLy": h.note}
            for h in record.history
        ],
    }
