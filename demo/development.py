"""The demo's cadre development: the district's ten reserve categories with a few placements,
the demo official account's holder mentoring two officials with talks in the log, and two
must-talks (one overdue, one due). Idempotent: a district that has placements gets nothing more."""
from __future__ import annotations

import datetime

from development import services
from development.models import Occasion, Placement, ReserveCategory
from org.models import Official

GROUNDS = (
    ("党政综合类", "年度考核“好”等次，日常考察综合评价优秀", "区委组织部日常考察记录"),
    ("招商引资类", "牵头引进重点项目3个，“双招双引”成效突出", "区投资促进局项目台账"),
    ("基层治理类", "街道一线工作经历丰富，网格化治理经验突出", "街道党工委推荐材料"),
    ("金融财税类", "金融专业背景，参与“金融产业”专题培训并授课", "“书记讲业务”授课记录"),
    ("优秀年轻干部类", "“85后”优秀年轻干部，竞争性选拔进入", "竞争性选拔结果通报"),
    ("城市建设管理类", "负责城市更新项目，按期完成", "项目验收报告"),
)

TALKS = (
    (150, "结对见面：明确培养目标", "交流岗位职责和个人成长规划，约定每季度谈心一次。"),
    (60, "季度谈心：街道工作难点", "围绕信访化解和网格治理交流经验，提出三条改进建议。"),
)


def build_demo_development(district, *, today: datetime.date) -> dict:
    """Placements, two mentor pairs of the demo official account's holder with talks, and two due
    talks in `district`; returns counts of what was added."""
    holder = Official.objects.filter(unit__district=district, account__isnull=False).order_by("pk").first()
    if holder is None or Placement.objects.filter(district=district).exists():
        return {"placements": 0, "mentor pairs": 0, "talks": 0, "due talks": 0}
    services.reserve_categories_ensure(actor=None, district=district)
    categories = {c.name: c for c in ReserveCategory.objects.filter(district=district)}
    others = list(Official.objects.filter(unit__district=district, is_principal=True).exclude(pk=holder.pk)
                  .select_related("unit").order_by("unit__sort_order", "pk"))
    street = [o for o in others if o.unit.kind == "street"]
    chosen = (street[:2] + [o for o in others if o not in street[:2]])[: len(GROUNDS)]
    for n, ((category, grounds, evidence), official) in enumerate(zip(GROUNDS, chosen, strict=True)):
        services.placement_create(actor=None, official=official, category=categories[category],
                                  placed_on=today - datetime.timedelta(days=200 - 20 * n), grounds=grounds,
                                  evidence=evidence)
    mentees = chosen[:2]
    talks = 0
    for mentee in mentees:
        pair = services.pair_create(actor=None, mentor=holder, mentee=mentee,
                                    started_on=today - datetime.timedelta(days=180), note="“青蓝培养”计划")
        for days, topic, notes in TALKS:
            services.talk_record(actor=None, official=mentee, pair=pair, held_on=today - datetime.timedelta(days=days),
                                 topic=topic, notes=notes)
            talks += 1
    services.due_talk_raise(actor=None, official=mentees[0], occasion=Occasion.DIFFICULTY, source="demo:difficulty",
                            detail="牵头的旧改项目推进受阻", raised_on=today - datetime.timedelta(days=45))
    services.due_talk_raise(actor=None, official=mentees[1], occasion=Occasion.FAMILY_EVENT, source="demo:family",
                            detail="家中老人重病住院", raised_on=today - datetime.timedelta(days=5))
    return {"placements": len(chosen), "mentor pairs": len(mentees), "talks": talks, "due talks": 2}
