"""What each role may do: the grant table written out as the specification, and the refusal
a service raises (both languages, the role and the action named)."""

from __future__ import annotations

import pytest

from app.domain.errors import DeskError
from app.domain.roles import GRANTS, SYSTEM_ACTOR, Actor, Permission, Role

P = Permission
#: The specification, written independently of GRANTS (issue 6).
EXPECTED = {
    Role.CLERK: {P.RECEIVE, P.ADVANCE, P.PRINT, P.VIEW, P.HANDOVER_RECEIVE, P.SYNC, P.BACKUP},
    Role.VOLUNTEER: {P.VOLUNTEER, P.VIEW},
    Role.POST_AGENT: {P.RECEIVE_POST, P.HANDOVER_CREATE, P.PRINT, P.VIEW, P.SYNC},
    Role.SUPERVISOR: set(Permission),
    Role.SYSTEM: set(Permission),
}


@pytest.mark.parametrize("role", list(Role))
def test_grants_match_the_specification(role):
    assert set(GRANTS[role]) == EXPECTED[role]


@pytest.mark.parametrize(("role", "permission"), [(r, p) for r in Role for p in Permission])
def test_require_allows_exactly_the_granted(role, permission):
    actor = Actor("x", "X", role, 1)
    if permission in EXPECTED[role]:
        actor.require(permission)
        assert actor.can(permission)
    else:
        assert not actor.can(permission)
        with pytest.raises(DeskError) as info:
            actor.require(permission)
        assert info.value.key == "auth.forbidden"


def test_refusal_names_the_role_and_the_action_in_both_languages():
    with pytest.raises(DeskError) as info:
        Actor("tnv1", "Lê Thu Trang", Role.VOLUNTEER, 3).require(Permission.RECEIVE)
    vi, en = info.value.message("vi"), info.value.message("en")
    assert "Tình nguyện viên" in vi and "tiếp nhận hồ sơ tại quầy" in vi
    assert "receive dossiers at the counter" in en


def test_require_any_returns_the_capacity_granted():
    volunteer = Actor("tnv1", "", Role.VOLUNTEER, 3)
    assert volunteer.require_any(Permission.REPORTS, Permission.VOLUNTEER) is Permission.VOLUNTEER
    assert SYSTEM_ACTOR.require_any(Permission.REPORTS, Permission.VOLUNTEER) is Permission.REPORTS
    with pytest.raises(DeskError) as info:
        Actor("bd", "", Role.POST_AGENT, 4).require_any(Permission.REPORTS, Permission.USERS)
    assert info.value.key == "auth.forbidden"


def test_every_permission_has_a_vietnamese_label():
    assert all(p.label_vi and p.label_vi != p.value for p in Permission)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("clerk", Role.CLERK),
        ("Post-Agent", Role.POST_AGENT),
        (" supervisor ", Role.SUPERVISOR),
    ],
)
def test_role_parse(text, role):
    assert Role.parse(text) is role


def test_role_parse_refuses_unknown_with_the_choices():
    with pytest.raises(DeskError) as info:
        Role.parse("admin")
    assert info.value.key == "role.unknown"
    assert "post_agent" in info.value.message("en") and "admin" in info.value.message("vi")


def test_system_is_not_assignable_to_a_person():
    assert Role.SYSTEM not in Role.assignable()
    assert set(Role.assignable()) | {Role.SYSTEM} == set(Role)


def test_one_label_list_for_every_role_in_both_languages():
    from app.domain.roles import ROLE_LABELS

    assert set(ROLE_LABELS) == set(Role)
    assert Role.SUPERVISOR.label_vi == "Lãnh đạo, quản trị"
    assert Role.SUPERVISOR.label_en == "Supervisor"
    assert len({r.label_vi for r in Role}) == len(Role) == len({r.label_en for r in Role})


@pytest.mark.parametrize("permission", [Permission.ERASE, Permission.NUMBERING])
def test_erasure_and_the_numbering_release_are_permissions_of_supervisors(permission):
    """Checked through the grant table like every other right, not by a role list inline."""
    assert {r for r in Role if Actor("x", "X", r).can(permission)} == {Role.SUPERVISOR, Role.SYSTEM}
    with pytest.raises(DeskError) as err:
        Actor("canbo1", "X", Role.CLERK).require(permission)
    assert err.value.key == "auth.forbidden" and permission.label_vi in err.value.message("vi")
