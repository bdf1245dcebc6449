"""The reference e-receipt gateway of the city (issue 16): a counter asks it to issue the
electronic receipt of a fee it collected and gets the receipt's lookup code (mã tra cứu).

- Only an enrolled device may ask, and only for its own agency: the dossier code and the
  receipt's MaDonVi must both be of the device's agency (403 otherwise).
- Exactly-once effect: the request's event_id is its idempotency key. A retried request
  after a lost answer gets the same lookup code ("duplicate"); so does a request for the
  same receipt number of the agency with the same content under another id (a requeued
  event). The same key with other content is refused (409), so one payment never makes
  two receipts and one receipt number never covers two payments.
- The body is bounded while it streams (hub.limits.BODY_LIMITS) before it is parsed.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker
from starlette.concurrency import run_in_threadpool

from app.domain.codes import parse_code
from app.sync.protocol import (
    API_PREFIX,
    ERECEIPT_PATH,
    CheckedReceipt,
    ProtocolError,
    validate_ereceipt_request,
    wire_time,
)
from hub.models import HubBase, utc_now

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over a phone


class HubEreceipt(HubBase):
    """One issued electronic receipt."""

    __tablename__ = "hub_ereceipt"
    __table_args__ = (
        UniqueConstraint(
            "agency_code", "year", "symbol", "number", name="uq_hub_ereceipt_agency_number"
        ),
    )
    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(35))
    dossier_code: Mapped[str] = mapped_column(String(60), index=True)
    year: Mapped[int] = mapped_column(Integer)
    symbol: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(8))
    amount: Mapped[int] = mapped_column(Integer)
    payload_hash: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    lookup_code: Mapped[str] = mapped_column(String(40), unique=True)
    device_id: Mapped[str] = mapped_column(String(36))
    issued_at: Mapped[datetime] = mapped_column(DateTime)


class HubEreceiptVoid(HubBase):
    """The cancellation of one receipt, voided at the counter (kept whatever the order in
    which the issue and the void arrive)."""

    __tablename__ = "hub_ereceipt_void"
    __table_args__ = (
        UniqueConstraint(
            "agency_code", "year", "symbol", "number", name="uq_hub_ereceipt_void_number"
        ),
    )
    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(35))
    year: Mapped[int] = mapped_column(Integer)
    symbol: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text)
    payload_hash: Mapped[str] = mapped_column(String(64))
    voided_at: Mapped[datetime] = mapped_column(DateTime)


def highest_receipts(
    s: Session, device: Any, slot: int | None = None
) -> list[tuple[str, int, str]]:
    """The highest receipt number per (agency, year, slot) the gateway issued for this
    device and, with ``slot``, for any device of its agency in that slot (the number's
    first digit: the series is slot-partitioned): a restored counter carries its biên lai
    series past them, as it does its dossier codes (hub/store.highest_codes)."""
    mine = HubEreceipt.device_id == device.id
    if slot is not None:
        mine = or_(
            mine,
            (HubEreceipt.agency_code == device.agency_code)
            & (func.substr(HubEreceipt.number, 1, 1) == str(int(slot))),
        )
    rows = s.execute(
        select(HubEreceipt.agency_code, HubEreceipt.year, func.max(HubEreceipt.number))
        .where(mine)
        .group_by(HubEreceipt.agency_code, HubEreceipt.year, func.substr(HubEreceipt.number, 1, 1))
    ).all()
    return sorted((str(a), int(y), str(n)) for a, y, n in rows if n)


class Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


def new_lookup_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(12))


def _same(row: HubEreceipt, req: CheckedReceipt) -> dict[str, str]:
    if row.payload_hash != req.payload_hash:
        raise Refused(409, "conflict: this receipt was already issued with different content")
    return {"event_id": req.event_id, "result": "duplicate", "lookup_code": row.lookup_code}


def issue(s: Session, agency_code: str, device_id: str, body: Any) -> dict[str, str]:
    """Issue (or find again) the e-receipt of one request; Refused says why not."""
    try:
        req = validate_ereceipt_request(body)
    except ProtocolError as exc:
        raise Refused(400, str(exc)) from None
    parsed = parse_code(req.dossier_code)
    receipt = req.receipt
    if parsed is None or parsed.agency_code != agency_code or receipt["MaDonVi"] != agency_code:
        raise Refused(403, "this device may ask receipts of its own agency only")
    key = (agency_code, receipt["NamBienLai"], receipt["KyHieuBienLai"], receipt["SoBienLai"])
    if req.void:
        return _void(s, key, req)
    row = s.get(HubEreceipt, req.event_id)
    if row is not None:
        return _same(row, req)
    row = s.scalar(
        select(HubEreceipt).where(
            HubEreceipt.agency_code == key[0],
            HubEreceipt.year == key[1],
            HubEreceipt.symbol == key[2],
            HubEreceipt.number == key[3],
        )
    )
    if row is not None:
        return _same(row, req)
    row = HubEreceipt(
        event_id=req.event_id,
        agency_code=agency_code,
        dossier_code=req.dossier_code,
        year=key[1],
        symbol=key[2],
        number=key[3],
        amount=receipt["SoTien"],
        payload_hash=req.payload_hash,
        payload=req.payload_text,
        lookup_code=new_lookup_code(),
        device_id=device_id,
        issued_at=utc_now(),
    )
    s.add(row)
    s.commit()
    return {"event_id": req.event_id, "result": "issued", "lookup_code": row.lookup_code}


def _void(s: Session, key: tuple[str, int, str, str], req: CheckedReceipt) -> dict[str, str]:
    """Cancel the receipt ``key`` (once); the answer carries its lookup code if issued."""
    issued = s.scalar(
        select(HubEreceipt.lookup_code).where(
            HubEreceipt.agency_code == key[0],
            HubEreceipt.year == key[1],
            HubEreceipt.symbol == key[2],
            HubEreceipt.number == key[3],
        )
    )
    answer = {"event_id": req.event_id, "result": "voided", "lookup_code": issued or ""}
    done = s.get(HubEreceiptVoid, req.event_id) or s.scalar(
        select(HubEreceiptVoid).where(
            HubEreceiptVoid.agency_code == key[0],
            HubEreceiptVoid.year == key[1],
            HubEreceiptVoid.symbol == key[2],
            HubEreceiptVoid.number == key[3],
        )
    )
    if done is not None:
        if done.payload_hash != req.payload_hash:
            raise Refused(409, "conflict: this receipt was already voided with other content")
        return answer
    s.add(
        HubEreceiptVoid(
            event_id=req.event_id,
            agency_code=key[0],
            year=key[1],
            symbol=key[2],
            number=key[3],
            reason=req.receipt["LyDo"],
            payload_hash=req.payload_hash,
            voided_at=utc_now(),
        )
    )
    s.commit()
    return answer


def register(app: FastAPI, factory: sessionmaker[Session], device_of: Callable[..., Any]) -> None:
    """The gateway's route, before the API's catch-all route."""

    def work(agency: str, device: str, body: Any) -> dict[str, str]:
        for _attempt in range(3):
            with factory() as s:
                try:
                    return issue(s, agency, device, body)
                except IntegrityError:  # the same request twice at once: read the winner
                    s.rollback()
        raise Refused(503, "busy, try again")

    @app.post(f"{API_PREFIX}{ERECEIPT_PATH}")
    async def ereceipts(request: Request) -> JSONResponse:
        device = await device_of(request)  # before the body is read
        raw = await request.body()
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return JSONResponse({"detail": "body is not JSON"}, status_code=400)
        try:
            answer = await run_in_threadpool(work, device.agency_code, device.id, body)
        except Refused as exc:
            return JSONResponse({"detail": exc.detail}, status_code=exc.status)
        return JSONResponse({**answer, "server_time": wire_time(datetime.now(UTC))})
