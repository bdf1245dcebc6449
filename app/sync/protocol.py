"""The wire contract between a counter and the city endpoint (DESIGN.md section 5).

Plain dicts on the wire, described here as TypedDicts, with the checks both sides run: the
hub validates what a counter sends, the counter validates what the hub answers (a captive
portal's HTML, a bare 200 or a half-written body is never mistaken for success).

Shapes::

    POST /api/v1/events      {"events": [Envelope, ...]}   (Envelope.payload is JSON *text*)
                          -> {"results": [EventResult, ...], "server_time": WIRE}
    GET  /api/v1/changes?cursor=C&limit=N
                          -> {"changes": [Change, ...], "next_cursor": C2, "has_more": bool,
                              "server_time": WIRE}
    GET  /api/v1/health   -> {"status": "ok", "server_time": WIRE}
    POST /api/v1/enroll      {"code", "counter_name", "agency_code"?, "device_uid"?}
                          -> {"token", "device_id", "agency_code", "slot"}

``device_uid`` is the counter's own stable id (generated once, kept in its database): the
hub keeps that counter's slot across enrollments and revokes its earlier tokens.

Only the standard library and app.domain are used: the hub imports this module.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, TypedDict, cast

from app.domain.codes import AGENCY_CODE_RE, parse_code
from app.domain.dossier import VN_TZ, Status
from app.domain.fee_receipts import RECEIPT_SERIES
from app.domain.ratings import wire_problem

API_PREFIX = "/api/v1"
WIRE_FORMAT = "%Y%m%d%H%M%S"
MAX_BATCH = 1000
#: The citizen's status page on the hub, and its query parameter: the receipt's QR holds
#: ``<hub URL>/tra-cuu?ma=<code>`` (:func:`status_page_url`, the one home of that address).
STATUS_PAGE_PATH = "/tra-cuu"
STATUS_CODE_PARAM = "ma"
MAX_CHANGES_PAGE = 1000

KIND_DOSSIER_UPSERT = "dossier.upsert"
#: A citizen's satisfaction rating at the counter: payload {"version": 1, "rating": {...}}
#: (app.domain.ratings.rating_wire), checked by app.domain.ratings.wire_problem.
KIND_RATING = "rating.record"
EVENT_KINDS = frozenset({KIND_DOSSIER_UPSERT, KIND_RATING})

CHANGE_STATUS = "dossier.status"
CHANGE_CALENDAR = "calendar.override"
CHANGE_PROCEDURE = "catalog.procedure"
#: A message the hub delivered to the citizen (hub/notify.py); the counter adds it to the
#: dossier's history. Data: {"MaHoSo", "event", "channel", "to" (masked), "sent_at"}.
CHANGE_NOTICE = "dossier.notice"
#: Receiving for another body (issue 18, hub/routing.py): a dossier another agency's point
#: received for this one ("incoming", in the competent agency's feed), and the other side's
#: later news of a routed dossier ("route", in either side's feed). Data: {"MaHoSo",
#: "version", "route": {"state", "receiving", "competent", "return_place"}, "dossier": the
#: national record as the other side last sent it}.
CHANGE_INCOMING = "dossier.incoming"
CHANGE_ROUTE = "dossier.route"
CHANGE_KINDS = frozenset({CHANGE_STATUS, CHANGE_CALENDAR, CHANGE_PROCEDURE})

ACCEPTED: Literal["accepted"] = "accepted"
DUPLICATE: Literal["duplicate"] = "duplicate"
REJECTED: Literal["rejected"] = "rejected"
RESULTS = frozenset({ACCEPTED, DUPLICATE, REJECTED})

REASON_CONFLICT = "conflict: this event_id was already stored with different content"
#: The start of the reason of an event refused because another counter owns its dossier code.
REASON_NOT_OWNER = "not_owner:"
#: A code already stored for a dossier received at another time: a second dossier under a
#: printed code (a copied data folder, a restore that rewound the numbering). Never stored.
REASON_CODE_REUSED = "code_reused:"

# --- size caps of one pushed event (issue 11); an event past one is rejected alone ---------
#: One event's payload text, in UTF-8 bytes. A dossier is about 2-3 KB on the wire; this
#: leaves room for long histories and document lists.
MAX_EVENT_PAYLOAD_BYTES = 128 * 1024
#: Keys of the national record (payload.dossier), and items of each of its lists
#: (TaiLieuNop, DanhSachLePhi, QuaTrinhXuLy, DinhDanhCHS).
MAX_DOSSIER_FIELDS = 100
MAX_LIST_ITEMS = 500
MAX_FIELD_NAME = 64
#: Characters of a text field of the national record unless named below. The printed forms
#: have room for far less; these caps bound what the hub stores, the counter's own checks
#: (app.domain) are the stricter ones.
MAX_TEXT = 2000
TEXT_CAPS: Mapping[str, int] = {
    "MaHoSo": 60,
    "MaTTHC": 40,
    "MaDonVi": 35,
    "MaDonViXuLy": 35,
    "ChuHoSo": 200,
    "SoGiayToChuHoSo": 20,
    "SoDinhDanh": 20,
    "DiaChiChuHoSo": 500,
    "SoDienThoai": 30,
    "Email": 254,
    "SoBienNhanBuuChinh": 50,
    "NguoiXuLy": 200,
    "TrichYeuHoSo": 1000,
    "MaPhiLePhi": 40,
    "MaThanhPhanHoSo": 40,
    "ThoiDiemXuLy": 14,
    "NgayTiepNhan": 14,
    "NgayHenTra": 14,
    "NgayKetThucXuLy": 14,
    "NgayTra": 14,
    # The result entries (DanhSachGiayToKetQua) and the hand-over of the result.
    "MaKetQua": 60,
    "MaHashTep": 64,
    "NgayKy": 8,
    "HoTenNguoiNhanKetQua": 200,
    "SoGiayToNguoiNhanKetQua": 20,
    "NgayNopHoSo": 14,
    "NgayTuChoi": 14,
    "MaLinhVuc": 40,
    "NguoiDaiDien": 200,
    "HoSoBoSungId": 36,
    "NgayBoSung": 14,
    "NgayTiepNhanBoSung": 14,
    "NgayHenTraTruoc": 14,
    "NgayHenTraMoi": 14,
}
#: A version number or other integer must fit a 32-bit signed column.
MAX_INT = 2**31 - 1

_UUID_RE = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_HEX64_RE = re.compile(r"[0-9a-f]{64}")
_CURSOR_RE = re.compile(r"[0-9]{0,20}")
_RAW_CONTROL_RE = re.compile(r"[\x00-\x1f]")


class ProtocolError(ValueError):
    """Something on the wire does not have the contract's shape; ``str()`` says what."""


# --- time on the wire --------------------------------------------------------------------


def wire_time(moment: datetime | None) -> str:
    """``yyyyMMddHHmmss`` in Vietnam time; empty string when unknown."""
    if moment is None:
        return ""
    t = moment.astimezone(VN_TZ)
    return f"{t.year:04d}{t.month:02d}{t.day:02d}{t.hour:02d}{t.minute:02d}{t.second:02d}"


def parse_wire_time(text: str) -> datetime | None:
    """The aware datetime of a wire time; None for the empty string; ValueError otherwise."""
    if not text:
        return None
    if len(text) != 14 or not text.isascii() or not text.isdigit():
        raise ValueError(f"not a yyyyMMddHHmmss time: {text!r}")
    # By hand rather than strptime: the hub parses a few of these per event.
    return datetime(
        int(text[0:4]),
        int(text[4:6]),
        int(text[6:8]),
        int(text[8:10]),
        int(text[10:12]),
        int(text[12:14]),
        tzinfo=VN_TZ,
    )


# --- hashing -----------------------------------------------------------------------------


def canonical_json(payload: Mapping[str, Any]) -> str:
    """The one serialisation both sides hash (same rule as app.store.outbox)."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def payload_hash(payload: Mapping[str, Any]) -> str:
    return text_hash(canonical_json(payload))


def text_hash(text: str) -> str:
    """sha256 of the UTF-8 bytes of a payload text: what ``payload_hash`` declares."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- shapes ------------------------------------------------------------------------------


class EventPayload(TypedDict):
    version: int
    dossier: dict[str, Any]


class Envelope(TypedDict):
    """One pushed event. ``payload`` is the event's payload as JSON text, exactly as the
    counter stored it (canonical JSON of an :class:`EventPayload`), and ``payload_hash`` the
    sha256 of its UTF-8 bytes: the hub checks and stores those very bytes, so an identical
    replay is recognised without either side re-serialising anything."""

    event_id: str
    kind: str
    dossier_code: str
    created_at: str
    payload_hash: str
    payload: str


@dataclass(frozen=True)
class CheckedEvent:
    """An envelope that passed :func:`validate_envelope`, with its payload parsed."""

    envelope: Envelope
    payload: EventPayload


class EventResult(TypedDict):
    event_id: str
    result: str  # accepted | duplicate | rejected
    reason: str


class Change(TypedDict):
    seq: int
    kind: str
    at: str
    data: dict[str, Any]


@dataclass(frozen=True)
class PushAnswer:
    results: dict[str, EventResult]
    server_time: datetime


@dataclass(frozen=True)
class ChangesPage:
    changes: list[Change]
    next_cursor: str
    has_more: bool
    server_time: datetime


@dataclass(frozen=True)
class Enrollment:
    token: str
    device_id: str
    agency_code: str
    slot: int | None = None  # the counter's slot (0-9) the hub assigned; None from an old hub


def envelope_json(
    *,
    event_id: str,
    kind: str,
    dossier_code: str,
    created_at: str,
    payload_hash: str,
    payload_json: str,
) -> str:
    """One envelope as JSON text, carrying the stored payload text as a string."""
    # Field by field: json.dumps of a lone string takes the encoder's fast path, which
    # matters for the payload text (about 2 KB an event).
    fields = (
        ("event_id", event_id),
        ("kind", kind),
        ("dossier_code", dossier_code),
        ("created_at", created_at),
        ("payload_hash", payload_hash),
        ("payload", payload_json),
    )
    return "{" + ",".join(f'"{k}":{json.dumps(v, ensure_ascii=False)}' for k, v in fields) + "}"


def push_body(envelopes: Sequence[str]) -> bytes:
    """The body of POST /events from envelope texts made by :func:`envelope_json`."""
    return ('{"events":[' + ",".join(envelopes) + "]}").encode("utf-8")


# --- checks the hub runs ---------------------------------------------------------------


def _require(cond: bool, what: str) -> None:
    if not cond:
        raise ProtocolError(what)


def _brief(value: Any) -> str:
    """A value quoted in a reason, cut short: a reason never echoes a huge input."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_text(name: str, value: str, where: str) -> None:
    cap = TEXT_CAPS.get(name, MAX_TEXT)
    _require(len(value) <= cap, f"{where}{name} longer than {cap} characters")
    _require("\x00" not in value, f"{where}{name} has a NUL character")


def _check_scalar(name: str, value: Any, where: str) -> None:
    if isinstance(value, str):
        _check_text(name, value, where)
    elif isinstance(value, int) and not isinstance(value, bool):
        _require(-MAX_INT - 1 <= value <= MAX_INT, f"{where}{name} is out of range")
    else:
        _require(
            value is None or isinstance(value, bool | float), f"{where}{name} is not a plain value"
        )


def check_dossier_fields(dossier: Mapping[str, Any]) -> None:
    """The shape and size caps of a national record: at most MAX_DOSSIER_FIELDS fields of
    plain values (text within TEXT_CAPS or MAX_TEXT), or lists of at most MAX_LIST_ITEMS
    objects of plain values or lists of texts (DanhSachGiayToBoSung); nothing nested
    deeper. ProtocolError says which field is at fault."""
    _require(
        len(dossier) <= MAX_DOSSIER_FIELDS,
        f"payload.dossier has more than {MAX_DOSSIER_FIELDS} fields",
    )
    for name, value in dossier.items():
        _require(len(name) <= MAX_FIELD_NAME, f"field name longer than {MAX_FIELD_NAME}")
        if isinstance(value, list):
            _require(len(value) <= MAX_LIST_ITEMS, f"{name} has more than {MAX_LIST_ITEMS} items")
            for item in value:
                _require(isinstance(item, dict), f"an item of {name} is not an object")
                _require(
                    len(item) <= MAX_DOSSIER_FIELDS,
                    f"an item of {name} has more than {MAX_DOSSIER_FIELDS} fields",
                )
                for key, inner in item.items():
                    _require(len(key) <= MAX_FIELD_NAME, f"field name longer than {MAX_FIELD_NAME}")
                    if isinstance(inner, list):  # a list of texts (DanhSachGiayToBoSung)
                        _require(
                            len(inner) <= MAX_LIST_ITEMS,
                            f"{name}.{key} has more than {MAX_LIST_ITEMS} items",
                        )
                        for text in inner:
                            _require(isinstance(text, str), f"an item of {name}.{key} is not text")
                            _check_text(key, text, f"{name}.")
                    else:
                        _check_scalar(key, inner, f"{name}.")
        else:
            _check_scalar(name, value, "")


def event_id_of(obj: Any) -> str:
    """The event_id of a would-be envelope, or "" when it has none worth answering to."""
    if isinstance(obj, dict):
        value = obj.get("event_id")
        if isinstance(value, str) and len(value) <= 64:
            return value
    return ""


def validate_envelope(obj: Any) -> CheckedEvent:
    """Check one pushed event; ProtocolError with the reason to answer otherwise."""
    _require(isinstance(obj, dict), "event is not an object")
    event_id = obj.get("event_id")
    _require(
        isinstance(event_id, str) and bool(_UUID_RE.fullmatch(event_id)), "event_id is not a UUID"
    )
    kind = obj.get("kind")
    _require(kind in EVENT_KINDS, f"unknown event kind {_brief(kind)}")
    code = obj.get("dossier_code")
    _require(
        isinstance(code, str) and parse_code(code) is not None,
        f"dossier_code is not a dossier code: {_brief(code)}",
    )
    created = obj.get("created_at")
    _require(isinstance(created, str), "created_at missing")
    try:
        _require(parse_wire_time(created) is not None, "created_at is empty")
    except ValueError as exc:
        raise ProtocolError(f"created_at: {exc}") from None
    declared = obj.get("payload_hash")
    _require(
        isinstance(declared, str) and bool(_HEX64_RE.fullmatch(declared)),
        "payload_hash is not a sha256 hex digest",
    )
    text = obj.get("payload")
    _require(isinstance(text, str), "payload is not JSON text")
    _require(
        len(text) <= MAX_EVENT_PAYLOAD_BYTES, f"payload larger than {MAX_EVENT_PAYLOAD_BYTES} bytes"
    )
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        raise ProtocolError("payload is not valid Unicode text (lone surrogate)") from None
    _require(
        len(raw) <= MAX_EVENT_PAYLOAD_BYTES, f"payload larger than {MAX_EVENT_PAYLOAD_BYTES} bytes"
    )
    # Canonical JSON escapes every control character: a raw one (NUL above all, which
    # PostgreSQL cannot store) means the text was not made by a counter.
    _require(not _RAW_CONTROL_RE.search(text), "payload has a raw control character")
    _require(hashlib.sha256(raw).hexdigest() == declared, "payload_hash does not match the payload")
    try:
        payload = json.loads(text)
    except ValueError:
        raise ProtocolError("payload is not valid JSON") from None
    except RecursionError:
        raise ProtocolError("payload is JSON nested too deeply") from None
    _require(isinstance(payload, dict), "payload is not an object")
    version = payload.get("version")
    _require(
        isinstance(version, int) and not isinstance(version, bool) and 1 <= version <= MAX_INT,
        "payload.version must be a positive integer",
    )
    if kind == KIND_RATING:
        problem = wire_problem(payload.get("rating"), code)
        _require(problem is None, problem or "")
        return CheckedEvent(obj, payload)  # a rating has no dossier: hub/ratings.py reads it
    dossier = payload.get("dossier")
    _require(isinstance(dossier, dict), "payload.dossier is not an object")
    _require(dossier.get("MaHoSo") == code, "payload.dossier.MaHoSo differs from dossier_code")
    check_dossier_fields(dossier)
    status = dossier.get("TrangThaiHoSo")
    _require(
        isinstance(status, int)
        and not isinstance(status, bool)
        and status in Status._value2member_map_,
        f"TrangThaiHoSo is not a national status code: {_brief(status)}",
    )
    for name in ("NgayTiepNhan", "NgayHenTra"):
        value = dossier.get(name, "")
        _require(isinstance(value, str), f"{name} is not a string")
        try:
            parse_wire_time(value)
        except ValueError as exc:
            raise ProtocolError(f"{name}: {exc}") from None
    _require(bool(dossier.get("NgayTiepNhan")), "NgayTiepNhan is empty")
    return CheckedEvent(obj, payload)


def check_cursor(text: str) -> int:
    """A cursor is the last change sequence seen (digits), "" for the beginning."""
    if not _CURSOR_RE.fullmatch(text):
        raise ProtocolError(f"bad cursor {text[:40]!r}")
    return int(text) if text else 0


# --- change payloads (built by the hub, checked by the counter) ----------------------


def status_change_data(
    *, code: str, to: Status, src: Status | None, note: str, at: datetime, actor: str
) -> dict[str, Any]:
    return {
        "MaHoSo": code,
        "TrangThaiHoSo": int(to),
        "TrangThaiTruoc": int(src) if src is not None else None,
        "GhiChu": note,
        "ThoiDiemXuLy": wire_time(at),
        "NguoiXuLy": actor,
    }


#: The list of a national record (and of a status change) that carries the results.
RESULTS_FIELD = "DanhSachGiayToKetQua"
#: The fields of one result entry on the wire: the national ones (TenGiayTo, GiayToId,
#: MaKetQua / MaGiayToKetQua, DuongDanTepTinKetQua) and the result's metadata and file hash.
RESULT_ENTRY_FIELDS = (
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


def result_entry_data(
    *,
    uid: str,
    name: str,
    code: str,
    so_ky_hieu: str,
    issuer: str,
    signer: str,
    signed_on: date | None,
    sha256: str,
    size: int,
    pages: int,
    link: str,
) -> dict[str, Any]:
    """One DanhSachGiayToKetQua entry. MaKetQua is the name the 766 index reads;
    MaGiayToKetQua the same code under the portal's own name."""
    return {
        "GiayToId": uid,
        "TenGiayTo": name,
        "MaKetQua": code,
        "MaGiayToKetQua": code,
        "SoKyHieu": so_ky_hieu,
        "CoQuanBanHanh": issuer,
        "NguoiKy": signer,
        "NgayKy": signed_on.strftime("%Y%m%d") if signed_on else "",
        "MaHashTep": sha256,
        "KichThuocTep": size,
        "SoTrang": pages,
        "DuongDanTepTinKetQua": link,
    }


def validate_result_entries(items: Any) -> list[dict[str, Any]]:
    """The result entries of a change, checked: each names its file by sha256."""
    _require(isinstance(items, list), f"{RESULTS_FIELD} is not a list")
    _require(len(items) <= MAX_LIST_ITEMS, f"{RESULTS_FIELD} has too many items")
    for item in items:
        _require(isinstance(item, dict), f"an item of {RESULTS_FIELD} is not an object")
        sha = item.get("MaHashTep")
        _require(
            isinstance(sha, str) and bool(_HEX64_RE.fullmatch(sha)),
            "a result entry without a sha256 MaHashTep",
        )
        for key in ("GiayToId", "TenGiayTo", "MaKetQua"):
            _require(
                isinstance(item.get(key), str) and bool(item[key]), f"a result entry without {key}"
            )
        for key in ("SoKyHieu", "CoQuanBanHanh", "NguoiKy", "NgayKy", "DuongDanTepTinKetQua"):
            _require(isinstance(item.get(key, ""), str), f"result entry {key} is not a string")
        day = item.get("NgayKy", "")
        _require(
            day == "" or (len(day) == 8 and day.isascii() and day.isdigit()),
            "result entry NgayKy is not yyyyMMdd",
        )
        for key in ("KichThuocTep", "SoTrang"):
            value = item.get(key, 0)
            _require(
                isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_INT,
                f"result entry {key} is not a count",
            )
        for key, value in item.items():
            _check_scalar(key, value, f"{RESULTS_FIELD}.")
    return cast(list[dict[str, Any]], items)  # checked above


def calendar_change_data(*, day: date, working: bool, note: str) -> dict[str, Any]:
    return {"day": day.isoformat(), "working": working, "note": note}


def validate_procedure_entry(entry: Any) -> dict[str, Any]:
    """A catalog entry in the shape of resources/catalog/procedures.json's items."""
    _require(isinstance(entry, dict), "procedure is not an object")
    for key in ("code", "name"):
        _require(
            isinstance(entry.get(key), str) and bool(entry[key].strip()), f"procedure {key} missing"
        )
    _require(len(entry["code"]) <= 40, "procedure code longer than 40 characters")
    processing = entry.get("processing", {})
    _require(isinstance(processing, dict), "procedure processing is not an object")
    amount = processing.get("amount", 0)
    _require(
        isinstance(amount, int | float) and not isinstance(amount, bool) and amount >= 0,
        "procedure processing.amount must be a non-negative number",
    )
    _require(
        processing.get("unit", "day") in ("day", "hour", "none"),
        "procedure processing.unit must be day, hour or none",
    )
    cutoff = entry.get("cutoff")
    _require(
        cutoff is None
        or cutoff == ""
        or (
            isinstance(cutoff, str) and bool(re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", cutoff))
        ),
        "procedure cutoff must be HH:MM",
    )
    for key in ("documents", "fees"):
        items = entry.get(key, [])
        _require(isinstance(items, list), f"procedure {key} is not a list")
        for item in items:
            _require(
                isinstance(item, dict) and isinstance(item.get("name"), str),
                f"procedure {key} item without a name",
            )
            for num in ("originals", "copies", "amount"):
                if num in item:
                    _require(
                        isinstance(item[num], int) and not isinstance(item[num], bool),
                        f"procedure {key} {num} must be an integer",
                    )
    for key in ("field_code", "field_name"):
        _require(isinstance(entry.get(key, ""), str), f"procedure {key} is not a string")
    return cast(dict[str, Any], entry)  # checked above


def _validate_route_change(data: dict[str, Any]) -> None:
    code, record, route = data.get("MaHoSo"), data.get("dossier"), data.get("route")
    _require(isinstance(code, str) and bool(code), "route change without MaHoSo")
    _require(isinstance(record, dict), "route change without its dossier")
    _require(isinstance(route, dict), "route change without its route")
    assert isinstance(record, dict) and isinstance(route, dict)
    _require(record.get("MaHoSo") == code, "route change of another dossier's record")
    _require(
        isinstance(record.get("TrangThaiHoSo"), int)
        and record["TrangThaiHoSo"] in Status._value2member_map_,
        "route change with a bad TrangThaiHoSo",
    )
    state = route.get("state")
    _require(isinstance(state, int) and 1 <= state <= 5, "route change with a bad state")
    for key in ("receiving", "competent"):
        _require(
            isinstance(route.get(key), str) and 0 < len(route[key]) <= 35,
            f"route change without its {key} agency",
        )
    _require(isinstance(data.get("version", 1), int), "route change with a bad version")
    if RESULTS_FIELD in record:
        validate_result_entries(record[RESULTS_FIELD])


def validate_change(obj: Any) -> Change:
    """Check one change of the feed; ProtocolError otherwise."""
    _require(isinstance(obj, dict), "change is not an object")
    seq = obj.get("seq")
    _require(
        isinstance(seq, int) and not isinstance(seq, bool) and seq > 0,
        "change seq is not a positive integer",
    )
    kind = obj.get("kind")
    _require(isinstance(kind, str), "change kind missing")
    _require(isinstance(obj.get("at"), str), "change at missing")
    data = obj.get("data")
    _require(isinstance(data, dict), "change data is not an object")
    if kind == CHANGE_STATUS:
        _require(isinstance(data.get("MaHoSo"), str), "status change without MaHoSo")
        status = data.get("TrangThaiHoSo")
        _require(
            isinstance(status, int) and status in Status._value2member_map_,
            f"status change with bad TrangThaiHoSo {status!r}",
        )
        _require(isinstance(data.get("GhiChu", ""), str), "status change GhiChu not a string")
        try:
            parse_wire_time(data.get("ThoiDiemXuLy", ""))
        except (TypeError, ValueError):
            raise ProtocolError("status change with bad ThoiDiemXuLy") from None
        if RESULTS_FIELD in data:  # the back office resolves with its result
            validate_result_entries(data[RESULTS_FIELD])
    elif kind == CHANGE_CALENDAR:
        try:
            date.fromisoformat(data.get("day", ""))
        except (TypeError, ValueError):
            raise ProtocolError("calendar change with bad day") from None
        _require(isinstance(data.get("working"), bool), "calendar change without working flag")
    elif kind == CHANGE_PROCEDURE:
        validate_procedure_entry(data.get("procedure"))
    elif kind in (CHANGE_INCOMING, CHANGE_ROUTE):
        _validate_route_change(data)
    # Unknown kinds pass: a newer hub may send kinds this counter skips.
    return cast(Change, obj)  # checked above


# --- checks the counter runs on the hub's answers ------------------------------------


def _server_time(obj: Mapping[str, Any]) -> datetime:
    text = obj.get("server_time")
    _require(isinstance(text, str), "server_time missing")
    try:
        moment = parse_wire_time(cast(str, text))  # checked above
    except ValueError as exc:
        raise ProtocolError(f"server_time: {exc}") from None
    _require(moment is not None, "server_time is empty")
    assert moment is not None
    return moment


def parse_health(obj: Any) -> datetime:
    """The hub's clock from a health answer."""
    _require(isinstance(obj, dict), "health answer is not an object")
    _require(obj.get("status") == "ok", "health status is not ok")
    return _server_time(obj)


def parse_push_answer(obj: Any) -> PushAnswer:
    """Per-event results by event_id. An event missing from the results is not an error
    here: the engine treats it as not delivered."""
    _require(isinstance(obj, dict), "push answer is not an object")
    results = obj.get("results")
    _require(isinstance(results, list), "push answer has no results list")
    by_id: dict[str, EventResult] = {}
    for item in results:
        _require(isinstance(item, dict), "a result is not an object")
        event_id = item.get("event_id")
        result = item.get("result")
        reason = item.get("reason", "")
        _require(isinstance(event_id, str), "a result has no event_id")
        _require(result in RESULTS, f"unknown result {result!r}")
        _require(isinstance(reason, str), "a result reason is not a string")
        by_id[event_id] = {"event_id": event_id, "result": result, "reason": reason}
    return PushAnswer(by_id, _server_time(obj))


def parse_changes_page(obj: Any) -> ChangesPage:
    _require(isinstance(obj, dict), "changes answer is not an object")
    changes = obj.get("changes")
    _require(isinstance(changes, list), "changes answer has no changes list")
    cursor = obj.get("next_cursor")
    _require(isinstance(cursor, str), "changes answer has no next_cursor")
    check_cursor(cursor)
    has_more = obj.get("has_more")
    _require(isinstance(has_more, bool), "changes answer has no has_more flag")
    checked = [validate_change(c) for c in changes]
    return ChangesPage(checked, cursor, has_more, _server_time(obj))


def parse_enrollment(obj: Any) -> Enrollment:
    _require(isinstance(obj, dict), "enroll answer is not an object")
    token, device, agency = obj.get("token"), obj.get("device_id"), obj.get("agency_code")
    _require(isinstance(token, str) and len(token) >= 20, "enroll answer has no token")
    _require(isinstance(device, str) and bool(device), "enroll answer has no device_id")
    _require(isinstance(agency, str) and bool(agency), "enroll answer has no agency_code")
    slot = obj.get("slot")
    _require(slot is None or (type(slot) is int and 0 <= slot <= 9), "enroll answer has a bad slot")
    return Enrollment(token, device, agency, slot)


# --- the highest codes a device delivered (GET /codes/highest) -----------------------------

#: One entry: the highest daily sequence of a code ``<agency>-<day>-<seq>`` the hub stored
#: from this device, per agency, day (yymmdd) and slot (``seq // 1000``).
HighestCode = tuple[str, str, int, int]  # (agency_code, day, slot, last local number)


def highest_codes_data(codes: Sequence[str]) -> list[dict[str, Any]]:
    """The hub's answer body from the highest code per (agency, day, slot) prefix."""
    out = []
    for code in codes:
        parsed = parse_code(code)
        if parsed is not None:
            out.append(
                {
                    "agency_code": parsed.agency_code,
                    "day": f"{parsed.day:%y%m%d}",
                    "slot": parsed.slot,
                    "last": parsed.sequence % 1000,
                }
            )
    return out


def parse_highest_codes(obj: Any) -> list[HighestCode]:
    _require(isinstance(obj, dict), "highest codes answer is not an object")
    items = obj.get("highest")
    _require(isinstance(items, list), "highest codes answer has no list")
    out: list[HighestCode] = []
    for item in items:
        _require(isinstance(item, dict), "a highest code is not an object")
        agency, day, slot, last = (
            item.get("agency_code"),
            item.get("day"),
            item.get("slot"),
            item.get("last"),
        )
        _require(
            isinstance(agency, str)
            and isinstance(day, str)
            and len(day) == 6
            and day.isascii()
            and day.isdigit(),
            "a highest code has no agency or day",
        )
        _require(
            isinstance(slot, int) and 0 <= slot <= 9 and isinstance(last, int) and 0 <= last <= 999,
            "a highest code has a bad slot or number",
        )
        out.append((agency, day, slot, last))
    _server_time(obj)
    return out


#: One entry: the highest receipt (biên lai) number of a year that the hub's e-receipt
#: gateway issued for this device (or its slot), per agency, year and slot.
HighestReceipt = tuple[str, int, int, int]  # (agency_code, year, slot, last local number)


def highest_receipts_data(rows: Sequence[tuple[str, int, str]]) -> list[dict[str, Any]]:
    """The hub's answer's ``receipts`` from (agency, year, highest 8-digit number) rows."""
    out = []
    for agency, year, number in rows:
        if number.isascii() and number.isdigit():
            value = int(number)
            out.append(
                {
                    "agency_code": agency,
                    "year": int(year),
                    "slot": RECEIPT_SERIES.slot_of(value),
                    "last": RECEIPT_SERIES.local_of(value),
                }
            )
    return out


def parse_highest_receipts(obj: Any) -> list[HighestReceipt]:
    """The ``receipts`` of a highest-numbers answer; none from a hub older than them."""
    _require(isinstance(obj, dict), "highest codes answer is not an object")
    items = obj.get("receipts", [])
    _require(isinstance(items, list), "highest receipts answer has no list")
    out: list[HighestReceipt] = []
    for item in items:
        _require(isinstance(item, dict), "a highest receipt is not an object")
        agency, year, slot, last = (
            item.get("agency_code"),
            item.get("year"),
            item.get("slot"),
            item.get("last"),
        )
        _require(
            isinstance(agency, str) and bool(agency) and isinstance(year, int),
            "a highest receipt has no agency or year",
        )
        _require(
            isinstance(slot, int)
            and 0 <= slot <= 9
            and isinstance(last, int)
            and 0 <= last <= RECEIPT_SERIES.per_slot
            and 2000 <= year <= 2999,
            "a highest receipt has a bad year, slot or number",
        )
        out.append((agency, year, slot, last))
    return out


def status_page_url(hub_url: str) -> str:
    """The status look-up page of the hub at ``hub_url`` (a base URL, as enrolled): what a
    printed form's QR points to, followed by ``?ma=<code>`` (app.docs.forms.lookup_target)."""
    return hub_url.rstrip("/") + STATUS_PAGE_PATH


# --- the e-receipt gateway (issue 16) ------------------------------------------------------
#
#   POST /api/v1/ereceipts   one Envelope of kind "ereceipt.request" (its event_id is the
#                            idempotency key, its payload {"version", "receipt": {...}})
#                         -> {"event_id", "result": "issued" | "duplicate", "lookup_code",
#                             "server_time"}; a payload {"version", "void": {...}} cancels
#                            a receipt voided at the counter -> result "voided"
#
# The same event_id (or the same receipt number of the agency) with the same payload gets
# the same lookup code again; with another payload it is refused (409).

EreceiptAnswerResult = Literal["issued", "duplicate", "voided"]
ERECEIPT_PATH = "/ereceipts"
#: One request's body on the hub (a receipt is well under 2 KB).
MAX_ERECEIPT_BODY = 8 * 1024
_RECEIPT_TEXT: Mapping[str, int] = {
    "MaDonVi": 35,
    "MaHoSo": 60,
    "MaTTHC": 40,
    "KyHieuBienLai": 20,
    "SoBienLai": 8,
    "TenPhiLePhi": 300,
    "MaPhiLePhi": 40,
    "HinhThucThanhToan": 10,
    "NguoiNop": 200,
    "NguoiThu": 200,
    "NgayThu": 14,
}
_LOOKUP_RE = re.compile(r"[0-9A-Z]{6,40}")


@dataclass(frozen=True)
class CheckedReceipt:
    """An e-receipt request that passed :func:`validate_ereceipt_request`."""

    event_id: str
    dossier_code: str
    payload_text: str
    payload_hash: str
    receipt: dict[str, Any]
    void: bool = False  # a cancellation: ``receipt`` names the receipt and the reason


def validate_ereceipt_request(obj: Any) -> CheckedReceipt:
    """Check one e-receipt request (an envelope of kind ereceipt.request)."""
    _require(isinstance(obj, dict), "request is not an object")
    event_id, code = obj.get("event_id"), obj.get("dossier_code")
    _require(isinstance(event_id, str) and bool(_UUID_RE.fullmatch(event_id)), "event_id")
    _require(obj.get("kind") == "ereceipt.request", f"unknown kind {_brief(obj.get('kind'))}")
    _require(isinstance(code, str) and parse_code(code) is not None, "dossier_code")
    text, declared = obj.get("payload"), obj.get("payload_hash")
    _require(isinstance(text, str) and len(text) <= MAX_ERECEIPT_BODY, "payload")
    _require(isinstance(declared, str) and text_hash(text) == declared, "payload_hash")
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError):
        raise ProtocolError("payload is not valid JSON") from None
    void = payload.get("void") if isinstance(payload, dict) else None
    if isinstance(void, dict):  # the cancellation of a receipt voided at the counter
        for name in ("MaDonVi", "MaHoSo", "KyHieuBienLai", "SoBienLai", "LyDo"):
            value = void.get(name)
            _require(isinstance(value, str) and len(value) <= 500, f"void.{name}")
        year = void.get("NamBienLai")
        _require(isinstance(year, int) and not isinstance(year, bool), "void.NamBienLai")
        _require(void["MaHoSo"] == code, "void.MaHoSo is not the dossier_code")
        return CheckedReceipt(event_id, code, text, declared, void, True)
    receipt = payload.get("receipt") if isinstance(payload, dict) else None
    if not isinstance(receipt, dict):
        raise ProtocolError("payload.receipt missing")
    for name, cap in _RECEIPT_TEXT.items():
        value = receipt.get(name)
        _require(isinstance(value, str) and len(value) <= cap, f"receipt.{name}")
    for name in ("SoTien", "NamBienLai"):
        value = receipt.get(name)
        _require(
            isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_INT,
            f"receipt.{name}",
        )
    _require(receipt["MaHoSo"] == code, "receipt.MaHoSo is not the dossier_code")
    _require(receipt["SoBienLai"].isdigit() and len(receipt["SoBienLai"]) == 8, "SoBienLai")
    return CheckedReceipt(event_id, code, text, declared, receipt)


@dataclass(frozen=True)
class EreceiptAnswer:
    event_id: str
    result: EreceiptAnswerResult
    lookup_code: str
    server_time: datetime


def parse_ereceipt_answer(obj: Any) -> EreceiptAnswer:
    """The gateway's answer, checked: a bare 200 or a portal page is never a receipt."""
    _require(isinstance(obj, dict), "answer is not an object")
    result, code, eid = obj.get("result"), obj.get("lookup_code"), obj.get("event_id")
    _require(result in ("issued", "duplicate", "voided"), f"result {_brief(result)}")
    _require(
        isinstance(code, str)
        and (bool(_LOOKUP_RE.fullmatch(code)) or (result == "voided" and code == "")),
        "lookup_code",
    )
    _require(isinstance(eid, str) and bool(_UUID_RE.fullmatch(eid)), "event_id")
    when = obj.get("server_time")
    try:
        moment = parse_wire_time(when) if isinstance(when, str) else None
    except ValueError:
        moment = None
    _require(moment is not None, "server_time")
    assert moment is not None
    return EreceiptAnswer(eid, cast(EreceiptAnswerResult, result), code, moment)


# --- the city's agency catalog (issue 18) ---------------------------------------------------
#
#   GET /api/v1/agencies?version=V
#                         -> {"version": V2, "unchanged": bool, "agencies": [CatalogEntry],
#                             "server_time": WIRE}
#   CatalogEntry = {"code", "name", "kind": "commune"|"city", "address", "phone",
#                   "days": [{"day": "YYYY-MM-DD", "working": bool, "note"}]}
#
# The version is the hash of the catalog's content: a counter sends the one it holds and,
# when nothing changed, gets {"unchanged": true, "agencies": []} (it keeps its copy).

AGENCIES_PATH = "/agencies"
#: Bounds of one answer: the bodies of a city, and the overrides of each (a year has a
#: dozen or two: working Saturdays, swapped days, local days off).
MAX_CATALOG_AGENCIES = 2000
MAX_CATALOG_DAYS = 200
CATALOG_AGENCY_KINDS = ("commune", "city")
_VERSION_RE = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class CatalogDay:
    day: date
    working: bool
    note: str


@dataclass(frozen=True)
class CatalogEntry:
    """One body of the catalog, with its calendar overrides."""

    code: str
    name: str
    kind: str
    address: str
    phone: str
    days: tuple[CatalogDay, ...]


@dataclass(frozen=True)
class AgencyCatalog:
    version: str
    unchanged: bool
    agencies: tuple[CatalogEntry, ...]
    server_time: datetime


def catalog_entry_data(entry: CatalogEntry) -> dict[str, Any]:
    return {
        "code": entry.code,
        "name": entry.name,
        "kind": entry.kind,
        "address": entry.address,
        "phone": entry.phone,
        "days": [
            {"day": d.day.isoformat(), "working": d.working, "note": d.note} for d in entry.days
        ],
    }


def catalog_version(entries: Sequence[CatalogEntry]) -> str:
    """The catalog's version: the hash of its canonical JSON (equal content, equal version)."""
    return text_hash(json.dumps([catalog_entry_data(e) for e in entries], sort_keys=True))


def _catalog_entry(item: Any) -> CatalogEntry:
    _require(isinstance(item, dict), "a catalog agency is not an object")
    code, name, kind = item.get("code"), item.get("name"), item.get("kind")
    _require(
        isinstance(code, str) and len(code) <= 35 and bool(AGENCY_CODE_RE.fullmatch(code)),
        f"a catalog agency has a bad code {_brief(code)}",
    )
    _require(isinstance(name, str) and 0 < len(name.strip()) <= 300, f"{code}: no name")
    _require(kind in CATALOG_AGENCY_KINDS, f"{code}: bad kind {_brief(kind)}")
    address, phone = item.get("address", ""), item.get("phone", "")
    _require(isinstance(address, str) and len(address) <= 500, f"{code}: bad address")
    _require(isinstance(phone, str) and len(phone) <= 40, f"{code}: bad phone")
    days = item.get("days", [])
    _require(isinstance(days, list) and len(days) <= MAX_CATALOG_DAYS, f"{code}: bad days")
    out: list[CatalogDay] = []
    for d in days:
        _require(isinstance(d, dict), f"{code}: a day is not an object")
        try:
            day = date.fromisoformat(d.get("day", ""))
        except (TypeError, ValueError):
            raise ProtocolError(f"{code}: a day with a bad date") from None
        working, note = d.get("working"), d.get("note", "")
        _require(isinstance(working, bool), f"{code}: a day without working flag")
        _require(isinstance(note, str) and len(note) <= 300, f"{code}: a day's note")
        out.append(CatalogDay(day, working, note))
    _require(len({d.day for d in out}) == len(out), f"{code}: a day given twice")
    return CatalogEntry(code, name.strip(), cast(str, kind), address, phone, tuple(out))


def parse_agency_catalog(obj: Any) -> AgencyCatalog:
    """The hub's catalog answer, checked whole: a portal page, a truncated list or one bad
    entry is refused, so the counter keeps the copy it has."""
    _require(isinstance(obj, dict), "catalog answer is not an object")
    version, unchanged, items = obj.get("version"), obj.get("unchanged"), obj.get("agencies")
    _require(isinstance(version, str) and bool(_VERSION_RE.fullmatch(version)), "catalog version")
    _require(isinstance(unchanged, bool), "catalog answer has no unchanged flag")
    _require(
        isinstance(items, list) and len(items) <= MAX_CATALOG_AGENCIES, "catalog agencies list"
    )
    assert isinstance(items, list)
    _require(not (unchanged and items), "an unchanged catalog carries agencies")
    entries = tuple(_catalog_entry(i) for i in items)
    _require(len({e.code for e in entries}) == len(entries), "an agency given twice")
    if not unchanged:
        _require(catalog_version(entries) == version, "catalog version does not match content")
    return AgencyCatalog(cast(str, version), cast(bool, unchanged), entries, _server_time(obj))
