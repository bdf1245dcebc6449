"""This counter's identity towards the hub: its device uid, its slot, its keyring entry.

- The *device uid* is generated once per database (KeyValue "device.uid") and sent at every
  enrollment; the hub keeps the counter's slot across enrollments of the same uid and
  revokes its earlier tokens. A counter enrolled before uids existed adopts its hub device
  id, which the hub already knows as that counter. A copy of a database is the same
  counter to the hub: a restored backup is, and so is (wrongly) a copied data folder.
- The *slot* (0-9) numbers the counter's codes; the hub assigns it (Counter.slot_source =
  "hub"). A demo point numbers demo codes in its own slot and may not enroll while it
  holds any, so demo codes never reach the hub.
- The device token lives in the OS keyring under the hub URL *and* the device uid, so two
  data folders of one OS account enrolled with one hub keep separate tokens.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.domain.errors import DeskError
from app.services.context import DeskContext
from app.store.repositories import (
    counter_by_id,
    counter_in_slot,
    get_value,
    holds_dossiers_or_batches,
    set_value,
)
from app.sync.tokens import TokenStore

K_DEVICE_UID = "device.uid"
K_HUB_DEVICE = "sync.device_id"  # app.services.sync_status.K_DEVICE


def device_uid(ctx: DeskContext, *, create: bool = True) -> str | None:
    """This counter's stable id; made (and committed) on first use when ``create``."""
    with ctx.db.read_session() as s:
        known = get_value(s, K_DEVICE_UID)
        if known is not None:
            return known
    if not create:
        return None
    with ctx.db.session() as s:
        uid = get_value(s, K_DEVICE_UID)
        if uid is None:
            hub_device = get_value(s, K_HUB_DEVICE)
            uid = hub_device if hub_device is not None else str(uuid.uuid4())
            set_value(s, K_DEVICE_UID, uid)
            s.commit()
        return uid


def token_key(hub_url: str, uid: str | None) -> str:
    """The keyring entry's user name: the hub URL and this counter's device uid."""
    return f"{hub_url} device={uid}" if uid else hub_url


def read_token(ctx: DeskContext, store: TokenStore, hub_url: str) -> str | None:
    """The token of this counter for ``hub_url``. An entry of before (keyed by the hub URL
    only) is moved to this counter's own key on first read, so at most one folder takes it;
    another folder that shared it is asked to enroll again."""
    uid = device_uid(ctx)
    key = token_key(hub_url, uid)
    token = store.get(key)
    if token is None and key != hub_url:
        token = store.get(hub_url)
        if token is not None:
            store.put(key, token)
            store.forget(hub_url)
    return token


def check_enrollable(ctx: DeskContext) -> None:
    """A demo point with demo dossiers (or hand-over lists) may not enroll: they would be
    sent to the city with codes another counter may use."""
    if ctx.slot_source() != "demo":
        return
    with ctx.db.read_session() as s:
        held = holds_dossiers_or_batches(s)
    if held:
        raise DeskError("sync.demo_data")


def adopt_slot(s: Session, ctx: DeskContext, slot: int) -> None:
    """Number this counter's codes in the slot the hub assigned, from now on. Another
    counter row of the same agency in this database holding that slot (a set-up leftover)
    is moved out of the way."""
    _, counter_id, _ = ctx.service_point()
    counter = counter_by_id(s, counter_id)
    assert counter is not None
    if counter.slot != slot:
        other = counter_in_slot(s, agency_id=counter.agency_id, slot=slot, besides=counter.id)
        if other is not None:
            other.slot = -other.id  # out of 0-9: it numbers nothing
            other.slot_source = None
            s.flush()
    counter.slot = slot
    counter.slot_source = "hub"


__all__ = [
    "device_uid",
    "token_key",
    "read_token",
    "check_enrollable",
    "adopt_slot",
    "K_DEVICE_UID",
]
