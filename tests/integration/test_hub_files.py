"""File bytes to the hub by hash, against the hub as a real process: pushed once, resumed
where a dropped connection stopped, verified before kept, served to the same agency only;
``hub-admin files`` says when a dossier's files have all arrived."""

from __future__ import annotations

import hashlib
import json
import os

import pikepdf
import pytest
import requests
from PIL import Image

from app.files.store import FileStore
from app.services.dossiers import ApplicantInput, receive_dossier
from app.services.files import attach_files, list_files, push_files
from app.services.sync import sync_once
from app.store.models import StoredFile
from app.sync.tokens import KeyringTokenStore
from hub.files import MAX_CHUNK
from tests.integration.sync_helpers import hub_admin, issue_code

PERSON = ApplicantInput("Phạm Quốc Việt", "001080007777")


class CountingSession(requests.Session):
    """A real session that counts PUT bodies and can drop the connection after N PUTs."""

    def __init__(self, fail_after: int | None = None) -> None:
        super().__init__()
        self.puts: list[int] = []
        self.fail_after = fail_after

    def request(self, method, url, *args, **kw):  # type: ignore[no-untyped-def, override]
        if method == "PUT":
            if self.fail_after is not None and len(self.puts) >= self.fail_after:
                raise requests.exceptions.ConnectionError("connection reset (test)")
            self.puts.append(len(kw.get("data") or b""))
        return super().request(method, url, *args, **kw)


def _big_image(path) -> None:
    """Noise: incompressible, so the PDF made of it is large enough to go in many chunks."""
    Image.frombytes("L", (1200, 1600), os.urandom(1200 * 1600)).save(path)


@pytest.fixture
def digitised(enrolled, tmp_path):
    ctx, hub = enrolled
    rec = receive_dossier(ctx, procedure_code="1.004222", applicant=PERSON)
    pdf = tmp_path / "don.pdf"
    doc = pikepdf.new()
    doc.add_blank_page()
    doc.save(pdf)
    photo = tmp_path / "anh.png"
    _big_image(photo)
    attach_files(ctx, code=rec.code, component=1, paths=[pdf])
    attach_files(ctx, code=rec.code, component=2, paths=[photo], colour=True)
    # The events reach the hub; the network goes before the files do (they stay waiting).
    report = sync_once(ctx, http=FilesUnreachable())
    assert report.pushed >= 1 and report.outcome == "offline"
    return ctx, hub, rec


class FilesUnreachable(requests.Session):
    """A real session on which the file calls never connect (the link drops after the
    events went)."""

    def request(self, method, url, *args, **kw):  # type: ignore[no-untyped-def, override]
        if "/api/v1/files/" in url:
            raise requests.exceptions.ConnectTimeout("connect timeout (test)")
        return super().request(method, url, *args, **kw)


def _hub_files(hub, code: str) -> dict:  # type: ignore[type-arg]
    return json.loads(hub_admin(hub.db_url, "files", code, "--json").stdout)


def test_one_sync_round_sends_the_files_and_the_hub_marks_the_dossier_digitised(enrolled, tmp_path):
    ctx, hub = enrolled
    rec = receive_dossier(ctx, procedure_code="1.004222", applicant=PERSON)
    pdf = tmp_path / "don.pdf"
    doc = pikepdf.new()
    doc.add_blank_page()
    doc.save(pdf)
    photo = tmp_path / "anh.png"
    _big_image(photo)
    attach_files(ctx, code=rec.code, component=1, paths=[pdf])
    attach_files(ctx, code=rec.code, component=2, paths=[photo], colour=True)
    session = CountingSession()
    report = sync_once(ctx, http=session)
    assert report.outcome == "ok" and report.pushed >= 1
    after = _hub_files(hub, rec.code)
    assert after["digitised"] is True and all(f["arrived"] for f in after["files"])
    assert sorted(session.puts) == sorted(f.size for f in list_files(ctx, code=rec.code))
    assert all(f.on_hub for f in list_files(ctx, code=rec.code))
    again = CountingSession()
    assert sync_once(ctx, http=again).outcome == "ok"
    assert again.puts == []  # acknowledged: never sent again


def test_a_file_push_failing_in_a_round_is_its_outcome_and_the_next_round_sends_the_rest(
    digitised,
):
    from app.services.sync import sync_status

    ctx, hub, rec = digitised
    assert _hub_files(hub, rec.code)["digitised"] is False
    assert not any(f.on_hub for f in list_files(ctx, code=rec.code))  # the offline round
    first = CountingSession(fail_after=1)  # the connection drops on the second file
    report = sync_once(ctx, http=first)
    assert report.outcome == "error" and report.error
    assert sync_status(ctx).state == "offline" and sync_status(ctx).last_error
    files = list_files(ctx, code=rec.code)
    assert len(first.puts) == 1 and [f.size for f in files if f.on_hub] == first.puts
    assert _hub_files(hub, rec.code)["digitised"] is False
    second = CountingSession()
    assert sync_once(ctx, http=second).outcome == "ok"
    assert second.puts == [f.size for f in files if not f.on_hub]  # only the one waiting
    assert _hub_files(hub, rec.code)["digitised"] is True
    assert sync_status(ctx).state == "up_to_date"


def _token(ctx, hub) -> str:
    from app.services.identity import read_token

    token = read_token(ctx, KeyringTokenStore(), hub.url)
    assert token
    return token


def test_files_are_pushed_once_and_the_dossier_is_digitised_on_the_hub(digitised):
    ctx, hub, rec = digitised
    before = json.loads(hub_admin(hub.db_url, "files", rec.code, "--json").stdout)
    assert before["digitised"] is False and len(before["files"]) == 2
    session = CountingSession()
    report = push_files(ctx, http=session)
    assert (report.sent, report.held, report.waiting) == (2, 0, 0)
    sizes = sorted(f.size for f in list_files(ctx, code=rec.code))
    assert sorted(session.puts) == sizes  # each file's bytes went exactly once
    after = json.loads(hub_admin(hub.db_url, "files", rec.code, "--json").stdout)
    assert after["digitised"] is True and all(f["arrived"] for f in after["files"])
    text = hub_admin(hub.db_url, "files", rec.code).stdout
    assert "đã số hóa đủ" in text
    again = CountingSession()
    assert push_files(ctx, http=again) == type(report)(0, 0, 0)
    assert again.puts == []  # acknowledged: never sent again
    token = _token(ctx, hub)
    for f in list_files(ctx, code=rec.code):
        got = requests.get(
            f"{hub.url}/api/v1/files/{f.sha256}",
            timeout=10,
            headers={"Authorization": f"Bearer {token}"},
        )
        assert got.status_code == 200 and hashlib.sha256(got.content).hexdigest() == f.sha256


def test_a_dropped_upload_resumes_at_the_hubs_offset(digitised):
    ctx, hub, rec = digitised
    big = max(list_files(ctx, code=rec.code), key=lambda f: f.size)
    assert big.size > 3 * 65536
    with ctx.db.session() as s:  # only the big file is left to send
        for row in s.query(StoredFile).filter(StoredFile.sha256 != big.sha256):
            row.hub_acked_at = ctx.now()
        s.commit()
    first = CountingSession(fail_after=2)
    report = push_files(ctx, http=first, chunk=65536)
    assert report.waiting == 1 and report.error
    token = _token(ctx, hub)
    head = requests.head(
        f"{hub.url}/api/v1/files/{big.sha256}",
        timeout=10,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert head.status_code == 404 and head.headers["Upload-Offset"] == str(2 * 65536)
    second = CountingSession()
    assert push_files(ctx, http=second, chunk=65536).sent == 1
    assert sum(second.puts) == big.size - 2 * 65536  # only the rest went
    arrived = json.loads(hub_admin(hub.db_url, "files", rec.code, "--json").stdout)["files"]
    assert {f["sha256"]: f["arrived"] for f in arrived}[big.sha256] is True


def test_the_hub_verifies_the_hash_and_bounds_a_chunk(digitised):
    ctx, hub, _rec = digitised
    auth = {"Authorization": f"Bearer {_token(ctx, hub)}"}
    data = b"not what the hash says"
    sha = hashlib.sha256(b"something else").hexdigest()
    put = requests.put(f"{hub.url}/api/v1/files/{sha}", data=data, headers=auth, timeout=10)
    assert put.status_code == 422
    head = requests.head(f"{hub.url}/api/v1/files/{sha}", headers=auth, timeout=10)
    assert head.status_code == 404 and head.headers["Upload-Offset"] == "0"
    good = b"a small file" * 10
    sha = hashlib.sha256(good).hexdigest()
    for _ in range(2):  # idempotent
        put = requests.put(f"{hub.url}/api/v1/files/{sha}", data=good, headers=auth, timeout=10)
        assert put.status_code == 200 and put.json()["complete"] is True
    huge = b"\0" * (MAX_CHUNK + 4096)
    put = requests.put(
        f"{hub.url}/api/v1/files/{hashlib.sha256(huge).hexdigest()}",
        data=huge,
        headers=auth,
        timeout=30,
    )
    assert put.status_code == 413
    bad = requests.put(f"{hub.url}/api/v1/files/NOT-A-HASH", data=good, headers=auth, timeout=10)
    assert bad.status_code == 400
    anon = requests.put(f"{hub.url}/api/v1/files/{sha}", data=good, timeout=10)
    assert anon.status_code == 401


def test_files_are_served_only_to_devices_of_the_same_agency(digitised):
    ctx, hub, rec = digitised
    push_files(ctx)
    code = issue_code(hub.db_url, agency="000.00.99.H26")
    other = requests.post(
        f"{hub.url}/api/v1/enroll", json={"code": code, "counter_name": "Quầy khác"}, timeout=10
    ).json()
    auth = {"Authorization": f"Bearer {other['token']}"}
    for f in list_files(ctx, code=rec.code):
        assert (
            requests.get(f"{hub.url}/api/v1/files/{f.sha256}", headers=auth, timeout=10).status_code
            == 404
        )
        assert (
            requests.head(
                f"{hub.url}/api/v1/files/{f.sha256}", headers=auth, timeout=10
            ).status_code
            == 404
        )


class KillingSession(requests.Session):
    """Kills the hub process (SIGKILL) right after the N-th PUT was answered."""

    def __init__(self, hub, after: int) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.hub, self.after, self.puts = hub, after, 0

    def request(self, method, url, *args, **kw):  # type: ignore[no-untyped-def, override]
        answer = super().request(method, url, *args, **kw)
        if method == "PUT":
            self.puts += 1
            if self.puts == self.after:
                self.hub.kill()
        return answer


def test_on_sqlite_and_postgresql_a_killed_hub_resumes_the_upload(
    hub_db_url, live_desk, tmp_path, monkeypatch
):
    from app.services.enrolment import enroll
    from tests.integration.sync_helpers import HubProcess

    monkeypatch.setenv("MOTCUA_HUB_FILES", str(tmp_path / "hub-files-store"))
    hub = HubProcess(hub_db_url, tmp_path).start()
    try:
        enroll(live_desk, hub_url=hub.url, code=issue_code(hub.db_url))
        rec = receive_dossier(live_desk, procedure_code="1.004222", applicant=PERSON)
        photo = tmp_path / "anh.png"
        _big_image(photo)
        made = attach_files(live_desk, code=rec.code, component=1, paths=[photo], colour=True)[0]
        assert made.size > 4 * 65536
        report = push_files(live_desk, http=KillingSession(hub, after=3), chunk=65536)
        assert report.waiting == 1 and report.sent == 0
        hub.start()
        rest = CountingSession()
        assert push_files(live_desk, http=rest, chunk=65536).sent == 1
        assert sum(rest.puts) == made.size - 3 * 65536  # resumed where the hub stopped
        stored = tmp_path / "hub-files-store" / made.sha256[:2] / made.sha256
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == made.sha256
    finally:
        hub.stop()


def test_a_second_counter_reuses_a_document_the_hub_holds_for_the_person(
    digitised, demo_template, tmp_path, clock
):
    import shutil

    from app.services.context import open_desk
    from app.services.enrolment import enroll
    from app.services.files import attach_from_hub, hub_documents_of_person
    from app.store.db import DB_FILENAME

    ctx, hub, rec = digitised
    assert push_files(ctx).waiting == 0
    other_dir = tmp_path / "counter-2"
    other_dir.mkdir()
    for path in demo_template.iterdir():
        if path.is_file() and path.name.startswith(DB_FILENAME):
            shutil.copy2(path, other_dir / path.name)
    other = open_desk(other_dir, clock=clock)
    try:
        enroll(other, hub_url=hub.url, code=issue_code(hub.db_url))
        mine = receive_dossier(other, procedure_code="2.000815", applicant=PERSON)
        offered = hub_documents_of_person(other, id_number=PERSON.id_number)
        assert {f.sha256 for f in offered} == {f.sha256 for f in list_files(ctx, code=rec.code)}
        assert all(f.dossier_code == rec.code and f.on_hub for f in offered)
        pick = next(f for f in offered if f.pages == 1)
        got = attach_from_hub(
            other, code=mine.code, component=1, sha256=pick.sha256, name=pick.name
        )
        assert got.reused and got.source.value == "reuse" and got.on_hub
        assert FileStore.of(other.data_dir).verify([pick.sha256]) == []
        assert push_files(other).sent == 0  # the hub has it already: nothing to send
        # now on this counter: offered by documents_of_person, no longer from the hub
        assert pick.sha256 not in {
            f.sha256 for f in hub_documents_of_person(other, id_number=PERSON.id_number)
        }
        assert hub_documents_of_person(other, id_number="001099000000") == []
    finally:
        other.db.dispose()
