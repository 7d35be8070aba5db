"""The columns of each workbook. An export writes them; the import of the same name reads them
back by header, so the exported sheet is the import template (SPEC section 7)."""
from __future__ import annotations

from dataclasses import dataclass

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
    title: str  # what the workbook is, in its title row and file name
    sheet: str  # the data sheet's name
    columns: list[Column]
    # What importing the workbook does, as the state table (cycles.states) names it, and in
    # words when the activity's own are too broad; None: the cycle's state does not matter.
    imports_as: Activity | None = None
    doing: str = ""

    def import_refusal(self, cycle) -> str:
        """Why `cycle`'s state does not take this workbook's import now, or ""."""
        return states.refusal(cycle, self.imports_as, self.doing or None) if self.imports_as else ""

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


RESULTS = Layout("考评结果报告", "考评结果", [
    Column("名次", 6), Column("干部编号", 9), Column("姓名", 10), Column("单位", 24), Column("职务", 22),
    Column("单位综合绩效", 12, DECIMAL), Column("个人履职践诺", 12, DECIMAL), Column("多维测评", 10, DECIMAL),
    Column("正面清单加分", 12, DECIMAL), Column("一票否决", 9), Column("综合得分", 10, DECIMAL),
    Column("评定等次", 16), Column("计算等次（调整前）", 12), Column("结果运用", 48, wrap=True),
    Column("缺少的数据", 40, wrap=True), Column("不确定等次原因", 16),
])

QUARTERLY_SCORES = Layout("季度评分表", "季度评分", [
    Column("目标编号", 9), Column("干部", 10), Column("单位", 22), Column("类别", 22), Column("目标名称", 32),
    Column("季度", 6), Column("已发布", 7), Column("得分", 8, SCORE), Column("季度评级", 9, choices=("A", "B", "C")),
    Column("信息采集方式", 12, choices=tuple(str(x) for x in Method.labels)), Column("评分说明", 36, wrap=True),
    Column("修改理由", 24),
], imports_as=Activity.SCORING)

PLEDGES = Layout("履职践诺目标登记表", "履职践诺目标", [
    Column("目标编号", 9), Column("干部编号", 9), Column("干部", 10), Column("单位", 22),
    Column("承诺类型", 10, choices=tuple(str(x) for x in Pledge.Kind.labels)),
    Column("类别", 22, choices=tuple(str(x) for x in Pledge.Category.labels)), Column("目标名称", 28),
        Column("工作内容", 48, wrap=True),
    Column("量化目标", 28, wrap=True), Column("目标数值", 10, DECIMAL), Column("计量单位", 8),
    Column("第一季度节点", 28, wrap=True), Column("第二季度节点", 28, wrap=True), Column("第三季度节点", 28, wrap=True),
    Column("第四季度节点", 28, wrap=True), Column("状态", 8), Column("评级", 6), Column("工作难度", 8),
    Column("创新力度", 8), Column("贡献程度", 8),
], imports_as=Activity.FILING)

OFFICIALS = Layout("干部名册", "干部名册", [
    Column("干部编号", 9), Column("姓名", 10), Column("单位", 24), Column("职务", 24),
    Column("职级", 10, choices=tuple(str(x) for x in RankLevel.labels)), Column("党政正职", 9, choices=("是", "否")),
    Column("任现职时间", 12, DATE), Column("联系电话", 14),
])

UNIT_SCORES = Layout("单位综合绩效考核得分表", "单位综合绩效", [
    Column("单位编号", 9), Column("单位", 28), Column("类型", 10), Column("综合绩效得分", 14, DECIMAL),
], imports_as=Activity.YEAR_END, doing="录入单位综合绩效")

SURVEY_SCORES = Layout("多维测评得分表", "多维测评", [
    Column("干部编号", 9), Column("干部", 10), Column("单位", 24),
    *(Column(str(RaterGroup(g).label), 10, DECIMAL) for g in RATER_GROUPS),
], imports_as=Activity.YEAR_END, doing="录入多维测评")
