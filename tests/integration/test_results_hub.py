"""Results from the back office through the hub as a real process (SQLite, and PostgreSQL
for the hub's store path): ``hub-admin result`` keeps the file and the record, the change
feed carries them with the resolve, the counter fetches the bytes by hash and checks them
before keeping; a result attached at the counter reaches the hub with its file."""

from __future__ import annotations

import hashlib
import json

import pikepdf
import pytest

from app.domain.dossier import Status
from app.services.dossiers import ApplicantInput, advance_dossier, get_dossier, receive_dossier
from app.services.results import attach_result, dossier_results, result_bytes
from app.services.sync import sync_once, sync_status
from app.store.models import StoredFile
from tests.helpers.hub import hub_rows
from tests.integration.sync_helpers import HubProcess, hub_admin, issue_code

PERSON = ApplicantInput("Phạm Quốc Việt", "001080007777")


def _pdf(path, text: str = "KQ") -> bytes:
    doc = pikepdf.new()
    doc.add_blank_page()
    doc.docinfo["/Title"] = text
    doc.save(path)
    return path.read_bytes()


def _in_processing(ctx):
    rec = receive_dossier(ctx, procedure_code="1.004222", applicant=PERSON)
    advance_dossier(ctx, code=rec.code, to=Status.PROCESSING)
    assert sync_once(ctx).outcome == "ok"
    return rec


def _hub_result(hub, code: str, pdf, *extra: str, check: bool = True):
    return hub_admin(
        hub.db_url,
        "result",
        code,
        "--file",
        str(pdf),
        "--name",
        "Giấy chứng nhận quyền sử dụng đất",
        "--code",
        "KQ-2026-0001",
        "--so-ky-hieu",
        "45/GCN-UBND",
        "--signer",
        "Trần Văn Bình",
        "--signed-on",
        "2026-11-30",
        "--json",
        *extra,
        check=check,
    )


@pytest.fixture
def hub_files(tmp_path, monkeypatch):
    folder = tmp_path / "hub-files-store"
    monkeypatch.setenv("MOTCUA_HUB_FILES", str(folder))  # the hub process and hub-admin
    return folder


def test_on_sqlite_and_postgresql_the_back_office_resolves_with_a_result_the_counter_keeps(
    hub_db_url, live_desk, tmp_path, hub_files
):
    from app.services.enrolment import enroll

    hub = HubProcess(hub_db_url, tmp_path).start()
    try:
        enroll(live_desk, hub_url=hub.url, code=issue_code(hub.db_url))
        rec = _in_processing(live_desk)
        data = _pdf(tmp_path / "ket-qua.pdf")
        sha = hashlib.sha256(data).hexdigest()
        out = json.loads(_hub_result(hub, rec.code, tmp_path / "ket-qua.pdf").stdout)
        assert out["to"] == 9 and out["MaHashTep"] == sha and out["MaKetQua"] == "KQ-2026-0001"
        assert (hub_files / sha[:2] / sha).read_bytes() == data
        assert hub_rows(hub.db_url, "SELECT count(*) FROM hub_result") == [(1,)]
        report = sync_once(live_desk)
        assert report.outcome == "ok", report.error
        assert get_dossier(live_desk, code=rec.code).status == Status.RESOLVED
        [doc] = dossier_results(live_desk, code=rec.code).results
        assert doc.file_kept and doc.electronic and doc.source.value == "hub"
        assert (doc.name, doc.code, doc.so_ky_hieu) == (
            "Giấy chứng nhận quyền sử dụng đất",
            "KQ-2026-0001",
            "45/GCN-UBND",
        )
        assert doc.signer == "Trần Văn Bình" and doc.signed_on.isoformat() == "2026-11-30"
        assert doc.link == f"{hub.url}/api/v1/files/{sha}"
        assert result_bytes(live_desk, code=rec.code) == data
        # The next round neither fetches again nor records the result twice.
        assert sync_once(live_desk).outcome == "ok"
        assert len(dossier_results(live_desk, code=rec.code).results) == 1
    finally:
        hub.stop()


def test_a_result_file_that_does_not_match_its_hash_is_not_kept_and_fetched_next_round(
    hub_files, enrolled, tmp_path
):  # hub_files first: the hub process starts with it
    ctx, hub = enrolled
    rec = _in_processing(ctx)
    data = _pdf(tmp_path / "ket-qua.pdf")
    sha = hashlib.sha256(data).hexdigest()
    _hub_result(hub, rec.code, tmp_path / "ket-qua.pdf")
    stored = hub_files / sha[:2] / sha
    stored.write_bytes(data.replace(b"KQ", b"XX"))  # damaged on the hub's disk
    report = sync_once(ctx)
    assert report.outcome == "error"
    assert "không khớp mã băm" in (sync_status(ctx).last_error or "")
    assert get_dossier(ctx, code=rec.code).status == Status.RESOLVED  # the move stands
    [doc] = dossier_results(ctx, code=rec.code).results
    assert not doc.file_kept and "không khớp mã băm" in doc.fetch_error
    with ctx.db.read_session() as s:
        assert s.get(StoredFile, sha) is None
    assert not (ctx.data_dir / "files" / sha[:2] / sha).exists()
    stored.write_bytes(data)  # repaired: the next round keeps it
    assert sync_once(ctx).outcome == "ok"
    [doc] = dossier_results(ctx, code=rec.code).results
    assert doc.file_kept and doc.fetch_error == ""
    assert result_bytes(ctx, code=rec.code) == data


def test_hub_admin_refuses_a_non_pdf_result_or_a_dossier_not_in_processing(
    hub_files, enrolled, tmp_path
):  # hub_files first: the hub process starts with it
    ctx, hub = enrolled
    rec = _in_processing(ctx)
    fake = tmp_path / "ket-qua.pdf"
    fake.write_bytes(b"just text, not a PDF\n")
    changes = hub_rows(hub.db_url, "SELECT count(*) FROM hub_change")
    done = _hub_result(hub, rec.code, fake, check=False)
    assert done.returncode == 2 and "không phải tệp PDF" in done.stderr
    other = receive_dossier(ctx, procedure_code="1.004222", applicant=PERSON)
    assert sync_once(ctx).outcome == "ok"
    done = _hub_result(hub, other.code, tmp_path / "x.pdf", check=False)
    assert done.returncode == 2  # the file does not exist
    _pdf(tmp_path / "x.pdf")
    advance_dossier(ctx, code=other.code, to=Status.PROCESSING)
    advance_dossier(ctx, code=other.code, to=Status.STOPPED, note="Thiếu giấy tờ")
    assert sync_once(ctx).outcome == "ok"
    done = _hub_result(hub, other.code, tmp_path / "x.pdf", check=False)
    assert done.returncode == 2 and "Dừng xử lý" in done.stderr
    assert hub_rows(hub.db_url, "SELECT count(*) FROM hub_result") == [(0,)]
    assert hub_rows(hub.db_url, "SELECT count(*) FROM hub_change") == changes
    assert hub_rows(hub.db_url, "SELECT count(*) FROM hub_file") == [(0,)]


def test_a_result_attached_at_the_counter_reaches_the_hub_with_its_file(enrolled, tmp_path):
    ctx, hub = enrolled
    rec = _in_processing(ctx)
    data = _pdf(tmp_path / "kq.pdf")
    doc = attach_result(ctx, code=rec.code, paths=[tmp_path / "kq.pdf"], name="Quyết định")
    assert sync_once(ctx).outcome == "ok"
    [(snapshot,)] = hub_rows(
        hub.db_url, "SELECT snapshot FROM hub_dossier WHERE code = :c", c=rec.code
    )
    [entry] = json.loads(snapshot)["dossier"]["DanhSachGiayToKetQua"]
    assert entry["MaHashTep"] == doc.sha256 == hashlib.sha256(data).hexdigest()
    assert entry["DuongDanTepTinKetQua"] == f"{hub.url}/api/v1/files/{doc.sha256}"
    assert hub_rows(
        hub.db_url, "SELECT count(*) FROM hub_file WHERE sha256 = :s", s=doc.sha256
    ) == [(1,)]


def test_a_result_for_a_dossier_already_resolved_comes_on_its_own_change(
    hub_files, enrolled, tmp_path
):
    ctx, hub = enrolled
    rec = _in_processing(ctx)
    out = json.loads(hub_admin(hub.db_url, "advance", rec.code, "--to", "9", "--json").stdout)
    assert out["to"] == 9
    assert sync_once(ctx).outcome == "ok"
    assert get_dossier(ctx, code=rec.code).status == Status.RESOLVED
    data = _pdf(tmp_path / "kq.pdf")
    added = json.loads(_hub_result(hub, rec.code, tmp_path / "kq.pdf").stdout)
    assert (added["from"], added["to"]) == (9, 9)
    history = len(get_dossier(ctx, code=rec.code).history)
    assert sync_once(ctx).outcome == "ok"
    after = get_dossier(ctx, code=rec.code)
    assert after.status == Status.RESOLVED and len(after.history) == history  # no new move
    [doc] = dossier_results(ctx, code=rec.code).results
    assert doc.file_kept and result_bytes(ctx, code=rec.code) == data
