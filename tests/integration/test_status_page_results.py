"""The electronic result on the citizen's status page, the hub as a real process: a result
attached through ``hub-admin result`` is listed after the right ID number and downloads as
exactly the stored bytes through a POST (never a URL with the ID number); a wrong number,
an unknown code or another dossier's file get the look-up's own 404; downloads count
against the guess limit; a dossier without a result offers none; a real browser at phone
width shows the result and its button."""

from __future__ import annotations

import hashlib
import http.client
import re
from pathlib import Path
from urllib.parse import urlencode

import pikepdf

from tests.helpers import citizen as c
from tests.helpers.hub import HubProcess
from tests.integration.sync_helpers import hub_admin
from tests.integration.test_status_page import _headless


def _pdf(path: Path, text: str) -> bytes:
    doc = pikepdf.new()
    doc.add_blank_page()
    doc.docinfo["/Title"] = text
    doc.save(path)
    return path.read_bytes()


def _with_result(hub: HubProcess, tmp_path: Path, n: int, token: str) -> tuple[str, str, bytes]:
    """Dossier n pushed in processing, then resolved by the back office with a result."""
    code, number = c.code_of(n), c.id_of(n)
    assert c.push(hub, token, [c.event(c.dossier(code, number, TrangThaiHoSo=4))])
    data = _pdf(tmp_path / f"kq-{n}.pdf", f"KQ {n}")
    hub_admin(
        hub.db_url,
        "result",
        code,
        "--file",
        str(tmp_path / f"kq-{n}.pdf"),
        "--name",
        "Giấy khai sinh <bản chính>",
        "--so-ky-hieu",
        "45/GKS-UBND",
        "--signed-on",
        "2026-11-30",
        "--json",
    )
    return code, number, data


def _download(
    hub: HubProcess,
    code: str,
    number: str,
    sha: str,
    *,
    source: str = "127.0.0.1",
    lang: str = "vi",
) -> tuple[int, bytes, dict[str, str]]:
    host, port = hub.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(source, 0))
    try:
        conn.request(
            "POST",
            "/tra-cuu/ket-qua",
            body=urlencode({"ma": code, "so": number, "sha": sha, "lang": lang}),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        resp = conn.getresponse()
        return resp.status, resp.read(), {k.lower(): v for k, v in resp.getheaders()}
    finally:
        conn.close()


def test_the_result_is_listed_and_downloads_as_the_stored_bytes(
    hub: HubProcess, tmp_path: Path
) -> None:
    code, number, data = _with_result(hub, tmp_path, 31, c.enroll(hub))
    sha = hashlib.sha256(data).hexdigest()
    status, body, _ = c.post_lookup(hub.url, code, number)
    assert status == 200
    assert "Kết quả điện tử" in body and "Tải kết quả (PDF)" in body
    assert "Giấy khai sinh &lt;bản chính&gt;" in body  # escaped
    assert "45/GKS-UBND" in body and "30/11/2026" in body
    form = re.search(r'<form class="result" method="post" action="([^"]+)">', body)
    assert form and form[1] == "/tra-cuu/ket-qua"
    assert f'name="sha" value="{sha}"' in body
    assert number not in body
    assert not re.search(r"(href|action)=\"[^\"]*" + number, body)  # never in a URL
    got, pdf, headers = _download(hub, code, number, sha)
    assert got == 200 and hashlib.sha256(pdf).hexdigest() == sha and pdf == data
    assert headers["content-type"] == "application/pdf"
    assert headers["content-disposition"] == f'attachment; filename="KQ-{code}.pdf"'
    assert headers["cache-control"] == "no-store"
    assert "default-src 'none'" in headers["content-security-policy"]
    english = c.post_lookup(hub.url, code, number, lang="en")[1]
    assert "Electronic result" in english and "Download the result (PDF)" in english


def _download_by_token(
    hub: HubProcess, code: str, sha: str, token: str, *, source: str = "127.0.0.1"
) -> tuple[int, bytes]:
    host, port = hub.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(source, 0))
    try:
        conn.request(
            "POST",
            "/tra-cuu/ket-qua",
            body=urlencode({"ma": code, "sha": sha, "t": token}),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def test_the_answer_holds_no_id_number_and_its_token_fetches_only_its_file(
    hub: HubProcess, tmp_path: Path
) -> None:
    token = c.enroll(hub)
    code, number, data = _with_result(hub, tmp_path, 41, token)
    other, other_number, other_data = _with_result(hub, tmp_path, 42, token)
    sha, other_sha = hashlib.sha256(data).hexdigest(), hashlib.sha256(other_data).hexdigest()
    status, body, _ = c.post_lookup(hub.url, code, number)
    assert status == 200 and "Tải kết quả (PDF)" in body
    assert number not in body  # a saved or cached answer gives the ID number away nowhere
    found = re.search(r'name="t" value="([0-9]+\.[0-9a-f]{32})"', body)
    assert found, body
    key = found[1]
    assert _download_by_token(hub, code, sha, key) == (200, data)
    # The token vouches for this dossier's file only: not another file, not another code,
    # and a token altered by one digit is a wrong answer like a wrong ID number.
    tampered = key[:-1] + ("0" if key[-1] != "0" else "1")
    assert _download_by_token(hub, code, other_sha, key, source="127.0.10.1")[0] == 404
    assert _download_by_token(hub, other, sha, key, source="127.0.10.2")[0] == 404
    assert _download_by_token(hub, code, sha, tampered, source="127.0.10.3")[0] == 404
    assert _download_by_token(hub, code, sha, "x", source="127.0.10.4")[0] == 404
    for i in range(2):  # five wrong answers on this code lock it, the token path included
        assert _download_by_token(hub, code, sha, tampered, source=f"127.0.10.{5 + i}")[0] == 404
    assert _download_by_token(hub, code, sha, key, source="127.0.10.9")[0] == 429
    # The other dossier's applicant is not affected.
    answer = c.post_lookup(hub.url, other, other_number, source="127.0.10.10")[1]
    other_key = re.search(r'name="t" value="([^"]+)"', answer)
    assert other_key and _download_by_token(hub, other, other_sha, other_key[1]) == (
        200,
        other_data,
    )


def test_a_download_token_expires_and_never_verifies_under_another_key() -> None:
    from hub.status_page import TOKEN_SECONDS, DownloadTokens

    now = [1_000_000.0]
    keys = DownloadTokens(b"k" * 32, clock=lambda: now[0])
    token = keys.issue("000.00.01.H26-251201-0001", "ab" * 32)
    assert keys.check("000.00.01.H26-251201-0001", "ab" * 32, token) is True
    now[0] += TOKEN_SECONDS + 1
    assert keys.check("000.00.01.H26-251201-0001", "ab" * 32, token) is None  # expired
    # Moving the expiry forward breaks the MAC; another process's key does not verify it.
    expiry, mac = token.split(".")
    assert (
        keys.check("000.00.01.H26-251201-0001", "ab" * 32, f"{int(expiry) + 10**6}.{mac}") is False
    )
    assert DownloadTokens(b"j" * 32).check("000.00.01.H26-251201-0001", "ab" * 32, token) is False


def test_a_wrong_number_code_or_file_gets_the_look_ups_own_404(
    hub: HubProcess, tmp_path: Path
) -> None:
    token = c.enroll(hub)
    code, number, data = _with_result(hub, tmp_path, 32, token)
    other, other_number, other_data = _with_result(hub, tmp_path, 33, token)
    sha, other_sha = hashlib.sha256(data).hexdigest(), hashlib.sha256(other_data).hexdigest()
    ghost = c.code_of(34)
    wrong_look = c.post_lookup(hub.url, code, "001999999999", source="127.0.7.1")
    wrong_id = _download(hub, code, "001999999999", sha, source="127.0.7.2")
    wrong_code = _download(hub, ghost, number, sha, source="127.0.7.3")
    wrong_file = _download(hub, code, number, other_sha, source="127.0.7.4")
    not_hex = _download(hub, code, number, "x" * 64, source="127.0.7.5")
    assert wrong_look[0] == wrong_id[0] == wrong_code[0] == wrong_file[0] == not_hex[0] == 404
    page = wrong_look[1]
    assert "Không tìm thấy hồ sơ" in page
    assert wrong_id[1].decode() == page
    assert wrong_file[1].decode() == page and not_hex[1].decode() == page
    assert wrong_code[1].decode().replace(ghost, "CODE") == page.replace(code, "CODE")
    for answer in (wrong_id, wrong_code, wrong_file, not_hex):
        assert answer[2]["content-type"].startswith("text/html")
    # The other dossier's own applicant gets their own file.
    assert _download(hub, other, other_number, other_sha, source="127.0.7.6")[1] == other_data


def test_download_attempts_count_against_the_guess_limit(hub: HubProcess, tmp_path: Path) -> None:
    code, number, data = _with_result(hub, tmp_path, 35, c.enroll(hub))
    sha = hashlib.sha256(data).hexdigest()
    answers = [
        _download(hub, code, f"00100000{i:04d}", sha, source=f"127.0.8.{i + 1}")[0]
        for i in range(5)
    ]
    assert answers == [404] * 5
    # Locked: neither the look-up nor the download is answered, even with the right number.
    status, _, headers = c.post_lookup(hub.url, code, number, source="127.0.8.99")
    assert status == 429 and int(headers["retry-after"]) > 60
    got, body, headers = _download(hub, code, number, sha, source="127.0.8.98")
    assert got == 429 and b"Qu\xc3\xa1 nhi\xe1\xbb\x81u l\xe1\xba\xa7n" in body


def test_a_dossier_without_a_result_offers_no_download(hub: HubProcess) -> None:
    token = c.enroll(hub)
    code, number = c.code_of(36), c.id_of(36)
    assert c.push(hub, token, [c.event(c.dossier(code, number, TrangThaiHoSo=9))])
    status, body, _ = c.post_lookup(hub.url, code, number)
    assert status == 200 and "Đã xử lý xong" in body
    assert "Tải kết quả" not in body and "/tra-cuu/ket-qua" not in body
    assert number not in body  # no download form, so no hidden ID number either
    fake = "ab" * 32
    assert _download(hub, code, number, fake, source="127.0.9.9")[0] == 404


def test_a_real_browser_at_phone_width_shows_the_result_and_its_button(
    hub: HubProcess, tmp_path: Path
) -> None:
    code, number, _ = _with_result(hub, tmp_path, 37, c.enroll(hub))
    submit = tmp_path / "submit.html"
    submit.write_text(
        f'<!doctype html><meta charset="utf-8"><form method="post" action="{hub.url}/tra-cuu">'
        f'<input name="ma" value="{code}"><input name="so" value="{number}"></form>'
        "<script>document.forms[0].submit()</script>",
        encoding="utf-8",
    )
    shown = _headless(
        "--window-size=360,800", "--virtual-time-budget=5000", "--dump-dom", submit.as_uri()
    )
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert "Giấy khai sinh &lt;bản chính&gt;" in shown.stdout
    assert "Tải kết quả (PDF)" in shown.stdout and 'action="/tra-cuu/ket-qua"' in shown.stdout
    shot = tmp_path / "result-360.png"
    got = _headless(
        f"--screenshot={shot}",
        "--window-size=360,800",
        "--virtual-time-budget=5000",
        submit.as_uri(),
    )
    assert got.returncode == 0 and shot.stat().st_size > 5000, got.stderr[-2000:]
    keep = Path("/tmp") / "motcua-status-result-360.png"
    keep.write_bytes(shot.read_bytes())  # for a person to look at


def test_a_damaged_kept_file_is_not_handed_out(hub: HubProcess, tmp_path: Path) -> None:
    code, number, data = _with_result(hub, tmp_path, 38, c.enroll(hub))
    sha = hashlib.sha256(data).hexdigest()
    stored = Path(hub.db_url.removeprefix("sqlite:///")).parent / "hub-files" / sha[:2] / sha
    assert stored.read_bytes() == data
    stored.write_bytes(data.replace(b"KQ", b"XX"))
    got, body, _ = _download(hub, code, number, sha)
    assert got == 503 and "Tệp kết quả tạm thời chưa tải được" in body.decode()
    stored.write_bytes(data)  # repaired
    assert _download(hub, code, number, sha)[1] == data


def test_a_result_attached_at_the_counter_is_offered_too(enrolled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.domain.dossier import Status
    from app.services.dossiers import ApplicantInput, advance_dossier, receive_dossier
    from app.services.results import attach_result
    from app.services.sync import sync_once

    ctx, hub = enrolled
    person = ApplicantInput("Phạm Quốc Việt", "001080007777")
    rec = receive_dossier(ctx, procedure_code="1.004222", applicant=person)
    advance_dossier(ctx, code=rec.code, to=Status.PROCESSING)
    data = _pdf(tmp_path / "kq.pdf", "counter")
    doc = attach_result(ctx, code=rec.code, paths=[tmp_path / "kq.pdf"], name="Quyết định")
    assert sync_once(ctx).outcome == "ok"
    status, body, _ = c.post_lookup(hub.url, rec.code, person.id_number)
    assert status == 200 and "Quyết định" in body and f'value="{doc.sha256}"' in body
    got, pdf, headers = _download(hub, rec.code, person.id_number, doc.sha256)
    assert got == 200 and pdf == data
    assert headers["content-disposition"] == f'attachment; filename="KQ-{rec.code}.pdf"'
