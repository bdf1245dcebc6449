"""Revision 0010 on the kept database of schema 0007: every applicant and dossier is a
citizen typed in (kind 1, no VNeID flag), and a dossier already waiting for a supplement
gets its open request from the move into 5, so its completion is recorded after the
upgrade."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from app.domain.dossier import Status
from app.domain.organisation import ApplicantKind
from app.services.context import open_desk
from app.services.demo import DEMO_PASSWORD
from app.services.dossiers import get_dossier
from app.services.supplements import complete_supplement
from app.services.users import log_in

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0007.sqlite3"


def test_0007_upgrades_with_waiting_supplements_kept(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    db = data / "motcua.sqlite3"
    shutil.copy(FIXTURE, db)
    con = sqlite3.connect(db)
    (dossier_id, code) = con.execute(
        "SELECT id, code FROM dossier WHERE status = 4 ORDER BY id LIMIT 1"
    ).fetchone()
    con.execute("UPDATE dossier SET status = 5 WHERE id = ?", (dossier_id,))
    con.execute(
        "INSERT INTO status_history (dossier_id, from_status, to_status, at, actor, note) "
        "VALUES (?, 4, 5, '2025-09-26 02:00:00.000000', 'canbo1', 'Thiếu tờ khai CT01')",
        (dossier_id,),
    )
    con.commit()
    con.close()

    ctx = open_desk(data)
    try:
        clerk = log_in(ctx, username="canbo1", password=DEMO_PASSWORD)
        rec = get_dossier(clerk, code=code)
        assert rec.applicant.kind == ApplicantKind.CITIZEN
        assert not rec.applicant.identity_verified
        (req,) = rec.supplements
        assert req.open and req.note == "Thiếu tờ khai CT01" and req.requested_by == "canbo1"
        assert req.due_before == rec.appointment_at
        done = complete_supplement(clerk, code=code)
        assert done.status == Status.PROCESSING and not done.supplements[0].open
    finally:
        ctx.db.dispose()
    con = sqlite3.connect(db)
    kinds = con.execute("SELECT DISTINCT kind FROM applicant").fetchall()
    assert kinds == [(1,)]
    assert con.execute("SELECT count(*) FROM supplement_request").fetchone() == (1,)
    con.close()
