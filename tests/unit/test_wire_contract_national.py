"""The wire contract of the national record: every field of HoSoDongBoDVC and of its
process steps (QuaTrinhXuLyDongBoDVC) that reference/digitisation.md section 2 and
reference/vn-standards.md section 3.2-3.3 list, each either carried by the payload of
app.sync.mapping (checked on sample dossiers: an organisation with a completed supplement,
a scanned citizen with a file, a refused dossier), or explicitly not known at the counter
(with why), or owned by another piece of work. A field dropped from the mapping, or a
reference field left unlisted, fails here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.domain.dossier import (
    AgencyInfo,
    ApplicantInfo,
    Channel,
    DocumentLine,
    DossierId,
    DossierRecord,
    FeeItem,
    HistoryEntry,
    ProcessingTime,
    Status,
)
from app.domain.files import AttachedFile, FileSource
from app.domain.organisation import ApplicantKind
from app.domain.supplements import SupplementRequest
from app.sync.mapping import dossier_to_national
from app.sync.protocol import check_dossier_fields

#: Every field the references name. "X[].Y" is field Y of each item of list X.
REFERENCE = (
    "MaHoSo MaTTHC TenTTHC MaLinhVuc TenLinhVuc KenhThucHien ChuHoSo SoGiayToChuHoSo "
    "LoaiDoiTuong MaDoiTuong ThongTinKhac Email Fax SoDienThoai TrichYeuHoSo NgayTiepNhan "
    "NgayHenTra NgayTra NgayKetThucXuLy NgayTuChoi NgayNopHoSo TrangThaiHoSo ThongTinTra "
    "HinhThuc DonViXuLy GhiChu NoiNopHoSo HoSoCoThanhPhanSoHoa TaiKhoanDuocXacThucVoiVNeID "
    "DuocThanhToanTrucTuyen MaHoSoKhac "
    "TaiLieuNop[].TepDinhKemId TaiLieuNop[].TenTepDinhKem TaiLieuNop[].IsDeleted "
    "TaiLieuNop[].MaThanhPhanHoSo TaiLieuNop[].DuongDanTaiTepTin TaiLieuNop[].DuocSoHoa "
    "TaiLieuNop[].DuocTaiSuDung TaiLieuNop[].DuocLayTuKhoDMQG TaiLieuNop[].MaKetQuaThayThe "
    "DanhSachLePhi[].TenPhiLePhi DanhSachLePhi[].MaPhiLePhi DanhSachLePhi[].HinhThucThu "
    "DanhSachLePhi[].Gia DanhSachLePhi[].LoaiPhiLePhi "
    "DanhSachTepDinhKemKhac[].TenGiayTo DanhSachTepDinhKemKhac[].SoLuong "
    "DanhSachTepDinhKemKhac[].LoaiGiayTo "
    "DanhSachHoSoBoSung[].HoSoBoSungId DanhSachHoSoBoSung[].NguoiYeuCauBoSung "
    "DanhSachHoSoBoSung[].NoiDungBoSung DanhSachHoSoBoSung[].NgayBoSung "
    "DanhSachHoSoBoSung[].NguoiTiepNhanBoSung DanhSachHoSoBoSung[].ThongTinTiepNhan "
    "DanhSachHoSoBoSung[].NgayTiepNhanBoSung DanhSachHoSoBoSung[].TrangThaiBoSung "
    "DanhSachHoSoBoSung[].DanhSachGiayToBoSung DanhSachHoSoBoSung[].DanhSachLePhiBoSung "
    "DanhSachHoSoBoSung[].NgayHenTraTruoc DanhSachHoSoBoSung[].NgayHenTraMoi "
    "DanhSachGiayToKetQua[].TenGiayTo DanhSachGiayToKetQua[].MaThanhPhanHoSo "
    "DanhSachGiayToKetQua[].GiayToId DanhSachGiayToKetQua[].DuongDanTepTinKetQua "
    "DanhSachGiayToKetQua[].MaGiayToKetQua "
    "DinhDanhCHS[].LoaiDinhDanh DinhDanhCHS[].SoDinhDanh DSKetNoiCSDL[].MaCSDL "
    "QuaTrinhXuLy[].MaHoSo QuaTrinhXuLy[].NguoiXuLy QuaTrinhXuLy[].ChucDanh "
    "QuaTrinhXuLy[].ThoiDiemXuLy QuaTrinhXuLy[].PhongBanXuLy QuaTrinhXuLy[].NoiDungXuLy "
    "QuaTrinhXuLy[].TrangThai QuaTrinhXuLy[].NgayBatDau QuaTrinhXuLy[].NgayKetThucTheoQuyDinh"
).split()

#: Reference field -> where the payload carries it (the same name unless said).
CARRIED = {
    name: name
    for name in (
        "MaHoSo MaTTHC TenTTHC MaLinhVuc TenLinhVuc KenhThucHien ChuHoSo SoGiayToChuHoSo "
        "LoaiDoiTuong ThongTinKhac Email SoDienThoai TrichYeuHoSo NgayTiepNhan NgayHenTra "
        "NgayKetThucXuLy NgayTuChoi NgayNopHoSo TrangThaiHoSo HinhThuc DonViXuLy GhiChu "
        "HoSoCoThanhPhanSoHoa TaiKhoanDuocXacThucVoiVNeID "
        "TaiLieuNop[].TepDinhKemId TaiLieuNop[].TenTepDinhKem TaiLieuNop[].IsDeleted "
        "TaiLieuNop[].MaThanhPhanHoSo TaiLieuNop[].DuocSoHoa TaiLieuNop[].DuocTaiSuDung "
        "TaiLieuNop[].DuocLayTuKhoDMQG "
        "DanhSachHoSoBoSung[].HoSoBoSungId DanhSachHoSoBoSung[].NguoiYeuCauBoSung "
        "DanhSachHoSoBoSung[].NoiDungBoSung DanhSachHoSoBoSung[].NgayBoSung "
        "DanhSachHoSoBoSung[].NguoiTiepNhanBoSung DanhSachHoSoBoSung[].NgayTiepNhanBoSung "
        "DanhSachHoSoBoSung[].TrangThaiBoSung DanhSachHoSoBoSung[].DanhSachGiayToBoSung "
        "DanhSachHoSoBoSung[].NgayHenTraTruoc DanhSachHoSoBoSung[].NgayHenTraMoi "
        "DinhDanhCHS[].LoaiDinhDanh DinhDanhCHS[].SoDinhDanh "
        "QuaTrinhXuLy[].MaHoSo QuaTrinhXuLy[].NguoiXuLy QuaTrinhXuLy[].ThoiDiemXuLy "
        "QuaTrinhXuLy[].NoiDungXuLy QuaTrinhXuLy[].TrangThai QuaTrinhXuLy[].NgayBatDau "
        "QuaTrinhXuLy[].NgayKetThucTheoQuyDinh"
    ).split()
}

#: Reference field -> why the counter cannot fill it.
NOT_KNOWN = {
    "MaDoiTuong": "the portal account id of an online applicant; the counter never sees "
    "the portal log-in (sent only for KenhThucHien 2 by B)",
    "Fax": "not asked at intake: no form prints it",
    "ThongTinTra": "the result hand-over details belong to the result's return",
    "NoiNopHoSo": "a 2-character code whose values no source explains (TD sets '2' in one "
    "place); not guessed",
    "MaHoSoKhac": "the portal's substitute for a code outside the province's tree; our "
    "codes start with the agency's own identifier",
    "TaiLieuNop[].DuongDanTaiTepTin": "a download URL is the hub's to give; the counter "
    "sends the file by its sha256 (MaHashTep) apart from the event",
    "TaiLieuNop[].MaKetQuaThayThe": "the national code of a result replacing a paper: "
    "given by the national store, never seen at the counter",
    "DanhSachTepDinhKemKhac[].TenGiayTo": "other attachments outside the procedure's "
    "components are not taken at the counter",
    "DanhSachTepDinhKemKhac[].SoLuong": "as TenGiayTo",
    "DanhSachTepDinhKemKhac[].LoaiGiayTo": "as TenGiayTo",
    "DanhSachHoSoBoSung[].ThongTinTiepNhan": "no source says what it holds beyond "
    "NguoiTiepNhanBoSung and NgayTiepNhanBoSung, which are sent",
    "DSKetNoiCSDL[].MaCSDL": "the counter connects to no national database; the chip "
    "card's QR is flagged by TaiKhoanDuocXacThucVoiVNeID instead",
    "QuaTrinhXuLy[].ChucDanh": "the history keeps the user name of each move, not the "
    "person's title",
    "QuaTrinhXuLy[].PhongBanXuLy": "the history does not record which department moved "
    "the dossier (a back-office move comes with a user name only)",
}

#: Reference field -> who builds it.
OWNED = {
    "DuocThanhToanTrucTuyen": "i16fee (fees paid)",
    "DanhSachLePhi[].TenPhiLePhi": "i16fee (fees paid)",
    "DanhSachLePhi[].MaPhiLePhi": "i16fee (fees paid)",
    "DanhSachLePhi[].HinhThucThu": "i16fee (fees paid)",
    "DanhSachLePhi[].Gia": "i16fee (fees paid)",
    "DanhSachLePhi[].LoaiPhiLePhi": "i16fee (fees paid)",
    "DanhSachHoSoBoSung[].DanhSachLePhiBoSung": "i16fee (fees paid)",
    "NgayTra": "i15res (results): sent today from the return time",
    "DanhSachGiayToKetQua[].TenGiayTo": "i15res (results)",
    "DanhSachGiayToKetQua[].MaThanhPhanHoSo": "i15res (results)",
    "DanhSachGiayToKetQua[].GiayToId": "i15res (results)",
    "DanhSachGiayToKetQua[].DuongDanTepTinKetQua": "i15res (results)",
    "DanhSachGiayToKetQua[].MaGiayToKetQua": "i15res (results)",
}

T0 = datetime(2025, 7, 15, 7, 5, tzinfo=UTC)
AGENCY = AgencyInfo(code="000.00.31.H26", name="Ủy ban nhân dân phường Tây Hồ")


def _record(code: str, applicant: ApplicantInfo, **kw: Any) -> DossierRecord:
    base: dict[str, Any] = dict(
        id=DossierId(1),
        code=code,
        agency=AGENCY,
        procedure_code="1.004194",
        procedure_name="Đăng ký tạm trú",
        field_name="Cư trú",
        field_code="CTR",
        applicant=applicant,
        channel=Channel.DIRECT,
        status=Status.RECEIVED,
        received_at=T0,
        appointment_at=T0 + timedelta(days=3),
        processing=ProcessingTime(3),
        documents=(DocumentLine("Tờ khai CT01", 1, 0, "CT01"),),
        fees=(FeeItem("Lệ phí", 10000, "LP"),),
        history=(HistoryEntry(T0, None, Status.RECEIVED, "canbo1", "Tiếp nhận hồ sơ"),),
    )
    base.update(kw)
    return DossierRecord(**base)


def _samples() -> list[dict[str, Any]]:
    company = ApplicantInfo(
        "Công ty TNHH Tây Hồ", "0100109106", kind=ApplicantKind.BUSINESS, representative="Lê C"
    )
    citizen = ApplicantInfo("Nguyễn Văn An", "001095012345", identity_verified=True)
    later = T0 + timedelta(days=2)
    supplement = SupplementRequest(
        uid="0b0e7f3e-0000-4000-8000-000000000001",
        requested_at=T0 + timedelta(hours=1),
        requested_by="canbo1",
        items=("Bản sao sổ hộ khẩu",),
        note="Ký đủ",
        completed_at=later,
        completed_by="canbo2",
        due_before=T0 + timedelta(days=3),
        due_after=T0 + timedelta(days=5),
    )
    file = AttachedFile(
        uid="0b0e7f3e-0000-4000-8000-000000000002",
        dossier_code="000.00.31.H26-250715-1002",
        component=1,
        component_code="CT01",
        component_name="Tờ khai CT01",
        name="ct01.pdf",
        sha256="a" * 64,
        size=1000,
        pages=1,
        mime="application/pdf",
        source=next(iter(FileSource)),
        digitised=True,
        reused=False,
        from_national=False,
        created_at=T0,
    )
    refused_history = (
        HistoryEntry(T0, None, Status.RECEIVED, "canbo1", "Tiếp nhận hồ sơ"),
        HistoryEntry(later, Status.RECEIVED, Status.REFUSED, "canbo1", "Thiếu tờ khai"),
    )
    return [
        dossier_to_national(
            _record("000.00.31.H26-250715-1001", company, supplements=(supplement,))
        ),
        dossier_to_national(_record("000.00.31.H26-250715-1002", citizen), [file]),
        dossier_to_national(
            _record(
                "000.00.31.H26-250715-1003",
                citizen,
                status=Status.REFUSED,
                history=refused_history,
            )
        ),
    ]


def test_every_reference_field_is_listed_once():
    listed = [*CARRIED, *NOT_KNOWN, *OWNED]
    assert len(listed) == len(set(listed)), "a field listed twice"
    assert set(listed) == set(REFERENCE)


@pytest.mark.parametrize("field", sorted(CARRIED))
def test_a_carried_field_is_in_the_payload(field: str):
    path = CARRIED[field]
    payloads = _samples()
    if "[]." in path:
        outer, inner = path.split("[].")
        items = [item for p in payloads for item in p[outer]]
        if outer == "TaiLieuNop" and inner != "MaThanhPhanHoSo" and inner != "TenTepDinhKem":
            # A component with no file yet is listed by its paper alone (app/sync/mapping.py).
            items = [item for item in items if "MaHashTep" in item]
        assert items, f"no sample carries an item of {outer}"
        assert all(inner in item for item in items), path
    else:
        assert all(path in p for p in payloads), path


def test_the_values_say_what_the_counter_knows():
    company, citizen, refused = _samples()
    assert company["LoaiDoiTuong"] == 2 and company["MaLinhVuc"] == "CTR"
    assert company["TaiKhoanDuocXacThucVoiVNeID"] == 0 and company["DinhDanhCHS"] == []
    assert citizen["TaiKhoanDuocXacThucVoiVNeID"] == 1 and citizen["LoaiDoiTuong"] == 1
    assert citizen["HoSoCoThanhPhanSoHoa"] == 1 and company["HoSoCoThanhPhanSoHoa"] == 0
    assert company["NgayNopHoSo"] == company["NgayTiepNhan"] == "20250715140500"
    assert company["NgayTuChoi"] == "" and refused["NgayTuChoi"] == "20250717140500"
    (sup,) = company["DanhSachHoSoBoSung"]
    assert sup["NoiDungBoSung"] == "1. Bản sao sổ hộ khẩu\nKý đủ"
    assert sup["NgayTiepNhanBoSung"] == "20250717140500" and sup["TrangThaiBoSung"] == 1
    step = refused["QuaTrinhXuLy"][-1]
    assert step["NgayBatDau"] == "20250715140500" and step["ThoiDiemXuLy"] == "20250717140500"
    for p in (company, citizen, refused):
        check_dossier_fields(p)  # within the hub's shape and size caps
