"""Issue 13: no module-level mutable state in the services; what a process is doing on one
counter's database belongs to that counter's context (``ctx.activity``).

Before, one process-wide lock made an automatic backup of one data folder skip the backup
of any other folder opened in the same process, and the "a round is running" marks lived
in a module dict keyed by path. The fonts stay a process-wide cache on purpose (reportlab's
registry is process-wide): one explicit object, ``app.docs.fonts._FONTS``."""

from __future__ import annotations

import ast
from pathlib import Path

from app.domain.roles import SYSTEM_ACTOR
from app.services.backups import maybe_backup
from app.services.context import open_desk
from app.services.demo import create_demo
from app.services.sync_status import K_DEVICE, K_HUB_URL, K_OUTCOME, sync_status
from app.store.repositories import set_value

ROOT = Path(__file__).resolve().parents[2]
MUTABLE = {
    "Lock",
    "RLock",
    "Event",
    "Condition",
    "Semaphore",
    "local",
    "dict",
    "list",
    "set",
    "defaultdict",
    "OrderedDict",
    "deque",
    "WeakValueDictionary",
    "_ProcessFonts",
}


def _counter(folder: Path, clock):
    ctx = open_desk(folder, clock=clock)
    create_demo(ctx, dossiers=0)
    return ctx


def test_a_backup_running_on_one_counter_skips_only_that_counters_backups(tmp_path, clock):
    a = _counter(tmp_path / "a", clock)
    b = _counter(tmp_path / "b", clock)
    try:
        with a.activity.backup:  # an automatic backup of A is being made
            assert maybe_backup(a.with_actor(SYSTEM_ACTOR), reason="start") is None
            made = maybe_backup(b, reason="start")
            assert made is not None and made.parent == b.backup_dir and made.exists()
        made = maybe_backup(a, reason="start")
        assert made is not None and made.parent == a.backup_dir
    finally:
        a.db.dispose()
        b.db.dispose()


def test_a_running_sync_round_shows_on_every_context_of_its_counter_only(tmp_path, clock):
    a = _counter(tmp_path / "a", clock)
    b = _counter(tmp_path / "b", clock)
    try:
        for ctx in (a, b):
            with ctx.db.session() as s:
                set_value(s, K_HUB_URL, "http://127.0.0.1:9")
                set_value(s, K_DEVICE, "device-1")
                set_value(s, K_OUTCOME, "ok")
                s.commit()
        a.activity.sync_started()
        assert sync_status(a.with_actor(SYSTEM_ACTOR)).state == "syncing"
        assert sync_status(b).state == "up_to_date"
        a.activity.sync_ended()
        assert sync_status(a).state == "up_to_date"
        a.activity.sync_ended()  # an unmatched end never goes below zero
        a.activity.sync_started()
        assert a.activity.syncing
    finally:
        a.db.dispose()
        b.db.dispose()


def _module_state(path: Path) -> list[str]:
    """Module-level names bound to a lock, an event or an empty (so growing) container."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
            continue
        value = node.value
        grows = isinstance(value, ast.List | ast.Dict | ast.Set) and not (
            getattr(value, "elts", None) or getattr(value, "keys", None)
        )
        made = isinstance(value, ast.Call) and ast.unparse(value.func).split(".")[-1] in MUTABLE
        if grows or made:
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            found.append(f"{path.relative_to(ROOT)}:{ast.unparse(target)}")
    return found


def test_no_module_level_mutable_state_but_the_one_font_cache():
    found = [s for p in sorted((ROOT / "app").rglob("*.py")) for s in _module_state(p)]
    assert found == ["app/docs/fonts.py:_FONTS"]
