"""The citizen's status page: ``GET /tra-cuu?ma=CODE`` (what the receipt's QR opens) and
``POST /tra-cuu`` (the code and the applicant's ID number, answered with the dossier).

Plain server-rendered HTML with a little inline CSS, no script, readable on a 360 px phone.

Who may read a dossier: whoever knows its code AND the applicant's full ID number. The
code alone is no secret (it is printed, photographed, and its daily sequence is easy to
guess: ``<agency>-<yymmdd>-<nnnn>``), so the ID number is the only secret, and it is asked
in full, not its last 4 digits:

- privacy: the page tells the status of a citizen's affairs with a public office; 4 digits
  are a 1-in-10,000 secret that a walker of many codes would beat every day (a thousand
  dossiers a day at one commune, a few tries each before a lock-out, is several hits a
  day). A 12-digit CCCD leaves about a million choices even to someone who knows the
  holder's province, sex and birth year (its first 6 digits), so walking is hopeless;
- usability: the citizen has the card in hand (it is what they filed with), the field is
  numeric on a phone's keypad, and spaces are ignored;
- guess space against the rate limit: each code allows ``CODE_MAX_FAILURES`` wrong answers
  before a lock-out that doubles each time (so at most a few dozen guesses a day per code),
  and each client ``CLIENT_BURST`` look-ups then one per ``CLIENT_REFILL_SECONDS``.

A wrong code and a wrong ID number get the very same answer (same status, same text), and
an unknown code is compared against a dummy number so that both take the same path: the
page never tells whether a code exists. The ID number travels in a POST body, never in a
URL (history, proxies, logs). The page shows a masked name, never the address, the phone or
the ID number, and every value taken from a dossier is HTML-escaped.

Once the dossier has an electronic result (hub/citizen_results.py), the answer lists each
with a download form: ``POST /tra-cuu/ket-qua`` carrying the code, the file's sha256 and a
download token (``DownloadTokens``): an HMAC of code, file and expiry under a key that
never leaves the hub process, valid for ``TOKEN_SECONDS``. So the verified answer holds no
ID number at all (a page kept on a shared phone, saved or cached, gives nothing away). The
download is also answered to the code, the sha256 and the ID number itself (a citizen's
own script, the tests), checked again under the same guards. A wrong code, number, token
or file gets the look-up's own 404; an expired token asks to look up again; only then are
the bytes (checked against their hash) sent as an attachment. The key is made per process:
several hub processes behind one address would need one shared key (``register``'s
``tokens``), and a restart only asks the citizen to look up again."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import hmac
import html
import json
import secrets
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from app.domain.codes import parse_code
from app.domain.dossier import VN_TZ, Status
from app.domain.messages import MESSAGES
from app.sync.protocol import STATUS_CODE_PARAM, STATUS_PAGE_PATH, parse_wire_time
from hub.citizen_results import CitizenResult, result_file, results_of
from hub.files import FileBackend
from hub.limits import EnrollGuard
from hub.models import DossierSnapshot
from hub.notify import NoticeState

#: Look-ups per client address: a burst, then one every CLIENT_REFILL_SECONDS; a client
#: giving wrong answers CLIENT_MAX_FAILURES times in a row is locked out (doubling).
CLIENT_BURST = 30
CLIENT_REFILL_SECONDS = 2.0
CLIENT_MAX_FAILURES = 10
#: Wrong ID numbers per dossier code (whether the code exists or not) before a lock-out of
#: CODE_LOCKOUT_SECONDS, doubling at each repeat up to a day.
CODE_BURST = 10
CODE_REFILL_SECONDS = 60.0
CODE_MAX_FAILURES = 5
CODE_LOCKOUT_SECONDS = 900.0
CODE_LOCKOUT_MAX_SECONDS = 86_400.0
#: How many clients and codes the guards remember at most (least recently seen forgotten).
MAX_TRACKED = 20_000
MAX_ID_LENGTH = 20
#: Where the download form of a result posts (the code, the ID number, the file's sha256).
RESULT_PATH = f"{STATUS_PAGE_PATH}/ket-qua"
#: How long the download token of an answer stays valid.
TOKEN_SECONDS = 900
#: Hex digits of the token's HMAC-SHA256 kept (128 bits).
_TOKEN_MAC_HEX = 32
#: Compared with when the code is unknown, so both answers take the same path.
_DUMMY_ID = "000000000000"

_ASKS_RESULT = {Status.RESOLVED}
_FINANCIAL = Status.FINANCIAL
_SUPPLEMENT = Status.SUPPLEMENT

CSS = (
    "body{font:16px/1.45 system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b1f23}"
    "main{max-width:36rem;margin:0 auto;padding:12px}"
    "h1{font-size:1.3rem;margin:.4rem 0 .8rem;color:#0b4f8a}"
    "form,section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px;"
    "margin-bottom:12px}"
    "label{display:block;font-weight:600;margin:.5rem 0 .2rem}"
    "input{box-sizing:border-box;width:100%;font-size:1.1rem;padding:.5rem;"
    "border:1px solid #8c959f;border-radius:4px}"
    "button{margin-top:.8rem;width:100%;font-size:1.1rem;padding:.6rem;border:0;"
    "border-radius:4px;background:#0b4f8a;color:#fff}"
    "dl{margin:0}dt{font-weight:600;color:#57606a;margin-top:.6rem}dd{margin:0}"
    ".status{font-size:1.15rem;font-weight:700;color:#0b4f8a}"
    ".warn{background:#fff8c5;border-color:#d4a72c}.err{background:#ffebe9;border-color:#cf222e}"
    "small{color:#57606a}a{color:#0b4f8a}"
    ".result{margin:.6rem 0 0;padding:10px}"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}


def _t(key: str, lang: str, **params: Any) -> str:
    vi, en = MESSAGES[key]
    return (en if lang == "en" else vi).format(**params)


def e(value: object) -> str:
    """HTML-escaped text of ``value`` (quotes included: safe in attributes too)."""
    return html.escape(str(value), quote=True)


def mask_name(full_name: str) -> str:
    """``Nguyễn Văn An`` -> ``N*** V*** A``: each word's first letter, the given name's
    alone, and a fixed number of stars (the length of a word is not told)."""
    words = full_name.split()
    if not words:
        return ""
    masked = [w[0] + "***" for w in words[:-1]]
    masked.append(words[-1][0])
    return " ".join(masked)


def normal_id(text: str) -> str:
    """An ID number as typed, without spaces, dots or dashes, letters upper-cased (a
    passport number has letters)."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def show_time(wire: str, *, with_time: bool = True) -> str:
    """``yyyyMMddHHmmss`` (Vietnam time) as ``14:05 ngày 15/07/2025``; "" when empty."""
    try:
        at = parse_wire_time(wire)
    except ValueError:
        return ""
    if at is None:
        return ""
    day = f"{at.day:02d}/{at.month:02d}/{at.year:04d}"
    return f"{at.hour:02d}:{at.minute:02d} ngày {day}" if with_time else day


def money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


@dataclass(frozen=True)
class StatusView:
    """What the page shows of one dossier: nothing else leaves the hub."""

    code: str
    procedure: str
    masked_name: str
    status: Status
    received: str
    appointment: str
    asked: tuple[str, ...]
    late: str
    results: tuple[CitizenResult, ...] = ()
    #: A download token per result file (sha256 -> token), for the download forms.
    tokens: Mapping[str, str] = dataclasses.field(default_factory=dict)


def _id_numbers(dossier: Mapping[str, Any]) -> list[str]:
    numbers = [str(dossier.get("SoGiayToChuHoSo") or "")]
    for item in dossier.get("DinhDanhCHS") or []:
        if isinstance(item, dict):
            numbers.append(str(item.get("SoDinhDanh") or ""))
    return [n for n in (normal_id(x) for x in numbers) if n]


def id_matches(dossier: Mapping[str, Any] | None, given: str) -> bool:
    """Constant-time comparison of ``given`` with each ID number of the dossier (with a
    dummy when there is no dossier, so both cases do the same work)."""
    candidates = _id_numbers(dossier) if dossier is not None else []
    ok = False
    for number in candidates or [_DUMMY_ID]:
        ok |= hmac.compare_digest(number.encode(), given.encode())
    return ok and dossier is not None


def _latest_note(dossier: Mapping[str, Any], status: Status) -> str:
    for h in reversed(dossier.get("QuaTrinhXuLy") or []):
        if isinstance(h, dict) and h.get("TrangThai") == int(status):
            return str(h.get("NoiDungXuLy") or "")
    return ""


def dossier_of(row: DossierSnapshot) -> dict[str, Any]:
    """The national record of a snapshot (the payload as the counter sent it)."""
    payload = json.loads(row.snapshot)
    dossier = payload.get("dossier") if isinstance(payload, dict) else None
    return dossier if isinstance(dossier, dict) else {}


def build_view(
    row: DossierSnapshot,
    dossier: Mapping[str, Any],
    state: NoticeState | None,
    now: datetime,
    lang: str = "vi",
) -> StatusView:
    status = Status(row.status)
    asked: list[str] = []
    note = ""
    if state is not None and state.status == row.status:
        note = state.note
    if not note:
        note = _latest_note(dossier, status)
    if status == _SUPPLEMENT:
        asked.append(
            _t("citizen.page.asked_supplement", lang, note=note)
            if note
            else _t("citizen.page.asked_supplement_plain", lang)
        )
    elif status == _FINANCIAL:
        fees = [f for f in dossier.get("DanhSachLePhi") or [] if isinstance(f, dict)]
        total = sum(int(f.get("Gia") or 0) for f in fees)
        if fees and total:
            lines = ", ".join(
                f"{f.get('TenPhiLePhi', '')} {money(int(f.get('Gia') or 0))} đồng" for f in fees
            )
            asked.append(_t("citizen.page.asked_fee", lang, fees=lines, total=money(total)))
        else:
            asked.append(_t("citizen.page.asked_fee_plain", lang))
        if note:
            asked.append(note)
    elif status in _ASKS_RESULT:
        asked.append(_t("citizen.page.asked_result", lang))
    late = ""
    appointment = row.appointment_at
    first = state.first_appointment if state is not None else ""
    if first and appointment and appointment > first and status.is_open:
        late = _t(
            "citizen.page.late_extended",
            lang,
            first=show_time(first, with_time=False),
            new=show_time(appointment, with_time=False),
        )
    elif appointment and status.is_open:
        due = parse_wire_time(appointment)
        if due is not None and due < now:
            late = _t("citizen.page.late_overdue", lang)
    return StatusView(
        code=row.code,
        procedure=str(dossier.get("TenTTHC") or dossier.get("MaTTHC") or ""),
        masked_name=mask_name(str(dossier.get("ChuHoSo") or "")),
        status=status,
        received=show_time(row.received_at),
        appointment=show_time(appointment),
        asked=tuple(asked),
        late=late,
    )


# --- HTML ----------------------------------------------------------------------------------


def _page(lang: str, body: str) -> str:
    title = e(_t("citizen.page.title", lang))
    return (
        f'<!doctype html><html lang="{e(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{title}</title><style>{CSS}</style></head><body><main>"
        f"<h1>{title}</h1>{body}"
        f"<p><small>{e(_t('citizen.page.privacy', lang))}</small></p></main></body></html>"
    )


def form_html(lang: str, code: str = "", message: str = "", css_class: str = "err") -> str:
    notice = f'<section class="{css_class}" role="alert">{e(message)}</section>' if message else ""
    return _page(
        lang,
        notice + f'<form method="post" action="{STATUS_PAGE_PATH}">'
        f"<p>{e(_t('citizen.page.intro', lang))}</p>"
        f'<input type="hidden" name="lang" value="{e(lang)}">'
        f'<label for="ma">{e(_t("citizen.page.code", lang))}</label>'
        f'<input id="ma" name="{STATUS_CODE_PARAM}" value="{e(code)}" maxlength="60" '
        'autocomplete="off" autocapitalize="characters" required>'
        f'<label for="so">{e(_t("citizen.page.id_number", lang))}</label>'
        f'<input id="so" name="so" inputmode="numeric" maxlength="{MAX_ID_LENGTH + 10}" '
        'autocomplete="off" required autofocus>'
        f'<button type="submit">{e(_t("citizen.page.submit", lang))}</button></form>',
    )


def view_html(view: StatusView, lang: str) -> str:
    def row(label_key: str, value: str, css: str = "") -> str:
        cls = f' class="{css}"' if css else ""
        return f"<dt>{e(_t(label_key, lang))}</dt><dd{cls}>{e(value)}</dd>"

    status_text = view.status.label_en if lang == "en" else view.status.label_vi
    parts = [
        f"<section><dl>{row('citizen.page.code', view.code)}",
        row("citizen.page.procedure", view.procedure),
        row("citizen.page.applicant", view.masked_name),
        row("citizen.page.status", status_text, "status"),
        row("citizen.page.received", view.received),
        row("citizen.page.appointment", view.appointment),
    ]
    if view.asked:
        parts.append(
            f"<dt>{e(_t('citizen.page.asked', lang))}</dt>"
            + "".join(f"<dd>{e(a)}</dd>" for a in view.asked)
        )
    parts.append("</dl></section>")
    if view.results:
        parts.append(_results_html(view, lang))
    if view.late:
        parts.append(
            f'<section class="warn"><strong>{e(_t("citizen.page.late", lang))}</strong>'
            f"<p>{e(view.late)}</p></section>"
        )
    parts.append(
        f'<p><a href="{STATUS_PAGE_PATH}?lang={e(lang)}">{e(_t("citizen.page.again", lang))}</a></p>'
    )
    return _page(lang, "".join(parts))


def _results_html(view: StatusView, lang: str) -> str:
    """One download form per result: POSTed to RESULT_PATH, so the ID number stays out of
    every URL (history, proxies, logs)."""
    items = []
    for r in view.results:
        facts = []
        if r.so_ky_hieu:
            facts.append(f"{e(_t('citizen.page.result_number', lang))}: {e(r.so_ky_hieu)}")
        if r.signed_on:
            facts.append(f"{e(_t('citizen.page.result_signed', lang))}: {e(r.signed_on)}")
        facts.append(e(_t("citizen.page.result_size", lang, kb=max(1, (r.size + 1023) // 1024))))
        items.append(
            f'<form class="result" method="post" action="{RESULT_PATH}">'
            f"<strong>{e(r.name)}</strong><br><small>{' · '.join(facts)}</small>"
            f'<input type="hidden" name="lang" value="{e(lang)}">'
            f'<input type="hidden" name="{STATUS_CODE_PARAM}" value="{e(view.code)}">'
            f'<input type="hidden" name="t" value="{e(view.tokens.get(r.sha256, ""))}">'
            f'<input type="hidden" name="sha" value="{e(r.sha256)}">'
            f'<button type="submit">{e(_t("citizen.page.result_download", lang))}</button>'
            "</form>"
        )
    return (
        f'<section class="results"><strong>{e(_t("citizen.page.results", lang))}</strong>'
        + "".join(items)
        + "</section>"
    )


# --- the routes ----------------------------------------------------------------------------


class DownloadTokens:
    """Tokens that let the verified answer's download forms fetch one file of one dossier
    for ``TOKEN_SECONDS`` without carrying the ID number: ``<expiry>.<hmac>``, the HMAC
    (SHA-256, truncated to 128 bits) of code, file hash and expiry under a random key."""

    def __init__(self, key: bytes | None = None, clock: Callable[[], float] = time.time) -> None:
        self._key = key or secrets.token_bytes(32)
        self._clock = clock

    def _mac(self, code: str, sha: str, expiry: int) -> str:
        text = f"{code}|{sha}|{expiry}".encode()
        return hmac.new(self._key, text, hashlib.sha256).hexdigest()[:_TOKEN_MAC_HEX]

    def issue(self, code: str, sha: str) -> str:
        expiry = int(self._clock()) + TOKEN_SECONDS
        return f"{expiry}.{self._mac(code, sha, expiry)}"

    def check(self, code: str, sha: str, token: str) -> bool | None:
        """True: valid; None: genuine but expired; False: not one of ours."""
        expiry_text, _, mac = token.partition(".")
        if not (expiry_text.isdigit() and len(expiry_text) <= 12 and len(mac) == _TOKEN_MAC_HEX):
            return False
        expiry = int(expiry_text)
        if not hmac.compare_digest(self._mac(code, sha, expiry), mac):
            return False
        return True if self._clock() <= expiry else None


def make_guards(clock: Callable[[], float] | None = None) -> tuple[EnrollGuard, EnrollGuard]:
    """The per-client and the per-code guard (hub.limits' token bucket with lock-out)."""
    extra: dict[str, Any] = {"clock": clock} if clock is not None else {}
    clients = EnrollGuard(
        burst=CLIENT_BURST,
        refill_seconds=CLIENT_REFILL_SECONDS,
        max_failures=CLIENT_MAX_FAILURES,
        max_clients=MAX_TRACKED,
        **extra,
    )
    codes = EnrollGuard(
        burst=CODE_BURST,
        refill_seconds=CODE_REFILL_SECONDS,
        max_failures=CODE_MAX_FAILURES,
        lockout_seconds=CODE_LOCKOUT_SECONDS,
        lockout_max_seconds=CODE_LOCKOUT_MAX_SECONDS,
        max_clients=MAX_TRACKED,
        **extra,
    )
    return clients, codes


def _lang(value: str | None) -> str:
    return "en" if value == "en" else "vi"


def _html(text: str, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return HTMLResponse(text, status_code=status, headers={**SECURITY_HEADERS, **(headers or {})})


def lookup(
    factory: sessionmaker[Session],
    code: str,
    id_number: str,
    now: datetime,
    lang: str,
    files: FileBackend | None = None,
    tokens: DownloadTokens | None = None,
) -> StatusView | None:
    """The dossier's view when ``id_number`` is its applicant's; None otherwise (unknown
    code or wrong number alike). With ``files``, the results the hub holds the files of,
    each with a download token from ``tokens``."""
    with factory() as s:
        row = s.get(DossierSnapshot, code)
        dossier = dossier_of(row) if row is not None else None
        if not id_matches(dossier, id_number) or row is None or dossier is None:
            return None
        state = s.get(NoticeState, code)
        view = build_view(row, dossier, state, now, lang)
        if files is None:
            return view
        results = results_of(s, row, dossier, files)
        issued = {r.sha256: tokens.issue(code, r.sha256) for r in results} if tokens else {}
        return dataclasses.replace(view, results=results, tokens=issued)


def result_download(
    factory: sessionmaker[Session],
    files: FileBackend,
    code: str,
    id_number: str | None,
    sha: str,
) -> tuple[CitizenResult, bytes | None] | None:
    """The result of dossier ``code`` whose file is ``sha``, with its checked bytes (None
    for damaged ones), when ``id_number`` is the applicant's (None: a valid download token
    already vouched for code and file); None otherwise (unknown code, wrong number,
    another dossier's file alike)."""
    with factory() as s:
        row = s.get(DossierSnapshot, code)
        dossier = dossier_of(row) if row is not None else None
        if row is None or dossier is None:
            return None
        if id_number is not None and not id_matches(dossier, id_number):
            return None
        chosen = [r for r in results_of(s, row, dossier, files) if r.sha256 == sha]
    if not chosen:
        return None
    return chosen[0], result_file(files, chosen[0])


class OneAtATime:
    """At most one look-up in flight per key (a client address, a dossier code): the
    guard's check, the look-up and the recording of a wrong answer then happen as one
    step, so parallel requests get no more guesses than one after the other would. A
    waiting request costs a coroutine; an idle key costs nothing (forgotten when free)."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key) or (asyncio.Lock(), 0)
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


def register(
    app: FastAPI,
    factory: sessionmaker[Session],
    *,
    guards: tuple[EnrollGuard, EnrollGuard] | None = None,
    files: FileBackend | None = None,
    tokens: DownloadTokens | None = None,
) -> None:
    """Mount the page on ``app``; with ``files`` (the hub's file store) it offers the
    dossier's electronic results to download (with ``tokens``, or a key of its own)."""
    clients, codes = guards or make_guards()
    serial = OneAtATime()
    keys = tokens or DownloadTokens()

    def refused(wait: int, lang: str, code: str) -> Response:
        return _html(
            form_html(lang, code, _t("citizen.page.too_many", lang, seconds=wait)),
            429,
            {"Retry-After": str(wait)},
        )

    @app.get(STATUS_PAGE_PATH)
    async def page(request: Request) -> Response:
        lang = _lang(request.query_params.get("lang"))
        code = request.query_params.get(STATUS_CODE_PARAM, "")[:60].strip()
        client = request.client.host if request.client else ""
        wait = clients.admit(client)
        if wait is not None:
            return refused(wait, lang, code)
        return _html(form_html(lang, code))

    @app.post(STATUS_PAGE_PATH)
    async def answer(request: Request) -> Response:
        client = request.client.host if request.client else ""
        async with serial.hold(f"client {client}"):
            return await _answer(request, client)

    async def _answer(request: Request, client: str, *, download: bool = False) -> Response:
        wait = clients.admit(client)  # before the body is read
        if wait is not None:
            return refused(wait, "vi", "")
        raw = await request.body()  # bounded by hub.limits.BodyLimit (the small bound)
        try:
            fields = parse_qs(raw.decode("utf-8"), max_num_fields=10)
        except (UnicodeDecodeError, ValueError):
            fields = {}
        lang = _lang((fields.get("lang") or [""])[0])
        code = (fields.get(STATUS_CODE_PARAM) or [""])[0].strip()[:60]
        id_number = normal_id((fields.get("so") or [""])[0])
        sha = (fields.get("sha") or [""])[0].strip()[:64]
        token = (fields.get("t") or [""])[0].strip()[:64]
        by_token = download and bool(token) and not id_number
        if parse_code(code) is None or not (by_token or 0 < len(id_number) <= MAX_ID_LENGTH):
            return _html(form_html(lang, code, _t("citizen.page.bad_input", lang)), 400)
        async with serial.hold(f"code {code}"):
            wait = codes.admit(code)
            if wait is not None:
                return refused(wait, lang, code)
            if by_token:
                valid = keys.check(code, sha, token)
                if valid is None:  # genuine but old: no wrong answer, look up again
                    return _html(form_html(lang, code, _t("citizen.page.token_expired", lang)))
                if not valid:
                    return not_found(client, code, lang)
                return await _download(client, code, None, sha, lang)
            if download:
                return await _download(client, code, id_number, sha, lang)
            now = datetime.now(VN_TZ)
            view = await run_in_threadpool(lookup, factory, code, id_number, now, lang, files, keys)
            if view is None:
                return not_found(client, code, lang)
            codes.succeeded(code)
            return _html(view_html(view, lang))

    def not_found(client: str, code: str, lang: str) -> Response:
        clients.failed(client)
        codes.failed(code)
        return _html(form_html(lang, code, _t("citizen.page.not_found", lang)), 404)

    async def _download(
        client: str, code: str, id_number: str | None, sha: str, lang: str
    ) -> Response:
        # A wrong number, an unknown code and a file not of this dossier's results are all
        # the look-up's "not found", counted as a wrong answer: nothing tells them apart.
        found = (
            await run_in_threadpool(result_download, factory, files, code, id_number, sha)
            if files is not None
            else None
        )
        if found is None:
            return not_found(client, code, lang)
        codes.succeeded(code)
        result, data = found
        if data is None:  # the kept file is damaged: the office's fault, not a guess
            return _html(form_html(lang, code, _t("citizen.page.result_damaged", lang)), 503)
        return Response(
            data,
            media_type="application/pdf",
            headers={
                **SECURITY_HEADERS,
                "Content-Disposition": f'attachment; filename="{result.filename}"',
            },
        )

    @app.post(RESULT_PATH)
    async def result(request: Request) -> Response:
        client = request.client.host if request.client else ""
        async with serial.hold(f"client {client}"):
            return await _answer(request, client, download=True)
