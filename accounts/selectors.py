"""Reads about the signed-in account: what it works on and what it can do next."""
from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from evaluations.models import Cycle
from org.models import Official

from .models import Role
from .scoping import districts_of, scoped


@dataclass(frozen=True)
class NextStep:
    title: str
    text: str
    url: str = ""


def home_for(user) -> dict:
    """The home page's content for `user`: districts with their counts and current cycle,
    and the next steps its role can take. A fixed number of queries whatever the data size."""
    from django.db.models import Count, Q

    districts = list(
        districts_of(user)
        .annotate(
            unit_count=Count("units", distinct=True),
            official_count=Count("units__officials", filter=Q(units__officials__is_principal=True), distinct=True),
        )
        .order_by("code")
    )
    cycles = list(scoped(Cycle.objects.select_related("district"), user).order_by("district__code", "-year"))
    latest_cycle = {}
    for cycle in cycles:
        latest_cycle.setdefault(cycle.district_id, cycle)
    for district in districts:
        district.current_cycle = latest_cycle.get(district.pk)

    official = None
    if user.role == Role.OFFICIAL and user.official_id:
        official = Official.objects.select_related("unit").filter(pk=user.official_id).first()

    return {
        "districts": districts,
        "cycles": cycles,
        "official": official,
        "next_steps": _next_steps(user, bool(cycles)),
    }


def _next_steps(user, has_cycles: bool) -> list[NextStep]:
    admin_url = reverse("admin:index")
    api_docs = reverse("api-docs")
    if user.role == Role.ADMIN:
        return [
            NextStep("管理区与账号", "新建区、为组织部工作人员、区领导和党政正职开设账号并分配所属区。", admin_url),
            NextStep("维护正负面清单", "正面“八条”与负面“十五条”清单的条目和加分。", reverse("admin:evaluations_listitem_changelist")),
            NextStep("接口文档", "微信公示、OA 等系统对接所用的 JSON 接口。", api_docs),
        ]
    if user.role == Role.STAFF:
        steps = [
            NextStep("维护单位与干部", "单位、党政正职名册、任职经历。", reverse("admin:org_official_changelist")),
            NextStep(
                "管理考核年度",
                "设置考核参数，推进年度状态。" if has_cycles else "还没有考核年度：先新建一个。",
                reverse("admin:evaluations_cycle_changelist"),
            ),
        ]
        return steps
    if user.role == Role.LEADER:
        return [
            NextStep("查看干部名册", "本区党政正职及其任职经历（只读）。", reverse("admin:org_official_changelist")),
            NextStep("查看考核年度", "各年度的状态与考核参数（只读）。", reverse("admin:evaluations_cycle_changelist")),
        ]
    return [
        NextStep("核对个人信息", "单位、职务、职级与任职时间；联系电话和个人简介可自行修改。"),
        NextStep("准备履职践诺", "每年年初（新任职一个月内）提交 3–5 项量化承诺，覆盖三个方面。"),
    ]
