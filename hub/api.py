"""The hub's HTTP API (DESIGN.md section 5). Every answer is JSON, errors included.

Authentication is checked before anything else is read, so every call without a valid
device token gets 401 whatever else is wrong with it; only /health and /enroll are open.
Database work runs in the thread pool, never on the event loop."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from app.domain.codes import MAX_SLOTS
from app.sync.protocol import (
    API_PREFIX,
    MAX_BATCH,
    MAX_CHANGES_PAGE,
    ProtocolError,
    check_cursor,
    highest_codes_data,
    highest_receipts_data,
    wire_time,
)
from hub import agencies as hub_agencies
from hub import files as hub_files
from hub import receipts as hub_receipts
from hub import status_page, store
from hub.db import session_factory
from hub.limits import BodyLimit, BodyTooLarge, EnrollGuard, too_large_detail

log = logging.getLogger(__name__)
DEVICE_UID_RE = re.compile(r"[0-9A-Za-z-]{8,64}")


class _Unauthorized(Exception):
    pass


class _BadRequest(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


def _server_time() -> str:
    return wire_time(datetime.now(UTC))


async def _json_body(request: Request) -> Any:
    raw = await request.body()  # bounded while it streams by hub.limits.BodyLimit
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _BadRequest(400, "body is not JSON") from None
    except RecursionError:
        raise _BadRequest(400, "body is JSON nested too deeply") from None


def create_app(
    engine: Engine,
    *,
    enroll_guard: EnrollGuard | None = None,
    files: hub_files.FileBackend | None = None,
) -> FastAPI:
    factory = session_factory(engine)
    guard = enroll_guard or EnrollGuard()
    app = FastAPI(title="MotCua hub", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(BodyLimit, limit_for=hub_files.limit_for)  # file chunks: their own bound

    def _auth(header: str | None) -> store.DeviceInfo | None:
        with factory() as s:
            return store.authenticate(s, header)

    async def device_of(request: Request) -> store.DeviceInfo:
        device = await run_in_threadpool(_auth, request.headers.get("authorization"))
        if device is None:
            raise _Unauthorized()
        return device

    @app.exception_handler(_Unauthorized)
    async def _unauthorized(_request: Request, _exc: Exception) -> JSONResponse:
        return JSONResponse(
            {"detail": "missing, unknown or revoked device token"},
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )

    @app.exception_handler(_BadRequest)
    async def _bad_request(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, _BadRequest)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status)

    @app.exception_handler(BodyTooLarge)
    async def _too_large(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, BodyTooLarge)
        return JSONResponse(
            {"detail": too_large_detail(exc.limit)},
            status_code=413,
            headers={"Connection": "close"},
        )

    @app.exception_handler(Exception)
    async def _bug(_request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error: %s: %s", type(exc).__name__, exc)
        return JSONResponse({"detail": "internal error"}, status_code=500)

    @app.get(f"{API_PREFIX}/health")
    async def health() -> JSONResponse:
        return JSONResponse({"status": "ok", "server_time": _server_time()})

    @app.post(f"{API_PREFIX}/enroll")
    async def enroll(request: Request) -> JSONResponse:
        client = request.client.host if request.client else ""
        wait = guard.admit(client)  # before the body is read
        if wait is not None:
            return JSONResponse(
                {
                    "detail": f"too many enrollment attempts from this address; "
                    f"try again in {wait} s"
                },
                status_code=429,
                headers={"Retry-After": str(wait)},
            )
        body = await _json_body(request)
        if not isinstance(body, dict):
            raise _BadRequest(400, "body is not an object")
        code, name, agency = body.get("code"), body.get("counter_name", ""), body.get("agency_code")
        if (
            not isinstance(code, str)
            or not isinstance(name, str)
            or not (agency is None or isinstance(agency, str))
        ):
            raise _BadRequest(400, "code and counter_name must be strings")

        uid = body.get("device_uid")
        if not (uid is None or isinstance(uid, str) and DEVICE_UID_RE.fullmatch(uid)):
            raise _BadRequest(400, "device_uid must be 8 to 64 letters, digits or dashes")

        def work() -> tuple[str, str, str, int]:
            # A concurrent enrollment took the same free slot: try again. Each round one of
            # them commits, and an agency has MAX_SLOTS slots, so this many always suffice.
            attempts = MAX_SLOTS + 2
            for attempt in range(attempts):
                with factory() as s:
                    try:
                        got = store.enroll(
                            s, code=code, counter_name=name, agency_code=agency, device_uid=uid
                        )
                        s.commit()
                        return got
                    except IntegrityError:
                        s.rollback()
                        if attempt == attempts - 1:
                            raise
            raise AssertionError("unreachable")

        try:
            token, device_id, agency_code, slot = await run_in_threadpool(work)
        except store.EnrollRefused as exc:
            guard.failed(client)
            raise _BadRequest(exc.status, exc.reason) from None
        guard.succeeded(client)
        return JSONResponse(
            {"token": token, "device_id": device_id, "agency_code": agency_code, "slot": slot}
        )

    @app.post(f"{API_PREFIX}/events")
    async def events(request: Request) -> JSONResponse:
        device = await device_of(request)
        body = await _json_body(request)
        batch = body.get("events") if isinstance(body, dict) else None
        if not isinstance(batch, list):
            raise _BadRequest(400, "body must be an object with an events list")
        if len(batch) > MAX_BATCH:
            raise _BadRequest(413, f"at most {MAX_BATCH} events per request")
        results = await run_in_threadpool(store.store_events, factory, device, batch)
        return JSONResponse({"results": results, "server_time": _server_time()})

    @app.get(f"{API_PREFIX}/changes")
    async def changes(request: Request) -> JSONResponse:
        device = await device_of(request)
        cursor = request.query_params.get("cursor", "")
        limit_text = request.query_params.get("limit", "200")
        if (
            not (limit_text.isascii() and limit_text.isdigit())
            or not 1 <= int(limit_text) <= MAX_CHANGES_PAGE
        ):
            raise _BadRequest(400, f"limit must be 1 to {MAX_CHANGES_PAGE}")
        try:
            check_cursor(cursor)
        except ProtocolError as exc:
            raise _BadRequest(400, str(exc)) from None

        def work() -> tuple[list[dict[str, Any]], str, bool]:
            with factory() as s:
                return store.changes_after(s, device.agency_code, cursor, int(limit_text))

        items, next_cursor, has_more = await run_in_threadpool(work)
        return JSONResponse(
            {
                "changes": items,
                "next_cursor": next_cursor,
                "has_more": has_more,
                "server_time": _server_time(),
            }
        )

    @app.get(f"{API_PREFIX}/codes/highest")
    async def codes_highest(request: Request) -> JSONResponse:
        device = await device_of(request)
        slot_text = request.query_params.get("slot", "")
        if slot_text and not (slot_text.isascii() and slot_text.isdigit() and int(slot_text) < 10):
            raise _BadRequest(400, "slot must be 0 to 9")

        def work() -> tuple[list[str], list[tuple[str, int, str]]]:
            slot = int(slot_text) if slot_text else None
            with factory() as s:
                return (
                    store.highest_codes(s, device, slot),
                    hub_receipts.highest_receipts(s, device, slot),
                )

        codes, receipts = await run_in_threadpool(work)
        return JSONResponse(
            {
                "highest": highest_codes_data(codes),
                "receipts": highest_receipts_data(receipts),
                "server_time": _server_time(),
            }
        )

    hub_files.install_errors(app)
    backend = files or hub_files.DirectoryBackend(hub_files.files_dir_for(engine))
    hub_files.register(app, factory, device_of, backend)

    status_page.register(app, factory, files=backend)
    hub_receipts.register(app, factory, device_of)
    hub_agencies.register(app, factory, device_of)

    @app.api_route(f"{API_PREFIX}/{{rest:path}}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    async def unknown(request: Request, rest: str) -> JSONResponse:
        await device_of(request)
        return JSONResponse({"detail": "not found"}, status_code=404)

    return app
