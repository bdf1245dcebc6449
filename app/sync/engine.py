"""One sync round: check the hub, push the outbox in batches, pull the change feed.

The rules (DESIGN.md section 5, reference/sync-lessons.md):

- An event is "sending" before its request and "acked" only on an explicit accepted or
  duplicate answer for it; anything else leaves it pending with one more attempt.
- One bad event never blocks the rest: a rejected event is settled with its reason; an event
  that failed before is sent in smaller batches (down to alone), so a poisoned one cannot
  hold its neighbours back, and after ``max_attempts`` failed deliveries it is dead-lettered.
- A request that never left (hub down, no network) costs the events nothing: that is the
  "retry forever" case. A 401 stops the round and asks for re-enrollment.
- Back-off is capped exponential with full jitter; the random source and the clock are
  passed in.
- Requests go one at a time but pipelined: while one is in flight (on a single sender
  thread), the next batch is read and marked "sending" and the previous answer recorded;
  the local database is only ever touched from the calling thread.
- A pulled page is applied together with its cursor, in one transaction, by the applier.
"""

from __future__ import annotations

import logging
import random
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol

from app.store.outbox import Failure, QueuedEvent
from app.sync.client import (
    HubAuthError,
    HubClient,
    HubError,
    HubFailure,
    HubRefused,
    HubUnreachable,
)
from app.sync.protocol import (
    ACCEPTED,
    DUPLICATE,
    Change,
    PushAnswer,
    envelope_json,
    push_body,
    wire_time,
)
from app.sync.states import AUTH, ERROR, OFFLINE, OK, SKEW_WARN_SECONDS

log = logging.getLogger(__name__)


class OutboxPort(Protocol):
    """What the engine needs of the outbox (app.store.outbox.Outbox provides it)."""

    def due(self, now: datetime, *, after_id: int = 0, limit: int = 200) -> list[QueuedEvent]: ...

    def count_due(self, now: datetime) -> int: ...

    def mark_sending(self, ids: Sequence[int]) -> None: ...

    def release(self, ids: Sequence[int]) -> None: ...

    def settle(
        self,
        now: datetime,
        *,
        acked: Sequence[int] = (),
        rejected: Mapping[int, str] | None = None,
        failures: Sequence[Failure] = (),
    ) -> None: ...


class ChangeApplier(Protocol):
    """Applies pulled changes to the counter's database (app.services.change_feed implements it)."""

    def cursor(self) -> str:
        """The cursor after the last applied page ("" at the beginning)."""

    def apply_page(self, changes: Sequence[Change], next_cursor: str) -> int:
        """Apply ``changes`` and store ``next_cursor`` in ONE transaction; return how many
        changes took effect."""


@dataclass(frozen=True)
class EngineSettings:
    batch_size: int = 200
    max_attempts: int = 8
    backoff_base: float = 2.0
    backoff_cap: float = 300.0
    pull_limit: int = 500
    max_pull_pages: int = 200
    #: Stop pushing after this many failed requests in a row: the hub is unwell.
    max_consecutive_failures: int = 2


class Backoff:
    """Capped exponential back-off with full jitter: uniform in [0, min(cap, base*2^(n-1)))."""

    def __init__(
        self, *, base: float = 2.0, cap: float = 300.0, rng: Callable[[], float] = random.random
    ) -> None:
        self.base, self.cap, self._rng = base, cap, rng

    def ceiling(self, failures: int) -> float:
        if failures <= 0:
            return 0.0
        return min(self.cap, self.base * 2.0 ** min(failures - 1, 62))

    def delay(self, failures: int) -> float:
        return self._rng() * self.ceiling(failures)


@dataclass
class RoundResult:
    outcome: str = OK  # ok | offline | error | auth
    pushed: int = 0  # accepted as new
    duplicates: int = 0  # already on the hub: also a success
    rejected: int = 0
    dead: int = 0
    failed: int = 0  # deliveries that will be retried
    pulled: int = 0
    detail: str = ""  # what went wrong, short, never a secret
    server_time: datetime | None = None
    skew_seconds: float | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def clock_skewed(self) -> bool:
        return self.skew_seconds is not None and abs(self.skew_seconds) > SKEW_WARN_SECONDS


@dataclass(frozen=True)
class _InFlight:
    chunk: list[QueuedEvent]
    answer: Future[PushAnswer]


class _Stop(Exception):
    def __init__(self, outcome: str, detail: str) -> None:
        super().__init__(detail)
        self.outcome, self.detail = outcome, detail


class SyncEngine:
    def __init__(
        self,
        *,
        client: HubClient,
        outbox: OutboxPort,
        applier: ChangeApplier,
        clock: Callable[[], datetime],
        settings: EngineSettings | None = None,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.client, self.outbox, self.applier, self.clock = client, outbox, applier, clock
        self.settings = settings or EngineSettings()
        self.backoff = Backoff(
            base=self.settings.backoff_base, cap=self.settings.backoff_cap, rng=rng
        )

    # --- the round ----------------------------------------------------------------------

    def run(self, progress: Callable[[int, int], None] | None = None) -> RoundResult:
        result = RoundResult()
        # Dead-lettering needs proof that the event, not the hub, is the problem: a
        # well-formed answer from the hub to another request in the same round.
        self._hub_answered = False
        self._doomed: list[Failure] = []
        try:
            self._seen_server(result, self.client.health())
        except HubUnreachable as exc:
            return self._finish(result, OFFLINE, exc.detail)
        except HubError as exc:
            # No proper health answer (a captive portal, a proxy page): not the hub.
            return self._finish(result, OFFLINE, exc.detail)
        try:
            self._push(result, progress)
            self._pull(result)
        except _Stop as stop:
            return self._finish(result, stop.outcome, stop.detail)
        if result.failed or result.problems:
            return self._finish(result, ERROR, result.problems[-1] if result.problems else "")
        return self._finish(result, OK, "")

    def _finish(self, result: RoundResult, outcome: str, detail: str) -> RoundResult:
        result.outcome, result.detail = outcome, detail
        if outcome != OK:
            log.info("sync round ended %s: %s", outcome, detail)
        return result

    def _seen_server(self, result: RoundResult, server_time: datetime) -> None:
        local = self.clock()
        result.server_time = server_time
        # The wire time has whole seconds: a skew under a second is noise.
        result.skew_seconds = round((local - server_time).total_seconds())

    # --- push ---------------------------------------------------------------------------

    def _chunk_limit(self, attempts: int) -> int:
        return max(1, self.settings.batch_size >> (2 * attempts))

    def _chunks(self, items: Sequence[QueuedEvent]) -> list[list[QueuedEvent]]:
        """Fresh events go together; the more an event failed, the smaller its batch."""
        chunks: list[list[QueuedEvent]] = []
        cur: list[QueuedEvent] = []
        limit = self.settings.batch_size
        for event in items:
            own = self._chunk_limit(event.attempts)
            if cur and len(cur) >= min(limit, own):
                chunks.append(cur)
                cur = []
            if not cur:
                limit = own
            cur.append(event)
            limit = min(limit, own)
        if cur:
            chunks.append(cur)
        return chunks

    def _due_chunks(self) -> Iterator[list[QueuedEvent]]:
        """Due events page by page (fetched lazily, by id, so each is sent once a round)."""
        after = 0
        while True:
            items = self.outbox.due(self.clock(), after_id=after, limit=self.settings.batch_size)
            if not items:
                return
            after = items[-1].id
            yield from self._chunks(items)

    def _push(self, result: RoundResult, progress: Callable[[int, int], None] | None) -> None:
        """Send the due events, one request at a time, pipelined: while a request is in
        flight (on the one sender thread) the next batch is read and marked "sending", and
        the previous answer is recorded."""
        total = self.outbox.count_due(self.clock())
        done = 0
        failures_in_a_row = 0
        if progress and total:
            progress(0, total)
        queue: deque[_InFlight] = deque()

        def account(item: _InFlight) -> None:
            nonlocal done, failures_in_a_row
            ok = self._settle(result, item)
            failures_in_a_row = 0 if ok else failures_in_a_row + 1
            done += len(item.chunk)
            if progress:
                progress(done, max(total, done))
            if failures_in_a_row >= self.settings.max_consecutive_failures:
                raise _Stop(ERROR, result.problems[-1] if result.problems else "")

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="motcua-sync-push") as sender:
            try:
                for chunk in self._due_chunks():
                    queue.append(self._send(sender, chunk))
                    if len(queue) > 1:
                        account(queue.popleft())
                while queue:
                    account(queue.popleft())
                self._bury_doomed(result)
            except _Stop:
                while queue:  # what is still in flight: record a real answer, else release
                    try:
                        self._settle(result, queue.popleft())
                    except _Stop:
                        pass
                raise

    def _send(self, sender: ThreadPoolExecutor, chunk: list[QueuedEvent]) -> _InFlight:
        body = push_body(
            [
                envelope_json(
                    event_id=e.event_id,
                    kind=e.kind,
                    dossier_code=e.dossier_code,
                    created_at=wire_time(e.created_at),
                    payload_hash=e.payload_hash,
                    payload_json=e.payload,
                )
                for e in chunk
            ]
        )
        self.outbox.mark_sending([e.id for e in chunk])
        return _InFlight(chunk, sender.submit(self.client.push, body))

    def _settle(self, result: RoundResult, item: _InFlight) -> bool:
        """Record the answer to one request; False when the request failed as a whole or
        left events unanswered; raises _Stop when the round must end."""
        chunk = item.chunk
        ids = [e.id for e in chunk]
        try:
            answer = item.answer.result()
        except HubUnreachable as exc:
            self.outbox.release(ids)
            raise _Stop(OFFLINE, exc.detail) from None
        except HubAuthError as exc:
            self.outbox.release(ids)
            raise _Stop(AUTH, exc.detail) from None
        except (HubFailure, HubRefused) as exc:
            self._fail(result, chunk, exc.detail)
            return False
        self._seen_server(result, answer.server_time)
        self._hub_answered = True
        now = self.clock()
        acked: list[int] = []
        rejected: dict[int, str] = {}
        failures: list[Failure] = []
        for e in chunk:
            answered = answer.results.get(e.event_id)
            if answered is None:
                failures.append(
                    self._failure(e, "the hub's answer has no result for this event", now)
                )
            elif answered["result"] in (ACCEPTED, DUPLICATE):
                acked.append(e.id)
                if answered["result"] == ACCEPTED:
                    result.pushed += 1
                else:
                    result.duplicates += 1
            else:
                rejected[e.id] = answered["reason"] or "rejected"
        self.outbox.settle(now, acked=acked, rejected=rejected, failures=failures)
        result.rejected += len(rejected)
        self._count_failures(result, failures)
        if failures:
            result.problems.append(failures[0].reason)
        return not failures

    def _failure(
        self, e: QueuedEvent, reason: str, now: datetime, *, answered: bool = True
    ) -> Failure:
        """One more failed delivery. ``answered``: the hub gave a well-formed answer that
        left this event out, so the event itself is at fault and may be dead-lettered now;
        otherwise it is kept pending and only dead-lettered at the end of the round if the
        hub is shown to be delivering other requests (a hub answering 500 to everything is
        retried forever, as DESIGN.md section 5 asks)."""
        attempts = e.attempts + 1
        exhausted = attempts >= self.settings.max_attempts
        dead = exhausted and answered
        failure = Failure(
            e.id,
            attempts,
            reason,
            None if dead else now + timedelta(seconds=self.backoff.delay(attempts)),
            dead,
        )
        if exhausted and not answered:
            self._doomed.append(failure)
        return failure

    def _fail(self, result: RoundResult, chunk: Sequence[QueuedEvent], reason: str) -> None:
        now = self.clock()
        failures = [self._failure(e, reason, now, answered=False) for e in chunk]
        self.outbox.settle(now, failures=failures)
        self._count_failures(result, failures)
        result.problems.append(reason)

    def _bury_doomed(self, result: RoundResult) -> None:
        """Dead-letter the events that used up their attempts, if the hub is delivering:
        it answered another request this round, or it answers an empty batch now."""
        if not self._doomed:
            return
        if not self._hub_answered:
            try:
                self._seen_server(result, self.client.push(push_body([])).server_time)
                self._hub_answered = True
            except (HubUnreachable, HubAuthError, HubFailure, HubRefused):
                return
        dead = [replace(f, dead=True, next_attempt_at=None) for f in self._doomed]
        self.outbox.settle(self.clock(), failures=dead)
        result.failed -= len(dead)
        result.dead += len(dead)
        self._doomed = []

    @staticmethod
    def _count_failures(result: RoundResult, failures: Sequence[Failure]) -> None:
        result.dead += sum(1 for f in failures if f.dead)
        result.failed += sum(1 for f in failures if not f.dead)

    # --- pull ---------------------------------------------------------------------------

    def _pull(self, result: RoundResult) -> None:
        cursor = self.applier.cursor()
        for _ in range(self.settings.max_pull_pages):
            try:
                page = self.client.changes(cursor=cursor, limit=self.settings.pull_limit)
            except HubUnreachable as exc:
                raise _Stop(OFFLINE, exc.detail) from None
            except HubAuthError as exc:
                raise _Stop(AUTH, exc.detail) from None
            except (HubFailure, HubRefused) as exc:
                raise _Stop(ERROR, exc.detail) from None
            before = int(cursor or 0)
            after = int(page.next_cursor or 0)
            if after < before or (page.has_more and after == before):
                raise _Stop(ERROR, f"the hub's cursor went from {cursor!r} to {page.next_cursor!r}")
            self._seen_server(result, page.server_time)
            result.pulled += self.applier.apply_page(page.changes, page.next_cursor)
            cursor = page.next_cursor
            if not page.has_more:
                return
