"""Pushing a file's bytes to the hub by hash (hub/files.py has the protocol): ask with HEAD,
resume at the hub's offset, send chunks with Content-Range, done when the hub answers that
it verified the hash. Bytes come from a ``read(offset, length)`` callable so this layer
never touches the counter's store."""

from __future__ import annotations

from collections.abc import Callable

import requests

from app.sync.client import (  # the same fault sorting as the event calls
    HubAuthError,
    HubClient,
    HubFailure,
    HubRefused,
    HubUnreachable,
    _never_left,
    _short,
)
from app.sync.protocol import API_PREFIX

DEFAULT_CHUNK = 4 * 1024 * 1024
Reader = Callable[[int, int], bytes]


def _request(client: HubClient, method: str, sha256: str, **kw: object) -> requests.Response:
    if not client.token:
        raise HubAuthError("no device token")
    headers = {"Authorization": f"Bearer {client.token}", **kw.pop("headers", {})}  # type: ignore[dict-item]  # str headers
    try:
        return client.session.request(
            method,
            f"{client.base_url}{API_PREFIX}/files/{sha256}",
            headers=headers,
            timeout=client.timeout,
            verify=client._verify,
            allow_redirects=False,
            **kw,  # type: ignore[arg-type]  # headers/data/params: requests' own kinds
        )
    except requests.exceptions.ConnectionError as exc:
        if _never_left(exc):
            raise HubUnreachable(_short(exc)) from None
        raise HubFailure(_short(exc)) from None
    except requests.exceptions.RequestException as exc:
        raise HubFailure(_short(exc)) from None


def _detail(resp: requests.Response) -> str:
    try:
        return str(resp.json().get("detail", ""))[:200]
    except ValueError:
        return resp.text[:200]


def person_files(client: HubClient, id_number: str) -> list[dict[str, object]]:
    """The files the hub holds for this agency of the person with ``id_number``."""
    if not client.token:
        raise HubAuthError("no device token")
    try:
        resp = client.session.get(
            f"{client.base_url}{API_PREFIX}/files",
            params={"person": id_number},
            headers={"Authorization": f"Bearer {client.token}"},
            timeout=client.timeout,
            verify=client._verify,
            allow_redirects=False,
        )
    except requests.exceptions.RequestException as exc:
        raise HubUnreachable(_short(exc)) from None
    with resp:
        if resp.status_code == 401:
            raise HubAuthError("401")
        if resp.status_code != 200:
            raise HubFailure(f"HTTP {resp.status_code}")
        try:
            files = resp.json()["files"]
        except (ValueError, KeyError, TypeError):
            raise HubFailure("malformed answer") from None
    if not isinstance(files, list):
        raise HubFailure("malformed answer")
    return [f for f in files if isinstance(f, dict) and isinstance(f.get("sha256"), str)]


def fetch_raw(client: HubClient, sha256: str) -> bytes:
    """The bytes the hub serves under ``sha256`` for this agency, NOT checked: the caller
    checks the hash and says which file failed."""
    with _request(client, "GET", sha256) as resp:
        if resp.status_code == 401:
            raise HubAuthError("401")
        if resp.status_code != 200:
            raise HubRefused(resp.status_code, _detail(resp))
        return resp.content


def fetch_file(client: HubClient, sha256: str) -> bytes:
    """The bytes of a file the hub holds for this agency, checked against their hash."""
    import hashlib

    data = fetch_raw(client, sha256)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise HubFailure("the file's bytes do not match its hash")
    return data


def hub_offset(client: HubClient, sha256: str) -> int | None:
    """None when the hub holds the file for this agency; else the bytes it already has."""
    with _request(client, "HEAD", sha256) as resp:
        if resp.status_code == 200:
            return None
        if resp.status_code == 401:
            raise HubAuthError("401")
        if resp.status_code == 404:
            text = resp.headers.get("Upload-Offset", "0")
            return int(text) if text.isdigit() else 0
        raise HubFailure(f"HTTP {resp.status_code}")


def push_file(
    client: HubClient, sha256: str, size: int, read: Reader, *, chunk: int = DEFAULT_CHUNK
) -> bool:
    """Make the hub hold the file. True when bytes were sent, False when it already held
    them. Raises a HubError when it could not; a later call resumes where the hub stopped."""
    offset = hub_offset(client, sha256)
    if offset is None:
        return False
    for _ in range(size // max(1, chunk) + 8):
        length = min(chunk, size - offset)
        data = read(offset, length)
        end = offset + len(data) - 1
        with _request(
            client,
            "PUT",
            sha256,
            data=data,
            headers={
                "Content-Type": "application/octet-stream",
                "Content-Range": f"bytes {offset}-{end}/{size}",
            },
        ) as resp:
            status = resp.status_code
            if status == 200:
                return True
            if status in (202, 409):
                try:
                    offset = int(resp.json()["offset"])
                except (ValueError, KeyError, TypeError):
                    raise HubFailure(f"HTTP {status} without an offset") from None
                continue
            if status == 401:
                raise HubAuthError("401")
            if 400 <= status < 500:
                raise HubRefused(status, _detail(resp))
            raise HubFailure(f"HTTP {status}")
    raise HubFailure("the hub's offset does not advance")
