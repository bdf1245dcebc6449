"""The integrity check of the counter's database (and of a restore candidate's schema
revision): read-only, so it works while the app runs and on a damaged file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import DeskError
from app.domain.roles import SYSTEM_ACTOR, Actor, Permission
from app.services.backups import live_database
from app.store.db_files import inspect_file, latest_good_backup


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from app.store.migrate import alembic_config

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


@dataclass(frozen=True)
class DatabaseCheck:
    path: Path
    problems: tuple[str, ...]  # integrity, foreign keys, not a MotCua file, unknown revision
    warnings: tuple[str, ...]  # rejected or dead-lettered events, an old schema...
    revision: str | None
    head: str
    waiting: int  # outbox events not yet acknowledged
    acked: int
    rejected: int
    dead: int
    latest_good_backup: Path | None
    swept_partials: int = 0  # stale partial files a crash left, removed by this check

    @property
    def ok(self) -> bool:
        return not self.problems

    def failure(self) -> DeskError:
        """The error a clerk reads when the check failed, naming the backup to restore."""
        good = self.latest_good_backup
        return DeskError(
            "backup.check_failed",
            path=str(self.path),
            problems="; ".join(self.problems[:5])[:600],
            problems_en="; ".join(self.problems[:5])[:600],
            hint=(
                f'Hãy khôi phục bản sao lưu tốt gần nhất: {good} (lệnh: restore "{good}").'
                if good
                else "Không có bản sao lưu nào còn tốt; hãy liên hệ bộ phận kỹ thuật."
            ),
            hint_en=(
                f'Restore the latest good backup: {good} (command: restore "{good}").'
                if good
                else "No sound backup was found; call technical support."
            ),
        )


def check_database(data_dir: Path | str, *, actor: Actor = SYSTEM_ACTOR) -> DatabaseCheck:
    """``PRAGMA integrity_check`` and ``foreign_key_check`` of the counter's database, its
    schema revision and the outbox's counts, read-only (it works while the app runs, and on
    a damaged file); plus the newest backup that passes ``quick_check``. It also removes
    the stale partial files a crash left in the file store (never one being written)."""
    actor.require(Permission.BACKUP)
    from app.store.migrate import head_revision

    folder = Path(data_dir)
    live = live_database(folder)
    found = inspect_file(live, full=True)
    problems = list(found.problems)
    warnings: list[str] = []
    head = head_revision()
    if not problems:
        if not found.is_motcua:
            problems.append("không phải cơ sở dữ liệu MotCua Desk / not a MotCua Desk database")
        elif found.revision not in known_revisions():
            problems.append(
                f"phiên bản cấu trúc không rõ / unknown schema revision {found.revision}"
            )
        elif found.revision != head:
            warnings.append(
                f"cấu trúc cũ {found.revision}, sẽ nâng cấp lên {head} khi mở / "
                f"old schema {found.revision}, upgraded to {head} when opened"
            )
    if not problems:
        from app.services.files import check_files

        problems += check_files(folder)  # every stored document re-hashed
    from app.files.store import sweep_partials

    swept = sweep_partials(folder)  # the one write of the check: only crash leftovers
    box = found.outbox
    waiting = box.get("pending", 0) + box.get("sending", 0)
    if box.get("rejected"):
        warnings.append(f"{box['rejected']} lần gửi bị thành phố từ chối / rejected by the city")
    if box.get("dead"):
        warnings.append(f"{box['dead']} lần gửi lỗi nhiều lần, cần xem lại / dead-lettered")
    return DatabaseCheck(
        live,
        tuple(problems),
        tuple(warnings),
        found.revision,
        head,
        waiting,
        box.get("acked", 0),
        box.get("rejected", 0),
        box.get("dead", 0),
        latest_good_backup(folder / "backups"),
        swept,
    )
