"""A void of a dossier received for another body asks the side's rule
(app.domain.interagency.check_side_move, a move to status 8) like every other status move:
the competent body may not void a dossier another point received before it took it (the
detail window greys the button by the same rule)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from app.domain.corrections import VOID_STATUS
from app.domain.errors import DeskError
from app.domain.interagency import RouteState
from app.services.demo import random_person
from app.services.dossiers import get_dossier, receive_dossier, void_dossier
from app.services.interagency import take_incoming
from app.store.agencies import KIND_COMMUNE
from app.sync.protocol import CHANGE_INCOMING
from tests.helpers.interagency import A_CODE, A_NAME, B_CODE, add_catalog, open_body_b, route_change


def test_the_competent_body_voids_only_what_it_took(desk, tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    other = open_body_b(tmp_path / "point", clock)  # ward B receives for the demo agency
    try:
        add_catalog(other, A_CODE, A_NAME, KIND_COMMUNE)
        code = receive_dossier(
            other,
            procedure_code="1.001193",
            applicant=random_person(random.Random(9)),
            competent_agency=A_CODE,
        ).code
        route_change(
            desk,
            other,
            code,
            state=RouteState.AWAITING,
            kind=CHANGE_INCOMING,
            receiving=B_CODE,
            competent=A_CODE,
        )
    finally:
        other.db.dispose()
    with pytest.raises(DeskError) as refused:
        void_dossier(desk, code=code, reason="Nhập nhầm người nộp")
    assert refused.value.key == "interagency.not_taken"
    assert get_dossier(desk, code=code).status != VOID_STATUS  # nothing written
    take_incoming(desk, code)
    voided = void_dossier(desk, code=code, reason="Nhập nhầm người nộp")
    assert voided.status == VOID_STATUS and voided.route_state is RouteState.PROCESSING


def test_the_receiving_point_voids_its_entry_mistake_until_the_body_took_it(
    desk, tmp_path: Path, clock
) -> None:  # type: ignore[no-untyped-def]
    """A clerk who typed the wrong citizen may void the dossier while it waits for the
    competent body, as for an own dossier; once the body took it, only the body acts."""
    from tests.helpers.interagency import catalog_for_a

    catalog_for_a(desk)
    body = open_body_b(tmp_path / "b", clock)
    try:
        first, second = (
            receive_dossier(
                desk,
                procedure_code="1.001193",
                applicant=random_person(random.Random(n)),
                competent_agency=B_CODE,
            ).code
            for n in (11, 12)
        )
        voided = void_dossier(desk, code=first, reason="Nhập nhầm người nộp")
        assert voided.status == VOID_STATUS and voided.route_state is RouteState.RECEIVED
        # The body takes the second one; the point may no longer void it.
        route_change(body, desk, second, state=RouteState.AWAITING, kind=CHANGE_INCOMING)
        take_incoming(body, second)
        route_change(desk, body, second, state=RouteState.PROCESSING)
        assert get_dossier(desk, code=second).route_state is RouteState.PROCESSING
        with pytest.raises(DeskError) as refused:
            void_dossier(desk, code=second, reason="Nhập nhầm người nộp")
        assert refused.value.key == "interagency.not_competent"
    finally:
        body.db.dispose()
