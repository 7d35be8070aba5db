"""The what-if comparison as a workbook (openpyxl write-only, Chinese headers): the counts per
grade before and after, the officials whose grade or outcomes change, and both settings."""
from __future__ import annotations

import datetime
from typing import BinaryIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cycles import cycle_settings
from evaluations import labels
from excel.writer import Column, SheetWriter, heading, new_workbook

from .selectors import Simulation

GRADE_ROWS = (("good", gettext_noop("好")), ("average", gettext_noop("一般")), ("poor", gettext_noop("较差")),
              ("incomplete", gettext_noop("数据不全")), ("exempt", gettext_noop("不确定等次")))
COUNT_COLUMNS = [Column(gettext_noop("等次"), 14), Column(gettext_noop("本年度参数（人）"), 18, "0"),
                 Column(gettext_noop("测算参数（人）"), 18, "0"), Column(gettext_noop("增减（人）"), 14, "+0;-0;0")]
CHANGE_COLUMNS = [
    Column(gettext_noop("干部"), 14), Column(gettext_noop("单位"), 24),
    Column(gettext_noop("综合得分（调整前）"), 14, "0.00"), Column(gettext_noop("综合得分（调整后）"), 14, "0.00"),
    Column(gettext_noop("名次（调整前）"), 12, "0"), Column(gettext_noop("名次（调整后）"), 12, "0"),
    Column(gettext_noop("等次（调整前）"), 12), Column(gettext_noop("等次（调整后）"), 12),
    Column(gettext_noop("新增结果运用"), 40, wrap=True), Column(gettext_noop("取消结果运用"), 40, wrap=True),
]
SETTING_COLUMNS = [Column(gettext_noop("参数"), 40), Column(gettext_noop("本年度参数"), 45),
                   Column(gettext_noop("测算参数"), 45)]


def grade_text(code: str) -> str:
    """A counting grade as shown: 好 / 一般 / 较差, or 未评定 when there is none."""
    return labels.grade_label(code) if code else _("未评定")


def outcomes_text(codes) -> str:
    return "\n".join(labels.outcome_label(code) for code in codes)


def filename(simulation: Simulation) -> str:
    return f"simulation-{simulation.cycle.district.code}-{simulation.cycle.year}.xlsx"


def write(simulation: Simulation, destination: BinaryIO, *, today: datetime.date) -> int:
    """Write the comparison to `destination`; returns the number of changed officials written."""
    cycle = simulation.cycle
    workbook = new_workbook()

    def title(what: str) -> str:
        return heading(district=cycle.district.name, year=cycle.year, what=what, today=today)

    counts = SheetWriter(workbook, title=_("等次人数对比"), heading=title(_("参数测算：等次人数对比")),
                         columns=COUNT_COLUMNS)
    for key, label in GRADE_ROWS:
        before, after = simulation.before[key], simulation.after[key]
        counts.append([_(label), before, after, after - before])
    changes = SheetWriter(workbook, title=_("等次或结果运用变化"),
                          heading=title(_("参数测算：等次或结果运用有变化的干部")), columns=CHANGE_COLUMNS)
    for row in simulation.rows():
        c = row["change"]
        changes.append([row["name"], row["unit"], c.composite_before, c.composite_after, c.rank_before, c.rank_after,
                        grade_text(c.grade_before), grade_text(c.grade_after), outcomes_text(c.outcomes_added),
                        outcomes_text(c.outcomes_removed)])
    settings = SheetWriter(workbook, title=_("考核参数"), heading=title(_("参数测算：考核参数")),
                           columns=SETTING_COLUMNS)
    for (label, before), (_label, after) in zip(cycle_settings.display_rows(simulation.settings_before),
                                                cycle_settings.display_rows(simulation.settings_after), strict=True):
        settings.append([label, before, after])
    workbook.save(destination)
    return changes.rows
