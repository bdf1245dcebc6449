"""The pull side of receiving for another body (issue 18): the hub's route changes
(``dossier.incoming`` at the competent body, ``dossier.route`` at either side) applied to
the counter's database inside the change feed's transaction (app.services.change_feed).

A change carries the national record the other side last sent and the hub's view of the
arrangement: ``{"MaHoSo", "version", "route": {"state", "receiving", "competent",
"return_place"}, "dossier": {...}}``.

- At the competent body a dossier it does not hold yet becomes a local dossier: its
  receiving agency's row (added to the catalog when missing), this counter, the procedure
  by MaTTHC (an unknown one gets an inactive placeholder named as the wire names it, not
  offered at intake and filled in by the next catalog change: the dossier is never
  dropped), the applicant's snapshot, documents, fees and history; route AWAITING.
- A dossier held already takes the other side's status move (the legal one as is; when
  both sides moved concurrently app.domain.concurrency decides, with the competent body in
  the back office's place), the later route state (advance_route: never back), the taken
  and sent-back times and the result entries. No outbox event: the hub already knows.
- A replayed change changes nothing. A code held locally for a different dossier (another
  receiving agency or reception time) is never overwritten: it is kept as a sync problem
  (audit action ``interagency.clash``, listed by app.services.sync_problems)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.domain.concurrency import lifecycle_rank
from app.domain.dossier import TRANSITIONS, Status
from app.domain.interagency import (
    WIRE_BACK_AT,
    WIRE_TAKEN_AT,
    ReturnPlace,
    RouteState,
    Side,
    advance_route,
)
from app.domain.lookup import id_key, name_key
from app.domain.text import fold
from app.services.context import DeskContext
from app.services.remote_moves import apply_remote_move
from app.store.agencies import KIND_COMMUNE, agency_row, dossier_side, upsert_agency
from app.store.interagency import audited
from app.store.models import (
    Applicant,
    Dossier,
    DossierDocument,
    DossierFee,
    Procedure,
    StatusHistory,
)
from app.store.repositories import (
    add_audit,
    agency_by_id,
    applicant_by_id_number,
    load_dossier,
    procedure_by_code,
)
from app.sync.protocol import RESULTS_FIELD, Change, parse_wire_time

log = logging.getLogger(__name__)

#: The audit action of an incoming dossier whose code this counter holds for another one.
CLASH_ACTION = "interagency.clash"


def apply_route_change(ctx: DeskContext, s: Session, change: Change, now: datetime) -> int:
    """Apply one route change; 1 when it changed something, else 0."""
    data = change["data"]
    rec: dict[str, Any] = data["dossier"]
    route: dict[str, Any] = data["route"]
    code = str(data["MaHoSo"])
    home = ctx.service_point()[0].code
    d = load_dossier(s, code)
    if d is None:
        if route["competent"] != home:  # another counter's dossier of this agency
            return 0
        _create_incoming(ctx, s, rec, route, int(data.get("version") or 1), now)
        add_audit(
            s,
            at=now,
            actor="hub",
            action="interagency.incoming",
            entity="dossier",
            key=code,
            detail={"from": route["receiving"], "seq": change["seq"]},
        )
        return 1
    if not _same_dossier(s, d, rec, route):
        log.warning("incoming dossier %s clashes with a local dossier; kept apart", code)
        add_audit(
            s,
            at=now,
            actor="hub",
            action=CLASH_ACTION,
            entity="dossier",
            key=code,
            detail={
                "from": route["receiving"],
                "received_at": str(rec.get("NgayTiepNhan") or ""),
                "seq": change["seq"],
            },
        )
        return 1
    return _merge(ctx, s, d, rec, route, int(data.get("version") or 0), change["seq"], now)


def _same_dossier(s: Session, d: Dossier, rec: dict[str, Any], route: dict[str, Any]) -> bool:
    """Is the local dossier ``d`` the routed dossier of the change (same receiving point,
    same reception time, a routed one)?"""
    if dossier_side(s, d) is Side.OWN:
        return False
    agency = agency_by_id(s, d.agency_id)
    at = parse_wire_time(str(rec.get("NgayTiepNhan") or ""))
    # The wire carries whole seconds; the receiving point's own row keeps its microseconds.
    here = d.received_at.replace(microsecond=0)
    return agency is not None and agency.code == route["receiving"] and at == here


def _receiving_agency(s: Session, rec: dict[str, Any], code: str, now: datetime) -> int:
    row = agency_row(s, code)
    if row is None:  # the catalog has not brought it yet: a commune by default
        name = str(rec.get("DonViPhiDiaGioi") or code)[:200]
        row = upsert_agency(s, code=code, name=name, kind=KIND_COMMUNE, at=now)
    return row.id


def _procedure(s: Session, rec: dict[str, Any], now: datetime) -> Procedure:
    code = str(rec.get("MaTTHC") or "").strip()[:40] or "KHONG-RO"
    proc = procedure_by_code(s, code)
    if proc is None:
        name = str(rec.get("TenTTHC") or code)[:500]
        proc = Procedure(
            code=code,
            name=name,
            name_folded=fold(name),
            field_code=str(rec.get("MaLinhVuc") or "")[:20],
            field_name=str(rec.get("TenLinhVuc") or "")[:200],
            active=False,  # not offered at intake until the catalog brings it
            updated_at=now,
        )
        s.add(proc)
        s.flush()
        log.warning("incoming dossier of procedure %s unknown here: placeholder kept", code)
    return proc


def _applicant(s: Session, rec: dict[str, Any], now: datetime) -> Applicant:
    number = str(rec.get("SoGiayToChuHoSo") or "")[:20]
    name = str(rec.get("ChuHoSo") or "")[:200]
    person = applicant_by_id_number(s, number)
    if person is None:
        person = Applicant(
            id_number=number,
            full_name=name,
            name_folded=fold(name),
            address=str(rec.get("DiaChiChuHoSo") or "")[:500],
            phone=str(rec.get("SoDienThoai") or "")[:30],
            email=str(rec.get("Email") or "")[:200],
            kind=int(rec.get("LoaiDoiTuong") or 1),
            representative=str(rec.get("NguoiDaiDien") or "")[:200],
            updated_at=now,
        )
        s.add(person)
        s.flush()
    return person


def _documents(rec: dict[str, Any]) -> list[DossierDocument]:
    """One document per component of TaiLieuNop (a component with files has one entry per
    file: they share its code and name)."""
    out: list[DossierDocument] = []
    seen: set[tuple[str, str]] = set()
    for item in rec.get("TaiLieuNop") or []:
        if not isinstance(item, dict):
            continue
        key = (str(item.get("MaThanhPhanHoSo") or ""), str(item.get("TenThanhPhanHoSo") or ""))
        if key in seen or not key[1]:
            continue
        seen.add(key)
        out.append(
            DossierDocument(
                position=len(out),
                code=key[0][:40],
                name=key[1][:500],
                originals=int(item.get("SoBanChinh") or 0),
                copies=int(item.get("SoBanSao") or 0),
            )
        )
    return out


def _fees(rec: dict[str, Any]) -> list[DossierFee]:
    return [
        DossierFee(
            code=str(f.get("MaPhiLePhi") or "")[:40],
            name=str(f.get("TenPhiLePhi") or "")[:300],
            amount=int(f.get("Gia") or 0),
            collection=str(f.get("HinhThucThu") or "")[:20],
        )
        for f in rec.get("DanhSachLePhi") or []
        if isinstance(f, dict)
    ]


def _history(rec: dict[str, Any], received_at: datetime) -> list[StatusHistory]:
    out: list[StatusHistory] = []
    before: int | None = None
    for step in rec.get("QuaTrinhXuLy") or []:
        if not isinstance(step, dict):
            continue
        to = int(step.get("TrangThai") or 0)
        at = parse_wire_time(str(step.get("ThoiDiemXuLy") or "")) or received_at
        out.append(
            StatusHistory(
                from_status=before,
                to_status=to,
                at=at,
                actor=str(step.get("NguoiXuLy") or "")[:60],
                note=str(step.get("NoiDungXuLy") or "")[:1000],
            )
        )
        before = to
    return out


def _create_incoming(
    ctx: DeskContext,
    s: Session,
    rec: dict[str, Any],
    route: dict[str, Any],
    version: int,
    now: datetime,
) -> Dossier:
    agency, counter_id, _ = ctx.service_point()
    home_row = agency_row(s, agency.code)
    assert home_row is not None
    received_at = parse_wire_time(str(rec.get("NgayTiepNhan") or "")) or now
    proc = _procedure(s, rec, now)
    person = _applicant(s, rec, now)
    fees = _fees(rec)
    name = str(rec.get("ChuHoSo") or "")[:200]
    number = str(rec.get("SoGiayToChuHoSo") or "")[:20]
    status = int(rec.get("TrangThaiHoSo") or int(Status.RECEIVED))
    state = advance_route(RouteState.RECEIVED, RouteState(int(route["state"])))
    d = Dossier(
        code=str(rec["MaHoSo"]),
        agency_id=_receiving_agency(s, rec, str(route["receiving"]), now),
        counter_id=counter_id,
        procedure_id=proc.id,
        applicant_id=person.id,
        receiver_id=None,
        applicant_name=name,
        name_folded=fold(name),
        id_number=number,
        name_key=name_key(name),
        id_key=id_key(number),
        address=str(rec.get("DiaChiChuHoSo") or "")[:500],
        phone=str(rec.get("SoDienThoai") or "")[:30],
        email=str(rec.get("Email") or "")[:200],
        notify_channels=str(rec.get("KenhThongBao") or "")[:40],
        applicant_kind=int(rec.get("LoaiDoiTuong") or 1),
        representative=str(rec.get("NguoiDaiDien") or "")[:200],
        channel=int(rec.get("KenhThucHien") or 1),
        status=status,
        assisted=bool(rec.get("HoTroTrucTuyen")),
        post_receipt_no=str(rec.get("SoBienNhanBuuChinh") or "")[:40],
        result_delivery="post" if rec.get("HinhThuc") == 1 else "counter",
        summary=str(rec.get("TrichYeuHoSo") or "")[:1000],
        processing_amount=proc.processing_amount,
        processing_unit=proc.processing_unit,
        received_at=received_at,
        appointment_at=parse_wire_time(str(rec.get("NgayHenTra") or "")),
        fee_total=sum(f.amount for f in fees),
        book_ordinal=0,
        version=max(version, 1),
        updated_at=now,
        competent_agency_id=home_row.id,
        route_state=int(max(state, RouteState.AWAITING)),
        return_place=_place(route).value,
        route_taken_at=parse_wire_time(str(rec.get(WIRE_TAKEN_AT) or "")),
        route_back_at=parse_wire_time(str(rec.get(WIRE_BACK_AT) or "")),
        documents=_documents(rec),
        fees=fees,
        history=_history(rec, received_at),
    )
    s.add(d)
    s.flush()
    return d


def _place(route: dict[str, Any]) -> ReturnPlace:
    return ReturnPlace.COMPETENT if route.get("return_place") == 2 else ReturnPlace.RECEIVING


def _merge(
    ctx: DeskContext,
    s: Session,
    d: Dossier,
    rec: dict[str, Any],
    route: dict[str, Any],
    version: int,
    seq: int,
    now: datetime,
) -> int:
    """The other side's news of a dossier held here; 0 when it changes nothing."""
    changed = 0
    if RESULTS_FIELD in rec and dossier_side(s, d) is Side.FOR_OTHER:
        from app.services.results import take_hub_results

        changed += take_hub_results(s, d, rec[RESULTS_FIELD] or [], seq=seq, now=now)
    state = advance_route(RouteState(d.route_state), RouteState(int(route["state"])))
    if state != d.route_state:
        d.route_state = int(state)
        changed += 1
    taken = parse_wire_time(str(rec.get(WIRE_TAKEN_AT) or ""))
    back = parse_wire_time(str(rec.get(WIRE_BACK_AT) or ""))
    if taken is not None and d.route_taken_at is None:
        d.route_taken_at, changed = taken, changed + 1
    if back is not None and d.route_back_at is None:
        d.route_back_at, changed = back, changed + 1
    changed += _status(ctx, s, d, rec, seq, now)
    if version > d.version:  # the next local move numbers past the other side's
        d.version = version
    if changed:
        d.updated_at = now
    return 1 if changed else 0


def _status(
    ctx: DeskContext, s: Session, d: Dossier, rec: dict[str, Any], seq: int, now: datetime
) -> int:
    """The other side's status: applied when it is a legal move from here; when both
    moved concurrently the further one wins (app.domain.concurrency), the competent body
    in the back office's place; the losing move kept as a noted history line."""
    to = Status(int(rec.get("TrangThaiHoSo") or d.status))
    src = Status(d.status)
    if to == src:
        return 0
    steps = rec.get("QuaTrinhXuLy") or []
    last = steps[-1] if steps and isinstance(steps[-1], dict) else {}
    at = parse_wire_time(str(last.get("ThoiDiemXuLy") or "")) or now
    actor = str(last.get("NguoiXuLy") or "hub")[:60]
    note = str(rec.get("GhiChu") or "")
    competent_here = dossier_side(s, d) is Side.FROM_OTHER
    # The other side moved on from the status shown here (its history holds it): its
    # later moves are simply applied, however many steps this side missed.
    saw = any(isinstance(h, dict) and h.get("TrangThai") == int(src) for h in steps)
    apply_remote_move(
        ctx,
        s,
        d,
        to=to,
        at=at,
        actor=actor,
        note=note,
        now=now,
        decide=to not in TRANSITIONS[src]
        and not (saw and lifecycle_rank(to) > lifecycle_rank(src)),
        local_is_office=competent_here,
        applied="interagency.advance",
        skipped="interagency.move_skipped",
        detail={"from": int(src), "to": int(to), "seq": seq},
    )
    return 1


def incoming_clashes(ctx: DeskContext) -> list[tuple[str, str, datetime]]:
    """(code, receiving agency, when) of each incoming dossier kept apart, newest first."""
    with ctx.db.read_session() as s:
        return audited(s, CLASH_ACTION)


__all__ = ["apply_route_change", "incoming_clashes", "CLASH_ACTION"]
