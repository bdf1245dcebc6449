"""Roles and what each may do. Checked in app/services, not only hidden in the UI.

Every service function that reads or changes data starts with ``ctx.actor.require(...)``;
the UI may grey out what a role cannot do, but the refusal that counts is the service's.
"""

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
        return ROLE_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return ROLE_LABELS[self][1]

    @classmethod
    def assignable(cls) -> tuple[Role, ...]:
        """The roles a person's account may have (SYSTEM is the machine itself)."""
        return (cls.CLERK, cls.VOLUNTEER, cls.POST_AGENT, cls.SUPERVISOR)

    @classmethod
    def parse(cls, value: str) -> Role:
        """A role from its name (``clerk``, ``post-agent``...); DeskError otherwise."""
        key = value.strip().lower().replace("-", "_")
        for role in cls:
            if role.value == key:
                return role
        raise DeskError(
            "role.unknown", value=value, choices=", ".join(r.value for r in cls.assignable())
        )


#: What each role is called (Vietnamese, English): the one list the screens, the CLI and
#: the reports show.
ROLE_LABELS: dict[Role, tuple[str, str]] = {
    Role.CLERK: ("Cán bộ tiếp nhận", "Clerk"),
    Role.VOLUNTEER: ("Tình nguyện viên", "Volunteer"),
    Role.POST_AGENT: ("Nhân viên bưu điện", "Post-office agent"),
    Role.SUPERVISOR: ("Lãnh đạo, quản trị", "Supervisor"),
    Role.SYSTEM: ("Hệ thống", "System"),
}


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
    AUDIT = "read the audit log"
    SYNC = "synchronise with the city system"
    BACKUP = "back up and restore the database"
    VOID = "void a dossier entered by mistake"
    ERASE = "erase an applicant's personal data"
    NUMBERING = "lift the dossier numbering hold"

    @property
    def label_vi(self) -> str:
        return _PERMISSION_VI[self]


_PERMISSION_VI = {
    Permission.RECEIVE: "tiếp nhận hồ sơ tại quầy",
    Permission.RECEIVE_POST: "nhận hồ sơ qua bưu chính công ích",
    Permission.ADVANCE: "chuyển trạng thái hồ sơ",
    Permission.PRINT: "in biểu mẫu",
    Permission.VIEW: "tra cứu hồ sơ",
    Permission.VOLUNTEER: "ghi nhận hỗ trợ nộp hồ sơ trực tuyến",
    Permission.HANDOVER_CREATE: "lập danh sách bàn giao hồ sơ bưu chính",
    Permission.HANDOVER_RECEIVE: "tiếp nhận danh sách bàn giao của bưu điện",
    Permission.CATALOG: "sửa danh mục thủ tục",
    Permission.CALENDAR: "sửa lịch ngày làm việc",
    Permission.USERS: "quản lý người dùng",
    Permission.REPORTS: "xem báo cáo",
    Permission.AUDIT: "xem nhật ký thao tác",
    Permission.SYNC: "đồng bộ với hệ thống của thành phố",
    Permission.BACKUP: "sao lưu và khôi phục dữ liệu",
    Permission.VOID: "hủy hồ sơ nhập nhầm",
    Permission.ERASE: "xóa dữ liệu cá nhân của người nộp",
    Permission.NUMBERING: "gỡ lệnh tạm dừng cấp mã hồ sơ",
}

_ALL = frozenset(Permission)
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset(
        {
            Permission.RECEIVE,
            Permission.ADVANCE,
            Permission.PRINT,
            Permission.VIEW,
            Permission.HANDOVER_RECEIVE,
            Permission.SYNC,
            Permission.BACKUP,
        }
    ),
    # A volunteer helps citizens submit online and looks dossiers up; nothing official.
    Role.VOLUNTEER: frozenset({Permission.VOLUNTEER, Permission.VIEW}),
    Role.POST_AGENT: frozenset(
        {
            Permission.RECEIVE_POST,
            Permission.HANDOVER_CREATE,
            Permission.PRINT,
            Permission.VIEW,
            Permission.SYNC,
        }
    ),
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
        """Raise DeskError ``auth.forbidden`` unless this actor's role grants ``permission``."""
        if not self.can(permission):
            raise _forbidden(self.role, permission)

    def require_any(self, *permissions: Permission) -> Permission:
        """Like ``require`` for several permissions, any one of which is enough; returns the
        first one granted (so the caller knows in which capacity the actor acts)."""
        for permission in permissions:
            if self.can(permission):
                return permission
        raise _forbidden(self.role, permissions[0])


def _forbidden(role: Role, permission: Permission) -> DeskError:
    # The catalogue's template has one {action} for both languages: give it both.
    return DeskError(
        "auth.forbidden",
        role=role.label_vi,
        role_en=role.label_en,
        action=f"{permission.label_vi} / {permission.value}",
        action_en=permission.value,
        permission=permission.name,
    )


SYSTEM_ACTOR = Actor("system", "Hệ thống", Role.SYSTEM)
