"""The password checked before the database is open (app.services.early_login) and log_in
taking that check: only for the same account, password and stored hash; lock-out and the
audit unchanged."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from app.domain.errors import DeskError
from app.services.demo import DEMO_PASSWORD
from app.services.early_login import check_password_early
from app.services.users import change_password, log_in
from app.store.models import AuditLog


@pytest.fixture
def scrypts(monkeypatch):  # type: ignore[no-untyped-def]
    calls: list[int] = []
    real = hashlib.scrypt

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counted)
    return calls


def _actions(ctx, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    with ctx.db.read_session() as s:
        return list(
            s.scalars(select(AuditLog.action).where(AuditLog.actor == name).order_by(AuditLog.id))
        )


def test_a_good_early_check_is_taken_without_a_second_scrypt(desk, scrypts):
    check = check_password_early(desk.data_dir, " CanBo1", DEMO_PASSWORD)
    assert check is not None and check.ok and check.username == "canbo1"
    assert "matkhau" not in repr(check)  # neither the password nor the hash in logs
    assert len(scrypts) == 1
    clerk = log_in(desk, username="canbo1", password=DEMO_PASSWORD, checked=check)
    assert clerk.actor.username == "canbo1"
    assert len(scrypts) == 1
    assert _actions(desk, "canbo1")[-1] == "login.ok"


def test_a_failed_early_check_counts_as_a_failed_log_in(desk, scrypts):
    check = check_password_early(desk.data_dir, "canbo1", "sai-mat-khau")
    assert check is not None and not check.ok
    with pytest.raises(DeskError) as err:
        log_in(desk, username="canbo1", password="sai-mat-khau", checked=check)
    assert err.value.key == "auth.failed" and len(scrypts) == 1
    assert _actions(desk, "canbo1")[-1] == "login.failed"


def test_a_check_of_another_password_or_an_old_hash_is_not_taken(desk, scrypts):
    good = check_password_early(desk.data_dir, "canbo1", DEMO_PASSWORD)
    assert good is not None and good.ok
    # Another password given with a good check: checked again, and refused.
    with pytest.raises(DeskError) as err:
        log_in(desk, username="canbo1", password="sai-mat-khau", checked=good)
    assert err.value.key == "auth.failed" and len(scrypts) == 2
    # The password changed since the check: the old one no longer opens the account.
    change_password(
        log_in(desk, username="canbo1", password=DEMO_PASSWORD),
        old_password=DEMO_PASSWORD,
        new_password="mat-khau-moi-2026",
    )
    with pytest.raises(DeskError):
        log_in(desk, username="canbo1", password=DEMO_PASSWORD, checked=good)
    # Another account: its own hash is checked.
    with pytest.raises(DeskError):
        log_in(desk, username="canbo2", password=DEMO_PASSWORD + "x", checked=good)


def test_no_early_check_without_a_database_or_an_account(tmp_path, desk):
    assert check_password_early(tmp_path / "nowhere", "canbo1", DEMO_PASSWORD) is None
    assert check_password_early(desk.data_dir, "nobody", DEMO_PASSWORD) is None
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "motcua.sqlite3").write_bytes(b"not a database at all" * 100)
    assert check_password_early(tmp_path / "junk", "canbo1", DEMO_PASSWORD) is None
    assert not (tmp_path / "nowhere").exists()  # nothing created
