"""Account writes: creation and changes, keeping Django's admin flags in step with the role."""
from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audited_save

from .models import Role, User


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


def apply_role_flags(user: User) -> None:
    # The admin site decides access by role; Django's flags follow so that third-party
    # admin pages (task results, schedules) open to system administrators only.
    user.is_staff = user.role in (Role.ADMIN, Role.STAFF, Role.LEADER)
    user.is_superuser = user.role == Role.ADMIN


@transaction.atomic
def account_create(
    *, actor, username: str, password: str, role: str, districts=(), official=None,
    first_name: str = "", last_name: str = "", email: str = "",
) -> User:
    districts = list(districts)
    check_role_links(role=role, districts=districts, official=official)
    user = User(
        username=username, role=role, official=official,
        first_name=first_name, last_name=last_name, email=email,
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    apply_role_flags(user)
    audited_save(user, actor=actor, reason="新建账号")
    user.districts.set(districts)
    return user


@transaction.atomic
def account_update(*, actor, user: User, password: str | None = None, districts=None, **changes) -> User:
    for field, value in changes.items():
        setattr(user, field, value)
    if user.role != Role.OFFICIAL:
        user.official = None  # only official accounts link an Official; a new role drops the link
    new_districts = list(districts) if districts is not None else list(user.districts.all())
    check_role_links(role=user.role, districts=new_districts, official=user.official)
    if password:
        password_validation.validate_password(password, user)
        user.set_password(password)
    apply_role_flags(user)
    audited_save(user, actor=actor, reason="修改账号")
    if districts is not None:
        user.districts.set(new_districts)
    return user
