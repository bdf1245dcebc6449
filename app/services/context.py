"""The composition root of the core: one counter's data folder, database, clock and actor.

The outside world (clock, data folder) is passed in, so tests pass their own."""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from app.domain.calendar import WorkingDayCalendar
from app.domain.dossier import VN_TZ, AgencyInfo
from app.domain.errors import DeskError
from app.domain.roles import SYSTEM_ACTOR, Actor
from app.services.paths import default_data_dir
from app.services.processes import pid_alive
from app.store.agencies import agency_overrides
from app.store.calendar import working_overrides
from app.store.db import (
    DAMAGED_MARKER,
    DB_FILENAME,
    Database,
    probe_database,
    quick_check,
    translate,
)
from app.store.repositories import agency_by_id, agency_info, this_counter
from app.store.schema import SCHEMA_HEAD, read_header

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
#: scrypt's N for password hashes (r=8, p=1: 128 MiB and about 0.4 s on a counter PC).
PASSWORD_WORK = 2**17


def utc_now() -> datetime:
    return datetime.now(UTC)


class Activity:
    """What this process is doing on one counter's database right now.

    Made by :func:`open_desk` and shared by every context made from that one
    (:meth:`DeskContext.with_actor` passes it on), so the UI's sync worker and its status
    strip see the same marks. Other processes are kept apart by files (``sync.lock``, see
    app/services/backups.py), not by this."""

    def __init__(self) -> None:
        #: Held while an automatic backup is being made: a second call skips instead.
        self.backup = threading.Lock()
        self._lock = threading.Lock()
        self._sync_rounds = 0

    def sync_started(self) -> None:
        with self._lock:
            self._sync_rounds += 1

    def sync_ended(self) -> None:
        with self._lock:
            self._sync_rounds = max(0, self._sync_rounds - 1)

    @property
    def syncing(self) -> bool:
        """A sync round is running in this process (the status strip shows "syncing")."""
        with self._lock:
            return self._sync_rounds > 0


@dataclass
class DeskContext:
    """Everything a service needs; owned by the UI or the CLI, one per process."""

    data_dir: Path
    db: Database
    clock: Clock = utc_now
    actor: Actor = SYSTEM_ACTOR
    _point: tuple[AgencyInfo, int, int] | None = field(default=None, repr=False)
    _counter_name: str = field(default="", repr=False)
    _slot_source: str | None = field(default=None, repr=False)
    #: scrypt's cost N for new password hashes (log-in re-hashes weaker ones). Production:
    #: PASSWORD_WORK; tests pass a small one through open_desk so they stay fast.
    password_work: int = field(default=0, repr=False)
    activity: Activity = field(default_factory=Activity, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.password_work:
            self.password_work = PASSWORD_WORK

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def output_dir(self) -> Path:
        return self.data_dir / "printed"

    def now(self) -> datetime:
        return self.clock()

    def calendar(self) -> WorkingDayCalendar:
        """The working-day calendar with this database's overrides; shared by every context
        on the same database, so an edit made as one user is seen by all."""
        cal = self.db.cache.get("calendar")
        if cal is None:
            with self.db.read_session() as s:
                overrides = working_overrides(s)
            cal = self.db.cache["calendar"] = WorkingDayCalendar(overrides)
        return cal

    def calendar_for(self, agency_code: str) -> WorkingDayCalendar:
        """The calendar of the body that processes a dossier: this database's own for the
        home agency, else that body's overrides from the hub's catalog (issue 18)."""
        if agency_code == self.service_point()[0].code:
            return self.calendar()
        key = f"calendar:{agency_code}"
        cal = self.db.cache.get(key)
        if cal is None:
            with self.db.read_session() as s:
                overrides = agency_overrides(s, agency_code)
            cal = self.db.cache[key] = WorkingDayCalendar(overrides)
        return cal

    def forget_calendar(self) -> None:
        """Drop every cached calendar (the home one and other bodies')."""
        for key in [k for k in self.db.cache if k == "calendar" or k.startswith("calendar:")]:
            self.db.cache.pop(key, None)

    def local_day_bounds(self, day: date) -> tuple[datetime, datetime]:
        start = datetime.combine(day, time(0, 0), VN_TZ)
        end = datetime.combine(date.fromordinal(day.toordinal() + 1), time(0, 0), VN_TZ)
        return start, end

    def with_actor(self, actor: Actor) -> DeskContext:
        return DeskContext(
            self.data_dir,
            self.db,
            self.clock,
            actor,
            self._point,
            self._counter_name,
            self._slot_source,
            self.password_work,
            self.activity,
        )

    def service_point(self) -> tuple[AgencyInfo, int, int]:
        """(agency, this counter's id, its slot); DeskError when nothing is set up yet.

        Cached: the service point changes only through setup, which calls forget_setup()."""
        if self._point is not None:
            return self._point
        with self.db.read_session() as s:
            counter = this_counter(s)
            if counter is None:
                raise DeskError("db.not_initialised")
            agency = agency_by_id(s, counter.agency_id)
            assert agency is not None
            self._point = (agency_info(agency), counter.id, counter.slot)
            self._counter_name = counter.name
            self._slot_source = counter.slot_source
            return self._point

    def slot_source(self) -> str | None:
        """Where this counter's slot came from: "hub", "demo", "legacy" or None (none)."""
        self.service_point()
        return self._slot_source

    def code_slot(self) -> int:
        """The slot to number codes with; DeskError("code.no_slot") before the hub gave one
        (a demo point numbers its demo codes, which never reach the hub). Read afresh, not
        from the cache: an enrollment through another context may have just changed it."""
        self.forget_setup()
        slot = self.service_point()[2]
        if self._slot_source is None:
            raise DeskError("code.no_slot")
        return slot

    def counter_name(self) -> str:
        self.service_point()
        return self._counter_name

    def forget_setup(self) -> None:
        self._point = None


RUN_DIR = "run"


def _left_by_a_crash(folder: Path) -> bool:
    """A marker of a process that is gone means it never exited cleanly (power cut, kill)."""
    crashed = False
    for marker in (folder / RUN_DIR).glob("open-*"):
        try:
            pid = int(marker.name.removeprefix("open-"))
        except ValueError:
            continue
        if not pid_alive(pid):
            crashed = True
            marker.unlink(missing_ok=True)
    return crashed


def _mark_open(folder: Path) -> Path:
    run = folder / RUN_DIR
    run.mkdir(exist_ok=True)
    marker = run / f"open-{os.getpid()}"
    marker.touch()
    atexit.register(marker.unlink, missing_ok=True)
    return marker


def open_desk(
    data_dir: Path | str | None = None,
    *,
    clock: Clock = utc_now,
    actor: Actor = SYSTEM_ACTOR,
    migrate: bool = True,
    check: bool | None = None,
    password_work: int | None = None,
) -> DeskContext:
    """Open (creating if needed) the counter database in ``data_dir``; back it up and
    upgrade it to the newest schema first.

    The full integrity check (seconds on a large file) runs when ``check`` is True, before
    any upgrade, after a session that did not close cleanly (a power cut) and after a
    session that met SQLITE_CORRUPT; otherwise a cheap probe runs (store.db.probe_database)
    and the UI runs the full check in the background, ``python main.py check`` on demand.
    A foreign SQLite file is refused untouched (db.foreign).

    ``password_work`` is scrypt's N for password hashes (default PASSWORD_WORK, or the
    ``MOTCUA_PASSWORD_WORK`` environment variable, which test runs set to stay fast; never
    below 2^10)."""
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise (
            translate(exc, folder / DB_FILENAME) or DeskError("db.readonly", path=str(folder))
        ) from exc
    if not os.access(folder, os.W_OK):
        raise DeskError("db.readonly", path=str(folder))
    unclean = _left_by_a_crash(folder)
    fresh = not (folder / DB_FILENAME).exists()
    damaged = folder / RUN_DIR / DAMAGED_MARKER  # SQLITE_CORRUPT was met in this file
    full = (check if check is not None else unclean) or damaged.exists()
    db = Database(folder / DB_FILENAME)
    try:
        if migrate:
            _open_schema(db, folder, check=full)
        elif full:
            quick_check(db.path)
        damaged.unlink(missing_ok=True)  # when it was there, the full check just passed
        _mark_open(folder)
    except DeskError as err:
        db.dispose()
        if err.key == "db.corrupt":
            # The random start-up probe may miss the damage next time: the marker makes
            # every later start run the full check until the file is sound (restored).
            db.mark_damaged()
            raise _corrupt_with_hint(folder, err) from err
        raise
    except Exception as exc:
        db.dispose()
        mapped = translate(exc, db.path)
        if mapped is None:
            raise
        if mapped.key == "db.corrupt":
            db.mark_damaged()
            raise _corrupt_with_hint(folder, mapped) from exc
        raise mapped from exc
    work = password_work or int(os.environ.get("MOTCUA_PASSWORD_WORK") or PASSWORD_WORK)
    if work < 2**10 or work & (work - 1):
        raise DeskError("input.invalid", detail=f"password_work={work}")
    ctx = DeskContext(folder, db, clock, actor, password_work=work)
    from app.files.store import sweep_partials

    swept = sweep_partials(folder)  # partial files a crash left (never one being written)
    if swept:
        log.info("removed %d stale partial file(s) from the file store", swept)
    if fresh and migrate and (folder / "backups").is_dir():
        from app.services.numbering import guard_fresh_database

        guard_fresh_database(ctx)  # the database vanished: never start numbering again at 1
    return ctx


def _open_schema(db: Database, folder: Path, *, check: bool) -> None:
    exists = db.path.exists() and db.path.stat().st_size > 0
    if exists:
        header = read_header(db.path)
        if not header.ours:  # a foreign SQLite file: never migrated or written
            raise DeskError("db.foreign", path=str(db.path))
        if not check:
            probe_database(db.path)  # cheap enough for a 1 GB file; see its docstring
            if header.revision == SCHEMA_HEAD:
                return  # the common start: nothing to upgrade, Alembic never imported
    from app.store.migrate import upgrade_database

    upgrade_database(db, backup_dir=folder / "backups", check=exists)


def verify_database(ctx: DeskContext) -> None:
    """The full check of the open file (seconds on a large one: run it in the background);
    a damaged file raises db.corrupt naming the newest good backup."""
    try:
        quick_check(ctx.db.path)
    except DeskError as err:
        if err.key == "db.corrupt":
            ctx.db.mark_damaged()  # stop writing into it from now on
            raise _corrupt_with_hint(ctx.data_dir, err) from err
        raise


def close_desk(ctx: DeskContext) -> None:
    """A clean shutdown (also done at interpreter exit): the next start skips the check."""
    ctx.db.dispose()
    (ctx.data_dir / RUN_DIR / f"open-{os.getpid()}").unlink(missing_ok=True)


def _corrupt_with_hint(folder: Path, err: DeskError) -> DeskError:
    """The same error, naming the newest backup that passes its own check."""
    from app.store.db_files import latest_good_backup

    last = latest_good_backup(folder / "backups")
    if last is None:
        return err
    return DeskError(
        "db.corrupt",
        path=err.params.get("path", ""),
        backup_hint=f" (bản gần nhất: {last})",
        backup_hint_en=f" (latest: {last})",
    )
