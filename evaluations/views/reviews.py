"""The political reviews of a whole district on one page: every principal official one compact
row, 合格 unless a stored review says otherwise; staff mark the exceptions (不合格, with a note)
and one save records every row through services.political_reviews_record_bulk, all or none."""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import about, roles
from accounts.scoping import CHANGE, READ, may
from cycles import selectors as cycle_selectors
from cycles import states
from cycles.models import Cycle
from cycles.states import Activity
from org.models import Official

from .. import selectors, services
from ..forms import PoliticalReviewRowForm, official_label
from ..models import PoliticalReview
from .common import READERS


@dataclass
class ReviewRow:
    official: Official
    review: PoliticalReview | None
    form: PoliticalReviewRowForm | None  # None where the page is read-only

    @property
    def prefix(self) -> str:
        return f"review-{self.official.pk}"

    @property
    def qualified(self) -> bool | None:
        """The conclusion shown: the stored one (None when there is none)."""
        return None if self.review is None else self.review.qualified


def _row_problems(row: ReviewRow) -> list[str]:
    """A bad row's errors as "name（unit）：label：error"."""
    who = official_label(row.official)
    return [_("%(who)s：%(label)s：%(error)s") % {"who": who, "label": row.form.fields[name].label, "error": error}
            if name in row.form.fields else _("%(who)s：%(error)s") % {"who": who, "error": error}
            for name, errors in row.form.errors.items() for error in errors]


@about(Cycle)
@roles(*READERS)
@require_http_methods(["GET", "HEAD", "POST"])
def political_reviews(request, pk: int):
    """GET: the district's principal officials with their review (合格 by default where there is
    none yet), as a form where the user and the cycle's state allow it. POST: every row posted
    is checked; any bad row → the page again with each problem named and nothing written;
    otherwise one call of the bulk service, then back here with what it changed."""
    user = request.user
    posting = request.method == "POST"
    cycle = cycle_selectors.cycle_for(user, pk, CHANGE if posting else READ)
    refusal = states.refusal(cycle, Activity.YEAR_END, _("录入政治素质测评"))
    editable = may(user, CHANGE, PoliticalReview) and not refusal
    reviews = selectors.political_reviews(user, cycle)
    rows = []
    for official in selectors.inputs_officials(user, cycle):
        review = reviews.get(official.pk)
        form = PoliticalReviewRowForm(prefix=f"review-{official.pk}",
                                      initial=PoliticalReviewRowForm.initial_of(review)) if editable else None
        rows.append(ReviewRow(official, review, form))

    problems, status = [], 200
    if posting:
        if refusal:
            problems, status = [refusal], 400
        else:
            posted = []
            for row in rows:
                if f"{row.prefix}-qualified" not in request.POST:
                    continue  # not on the page the user saw (e.g. appointed since)
                row.form = PoliticalReviewRowForm(request.POST, prefix=row.prefix,
                                                  initial=PoliticalReviewRowForm.initial_of(row.review))
                posted.append(row)
                if not row.form.is_valid():
                    problems += _row_problems(row)
            if not posted:
                messages.info(request, _("没有需要保存的政治素质测评。"))
                return redirect(_page_url(cycle))
            if not problems:
                try:
                    outcome = services.political_reviews_record_bulk(actor=user, cycle=cycle, rows=[
                        services.ReviewEntry(row.official, row.form.cleaned_data["qualified"],
                                             row.form.cleaned_data["note"]) for row in posted])
                except ValidationError as exc:
                    problems = exc.messages
                else:
                    messages.success(request, _("已保存政治素质测评：新增 %(created)s 人，修改 %(updated)s 人，"
                                                "%(unchanged)s 人无变化。") % {
                        "created": outcome.created, "updated": outcome.updated, "unchanged": outcome.unchanged})
                    return redirect(_page_url(cycle))
            status = 400

    return render(request, "evaluations/political_reviews.html", {
        "cycle": cycle, "rows": rows, "editable": editable, "refusal": refusal,
        "problems": {"title": _("未保存任何数据：") if len(problems) == 1 else
                     _("有 %(n)s 处问题，未保存任何数据：") % {"n": len(problems)}, "items": problems}
        if problems else None,
        "recorded": sum(1 for r in rows if r.review is not None),
        "unqualified": sum(1 for r in rows if r.qualified is False),
    }, status=status)


def _page_url(cycle: Cycle) -> str:
    return reverse("evaluations:political_reviews", args=[cycle.pk])
