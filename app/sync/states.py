"""How a sync round ended, and the clock-skew limit: the words the engine writes and the
status read understands.

Kept apart from the engine (which needs the HTTP client and its TLS stack) so that reading
the sync status, which the main window does at start, imports neither."""

from __future__ import annotations

#: A round's outcome as stored in ``sync.last_outcome``.
OK, OFFLINE, ERROR, AUTH = "ok", "offline", "error", "auth"

#: The hub's clock differs from ours by more than this (seconds): warn the clerk.
SKEW_WARN_SECONDS = 300.0
