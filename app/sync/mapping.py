"""The wire mapping of a dossier to the national field names (DongBoHoSoMC style)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.domain.dossier import DossierRecord, HistoryEntry, Status
from app.domain.fee_receipts import FeePayment, PaymentMethod
from app.domain.files import AttachedFile
from app.domain.interagency import (
    WIRE_BACK_AT,
    WIRE_COMPETENT_CODE,
    WIRE_COMPETENT_NAME,
    WIRE_RECEIVING_CLERK,
    WIRE_RECEIVING_NAME,
    WIRE_RETURN_PLACE,
    WIRE_ROUTE_STATE,
    WIRE_SENT_AT,
    WIRE_TAKEN_AT,
    ReturnPlace,
)
from app.domain.results import ResultDoc, ResultHandover
from app.domain.supplements import SupplementRequest
from app.sync.protocol import (
    RESULTS_FIELD,
    WIRE_FORMAT,
    parse_wire_time,
    result_entry_data,
    wire_time,
)

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


def _fees(record: DossierRecord, paid: Sequence[FeePayment]) -> list[dict[str, Any]]:
    """DanhSachLePhi: each charged line, and for a paid one how and when it was paid and
    its receipt (biên lai) number and symbol."""
    by_line = {p.line: p for p in paid}
    out: list[dict[str, Any]] = []
    for line, f in enumerate(record.fees, start=1):
        item: dict[str, Any] = {
            "TenPhiLePhi": f.name,
            "MaPhiLePhi": f.code,
            "HinhThucThu": f.collection,
            "Gia": f.amount,
        }
        p = by_line.get(line)
        if p is not None:
            item |= {
                "HinhThucThu": p.method.value,
                "DaThanhToan": 1,
                "NgayThanhToan": wire_time(p.paid_at),
                "SoBienLai": p.receipt_no,
                "KyHieuBienLai": p.receipt_symbol,
            }
        out.append(item)
    return out


def results_to_national(
    results: Sequence[ResultDoc], handover: ResultHandover | None
) -> dict[str, Any]:
    """DanhSachGiayToKetQua (one entry per result, with MaKetQua and the hub's link
    DuongDanTepTinKetQua) and, once the result is handed over, who received it and the
    originals given back (NgayTra is the dossier's own return time)."""
    out: dict[str, Any] = {
        RESULTS_FIELD: [
            result_entry_data(
                uid=r.uid,
                name=r.name,
                code=r.code,
                so_ky_hieu=r.so_ky_hieu,
                issuer=r.issuer,
                signer=r.signer,
                signed_on=r.signed_on,
                sha256=r.sha256,
                size=r.size,
                pages=r.pages,
                link=r.link,
            )
            for r in results
        ]
    }
    if handover is not None:
        out.update(
            {
                "LoaiNguoiNhanKetQua": handover.kind.wire,
                "HoTenNguoiNhanKetQua": handover.name,
                "SoGiayToNguoiNhanKetQua": handover.id_number,
                "BanGocThuLai": "; ".join(handover.originals),
                "SoLuongBanGocThuLai": len(handover.originals),
                "NgayXacNhanKetQua": wire_time(handover.at),
            }
        )
    return out


#: TrangThaiBoSung of a DanhSachHoSoBoSung item: waiting for the citizen, completed.
SUPPLEMENT_WAITING = 0
SUPPLEMENT_DONE = 1


def _supplements(record: DossierRecord) -> list[dict[str, Any]]:
    """DanhSachHoSoBoSung: each request (who, what, when) and its completion, with the
    appointment before and after the wait (app.domain.supplements)."""
    out: list[dict[str, Any]] = []
    for r in record.supplements:
        out.append(_supplement(r))
    return out


def _supplement(r: SupplementRequest) -> dict[str, Any]:
    return {
        "HoSoBoSungId": r.uid,
        "NguoiYeuCauBoSung": r.requested_by,
        "NoiDungBoSung": r.text(),
        "DanhSachGiayToBoSung": list(r.items),
        "NgayBoSung": wire_time(r.requested_at),
        "NguoiTiepNhanBoSung": r.completed_by,
        "NgayTiepNhanBoSung": wire_time(r.completed_at),
        "TrangThaiBoSung": SUPPLEMENT_WAITING if r.open else SUPPLEMENT_DONE,
        "NgayHenTraTruoc": wire_time(r.due_before),
        "NgayHenTraMoi": wire_time(r.due_after),
    }


def _steps(record: DossierRecord) -> list[dict[str, Any]]:
    """QuaTrinhXuLy: one step per move, begun when the one before ended."""
    out: list[dict[str, Any]] = []
    started = record.received_at
    due = wire_time(record.due_at)
    for h in record.history:
        out.append(_step(record.code, h, started, due))
        started = h.at
    return out


def _step(code: str, h: HistoryEntry, started: Any, due: str) -> dict[str, Any]:
    return {
        "MaHoSo": code,
        "ThoiDiemXuLy": wire_time(h.at),
        "TrangThai": int(h.to_status),
        "NguoiXuLy": h.actor,
        "NoiDungXuLy": h.note,
        "NgayBatDau": wire_time(started),
        "NgayKetThucTheoQuyDinh": due,
    }


def _first_move_into(record: DossierRecord, status: Status) -> str:
    for h in record.history:
        if h.to_status == status:
            return wire_time(h.at)
    return ""


def dossier_to_national(
    record: DossierRecord,
    files: Sequence[AttachedFile] = (),
    results: Sequence[ResultDoc] = (),
    handover: ResultHandover | None = None,
    paid: Sequence[FeePayment] = (),
) -> dict[str, Any]:
    """The national record (HoSoDongBoDVC) of a dossier. What each field carries, and why
    the rest is not sent, is listed in tests/unit/test_wire_contract_national.py.

    ``TaiKhoanDuocXacThucVoiVNeID`` is 1 when the citizen's identity was read from the
    chip card's QR code (or the VNeID app's) at the counter, 0 when it was typed or the
    applicant is an organisation: the counter never sees a VNeID log-in, and the QR is the
    population database's own data, which is what 766 indicator 4.5 rewards."""
    a = record.applicant
    citizen = not a.kind.is_organisation
    return {
        **results_to_national(results, handover),
        "MaHoSo": record.code,
        "MaTTHC": record.procedure_code,
        "TenTTHC": record.procedure_name,
        "MaLinhVuc": record.field_code,
        "TenLinhVuc": record.field_name,
        "KenhThucHien": int(record.channel),
        "ChuHoSo": a.full_name,
        "SoGiayToChuHoSo": a.id_number,
        "LoaiDoiTuong": int(a.kind),
        "NguoiDaiDien": a.representative,
        "ThongTinKhac": f"Người đại diện: {a.representative}" if a.representative else "",
        "DiaChiChuHoSo": a.address,
        "SoDienThoai": a.phone,
        "Email": a.email,
        "KenhThongBao": record.notify_channels,  # the citizen's consent to messages
        "TrichYeuHoSo": (record.summary or record.procedure_name)[:1000],
        "NgayTiepNhan": wire_time(record.received_at),
        # At the counter the citizen hands the dossier in when it is received.
        "NgayNopHoSo": wire_time(record.received_at),
        "NgayTuChoi": _first_move_into(record, Status.REFUSED),
        "NgayHenTra": wire_time(record.due_at),
        "NgayKetThucXuLy": wire_time(record.finished_at),
        "NgayTra": wire_time(record.returned_at),
        "TrangThaiHoSo": int(record.status),
        "HinhThuc": 1 if record.result_delivery == "post" else 0,
        # The receiving point (it allocated the code) and the competent body that processes
        # it; the same agency for an own dossier (app.domain.interagency).
        "MaDonVi": record.agency.code,
        WIRE_COMPETENT_NAME: record.competent_agency.name,
        WIRE_COMPETENT_CODE: record.competent_agency.code,
        **_boundary(record),
        "GhiChu": record.history[-1].note if record.history else "",
        "HoTroTrucTuyen": 1 if record.assisted else 0,
        "SoBienNhanBuuChinh": record.post_receipt_no,
        # A tax code is no personal ID (LoaiDinhDanh knows 12 and 9 digits only).
        "DinhDanhCHS": [
            {"LoaiDinhDanh": 1 if len(a.id_number) == 12 else 2, "SoDinhDanh": a.id_number}
        ]
        if citizen
        else [],
        "TaiKhoanDuocXacThucVoiVNeID": 1 if citizen and a.identity_verified else 0,
        "TaiLieuNop": _documents(record, files),
        "HoSoCoThanhPhanSoHoa": 1 if files else 0,
        "DanhSachLePhi": _fees(record, paid),
        # 1: paid through the national portal's payment platform (digitisation.md §2).
        "DuocThanhToanTrucTuyen": int(any(p.method == PaymentMethod.ONLINE for p in paid)),
        "DanhSachHoSoBoSung": _supplements(record),
        "QuaTrinhXuLy": _steps(record),
    }


def _boundary(record: DossierRecord) -> dict[str, Any]:
    """The fields of a dossier received for another body ("phi địa giới"); none for an own
    dossier, so that an own dossier's record is what it was before issue 18."""
    if not record.routed:
        return {}
    return {
        WIRE_RECEIVING_NAME: record.agency.name,
        WIRE_RECEIVING_CLERK: record.receiver_name,
        WIRE_ROUTE_STATE: int(record.route_state),
        WIRE_TAKEN_AT: wire_time(record.route_taken_at),
        WIRE_SENT_AT: wire_time(record.route_sent_at),
        WIRE_BACK_AT: wire_time(record.route_back_at),
        WIRE_RETURN_PLACE: (record.return_place or ReturnPlace.RECEIVING).wire,
    }
