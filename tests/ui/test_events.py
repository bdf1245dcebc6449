"""Screens learn of changes from the one event object (ui/events.py), not by calling each
other: a dossier saved in the intake shows in a queue that nobody wired to the intake."""

from __future__ import annotations

from conftest import CCCD_QR

from ui.intake import IntakeForm
from ui.queue import QueueScreen


def test_a_dossier_saved_in_intake_refreshes_the_queue_through_the_events(qtbot, session):
    queue = QueueScreen(session)
    qtbot.addWidget(queue)
    with qtbot.waitSignal(queue.model.page_loaded, timeout=10_000):
        queue.refresh()
    before = [r.row.code for r in queue.model.rows]
    form = IntakeForm(session)  # no window: no wiring between the two screens
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    form.scanner.setText(CCCD_QR)
    assert form.scan_entered()
    form.set_procedure(form.matching_procedures("1.001193")[0])
    with qtbot.waitSignal(session.events.dossier_changed, timeout=10_000) as announced:
        form.save()
    code = announced.args[0]
    assert code not in before
    qtbot.waitUntil(lambda: code in [r.row.code for r in queue.model.rows], timeout=10_000)


def test_a_catalog_change_reloads_the_intake_search(qtbot, session):
    form = IntakeForm(session)
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
    form.procedures = ()  # what the form holds in memory, forgotten
    session.events.catalog_changed.emit()  # what the supervisor's catalog announces
    qtbot.waitUntil(lambda: bool(form.procedures), timeout=5000)
