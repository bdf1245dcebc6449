"""The e-receipt lane of the outbox: each request event (kind ``ereceipt.request``) goes
alone to the city's e-receipt gateway (POST /api/v1/ereceipts), its event_id the
idempotency key, and the lookup code (mã tra cứu) it answers is handed to ``on_issued``
before the event is acknowledged: a crash between the two resends the request, and the
gateway answers the same code again.

- Never left (no route, refused): the event is released untouched; the lane stops.
- 401: released; the lane stops (the events' round asks for re-enrollment).
- Another 4xx (a conflict, another agency's dossier): refused with the gateway's reason,
  kept on the counter and shown (``on_refused``); never retried by itself.
- 5xx, a timeout, a dropped answer, a portal page: the event stays pending with one more
  attempt and a back-off; the lane stops (the gateway is unwell). Retried forever.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from app.store.outbox import Failure, QueuedEvent
from app.sync.client import HubAuthError, HubClient, HubFailure, HubRefused, HubUnreachable
from app.sync.engine import Backoff
from app.sync.protocol import envelope_json, wire_time
from app.sync.states import AUTH, ERROR, OFFLINE, OK


class ReceiptOutbox(Protocol):
    def due(self, now: datetime, *, after_id: int = 0, limit: int = 200) -> list[QueuedEvent]: ...

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


@dataclass(frozen=True)
class ReceiptRound:
    outcome: str  # ok | offline | auth | error
    issued: int
    refused: int
    waiting: bool  # a request failed and waits for its retry
    detail: str = ""


def send_ereceipts(
    *,
    client: HubClient,
    outbox: ReceiptOutbox,
    clock: Callable[[], datetime],
    on_issued: Callable[[QueuedEvent, str], object],
    on_refused: Callable[[QueuedEvent, str], object],
    on_failed: Callable[[QueuedEvent, str], object],
    backoff: Backoff | None = None,
    limit: int = 200,
) -> ReceiptRound:
    """Send the due e-receipt requests one by one; see the module's rules."""
    backoff = backoff or Backoff()
    issued = refused = 0
    for e in outbox.due(clock(), limit=limit):
        body = envelope_json(
            event_id=e.event_id,
            kind=e.kind,
            dossier_code=e.dossier_code,
            created_at=wire_time(e.created_at),
            payload_hash=e.payload_hash,
            payload_json=e.payload,
        ).encode("utf-8")
        outbox.mark_sending([e.id])
        try:
            answer = client.ereceipt(body)
        except HubUnreachable as exc:
            outbox.release([e.id])
            return ReceiptRound(OFFLINE, issued, refused, True, exc.detail)
        except HubAuthError as exc:
            outbox.release([e.id])
            return ReceiptRound(AUTH, issued, refused, True, exc.detail)
        except HubRefused as exc:
            outbox.settle(clock(), rejected={e.id: exc.detail})
            on_refused(e, exc.detail)
            refused += 1
            continue
        except HubFailure as exc:  # 5xx, a timeout, a lost answer, a wrong shape
            detail = exc.detail
        else:
            if answer.event_id == e.event_id:
                on_issued(e, answer.lookup_code)  # kept before the acknowledgement
                outbox.settle(clock(), acked=[e.id])
                issued += 1
                continue
            detail = "the gateway answered for another request"
        attempts = e.attempts + 1
        retry = clock() + timedelta(seconds=backoff.delay(attempts))
        outbox.settle(clock(), failures=[Failure(e.id, attempts, detail, retry, False)])
        on_failed(e, detail)
        return ReceiptRound(ERROR, issued, refused, True, detail)
    return ReceiptRound(OK, issued, refused, False)
