"""Receiving for another body (issue 18) at the command line: ``route CODE`` (where the
arrangement of a dossier stands), ``incoming`` (dossiers other points received for this
body, waiting to be taken), ``take CODE`` and ``send-back CODE`` at the competent body.
``intake --for CODE --return-at receiving|competent`` is in app/cli/dossiers.py."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import desk_context, emit, vn
from app.domain.dossier import DossierRecord
from app.domain.errors import DeskError
from app.domain.interagency import ReturnPlace


def _place_vi(place: ReturnPlace | None) -> str:
    if place is ReturnPlace.COMPETENT:
        return "tại cơ quan có thẩm quyền"
    return "tại nơi tiếp nhận"


def return_place_arg(value: str | None, competent: str | None) -> ReturnPlace | None:
    """``--return-at``: receiving or competent, and only with ``--for``."""
    if value is None:
        return None
    try:
        place = ReturnPlace(value.strip().lower())
    except ValueError:
        raise DeskError("interagency.return_place", value=value[:40]) from None
    if not competent:
        raise DeskError("interagency.return_without_for")
    return place


def route_lines(rec: DossierRecord) -> list[str]:
    """The lines of ``show`` naming both agencies and the arrangement's state."""
    if not rec.routed:
        return []
    return [
        f"Nơi tiếp nhận: {rec.agency.name} ({rec.agency.code})",
        f"Cơ quan có thẩm quyền: {rec.competent_agency.name} ({rec.competent_agency.code})",
        f"Phi địa giới: {rec.route_state.label_vi}",
        f"Trả kết quả: {_place_vi(rec.return_place)}",
    ]


def _route_data(rec: DossierRecord) -> dict[str, Any]:
    return {
        "code": rec.code,
        "agency": {"code": rec.agency.code, "name": rec.agency.name},
        "competent_agency": {
            "code": rec.competent_agency.code,
            "name": rec.competent_agency.name,
        },
        "routed": rec.routed,
        "route_state": int(rec.route_state),
        "route_state_label": rec.route_state.label_vi,
        "return_place": rec.return_place.value if rec.return_place else "",
        "route_taken_at": rec.route_taken_at,
        "route_back_at": rec.route_back_at,
        "status": int(rec.status),
    }


def _route_text(rec: DossierRecord) -> str:
    lines = route_lines(rec) or [f"Hồ sơ {rec.code} là hồ sơ của chính cơ quan tiếp nhận."]
    if rec.route_taken_at:
        lines.append(f"Cơ quan có thẩm quyền tiếp nhận: {vn(rec.route_taken_at)}")
    if rec.route_back_at:
        lines.append(f"Gửi trả kết quả về nơi tiếp nhận: {vn(rec.route_back_at)}")
    return "\n".join([f"Mã hồ sơ: {rec.code}", *lines])


def cmd_route(args: argparse.Namespace) -> int:
    from app.services.dossiers import get_dossier

    rec = get_dossier(desk_context(args), code=args.code)
    emit(args, _route_data(rec), _route_text(rec))
    return 0


def cmd_take(args: argparse.Namespace) -> int:
    from app.services.interagency import take_incoming

    rec = take_incoming(desk_context(args), args.code, note=args.note or "")
    emit(args, _route_data(rec), f"Hồ sơ {rec.code}: {rec.route_state.label_vi}")
    return 0


def cmd_send_back(args: argparse.Namespace) -> int:
    from app.services.interagency import send_result_back

    rec = send_result_back(desk_context(args), args.code, note=args.note or "")
    emit(args, _route_data(rec), f"Hồ sơ {rec.code}: {rec.route_state.label_vi}")
    return 0


def cmd_incoming(args: argparse.Namespace) -> int:
    from app.services.interagency import list_incoming

    rows = list_incoming(desk_context(args), waiting_only=not args.all)
    text = "\n".join(
        f"{r.code}  {r.receiving_name}  {r.applicant_name}  {r.route_state.label_vi}  "
        f"hẹn {vn(r.appointment_at)}"
        for r in rows
    )
    emit(args, rows, text or "Không có hồ sơ nào nơi khác tiếp nhận hộ đang chờ.")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add route, incoming, take and send-back."""
    p = sub.add_parser("route", parents=[common], help="tình trạng tiếp nhận phi địa giới")
    p.add_argument("code")
    p.set_defaults(func=cmd_route)
    p = sub.add_parser(
        "incoming", parents=[common], help="hồ sơ nơi khác tiếp nhận hộ, chờ tiếp nhận"
    )
    p.add_argument("--all", action="store_true", help="cả hồ sơ đã tiếp nhận")
    p.set_defaults(func=cmd_incoming)
    p = sub.add_parser("take", parents=[common], help="tiếp nhận hồ sơ từ nơi khác")
    p.add_argument("code")
    p.add_argument("--note")
    p.set_defaults(func=cmd_take)
    p = sub.add_parser("send-back", parents=[common], help="gửi trả kết quả về nơi tiếp nhận")
    p.add_argument("code")
    p.add_argument("--note")
    p.set_defaults(func=cmd_send_back)
