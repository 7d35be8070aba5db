"""The columns of each workbook. An export writes them; the import of the same name reads them
back by header, so the exported sheet is the import template (SPEC section 7)."""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _  # here `_` only marks: see Layout

from cycles import states
from cycles.states import Activity
from evaluations.models import Method, RaterGroup
from org.models import RankLevel
from pledges.models import Pledge

from .writer import Column

SCORE = "0.0"
DECIMAL = "0.00"
DATE = "yyyy-mm-dd"
RATER_GROUPS = [g.value for g in RaterGroup]


@dataclass(frozen=True)
class Layout:
    # Chinese source texts (gettext_noop): a workbook is written in Chinese unless English
    # headers are asked for (excel.exports), and pages show them in the page's language.
    title: str  # what the workbook is, in its title row and file name
    sheet: str  # the data sheet's name
    columns: list[Column]
    # What importing the workbook does, as the state table (cycles.states) names it, and in
    # words when the activity's own are too broad; None: the cycle's state does not matter.
    imports_as: Activity | None = None
    doing: str = ""

    def import_refusal(self, cycle) -> str:
        """Why `cycle`'s state does not take this workbook's import now, or ""."""
        if not self.imports_as:
            return ""
        return states.refusal(cycle, self.imports_as, gettext(self.doing) if self.doing else None)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


RESULTS = Layout(_("考评结果报告"), _("考评结果"), [
    Column(_("名次"), 6), Column(_("干部编号"), 9), Column(_("姓名"), 10), Column(_("单位"), 24),
    Column(_("职务"), 22), Column(_("单位综合绩效"), 12, DECIMAL), Column(_("个人履职践诺"), 12, DECIMAL),
    Column(_("多维测评"), 10, DECIMAL),
    Column(_("正面清单加分"), 12, DECIMAL), Column(_("一票否决"), 9), Column(_("综合得分"), 10, DECIMAL),
    Column(_("评定等次"), 16), Column(_("计算等次（调整前）"), 12), Column(_("结果运用"), 48, wrap=True),
    Column(_("缺少的数据"), 40, wrap=True), Column(_("不确定等次原因"), 16),
])

QUARTERLY_SCORES = Layout(_("季度评分表"), _("季度评分"), [
    Column(_("目标编号"), 9), Column(_("干部"), 10), Column(_("单位"), 22), Column(_("类别"), 22),
    Column(_("目标名称"), 32), Column(_("季度"), 6), Column(_("已发布"), 7), Column(_("得分"), 8, SCORE),
    Column(_("季度评级"), 9, choices=("A", "B", "C")),
    Column(_("信息采集方式"), 12, choices=tuple(str(x) for x in Method.labels)), Column(_("评分说明"), 36, wrap=True),
    Column(_("修改理由"), 24),
], imports_as=Activity.SCORING)

PLEDGES = Layout(_("履职践诺目标登记表"), _("履职践诺目标"), [
    Column(_("目标编号"), 9), Column(_("干部编号"), 9), Column(_("干部"), 10), Column(_("单位"), 22),
    Column(_("承诺类型"), 10, choices=tuple(str(x) for x in Pledge.Kind.labels)),
    Column(_("类别"), 22, choices=tuple(str(x) for x in Pledge.Category.labels)), Column(_("目标名称"), 28),
        Column(_("工作内容"), 48, wrap=True),
    Column(_("量化目标"), 28, wrap=True), Column(_("目标数值"), 10, DECIMAL), Column(_("计量单位"), 8),
    Column(_("第一季度节点"), 28, wrap=True), Column(_("第二季度节点"), 28, wrap=True),
    Column(_("第三季度节点"), 28, wrap=True), Column(_("第四季度节点"), 28, wrap=True),
    Column(_("状态"), 8), Column(_("评级"), 6), Column(_("工作难度"), 8),
    Column(_("创新力度"), 8), Column(_("贡献程度"), 8),
], imports_as=Activity.FILING)

OFFICIALS = Layout(_("干部名册"), _("干部名册"), [
    Column(_("干部编号"), 9), Column(_("姓名"), 10), Column(_("单位"), 24), Column(_("职务"), 24),
    Column(_("职级"), 10, choices=tuple(str(x) for x in RankLevel.labels)),
    Column(_("党政正职"), 9, choices=("是", "否")),
    Column(_("任现职时间"), 12, DATE), Column(_("联系电话"), 14),
])

UNIT_SCORES = Layout(_("单位综合绩效考核得分表"), _("单位综合绩效"), [
    Column(_("单位编号"), 9), Column(_("单位"), 28), Column(_("类型"), 10), Column(_("综合绩效得分"), 14, DECIMAL),
], imports_as=Activity.YEAR_END, doing=_("录入单位综合绩效"))

SURVEY_SCORES = Layout(_("多维测评得分表"), _("多维测评"), [
    Column(_("干部编号"), 9), Column(_("干部"), 10), Column(_("单位"), 24),
    *(Column(str(RaterGroup(g).label), 10, DECIMAL) for g in RATER_GROUPS),
], imports_as=Activity.YEAR_END, doing=_("录入多维测评"))

POLITICAL_REVIEWS = Layout(_("政治素质测评表"), _("政治素质测评"), [
    Column(_("干部编号"), 9), Column(_("姓名"), 10), Column(_("单位"), 24),
    Column(_("测评结果"), 10, choices=("合格", "不合格")),
    Column(_("说明"), 48, wrap=True),
], imports_as=Activity.YEAR_END, doing=_("录入政治素质测评"))
