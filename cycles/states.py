"""What each cycle state allows (SPEC section 3): the one table that services, pages, imports and
readiness checks ask, and the one refusal text they give.

`ALLOWS` maps each activity to the states in which it may happen; anything else answers 400 with
`refusal()`'s reason. Pages ask `allows()` to show or hide an action and `refusal()` to say why
up front; services call `require()` inside their transaction."""
from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Cycle

State = Cycle.State


class Activity(StrEnum):
    SETTINGS = "settings"  # change the cycle's settings
    DEADLINE = "deadline"  # change the annual pledge deadline
    ADVANCE = "advance"  # planning → in_progress → evaluating
    FILING = "filing"  # file, edit and submit pledges
    RESUBMIT = "resubmit"  # edit and submit again a pledge that staff returned
    REVIEW = "review"  # approve, return and regrade pledges
    REVISION = "revision"  # revise an approved pledge, and the decision on the revision
    PROGRESS = "progress"  # progress updates with evidence
    SCORING = "scoring"  # quarterly scores and quarter releases
    YEAR_END = "year_end"  # unit scores, surveys, political reviews
    LIST_ENTRIES = "list_entries"  # positive and negative list entries
    EXEMPTION = "exemption"  # 不确定等次: record or remove that an official is not graded
    COMPUTE = "compute"
    OVERRIDE = "override"  # grade overrides and their removal
    FINALIZE = "finalize"
    PUBLISH = "publish"
    OUTCOMES = "outcomes"  # recording that consequences were carried out


ALLOWS: dict[Activity, frozenset[str]] = {
    Activity.SETTINGS: frozenset({State.PLANNING}),
    Activity.DEADLINE: frozenset({State.PLANNING, State.IN_PROGRESS, State.EVALUATING}),
    Activity.ADVANCE: frozenset({State.PLANNING, State.IN_PROGRESS}),
    Activity.FILING: frozenset({State.PLANNING, State.IN_PROGRESS}),
    # Year end still reviews what is pending (SPEC section 3: late approvals, returns,
    # revisions); an official must then be able to answer a return or propose a revision, or a
    # late return would leave the pledge stuck. New pledges are not filed any more.
    Activity.RESUBMIT: frozenset({State.PLANNING, State.IN_PROGRESS, State.EVALUATING}),
    Activity.REVIEW: frozenset({State.PLANNING, State.IN_PROGRESS, State.EVALUATING}),
    Activity.REVISION: frozenset({State.PLANNING, State.IN_PROGRESS, State.EVALUATING}),
    Activity.PROGRESS: frozenset({State.PLANNING, State.IN_PROGRESS, State.EVALUATING}),
    Activity.SCORING: frozenset({State.IN_PROGRESS, State.EVALUATING}),
    Activity.YEAR_END: frozenset({State.EVALUATING}),
    Activity.LIST_ENTRIES: frozenset({State.IN_PROGRESS, State.EVALUATING}),
    Activity.EXEMPTION: frozenset({State.IN_PROGRESS, State.EVALUATING}),
    Activity.COMPUTE: frozenset({State.IN_PROGRESS, State.EVALUATING}),
    Activity.OVERRIDE: frozenset({State.EVALUATING}),
    Activity.FINALIZE: frozenset({State.EVALUATING}),
    Activity.PUBLISH: frozenset({State.IN_PROGRESS, State.EVALUATING, State.FINALIZED}),
    Activity.OUTCOMES: frozenset({State.FINALIZED}),
}

# What the refusal says the user tried to do, when the caller does not say it more precisely.
DOING = {
    Activity.SETTINGS: gettext_lazy("修改考核参数"),
    Activity.DEADLINE: gettext_lazy("修改年度承诺提交截止日"),
    Activity.ADVANCE: gettext_lazy("再推进（评定结束后请使用“定档”）"),
    Activity.FILING: gettext_lazy("填报履职践诺目标"),
    Activity.RESUBMIT: gettext_lazy("修改并重新提交被退回的目标"),
    Activity.REVIEW: gettext_lazy("审核履职践诺目标"),
    Activity.REVISION: gettext_lazy("调整履职践诺目标"),
    Activity.PROGRESS: gettext_lazy("填报进展"),
    Activity.SCORING: gettext_lazy("录入季度评分"),
    Activity.YEAR_END: gettext_lazy("录入单位综合绩效、多维测评和政治素质测评"),
    Activity.LIST_ENTRIES: gettext_lazy("记录或删除正负面清单"),
    Activity.EXEMPTION: gettext_lazy("记录或撤销不确定等次"),
    Activity.COMPUTE: gettext_lazy("计算考核结果"),
    Activity.OVERRIDE: gettext_lazy("调整等次"),
    Activity.FINALIZE: gettext_lazy("定档"),
    Activity.PUBLISH: gettext_lazy("公示"),
    Activity.OUTCOMES: gettext_lazy("记录结果运用落实情况"),
}


def states_for(activity: Activity) -> tuple[str, ...]:
    """The states that allow `activity`, in the year's order (for `state__in` queries)."""
    return tuple(s for s in Cycle.STATE_ORDER if s in ALLOWS[activity])


def allows(cycle: Cycle, activity: Activity) -> bool:
    return cycle.state in ALLOWS[activity]


def next_state(cycle: Cycle) -> str | None:
    """The state `advance` moves `cycle` to (the next in Cycle.STATE_ORDER), or None."""
    if not allows(cycle, Activity.ADVANCE):
        return None
    return Cycle.STATE_ORDER[Cycle.STATE_ORDER.index(cycle.state) + 1]


def refusal(cycle: Cycle, activity: Activity, doing: str | None = None) -> str:
    """Why `cycle`'s state does not allow `activity` (described as `doing`), or "" when it does."""
    if allows(cycle, activity):
        return ""
    allowed = _("、").join(f"“{State(s).label}”" for s in states_for(activity))
    return _("%(year)s 年度当前为“%(state)s”阶段，不能%(doing)s（仅限%(allowed)s阶段）。") % {
        "year": cycle.year, "state": cycle.get_state_display(), "doing": doing or DOING[activity],
        "allowed": allowed,
    }


def require(cycle: Cycle, activity: Activity, doing: str | None = None, *, field: str = "cycle") -> None:
    """Refuse (a ValidationError on `field`, a 400) what `cycle`'s state does not allow."""
    reason = refusal(cycle, activity, doing)
    if reason:
        raise ValidationError({field: [reason]})
