"""Account writes: creation and changes, keeping Django's admin flags in step with the role;
deactivation, a password reset by staff and a user's own password change."""
from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.audit import audit_event, audited_save

from .models import STAFF_MANAGED_ROLES, Role, User

PASSWORD_RESET = "password_reset"  # the audit event of a reset by staff (accounts.audit)


def check_role_links(*, role: str, districts, official) -> None:
    """staff, leader and official accounts serve at least one district; an official account
    links its Official, who works in one of the account's districts; no other role links one."""
    errors = {}
    district_ids = {d.pk for d in districts}
    if role != Role.ADMIN and not district_ids:
        errors["districts"] = [_("请至少选择一个所属区。")]
    if role == Role.OFFICIAL:
        if official is None:
            errors["official"] = [_("党政正职账号必须关联对应干部。")]
        elif district_ids and official.unit.district_id not in district_ids:
            errors["official"] = [_("关联干部不在该账号的所属区内。")]
    elif official is not None:
        errors["official"] = [_("只有党政正职账号可以关联干部。")]
    if errors:
        raise ValidationError(errors)


def check_may_grant(*, actor, role: str, districts) -> None:
    """Whether `actor` may give an account `role` in `districts`: a system administrator (or the
    system itself, actor None) any role anywhere; staff the leader and official roles in their own
    districts only; nobody else anything."""
    if actor is None or actor.role == Role.ADMIN:
        return
    if actor.role != Role.STAFF:
        raise PermissionDenied
    errors = {}
    if role not in STAFF_MANAGED_ROLES:
        errors["role"] = [_("组织部工作人员只能开设和管理区领导、党政正职账号。")]
    own = set(actor.districts.values_list("pk", flat=True))
    if {d.pk for d in districts} - own:
        errors["districts"] = [_("只能选择您负责的区。")]
    if errors:
        raise ValidationError(errors)


def apply_role_flags(user: User) -> None:
    # The admin site decides access by role; Django's flags follow so that third-party
    # admin pages (task results, schedules) open to system administrators only.
    user.is_staff = user.role in (Role.ADMIN, Role.STAFF, Role.LEADER)
    user.is_superuser = user.role == Role.ADMIN


def temporary_password() -> str:
    """A one-time password to read out or hand over: 12 letters and digits in groups of four,
    without the look-alikes (0/O, 1/l/I)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
    while True:
        raw = "".join(secrets.choice(alphabet) for _ in range(12))
        if any(c.isdigit() for c in raw) and any(c.isupper() for c in raw) and any(c.islower() for c in raw):
            return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


@transaction.atomic
def account_create(
    *, actor, username: str, password: str, role: str, districts=(), official=None,
    first_name: str = "", last_name: str = "", email: str = "", must_change_password: bool = False,
) -> User:
    """Open an account. `must_change_password`: the password is a temporary one that the user
    replaces at the first sign-in."""
    districts = list(districts)
    check_may_grant(actor=actor, role=role, districts=districts)
    check_role_links(role=role, districts=districts, official=official)
    user = User(
        username=username, role=role, official=official,
        first_name=first_name, last_name=last_name, email=email, must_change_password=must_change_password,
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    apply_role_flags(user)
    audited_save(user, actor=actor, reason=gettext_noop("新建账号"))
    user.districts.set(districts)
    return user


def account_open(*, actor, username: str, role: str, districts=(), official=None, **fields) -> tuple[User, str]:
    """Open an account with a temporary password that the user replaces at the first sign-in;
    returns the account and that password (to be shown once, never stored in clear)."""
    password = temporary_password()
    user = account_create(actor=actor, username=username, password=password, role=role, districts=districts,
                          official=official, must_change_password=True, **fields)
    return user, password


@transaction.atomic
def account_update(*, actor, user: User, password: str | None = None, districts=None, **changes) -> User:
    """Change an account. Staff keep it a leader or official account of their districts; nobody
    takes away their own role or deactivates themselves (an administrator would lock itself out).
    A new password or a deactivation revokes the account's API tokens (User.save)."""
    if actor is not None and actor.pk == user.pk and (
        changes.get("is_active") is False or changes.get("role", user.role) != user.role
    ):
        field = "is_active" if changes.get("is_active") is False else "role"
        raise ValidationError({field: [_("不能停用自己的账号或更改自己的角色。")]})
    for field, value in changes.items():
        setattr(user, field, value)
    if user.role != Role.OFFICIAL:
        user.official = None  # only official accounts link an Official; a new role drops the link
    new_districts = list(districts) if districts is not None else list(user.districts.all())
    check_may_grant(actor=actor, role=user.role, districts=new_districts)
    check_role_links(role=user.role, districts=new_districts, official=user.official)
    if password:
        password_validation.validate_password(password, user)
        user.set_password(password)
    apply_role_flags(user)
    audited_save(user, actor=actor, reason=gettext_noop("修改账号"))
    if districts is not None:
        user.districts.set(new_districts)
    return user


@transaction.atomic
def accounts_set_active(*, actor, users: Iterable[User], active: bool) -> int:
    """Deactivate (or reactivate) several accounts at once, each saved on its own so that each
    writes its history and a deactivation revokes its API tokens (a queryset update would do
    neither). Refuses the whole batch when it holds the actor's own account. Returns how many
    changed."""
    users = [u for u in users if u.is_active != active]
    if not active and actor is not None and any(u.pk == actor.pk for u in users):
        raise ValidationError(_("不能停用自己的账号。"))
    for user in users:
        user.is_active = active
        audited_save(user, actor=actor, reason=gettext_noop("启用账号") if active else gettext_noop("停用账号"))
    return len(users)


@transaction.atomic
def account_password_reset(*, actor, user: User, request=None) -> str:
    """Give `user` a new temporary password and return it (shown once to the staff member, never
    stored in clear): the user must replace it at the next sign-in, and the old password's API
    tokens are revoked. Recorded in the account's history and as an audit event."""
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(_("不能重置自己的密码，请在“修改密码”页面修改。"))
    password = temporary_password()
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True
    audited_save(user, actor=actor, reason=gettext_noop("重置密码"))
    audit_event(actor=actor, action=PASSWORD_RESET, target=f"user {user.pk} {user.username}",
                detail=_("已重置为临时密码，下次登录须修改。"), request=request)
    return password


@transaction.atomic
def password_change(*, user: User, password: str) -> User:
    """The user's own new password (already checked against the old one and the validators by
    the form): it replaces a temporary one, and the API tokens of the old one are revoked."""
    if user.check_password(password):
        raise ValidationError({"new_password1": [_("新密码不能与当前密码相同。")]})
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.must_change_password = False
    audited_save(user, actor=user, reason=gettext_noop("修改密码"))
    return user
