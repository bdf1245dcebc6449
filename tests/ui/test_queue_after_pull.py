"""A dossier another point received for this body comes in with a background sync round:
the dossier list and the hand-over tab show it without F5 (issue 18's walkthrough: B's
list stayed without it after the round at login). A real hub process, two counters."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from app.services.demo import random_person
from app.services.dossiers import get_dossier, receive_dossier
from app.services.enrolment import enroll
from app.services.sync import sync_once
from tests.helpers.interagency import A_CODE, A_NAME, B_CODE, add_catalog, open_body_b
from ui.mainwindow import MainWindow


def test_a_round_that_pulls_an_incoming_dossier_refreshes_the_list(  # type: ignore[no-untyped-def]
    qtbot, session, clock, hub, tmp_path: Path
) -> None:
    clock.now = datetime.now(UTC).replace(microsecond=0)  # the hub runs on the real clock
    other = open_body_b(tmp_path / "point", clock, demo=False)  # ward B receives for us
    try:
        enroll(other, hub_url=hub.url, code=hub.enrolment_code(B_CODE))
        add_catalog(other, A_CODE, A_NAME)
        code = receive_dossier(
            other,
            procedure_code="1.001193",
            applicant=random_person(random.Random(8)),
            competent_agency=A_CODE,
        ).code
        assert sync_once(other).outcome == "ok"
    finally:
        other.db.dispose()
    enroll(session.ctx, hub_url=hub.url, code=hub.enrolment_code(A_CODE))
    window = MainWindow(session, start_sync=False, sync_interval_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    queue = window.queue
    qtbot.waitUntil(lambda: queue.model.rows is not None and queue.count_label.text() != "")
    qtbot.wait(200)
    assert code not in [r.row.code for r in queue.model.rows]
    with qtbot.waitSignal(window.sync.synced, timeout=20_000) as round_:
        window.sync.sync_now()  # the background round (not F5: the list is not reloaded)
    assert round_.args[0].pulled >= 1
    assert get_dossier(session.ctx, code=code).code == code  # it is here: only the list lags
    qtbot.waitUntil(lambda: code in [r.row.code for r in queue.model.rows], timeout=10_000)
