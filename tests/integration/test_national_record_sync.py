"""The full national record reaches the hub, a real process on 127.0.0.1, on SQLite and on
PostgreSQL: an organisation's dossier (LoaiDoiTuong, tax code, representative, MaLinhVuc,
NgayNopHoSo) with a supplement request and its completion (DanhSachHoSoBoSung), and a
citizen scanned from the card's QR (TaiKhoanDuocXacThucVoiVNeID), stored in the hub's
snapshot as sent."""

from __future__ import annotations

import json
from datetime import timedelta

from app.domain.organisation import ApplicantKind
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import ApplicantInput, get_dossier, receive_dossier
from app.services.enrolment import enroll
from app.services.supplements import complete_supplement, request_supplement
from app.services.sync import sync_once
from app.services.users import log_in
from app.sync.protocol import wire_time
from tests.helpers.hub import HubProcess, hub_rows
from tests.integration.sync_helpers import issue_code

QR = "001095012345||Nguyễn Văn An|01011995|Nam|Số 1 Âu Cơ, Tây Hồ, Hà Nội|20042021"


def _snapshot(hub: HubProcess, code: str) -> dict:  # type: ignore[type-arg]
    (row,) = hub_rows(hub.db_url, "SELECT snapshot FROM hub_dossier WHERE code = :c", c=code)
    return json.loads(row[0])["dossier"]


def test_the_new_fields_are_stored_by_the_hub(live_desk, running: HubProcess, clock):  # type: ignore[no-untyped-def]
    enroll(live_desk, hub_url=running.url, code=issue_code(running.db_url))
    clerk = log_in(live_desk, username="canbo1", password=DEMO_PASSWORD)
    company = receive_dossier(
        clerk,
        procedure_code="1.004194",
        applicant=ApplicantInput(
            "Công ty Cổ phần Dịch vụ Tây Hồ " + "x" * 150,  # a long name: varchar limits
            "0100109106-001",
            kind=ApplicantKind.BUSINESS,
            representative="Lê Văn Cường",
        ),
    )
    scanned = receive_dossier(
        clerk, procedure_code="1.004194", applicant=ApplicantInput.from_qr(QR)
    )
    request_supplement(
        clerk,
        code=company.code,
        missing=["Giấy ủy quyền của người đại diện", "Bản sao đăng ký doanh nghiệp"],
        note="Đóng dấu công ty",
    )
    assert sync_once(clerk).state == "up_to_date"
    waiting = _snapshot(running, company.code)
    assert waiting["TrangThaiHoSo"] == 5
    (asked,) = waiting["DanhSachHoSoBoSung"]
    assert asked["TrangThaiBoSung"] == 0 and asked["NgayTiepNhanBoSung"] == ""
    assert asked["DanhSachGiayToBoSung"][0] == "Giấy ủy quyền của người đại diện"

    clock.now += timedelta(days=1)
    complete_supplement(clerk, code=company.code)
    report = sync_once(clerk)
    # (The counter's clock is a day ahead of the hub's now: the skew warning is expected.)
    assert report.pushed == 1 and report.rejected == 0, report
    rec = get_dossier(clerk, code=company.code)
    stored = _snapshot(running, company.code)
    assert stored["LoaiDoiTuong"] == 2 and stored["SoGiayToChuHoSo"] == "0100109106-001"
    assert stored["NguoiDaiDien"] == "Lê Văn Cường" and stored["ChuHoSo"].startswith("Công ty")
    assert stored["MaLinhVuc"] == "CTR" and stored["NgayNopHoSo"] == wire_time(rec.received_at)
    assert stored["NgayTuChoi"] == "" and stored["TrangThaiHoSo"] == 2
    (done,) = stored["DanhSachHoSoBoSung"]
    assert done["TrangThaiBoSung"] == 1
    assert done["NgayTiepNhanBoSung"] == wire_time(rec.supplements[0].completed_at)
    assert done["NoiDungBoSung"].endswith("Đóng dấu công ty")
    # The hub's own column of the appointment follows the moved one.
    (row,) = hub_rows(
        running.db_url, "SELECT appointment_at FROM hub_dossier WHERE code = :c", c=company.code
    )
    assert row[0] == wire_time(rec.due_at) == stored["NgayHenTra"]
    citizen = _snapshot(running, scanned.code)
    assert citizen["TaiKhoanDuocXacThucVoiVNeID"] == 1 and citizen["LoaiDoiTuong"] == 1
    assert citizen["QuaTrinhXuLy"][0]["NgayBatDau"] == citizen["NgayTiepNhan"]
