"""The HTTP client of the city endpoint: one requests.Session, a timeout on every call, TLS
verification always on, and every answer checked against the wire contract.

Failures are sorted by what they mean for the events being sent:

- :class:`HubUnreachable`: the request never left (no route, refused, DNS, TLS handshake);
  nothing counts against the events, the engine just retries later.
- :class:`HubFailure`: the request may have reached the hub but no valid answer came back
  (5xx, timeout, dropped connection, HTML, malformed or wrongly shaped JSON); the events
  stay pending and their attempts grow.
- :class:`HubAuthError`: 401; the device must enroll again.
- :class:`HubRefused`: another 4xx with the hub's reason.
"""

from __future__ import annotations

import ipaddress
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from app.domain.errors import DeskError
from app.sync.protocol import (
    AGENCIES_PATH,
    API_PREFIX,
    ERECEIPT_PATH,
    AgencyCatalog,
    ChangesPage,
    Enrollment,
    EreceiptAnswer,
    HighestCode,
    HighestReceipt,
    ProtocolError,
    PushAnswer,
    parse_agency_catalog,
    parse_changes_page,
    parse_enrollment,
    parse_ereceipt_answer,
    parse_health,
    parse_highest_codes,
    parse_highest_receipts,
    parse_push_answer,
)

_T = TypeVar("_T")

#: (connect, read) seconds, on every call.
DEFAULT_TIMEOUT: tuple[float, float] = (3.05, 10.0)
_LOOPBACK_NAMES = frozenset({"localhost"})


class HubError(Exception):
    """A failed call; ``detail`` is short, safe to show and to log (never the token)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class HubUnreachable(HubError):
    pass


class HubFailure(HubError):
    pass


class HubAuthError(HubError):
    pass


class HubRefused(HubError):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"HTTP {status}: {detail}")
        self.status = status
        self.reason = detail


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_hub_url(url: str) -> str:
    """The hub's base URL without a trailing slash. https only, except on this very machine
    (tests and a laptop demo), so a device token never crosses a network in clear text."""
    text = (url or "").strip()
    parts = urlsplit(text)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username
        or parts.password
        or parts.query
        or parts.fragment
    ):
        raise DeskError("sync.url_invalid", url=text)
    try:
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        raise DeskError("sync.url_invalid", url=text) from None
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise DeskError("sync.insecure_url", url=text)
    return text.rstrip("/")


def _never_left(exc: requests.exceptions.ConnectionError) -> bool:
    """True when the connection was never made, so the hub cannot have seen the request."""
    if isinstance(
        exc,
        requests.exceptions.ConnectTimeout
        | requests.exceptions.SSLError
        | requests.exceptions.ProxyError,
    ):
        return True
    reason: Any = exc.args[0] if exc.args else None
    if isinstance(reason, urllib3.exceptions.MaxRetryError):
        reason = reason.reason
    return isinstance(reason, urllib3.exceptions.ConnectTimeoutError)  # incl. NewConnectionError


_CAUSES: tuple[tuple[type[BaseException], str], ...] = (
    (urllib3.exceptions.NameResolutionError, "name not found (DNS)"),
    (urllib3.exceptions.NewConnectionError, "connection refused or no route"),
    (urllib3.exceptions.ConnectTimeoutError, "connect timeout"),
    (urllib3.exceptions.ReadTimeoutError, "no answer in time (read timeout)"),
    (urllib3.exceptions.SSLError, "TLS error (certificate or handshake)"),
    (urllib3.exceptions.ProtocolError, "connection dropped before the answer"),
)


def _short(exc: BaseException) -> str:
    """A short, clerk-readable cause: no URL dump, never a header."""
    seen: set[int] = set()
    todo: list[Any] = [exc]
    while todo:
        cur = todo.pop()
        if not isinstance(cur, BaseException) or id(cur) in seen:
            continue
        seen.add(id(cur))
        for kind, text in _CAUSES:
            if isinstance(cur, kind):
                return text
        todo += [*cur.args, cur.__cause__, cur.__context__, getattr(cur, "reason", None)]
    if isinstance(exc, requests.exceptions.Timeout):
        return "timeout"
    return type(exc).__name__


@dataclass
class HubClient:
    """Calls of DESIGN.md section 5 on ``base_url``; ``token`` may be None for the
    unauthenticated calls (health, enroll)."""

    base_url: str
    session: requests.Session
    token: str | None = None
    timeout: tuple[float, float] = DEFAULT_TIMEOUT
    ca_bundle: str | None = None

    def __post_init__(self) -> None:
        self.base_url = normalize_hub_url(self.base_url)
        if self.ca_bundle and not os.path.exists(self.ca_bundle):
            raise DeskError("sync.ca_bundle", path=self.ca_bundle)

    def __repr__(self) -> str:  # never show the token
        return f"HubClient({self.base_url!r})"

    @property
    def _verify(self) -> bool | str:
        # Verification is never turned off: a CA bundle path can only narrow the trust.
        return self.ca_bundle or True

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: bytes | None = None,
        auth: bool = True,
    ) -> Any:
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        if auth:
            if not self.token:
                raise HubAuthError("no device token")
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            resp = self.session.request(
                method,
                f"{self.base_url}{API_PREFIX}{path}",
                params=params,
                data=body,
                headers=headers,
                timeout=self.timeout,
                verify=self._verify,
                allow_redirects=False,  # a redirect is a captive portal, never the hub
            )
        except requests.exceptions.ConnectionError as exc:
            if _never_left(exc):
                raise HubUnreachable(_short(exc)) from None
            raise HubFailure(_short(exc)) from None
        except requests.exceptions.Timeout as exc:
            raise HubFailure(_short(exc)) from None
        except requests.exceptions.RequestException as exc:
            raise HubFailure(_short(exc)) from None
        with resp:
            status = resp.status_code
            ctype = resp.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
            raw = resp.content
        if status == 401:
            raise HubAuthError("HTTP 401")
        data: Any = None
        json_error = ""
        if ctype == "application/json":
            try:
                data = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as exc:
                json_error = f"malformed JSON ({_short(exc)})"
        else:
            json_error = f"not JSON (Content-Type {ctype or 'missing'})"
        if 200 <= status < 300:
            if json_error:
                raise HubFailure(f"HTTP {status}, {json_error}")
            return data
        if 400 <= status < 500 and isinstance(data, dict) and isinstance(data.get("detail"), str):
            raise HubRefused(status, data["detail"][:300])
        if 400 <= status < 500 and status not in (408, 429):
            raise HubRefused(status, json_error or "no reason given")
        raise HubFailure(f"HTTP {status}")

    def _checked(self, parse: Callable[[Any], _T], data: Any) -> _T:
        try:
            return parse(data)
        except ProtocolError as exc:
            raise HubFailure(f"answer of the wrong shape: {exc}") from None

    def health(self) -> datetime:
        """The hub's clock; raises unless the hub answered a proper health object."""
        return self._checked(parse_health, self._call("GET", "/health", auth=False))

    def enroll(
        self,
        *,
        code: str,
        counter_name: str,
        agency_code: str | None,
        device_uid: str | None = None,
    ) -> Enrollment:
        fields = {"code": code, "counter_name": counter_name, "agency_code": agency_code}
        if device_uid:
            fields["device_uid"] = device_uid
        body = json.dumps(fields, ensure_ascii=False).encode("utf-8")
        return self._checked(parse_enrollment, self._call("POST", "/enroll", body=body, auth=False))

    def push(self, body: bytes) -> PushAnswer:
        return self._checked(parse_push_answer, self._call("POST", "/events", body=body))

    def changes(self, *, cursor: str, limit: int) -> ChangesPage:
        data = self._call("GET", "/changes", params={"cursor": cursor, "limit": limit})
        return self._checked(parse_changes_page, data)

    def highest_codes(self, *, slot: int | None = None) -> list[HighestCode]:
        """The highest code number per (agency, day, slot) the hub stored from this device
        (and, with ``slot``, from any device of the agency in that slot): what a restored
        counter needs to carry its numbering forward."""
        return self.highest_numbers(slot=slot)[0]

    def highest_numbers(
        self, *, slot: int | None = None
    ) -> tuple[list[HighestCode], list[HighestReceipt]]:
        """The highest codes (as ``highest_codes``) and the highest receipt (biên lai)
        number per (agency, year, slot) the hub's e-receipt gateway issued the same way."""
        params = {"slot": slot} if slot is not None else None
        data = self._call("GET", "/codes/highest", params=params)
        return self._checked(parse_highest_codes, data), self._checked(parse_highest_receipts, data)

    def ereceipt(self, body: bytes) -> EreceiptAnswer:
        """Ask the city's e-receipt gateway for one electronic receipt (idempotent on the
        request's event_id): its lookup code."""
        return self._checked(parse_ereceipt_answer, self._call("POST", ERECEIPT_PATH, body=body))

    def agencies(self, *, version: str = "") -> AgencyCatalog:
        """The city's agency catalog, or only "unchanged" when ``version`` is current."""
        data = self._call("GET", AGENCIES_PATH, params={"version": version} if version else None)
        return self._checked(parse_agency_catalog, data)
