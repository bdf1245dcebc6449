"""What keeps a hostile or broken client from exhausting the hub (issue 11).

- :class:`BodyLimit`, an ASGI middleware, bounds every request body *while it streams*,
  before anything parses it: a declared Content-Length over the bound is answered 413 before
  a byte of the body is read, and a chunked body is counted message by message and cut off
  with 413 as soon as it passes the bound. Only the authenticated push gets a large bound;
  every other path (the unauthenticated /enroll and /health among them) gets a small one.
- :class:`EnrollGuard` throttles POST /enroll per client address and locks a client out
  after repeated wrong codes, answering 429 with Retry-After. It lives in memory (the
  reference hub is one process) and keeps at most ``max_clients`` addresses, forgetting the
  least recently seen first.

The per-event and per-field caps of a pushed event are in app.sync.protocol, next to the
rest of the wire contract, so both sides read the same numbers."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.sync.protocol import API_PREFIX, ERECEIPT_PATH, MAX_ERECEIPT_BODY

#: The bound of an authenticated push (POST /events). A counter's default batch of 200
#: events of about 2-3 KB is well under 1 MiB; a batch refused with 413 is retried smaller.
MAX_PUSH_BODY = 16 * 1024 * 1024
#: The bound of every other body: /enroll carries a code and a counter name, the rest none.
MAX_OPEN_BODY = 16 * 1024
BODY_LIMITS: Mapping[str, int] = {
    f"{API_PREFIX}/events": MAX_PUSH_BODY,
    f"{API_PREFIX}{ERECEIPT_PATH}": MAX_ERECEIPT_BODY,  # one e-receipt request
}

#: Enrollment attempts per client address: a burst of ENROLL_BURST, then one attempt every
#: ENROLL_REFILL_SECONDS.
ENROLL_BURST = 10
ENROLL_REFILL_SECONDS = 6.0
#: Wrong codes in a row before a lock-out; the lock-out doubles at each repeat, up to a cap.
ENROLL_MAX_FAILURES = 5
ENROLL_LOCKOUT_SECONDS = 60.0
ENROLL_LOCKOUT_MAX_SECONDS = 3600.0
#: How many client addresses the guard remembers at most.
ENROLL_MAX_CLIENTS = 10_000

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[Message], Any]


class BodyTooLarge(Exception):
    """Raised from ``receive`` when a streamed body passes its bound; the app answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"request body larger than {limit} bytes")
        self.limit = limit


def body_limit_for(path: str) -> int:
    return BODY_LIMITS.get(path.rstrip("/") or "/", MAX_OPEN_BODY)


def too_large_detail(limit: int) -> str:
    return f"request body too large (at most {limit} bytes here)"


class BodyLimit:
    """ASGI middleware: bound each HTTP request body by its path, as it streams."""

    def __init__(self, app: Any, limit_for: Callable[[str], int] = body_limit_for) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _answer_413(send, limit)  # nothing of the body was read
            return
        seen = 0

        async def bounded_receive() -> Message:
            nonlocal seen
            message: Message = await receive()
            if message.get("type") == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, bounded_receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isascii() and text.isdigit() else None
    return None


async def _answer_413(send: Send, limit: int) -> None:
    body = ('{"detail":"' + too_large_detail(limit) + '"}').encode("ascii")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# --- enrollment throttle and lock-out -----------------------------------------------------


@dataclass
class _Client:
    tokens: float
    updated: float
    failures: int = 0
    lockouts: int = 0
    locked_until: float = 0.0


class EnrollGuard:
    """Per-client token bucket on enrollment attempts, and a lock-out after wrong codes.

    ``admit`` is called before the request body is read; it returns None when the attempt
    may go on, else the seconds to wait (the 429's Retry-After). ``failed`` records a wrong,
    expired or foreign code; ``succeeded`` clears the client's record of failures and gives its attempt back."""

    def __init__(
        self,
        *,
        burst: int = ENROLL_BURST,
        refill_seconds: float = ENROLL_REFILL_SECONDS,
        max_failures: int = ENROLL_MAX_FAILURES,
        lockout_seconds: float = ENROLL_LOCKOUT_SECONDS,
        lockout_max_seconds: float = ENROLL_LOCKOUT_MAX_SECONDS,
        max_clients: int = ENROLL_MAX_CLIENTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst, self.refill_seconds = burst, refill_seconds
        self.max_failures = max_failures
        self.lockout_seconds, self.lockout_max_seconds = lockout_seconds, lockout_max_seconds
        self.max_clients = max_clients
        self.clock = clock
        self._clients: OrderedDict[str, _Client] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._clients)

    def _client(self, key: str, now: float) -> _Client:
        c = self._clients.get(key)
        if c is None:
            c = _Client(tokens=float(self.burst), updated=now)
            self._clients[key] = c
            while len(self._clients) > self.max_clients:
                self._clients.popitem(last=False)
        else:
            self._clients.move_to_end(key)
            c.tokens = min(float(self.burst), c.tokens + (now - c.updated) / self.refill_seconds)
            c.updated = now
        return c

    def admit(self, key: str) -> int | None:
        with self._lock:
            now = self.clock()
            c = self._client(key, now)
            if c.locked_until > now:
                return max(1, math.ceil(c.locked_until - now))
            if c.tokens < 1.0:
                return max(1, math.ceil((1.0 - c.tokens) * self.refill_seconds))
            c.tokens -= 1.0
            return None

    def failed(self, key: str) -> None:
        with self._lock:
            now = self.clock()
            c = self._client(key, now)
            c.failures += 1
            if c.failures >= self.max_failures:
                span = min(self.lockout_max_seconds, self.lockout_seconds * 2**c.lockouts)
                c.locked_until = now + span
                c.lockouts += 1
                c.failures = 0

    def succeeded(self, key: str) -> None:
        with self._lock:
            c = self._clients.get(key)
            if c is not None:
                c.failures = 0
                c.lockouts = 0
                # A right code is spent by its use, so it cannot be a guess: give the attempt
                # back, or an office enrolling its counters from one address would be throttled.
                c.tokens = min(float(self.burst), c.tokens + 1.0)
