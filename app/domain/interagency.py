"""Receiving regardless of administrative boundary ("tiếp nhận phi địa giới"): a service
point receives a dossier for another competent body (another commune or a city body).

A dossier then has two agencies. The *receiving point* (``Dossier.agency``) allocates its
code and prints the receipt; the *competent body* (``Dossier.competent_agency``) processes
it and issues the result. An own dossier has no competent agency of its own: it is its
receiving agency's. The arrangement moves through the states of ``RouteState``, which
both sides see (digitisation.md section 7: DonViPhiDiaGioi, NgayNhanPhiDiaGioi,
NgayGuiPhiDiaGioi, NgayTraPhiDiaGioi and the states received / in processing / result
returned / waiting for the receiving unit; ours split "received" in two).

This module is the one home of the states, their legal order and their wire names.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class RouteState(IntEnum):
    """Where a dossier received for another body stands (``TrangThaiPhiDiaGioi``)."""

    #: An own dossier: received and processed by the same agency.
    NONE = 0
    #: Received at this point for another body; not yet known to the hub.
    RECEIVED = 1
    #: Routed by the hub to the competent body, which has not taken it yet.
    AWAITING = 2
    #: The competent body took it (its counter received the papers or accepted it).
    PROCESSING = 3
    #: The competent body sent the result back to the receiving point.
    RESULT_SENT_BACK = 4
    #: The result was returned to the citizen (at either place).
    RETURNED = 5

    @property
    def label_vi(self) -> str:
        return _LABEL_VI[self]

    @property
    def label_en(self) -> str:
        return _LABEL_EN[self]


_LABEL_VI = {
    RouteState.NONE: "",
    RouteState.RECEIVED: "Đã tiếp nhận hộ cơ quan khác",
    RouteState.AWAITING: "Chờ cơ quan có thẩm quyền tiếp nhận",
    RouteState.PROCESSING: "Đang xử lý tại cơ quan có thẩm quyền",
    RouteState.RESULT_SENT_BACK: "Đã gửi trả kết quả về nơi tiếp nhận",
    RouteState.RETURNED: "Đã trả kết quả cho công dân",
}
_LABEL_EN = {
    RouteState.NONE: "",
    RouteState.RECEIVED: "Received for another body",
    RouteState.AWAITING: "Waiting for the competent body to take it",
    RouteState.PROCESSING: "In processing at the competent body",
    RouteState.RESULT_SENT_BACK: "Result sent back to the receiving point",
    RouteState.RETURNED: "Result returned to the citizen",
}

#: The legal forward moves. A state never goes back; RESULT_SENT_BACK is skipped when the
#: citizen collects the result at the competent body. Moves that arrive late (an older
#: state after a newer one) are ignored by ``advance_route``, so both sides converge.
ROUTE_MOVES: dict[RouteState, frozenset[RouteState]] = {
    RouteState.NONE: frozenset(),
    RouteState.RECEIVED: frozenset({RouteState.AWAITING, RouteState.PROCESSING}),
    RouteState.AWAITING: frozenset({RouteState.PROCESSING}),
    RouteState.PROCESSING: frozenset({RouteState.RESULT_SENT_BACK, RouteState.RETURNED}),
    RouteState.RESULT_SENT_BACK: frozenset({RouteState.RETURNED}),
    RouteState.RETURNED: frozenset(),
}


def advance_route(current: RouteState, wanted: RouteState) -> RouteState:
    """The state after ``wanted`` is reported: it if it is a later state, else ``current``
    (a replayed or late report changes nothing). NONE never becomes routed this way."""
    if current is RouteState.NONE or wanted <= current:
        return current
    return wanted


def can_move(current: RouteState, wanted: RouteState) -> bool:
    return wanted in ROUTE_MOVES[current]


class ReturnPlace(StrEnum):
    """Where the citizen chose to collect the result of a dossier received for another body."""

    RECEIVING = "receiving"  # at the service point that received it
    COMPETENT = "competent"  # at the competent body

    @property
    def wire(self) -> int:
        return 1 if self is ReturnPlace.RECEIVING else 2


class Side(StrEnum):
    """What this counter is for a dossier: its own, received for another, or from another."""

    OWN = "own"
    FOR_OTHER = "for_other"  # we received it; another body is competent
    FROM_OTHER = "from_other"  # another point received it; we are competent


def side_of(home_agency: str, receiving_agency: str, competent_agency: str) -> Side:
    if receiving_agency == competent_agency:
        return Side.OWN
    if receiving_agency == home_agency:
        return Side.FOR_OTHER
    return Side.FROM_OTHER


# --- wire names (HoSoDongBoDVC; MaDonViXuLy and NoiTraKetQua are ours) ---------------------
#: The competent body's electronic code (equal to MaDonVi for an own dossier).
WIRE_COMPETENT_CODE = "MaDonViXuLy"
#: The competent body's name (the national field; before this issue the receiving agency's).
WIRE_COMPETENT_NAME = "DonViXuLy"
#: The receiving point's name, only for a dossier received for another body.
WIRE_RECEIVING_NAME = "DonViPhiDiaGioi"
WIRE_RECEIVING_CLERK = "NguoiNhanPhiDiaGioi"
WIRE_ROUTE_STATE = "TrangThaiPhiDiaGioi"
#: When the competent body took it, when the papers were sent, when the result came back.
WIRE_TAKEN_AT = "NgayNhanPhiDiaGioi"
WIRE_SENT_AT = "NgayGuiPhiDiaGioi"
WIRE_BACK_AT = "NgayTraPhiDiaGioi"
#: 1 = at the receiving point, 2 = at the competent body.
WIRE_RETURN_PLACE = "NoiTraKetQua"


#: TrangThaiHoSo values the arrangement looks at (app.domain.dossier.Status; kept as plain
#: numbers here so that this module imports nothing of the dossier's).
_REFUSED, _RESOLVED, _RETURNED = 3, 9, 10


def check_side_move(
    side: Side,
    state: RouteState,
    place: ReturnPlace | None,
    src: int,
    to: int,
    *,
    void: bool = False,
) -> RouteState:
    """The route state after a status move from ``src`` to ``to`` made on this side of a
    dossier, or DeskError when this side may not make it.

    - Own dossier: every move, the route untouched.
    - The receiving point (FOR_OTHER) processes nothing: it may refuse at the counter
      before the competent body took the dossier, and hand the result to the citizen
      (status 10) once it came back (RESULT_SENT_BACK); that move makes it RETURNED. It
      may also void its own entry mistake (``void``) until the body took the dossier.
    - The competent body (FROM_OTHER) processes it once taken (PROCESSING), and hands the
      result over itself when the citizen collects it there; a result to be collected at
      the receiving point is sent back (send_result_back), not handed over here."""
    from app.domain.errors import DeskError

    if side is Side.OWN:
        return state
    if side is Side.FOR_OTHER:
        if to == _RETURNED and state is RouteState.RESULT_SENT_BACK:
            return RouteState.RETURNED
        if (to == _REFUSED or void) and state <= RouteState.AWAITING:
            return state
        raise DeskError("interagency.not_competent", state=state.label_vi, state_en=state.label_en)
    if state < RouteState.PROCESSING:
        raise DeskError("interagency.not_taken")
    if state >= RouteState.RESULT_SENT_BACK:
        raise DeskError("interagency.sent_back", state=state.label_vi, state_en=state.label_en)
    if to == _RETURNED and src != to:
        if (place or ReturnPlace.RECEIVING) is ReturnPlace.RECEIVING:
            raise DeskError("interagency.return_at_receiving")
        return RouteState.RETURNED
    return state
