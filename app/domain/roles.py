"""Roles and what each may do. Checked in app/services, not only hidden in the UI."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.errors import DeskError


class Role(StrEnum):
    CLERK = "clerk"
    VOLUNTEER = "volunteer"
    POST_AGENT = "post_agent"
    SUPERVISOR = "supervisor"
    SYSTEM = "system"  # the CLI and start-up jobs on the counter's own machine

    @property
    def label_vi(self) -> str:
        return {
            "clerk": "Cán bộ tiếp nhận", "volunteer": "Tình nguyện viên",
            "post_agent": "Nhân viên bưu điện", "supervisor": "Lãnh đạo / quản trị",
            "system": "Hệ thống",
        }[self.value]


class Permission(StrEnum):
    RECEIVE = "receive dossiers at the counter"
    RECEIVE_POST = "accept dossiers through the public post"
    ADVANCE = "move a dossier's status"
    PRINT = "print forms"
    VIEW = "look up dossiers"
    VOLUNTEER = "record assisted online submissions"
    HANDOVER_CREATE = "make a post hand-over list"
    HANDOVER_RECEIVE = "receive a post hand-over batch"
    CATALOG = "edit the procedure catalog"
    CALENDAR = "edit the working-day calendar"
    USERS = "manage users"
    REPORTS = "see reports"
    SYNC = "synchronise with the city system"
    BACKUP = "back up and restore the database"


_ALL = frozenset(Permission)
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset({
        Permission.RECEIVE, Permission.ADVANCE, Permission.PRINT, Permission.VIEW,
        Permission.HANDOVER_RECEIVE, Permission.SYNC, Permission.BACKUP,
    }),
    Role.VOLUNTEER: frozenset({Permission.VOLUNTEER, Permission.VIEW, Permission.SYNC}),
    Role.POST_AGENT: frozenset({
        Permission.RECEIVE_POST, Permission.HANDOVER_CREATE, Permission.PRINT, Permission.VIEW,
        Permission.SYNC,
    }),
    Role.SUPERVISOR: _ALL,
    Role.SYSTEM: _ALL,
}


@dataclass(frozen=True)
class Actor:
    """Who is doing something: written into every audit row."""

    username: str
    full_name: str
    role: Role
    user_id: int | None = None

    def can(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise DeskError("auth.forbidden", role=self.role.label_vi, action=permission.value)


SYSTEM_ACTOR = Actor("system", "Hệ thống", Role.SYSTEM)
