"""The demo's supervision information (干部动态信息库) and one error-tolerance decision with a
clearing of name (容错纠错、澄清正名), through records' services. Built once: a district that has
supervision entries already is left alone."""
from __future__ import annotations

import datetime

from cycles.models import Cycle
from evaluations.models import ListItem
from org.models import Official
from records import services
from records.models import SupervisionEntry

from .evaluations import _staff

# (roster index, kind, days before today, source, summary, severity, internal)
ENTRIES = [
    (0, "appraisal_rank", 300, "区委组织部", "上年度全区综合考核排名第 3 位。", "info", False),
    (1, "superior_comment", 200, "市委组织部", "在城市更新攻坚中勇于担当，市领导批示肯定。", "info", False),
    (2, "dual_report", 150, "社区党委", "到社区报到后牵头解决老旧小区加装电梯问题 6 件。", "info", False),
    (3, "media_report", 90, "《青岛日报》", "辖区营商环境改革做法被专题报道。", "info", False),
    (4, "petition", 120, "区信访局", "群众反映征收补偿款发放迟缓，已督促办结。", "attention", False),
    (5, "safety_notice", 60, "区应急管理局", "安全生产检查发现消防通道堵塞隐患，限期整改。", "warning", False),
    (6, "online_opinion", 45, "区委网信办", "网民反映施工扰民，舆情已回应处置。", "attention", False),
    (7, "discipline", 240, "区纪委监委", "因工作作风问题被约谈提醒。", "warning", True),
    (8, "petition", 100, "区信访局", "匿名举报在项目审批中违规干预，经核查不属实。", "warning", False),
]
TOLERATED = 8  # the entry the tolerance decision concerns
PROPOSING = 5  # the entry that proposes a negative list entry (left for staff to confirm)


def build_demo_records(district, *, today: datetime.date) -> dict:
    """Supervision entries of several kinds for nine officials, one proposing a negative list
    entry in the current cycle, and one tolerance decision that clears a name; returns counts."""
    counts = {"supervision_entries": 0, "tolerance_decisions": 0}
    staff = _staff(district)
    if staff is None or SupervisionEntry.objects.filter(district=district).exists():
        return counts
    officials = list(Official.objects.filter(unit__district=district, is_principal=True)
                     .select_related("unit").order_by("unit__sort_order", "unit__name", "name", "id"))
    if len(officials) <= max(e[0] for e in ENTRIES):
        return counts
    current = Cycle.objects.filter(district=district, year=today.year).exclude(state=Cycle.State.FINALIZED).first()
    entries = {}
    for index, kind, days, source, summary, severity, internal in ENTRIES:
        proposal = {}
        if index == PROPOSING and current is not None:
            proposal = {"proposed_item": ListItem.objects.get(code="N07"), "proposed_cycle": current}
        entries[index] = services.supervision_entry_record(
            actor=staff, official=officials[index], kind=kind, occurred_on=today - datetime.timedelta(days=days),
            source=source, summary=summary, severity=severity, internal=internal, **proposal)
        counts["supervision_entries"] += 1
    cycle = current or Cycle.objects.filter(district=district).order_by("-year").first()
    if cycle is not None:
        services.tolerance_decision_record(
            actor=staff, official=officials[TOLERATED], cycle=cycle, supervision_entry=entries[TOLERATED],
            grounds="经区纪委监委核查，举报反映的违规干预问题不属实；该同志在项目审批中按程序推进、勇于担当。",
            decided_by="区纪委监委", approved_on=today - datetime.timedelta(days=30), clears_name=True,
            note="经核查，匿名举报反映问题失实，予以澄清正名，消除不良影响。")
        counts["tolerance_decisions"] += 1
    return counts
