"""The one event object of a window tree: what changed in the database, announced by the
screen whose work changed it, heard by every screen that shows it (STYLE 17, as Anki's
``operation_did_execute``). Screens never call each other's reload methods."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DeskEvents(QObject):
    """Changes the screens announce to each other.

    Connect bound methods of QObjects (they are disconnected when the screen goes), not
    lambdas that outlive the screen.

    Signals:
        dossier_changed(str): one dossier was received, moved or voided (its code).
        dossiers_changed(): several dossiers changed at once (a hand-over list received).
        sync_state_changed(): a sync round ended or its status was re-read.
        dossiers_pulled(): a sync round applied changes from the hub (dossiers other
            counters or bodies received or moved); unlike dossiers_changed it asks no round.
        catalog_changed(): a procedure was added, edited, or turned on or off.
        calendar_changed(): a holiday or make-up working day was set or cleared.
        users_changed(): an account was added, changed, or had its password reset.
    """

    dossier_changed = Signal(str)
    dossiers_changed = Signal()
    sync_state_changed = Signal()
    dossiers_pulled = Signal()
    catalog_changed = Signal()
    calendar_changed = Signal()
    users_changed = Signal()
