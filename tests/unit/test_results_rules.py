"""The rules of results and their hand-over (app/domain/results.py) and the wire contract
of a result (app/sync/protocol.py, app/sync/mapping.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.domain.dossier import Status
from app.domain.errors import DeskError
from app.domain.results import (
    RecipientKind,
    ResultDoc,
    ResultHandover,
    ResultSource,
    check_handover_status,
    check_meta,
    check_recipient,
    looks_like_pdf,
    parse_originals,
    result_allowed,
    result_link,
)
from app.sync.mapping import results_to_national
from app.sync.protocol import (
    RESULT_ENTRY_FIELDS,
    ProtocolError,
    status_change_data,
    validate_change,
)

SHA = "ab" * 32


def _doc(**kw: object) -> ResultDoc:
    base: dict[str, object] = {
        "uid": "5b7f1f7e-9d4c-4c55-9e21-000000000001",
        "dossier_code": "000.00.31.H26-250715-0001",
        "position": 0,
        "name": "Giấy xác nhận",
        "code": "KQ-01",
        "so_ky_hieu": "12/XN",
        "issuer": "UBND phường Tây Hồ",
        "signer": "Trần Văn Bình",
        "signed_on": date(2025, 7, 14),
        "sha256": SHA,
        "size": 1234,
        "pages": 2,
        "source": ResultSource.HUB,
        "created_at": datetime(2025, 7, 15, tzinfo=UTC),
        "file_kept": True,
        "link": f"https://hub.example/api/v1/files/{SHA}",
    }
    base.update(kw)
    return ResultDoc(**base)  # type: ignore[arg-type]


def test_the_wire_carries_the_result_entries_and_the_hand_over():
    handover = ResultHandover(
        dossier_code="000.00.31.H26-250715-0001",
        kind=RecipientKind.AUTHORISED,
        name="Lê Thị Cúc",
        id_number="001190004321",
        post_batch="",
        originals=("CCCD bản chính",),
        at=datetime(2025, 7, 20, 2, 0, tzinfo=UTC),
        by="clerk1",
    )
    wire = results_to_national([_doc()], handover)
    [entry] = wire["DanhSachGiayToKetQua"]
    # The contract: these fields, exactly.
    assert (
        tuple(entry)
        == RESULT_ENTRY_FIELDS
        == (
            "GiayToId",
            "TenGiayTo",
            "MaKetQua",
            "MaGiayToKetQua",
            "SoKyHieu",
            "CoQuanBanHanh",
            "NguoiKy",
            "NgayKy",
            "MaHashTep",
            "KichThuocTep",
            "SoTrang",
            "DuongDanTepTinKetQua",
        )
    )
    assert entry["MaKetQua"] == entry["MaGiayToKetQua"] == "KQ-01"
    assert entry["DuongDanTepTinKetQua"] == f"https://hub.example/api/v1/files/{SHA}"
    assert entry["NgayKy"] == "20250714" and entry["MaHashTep"] == SHA
    assert wire["LoaiNguoiNhanKetQua"] == 2 and wire["HoTenNguoiNhanKetQua"] == "Lê Thị Cúc"
    assert wire["SoGiayToNguoiNhanKetQua"] == "001190004321"
    assert wire["BanGocThuLai"] == "CCCD bản chính" and wire["SoLuongBanGocThuLai"] == 1
    assert wire["NgayXacNhanKetQua"] == "20250720090000"
    assert results_to_national([], None) == {"DanhSachGiayToKetQua": []}


def _change(entries: object) -> dict:  # type: ignore[type-arg]
    data = status_change_data(
        code="000.00.31.H26-250715-0001",
        to=Status.RESOLVED,
        src=Status.PROCESSING,
        note="",
        at=datetime(2025, 7, 15, tzinfo=UTC),
        actor="x",
    )
    data["DanhSachGiayToKetQua"] = entries
    return {"seq": 1, "kind": "dossier.status", "at": "20250715070000", "data": data}


def test_a_status_change_with_results_is_checked_entry_by_entry():
    good = results_to_national([_doc()], None)["DanhSachGiayToKetQua"]
    assert validate_change(_change(good))["data"]["DanhSachGiayToKetQua"] == good
    for bad in (
        [{**good[0], "MaHashTep": "not-a-hash"}],
        [{**good[0], "MaKetQua": ""}],
        [{**good[0], "NgayKy": "2025-07-14"}],
        [{**good[0], "KichThuocTep": -1}],
        "not a list",
    ):
        with pytest.raises(ProtocolError):
            validate_change(_change(bad))


def test_an_authorised_person_needs_a_name_and_an_id_number_of_the_applicants_shape():
    who = check_recipient(
        RecipientKind.AUTHORISED,
        name=" Lê  Thị Cúc ",
        id_number="0011 9000 4321",
        applicant_name="A",
        applicant_id="001190001234",
    )
    assert (who.name, who.id_number) == ("Lê Thị Cúc", "001190004321")
    for name, number, key in (
        ("Lê Thị Cúc", "", "result.authorised_id"),
        ("", "001190004321", "result.authorised_name"),
        ("Lê Thị Cúc", "0011900043", "applicant.id_number"),
    ):
        with pytest.raises(DeskError) as err:
            check_recipient(
                RecipientKind.AUTHORISED,
                name=name,
                id_number=number,
                applicant_name="A",
                applicant_id="001190001234",
            )
        assert err.value.key == key
    me = check_recipient(
        RecipientKind.APPLICANT, name="", id_number="", applicant_name="A", applicant_id="1"
    )
    assert (me.name, me.id_number) == ("A", "1")


def test_recipient_kind_originals_and_status_rules():
    assert RecipientKind.parse("Authorized") == RecipientKind.AUTHORISED
    with pytest.raises(DeskError):
        RecipientKind.parse("neighbour")
    assert parse_originals("CCCD;  Sổ hộ khẩu \n; ") == ("CCCD", "Sổ hộ khẩu")
    with pytest.raises(DeskError):
        parse_originals(";".join(f"giấy {i}" for i in range(11)))
    check_handover_status("X", Status.RESOLVED)
    with pytest.raises(DeskError):
        check_handover_status("X", Status.PROCESSING)
    assert result_allowed(Status.PROCESSING) and result_allowed(Status.RESOLVED)
    assert not result_allowed(Status.STOPPED) and not result_allowed(Status.RETURNED)


def test_result_metadata_and_file_shape():
    meta = check_meta(name="Quyết định", code="", signed_on="14/07/2025")
    assert meta.signed_on == date(2025, 7, 14)
    with pytest.raises(DeskError):
        check_meta(name="x", code="", signed_on="31/02/2025")
    assert looks_like_pdf(b"%PDF-1.7\n...\n%%EOF\n")
    assert not looks_like_pdf(b"hello") and not looks_like_pdf(b"%PDF-1.7 truncated")
    assert result_link("", SHA) == ""
    assert result_link("https://hub/", SHA) == f"https://hub/api/v1/files/{SHA}"
