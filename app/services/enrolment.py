"""Enrolment of this counter with the city hub: the one-time code, the device token in
the OS keyring, the slot the hub gives, and the hub connection's trust setting (CA bundle)."""

from __future__ import annotations

import requests

from app.domain.errors import DeskError
from app.domain.roles import Permission
from app.services import identity
from app.services.context import DeskContext
from app.services.sync_status import (
    K_AGENCY,
    K_CA_BUNDLE,
    K_CURSOR,
    K_DEVICE,
    K_HUB_URL,
    K_LAST_ERROR,
    K_OUTCOME,
    K_REENROLL,
    _msg,
    _read_state,
    write_state,
)
from app.store.repositories import add_audit, counter_name
from app.sync.client import HubClient, HubError, HubRefused, normalize_hub_url
from app.sync.tokens import KeyringTokenStore, TokenStore


def _counter_name(ctx: DeskContext, counter_id: int) -> str:
    with ctx.db.read_session() as s:
        return counter_name(s, counter_id)


def enroll(
    ctx: DeskContext,
    *,
    hub_url: str,
    code: str,
    http: requests.Session | None = None,
    tokens: TokenStore | None = None,
    ca_bundle: str | None = None,
) -> str:
    """Register this counter with the hub using a one-time code; the token goes to the OS
    keyring. Returns the device id; raises DeskError on failure (and stores nothing)."""
    ctx.actor.require(Permission.SYNC)
    url = normalize_hub_url(hub_url)
    store = tokens or KeyringTokenStore()
    store.check_usable()  # before the one-time code is spent
    agency, counter_id, slot = ctx.service_point()
    identity.check_enrollable(ctx)  # demo dossiers never go to the city
    uid = identity.device_uid(ctx)
    counter_name = _counter_name(ctx, counter_id) or f"Quầy {slot}"
    kv = _read_state(ctx)
    bundle = ca_bundle if ca_bundle is not None else kv.get(K_CA_BUNDLE) or None
    session = http or requests.Session()
    try:
        client = HubClient(url, session, ca_bundle=bundle)
        try:
            got = client.enroll(
                code=code.strip(),
                counter_name=counter_name,
                agency_code=agency.code,
                device_uid=uid,
            )
        except HubRefused as exc:
            raise _enroll_refused(exc) from None
        except HubError as exc:
            raise DeskError("sync.offline", detail=exc.detail) from None
    finally:
        if http is None:
            session.close()
    if got.agency_code != agency.code:
        raise DeskError(
            "sync.agency_mismatch", hub_agency=got.agency_code, local_agency=agency.code
        )
    if got.slot is None:
        raise DeskError("sync.no_slot")
    store.put(identity.token_key(url, uid), got.token)
    old_url = kv.get(K_HUB_URL)
    with ctx.db.session() as s:
        identity.adopt_slot(s, ctx, got.slot)
        write_state(
            s,
            {
                K_HUB_URL: url,
                K_DEVICE: got.device_id,
                K_AGENCY: got.agency_code,
                K_REENROLL: None,
                K_LAST_ERROR: None,
                K_OUTCOME: None,
                K_CA_BUNDLE: bundle,
                **({K_CURSOR: None} if old_url != url else {}),
            },
        )
        add_audit(
            s,
            at=ctx.now(),
            actor=ctx.actor.username,
            action="sync.enroll",
            entity="device",
            key=got.device_id,
            detail={"hub": url, "slot": got.slot},
        )
        s.commit()
    ctx.forget_setup()
    if old_url and old_url != url:
        store.forget(identity.token_key(old_url, uid))
        store.forget(old_url)
    return got.device_id


def _enroll_refused(exc: HubRefused) -> DeskError:
    """The hub's refusal of an enrollment in the clerk's words (the hub answers in English,
    except where it already writes both languages)."""
    if exc.status == 403:
        key = "sync.enroll.bad_code"
    elif exc.status == 409 and "another agency" in exc.reason:
        key = "sync.enroll.other_agency"
    elif exc.status == 429:
        key = "sync.enroll.throttled"
    else:
        return DeskError("sync.enroll_refused", detail=exc.reason, detail_en=exc.reason)
    return DeskError(
        "sync.enroll_refused", detail=_msg(key), detail_en=DeskError(key).message("en")
    )


def configure_sync(ctx: DeskContext, *, ca_bundle: str | None) -> None:
    """Trust an extra CA bundle (a path) for the hub's TLS certificate; None for the
    system's default. Verification itself can never be turned off."""
    ctx.actor.require(Permission.SYNC)
    with ctx.db.session() as s:
        write_state(s, {K_CA_BUNDLE: ca_bundle or None})
        s.commit()


__all__ = ["enroll", "configure_sync"]
