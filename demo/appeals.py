"""The demo's appeals (复核申诉): the demo official appeals one of its released quarterly scores of
the current year, decided (upheld) by the system administrator — the staff account entered the
score, so it is recused —, and its latest finalized year grade, still open in the staff's queue.
Through the services, so the audit history and notifications are real. A second run adds nothing."""
from __future__ import annotations

from accounts.models import Role, User
from appeals import services
from appeals.models import Appeal
from cycles.models import Cycle
from evaluations.models import QuarterlyScore, Result


def build_demo_appeals(district) -> dict:
    """One decided and one open appeal of the demo official; returns counts."""
    account = User.objects.filter(username="official", role=Role.OFFICIAL, official__isnull=False).first()
    decider = User.objects.filter(username="admin", role=Role.ADMIN, is_active=True).first()
    if account is None or decider is None or Appeal.objects.filter(cycle__district=district).exists():
        return {"appeals": 0}
    created = 0
    score = (QuarterlyScore.objects.filter(pledge__official_id=account.official_id, pledge__cycle__district=district,
                                           pledge__cycle__state=Cycle.State.IN_PROGRESS,
                                           pledge__cycle__releases__quarter=1, quarter=1)
             .select_related("pledge__cycle", "pledge__official").order_by("pledge_id").first())
    if score is not None:
        appeal = services.appeal_file(
            actor=account, subject=Appeal.Subject.QUARTERLY_SCORE, target=score,
            reason="第一季度专题调查未计入区人才驿站建设进度，请求复核评分。")
        services.appeal_decide(
            actor=decider, appeal=appeal, decision=Appeal.State.UPHELD,
            reason="经核查，人才驿站建设进度已在现场观摩中计入，评分有据，维持原评分。")
        created += 1
    result = (Result.objects.filter(official_id=account.official_id, cycle__district=district,
                                    cycle__state=Cycle.State.FINALIZED).exclude(grade="")
              .select_related("cycle", "official").order_by("-cycle__year").first())
    if result is not None:
        services.appeal_file(actor=account, subject=Appeal.Subject.YEAR_GRADE, target=result,
                             reason="本人牵头的就业帮扶项目获市级表彰，未计入正面清单加分，请求复核年度等次。")
        created += 1
    return {"appeals": created}
