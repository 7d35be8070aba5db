"""Reads about accounts: the signed-in account's home page, and the accounts a user may read and
manage (staff: the leader and official accounts of their districts)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Role, User
from .scoping import CHANGE, READ, districts_of, get_or_deny, scoped


@dataclass(frozen=True)
class NextStep:
    title: str
    text: str
    url: str = ""


# The home page's parts: each app adds what it contributes in its `home.py` (imported at start-up
# with the scopes), so this layer imports no app above it.
_HOME_PARTS: list[Callable[[object, dict], None]] = []


def home_part(part: Callable[[object, dict], None]) -> Callable[[object, dict], None]:
    """Register `part(user, context)`, which adds its keys to the home page's context. Parts run in
    the order of INSTALLED_APPS, so a part may use what the apps below it added."""
    _HOME_PARTS.append(part)
    return part


def home_for(user) -> dict:
    """The home page's content for `user`: what each app adds (districts with their counts and
    current cycle, the official's profile, unread reminders) and the next steps its role can take.
    A fixed number of queries whatever the data size."""
    context = {"districts": [], "cycles": [], "official": None, "reminders": []}
    for part in _HOME_PARTS:
        part(user, context)
    context["next_steps"] = _next_steps(user, bool(context["cycles"]))
    return context


def _next_steps(user, has_cycles: bool) -> list[NextStep]:
    if user.role == Role.ADMIN:
        return [
            NextStep(_("管理账号"), _("为组织部工作人员、区领导和党政正职开设账号、分配所属区，停用账号，重置密码。"),
                     reverse("accounts:list")),
            NextStep(_("管理区"), _("新建区，维护区名称和代码。"), reverse("admin:org_district_changelist")),
            NextStep(_("维护正负面清单"), _("正面“八条”与负面“十五条”清单的条目和加分。"),
                     reverse("admin:evaluations_listitem_changelist")),
            NextStep(_("考核评价"), _("各区考核年度的评分、结果与定档。"), reverse("evaluations:index")),
            NextStep(_("接口文档"), _("微信公示、OA 等系统对接所用的 JSON 接口。"), reverse("api-docs")),
        ]
    if user.role == Role.STAFF:
        return [
            NextStep(_("审核履职践诺"), _("审核待审目标、评定 A/B/C 等级，查看逾期未交的干部。"),
                     reverse("pledges:queue")),
            NextStep(_("季度评分与年底评定"), _("录入季度评分并发布，录入年底各维度数据，计算、调整、定档。"),
                     reverse("evaluations:index")),
            NextStep(_("公示与群众留言"), _("发布公示、回退版本，审核群众留言并回复。"), reverse("boards:moderation")),
            NextStep(_("维护单位与干部"), _("单位、党政正职名册、任职经历；新任干部可同时开设账号。"),
                     reverse("org:officials")),
            NextStep(
                _("管理考核年度"),
                _("新建下一考核年度并设置考核参数；在年度概览中推进年度状态。") if has_cycles
                else _("还没有考核年度：先新建一个。"),
                reverse("evaluations:cycle_new"),
            ),
            NextStep(_("管理账号"), _("为本区区领导和党政正职开设账号，停用账号，为忘记密码的人员重置临时密码。"),
                     reverse("accounts:list")),
        ]
    if user.role == Role.LEADER:
        return [
            NextStep(_("查看履职践诺"), _("本区党政正职的履职践诺目标与审核情况（只读）。"), reverse("pledges:queue")),
            NextStep(_("查看考核结果"), _("各年度的评分、综合得分与等次（只读）。"), reverse("evaluations:index")),
            NextStep(_("查看干部名册"), _("本区党政正职及其任职经历（只读）。"), reverse("org:officials")),
        ]
    return [
        NextStep(_("我的履职践诺"), _("每年年初（新任职一个月内）提交 3–5 项量化承诺，覆盖三个方面；随时填报进展。"),
                 reverse("pledges:mine")),
        NextStep(_("我的评分与评定"), _("已发布季度的评分；定档后查看本人年度评定结果及依据。"),
                 reverse("evaluations:mine")),
        NextStep(_("核对个人信息"), _("单位、职务、职级与任职时间；联系电话和个人简介可自行修改。"),
                 reverse("accounts:profile")),
    ]


# --- accounts --------------------------------------------------------------------------------


def accounts_for(user, *, q: str = "", role: str = "", district: int | None = None, status: str = "") -> QuerySet:
    """The accounts `user` may read, filtered: `q` in the username, the name or the linked
    official's name; `status` active, inactive or must_change. Districts prefetched and the
    official joined, so a page of them costs the same few queries whatever its length."""
    accounts = scoped(User.objects.all(), user)
    if q:
        accounts = accounts.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
            | Q(official__name__icontains=q)
        )
    if role:
        accounts = accounts.filter(role=role)
    if district is not None:
        accounts = accounts.filter(districts=district)
    if status == "active":
        accounts = accounts.filter(is_active=True)
    elif status == "inactive":
        accounts = accounts.filter(is_active=False)
    elif status == "must_change":
        accounts = accounts.filter(is_active=True, must_change_password=True)
    return (accounts.select_related("official__unit").prefetch_related("districts")
            .order_by("-is_active", "username"))


def account_for(user, pk, action: str = READ) -> User:
    """The account `pk` if `user` may perform `action` on it: 403 when it may only read it, 404
    when it may not even read it (another district's account looks missing)."""
    readable = scoped(User.objects.select_related("official__unit").prefetch_related("districts"), user)
    return get_or_deny(readable, user, pk, action)


def managed(user, ids: Iterable[int]) -> QuerySet:
    """The accounts among `ids` that `user` may change."""
    return scoped(User.objects.filter(pk__in=list(ids)), user, CHANGE)


def managed_ids(user, ids: Iterable[int]) -> set[int]:
    """Which of the accounts `ids` `user` may change (one query)."""
    return set(managed(user, ids).values_list("pk", flat=True))


def account_choices(user, account: User | None = None) -> tuple[QuerySet, QuerySet]:
    """What `user` may offer on an account's form: its districts, and the officials of its
    districts that have no account yet (or are `account`'s own), unit joined."""
    Official = User.official.field.related_model
    free = Q(account__isnull=True) | (Q(account=account) if account is not None else Q())
    officials = scoped(Official.objects.select_related("unit").filter(free), user)
    return districts_of(user).order_by("code"), officials.order_by("unit__district__code", "unit__sort_order", "name")
