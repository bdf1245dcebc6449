"""The status strip says "another process is syncing" (with the waiting count) while
another process holds the sync lock, not the "synced" an older round left."""

from __future__ import annotations

from app.services.dossiers import ApplicantInput, receive_dossier
from app.services.sync_status import K_DEVICE, K_HUB_URL, K_OUTCOME, sync_status, write_state
from tests.integration.test_sync_busy import LockHeldElsewhere
from ui.syncstrip import SyncStrip


def test_strip_shows_busy_while_another_process_syncs(qtbot, session):
    ctx = session.ctx
    with ctx.db.session() as s:  # as a counter enrolled whose last round went well
        write_state(s, {K_HUB_URL: "http://127.0.0.1:9", K_DEVICE: "dev-1", K_OUTCOME: "ok"})
        s.commit()
    strip = SyncStrip()
    qtbot.addWidget(strip)
    strip.show_status(sync_status(ctx))
    assert strip.state.text() == "Đã kết nối, đã đồng bộ"
    receive_dossier(
        ctx, procedure_code="1.001193", applicant=ApplicantInput("Hồ Thị Lan", "001190000777")
    )
    held = LockHeldElsewhere(ctx.data_dir)
    try:
        strip.show_status(sync_status(ctx))
        assert strip.state.text() == "Tiến trình khác đang đồng bộ"
        assert strip.waiting.text() == "Chờ gửi: 1 hồ sơ"
        assert "1 hồ sơ chờ gửi" in strip.state.toolTip()
    finally:
        held.release()
    strip.show_status(sync_status(ctx))
    assert strip.state.text() == "Đã kết nối, đã đồng bộ"
