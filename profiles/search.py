"""The search of officials (SPEC section 12, item 4): staff (and leaders, reading) find the
officials of their districts by unit, rank level, years in the current post, street experience,
the grades of recent finalized years and open warnings.

`OfficialSearch` is a django-filter FilterSet over a queryset the caller has already scoped
(`search_base`); every condition is set-based: a whole search is a fixed number of queries
whatever the number of officials or years (the finalized cycles: one query; open warnings: the
matching ids, then the records app's set)."""
from __future__ import annotations

import datetime
from collections import defaultdict

import django_filters
from django import forms
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import scoped
from cycles.models import Cycle
from evaluations import labels
from evaluations.models import Grade, Result
from org.models import Official, Post, RankLevel, Unit
from records.selectors import officials_with_open_warnings

MAX_RECENT_YEARS = 10
WEAK_GRADES = (Grade.AVERAGE, Grade.POOR)


def search_base(user):
    """The officials `user` may read, unit and district joined, with `has_street` (ever held a
    street post), in the units' order."""
    street = Post.objects.filter(official=OuterRef("pk"), unit__kind=Unit.Kind.STREET)
    return scoped(Official.objects.select_related("unit__district"), user).annotate(
        has_street=Exists(street),
    ).order_by("unit__district__code", "unit__sort_order", "unit__name", "name", "pk")


def years_ago(today: datetime.date, years: int) -> datetime.date:
    """The same day `years` years before `today` (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def finalized_cycles(user) -> dict[int, list[int]]:
    """The ids of the finalized cycles of each district `user` reads (one query), by district
    id, newest first."""
    by_district = defaultdict(list)
    rows = scoped(Cycle.objects.filter(state=Cycle.State.FINALIZED), user).order_by("district_id", "-year")
    for district_id, cycle_id in rows.values_list("district_id", "pk"):
        by_district[district_id].append(cycle_id)
    return dict(by_district)


def _count(results) -> Coalesce:
    return Coalesce(Subquery(results.order_by().values("official").annotate(n=Count("pk")).values("n")[:1],
                             output_field=IntegerField()), Value(0))


STREET_CHOICES = (("yes", _("有街道任职经历")), ("no", _("没有街道任职经历")))


class OfficialSearch(django_filters.FilterSet):
    """The search form's conditions. Pass `request` (its user scopes the unit choices and the
    cycles the grade conditions read) and a queryset from `search_base`."""

    name = django_filters.CharFilter(label=_("姓名"), lookup_expr="icontains")
    unit = django_filters.ModelChoiceFilter(label=_("单位"), queryset=Unit.objects.none(),
                                            empty_label=_("全部单位"))
    rank_level = django_filters.ChoiceFilter(label=_("职级"), choices=RankLevel.choices, empty_label=_("全部职级"))
    years_min = django_filters.NumberFilter(
        label=_("任现职至少（年）"), method="filter_years_min", min_value=0, max_value=60)
    years_max = django_filters.NumberFilter(
        label=_("任现职至多（年）"), method="filter_years_max", min_value=0, max_value=60)
    street = django_filters.ChoiceFilter(label=_("街道任职经历"), choices=STREET_CHOICES, method="filter_street",
                                         empty_label=_("不限"))
    good_years = django_filters.NumberFilter(
        label=_("近 N 个已定档年度均为“好”"), method="filter_good_years", min_value=1, max_value=MAX_RECENT_YEARS,
        help_text=_("本区最近 N 个已定档的考核年度，每年等次都是“好”；已定档年度不足 N 个的区无人符合"))
    weak_years = django_filters.NumberFilter(
        label=_("近 N 个已定档年度有“一般”或“较差”"), method="filter_weak_years", min_value=1,
        max_value=MAX_RECENT_YEARS, help_text=_("本区最近 N 个已定档的考核年度中，至少一年等次为“一般”或“较差”"))
    warnings = django_filters.BooleanFilter(
        label=_("只看有未结预警的干部"), method="filter_warnings", widget=forms.CheckboxInput)

    class Meta:
        model = Official
        fields = ["name", "unit", "rank_level"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.user = request.user
        self._finalized = None
        self.filters["unit"].queryset = scoped(Unit.objects.select_related("district"), self.user) \
            .order_by("district__code", "sort_order", "name")
        for name in ("years_min", "years_max", "good_years", "weak_years"):
            field = self.filters[name]
            field.field_class = forms.IntegerField

    def filter_years_min(self, queryset, name, value):
        return queryset.filter(appointed_on__lte=years_ago(timezone.localdate(), int(value)))

    def filter_years_max(self, queryset, name, value):
        return queryset.filter(appointed_on__gt=years_ago(timezone.localdate(), int(value) + 1))

    def filter_street(self, queryset, name, value):
        return queryset.filter(has_street=value == "yes")

    def _recent(self, queryset, n: int, grades, *, each: bool):
        if self._finalized is None:  # the two grade conditions share one query
            self._finalized = finalized_cycles(self.user)
        cycles = {d: ids[:int(n)] for d, ids in self._finalized.items()}
        if each:  # only districts with n finalized cycles can match
            cycles = {d: ids for d, ids in cycles.items() if len(ids) == int(n)}
        ids = [pk for group in cycles.values() for pk in group]
        if not ids:
            return queryset.none()
        matching = Result.objects.filter(official=OuterRef("pk"), cycle_id__in=ids, grade__in=grades)
        queryset = queryset.filter(unit__district_id__in=list(cycles))
        if not each:
            return queryset.filter(Exists(matching))
        # Each of the district's last n cycles: the count of matching results equals n (a cycle
        # has one result per official).
        required = Case(*[When(unit__district_id=d, then=Value(len(group))) for d, group in cycles.items()],
                        default=Value(-1), output_field=IntegerField())
        return queryset.annotate(good_n=_count(matching), good_required=required).filter(good_n=F("good_required"))

    def filter_good_years(self, queryset, name, value):
        return self._recent(queryset, value, [Grade.GOOD], each=True)

    def filter_weak_years(self, queryset, name, value):
        return self._recent(queryset, value, list(WEAK_GRADES), each=False)

    def filter_warnings(self, queryset, name, value):
        if not value:
            return queryset
        ids = list(queryset.values_list("pk", flat=True))
        return queryset.filter(pk__in=officials_with_open_warnings(ids))


def recent_grades(user, officials: list[Official], n: int = 3) -> dict[int, list[tuple[int, str]]]:
    """For the officials of one result page: their grades in the last `n` finalized cycles they
    have a result in that `user` may read, newest first, as (year, grade label); one query."""
    grades = defaultdict(list)
    rows = scoped(Result.objects.filter(official__in=officials, cycle__state=Cycle.State.FINALIZED), user) \
        .exclude(grade="").order_by("official_id", "-cycle__year").values_list("official_id", "cycle__year", "grade")
    for official_id, year, grade in rows:
        if len(grades[official_id]) < n:
            grades[official_id].append((year, labels.grade_label(grade)))
    return dict(grades)


def warned(officials: list[Official]) -> set[int]:
    """Which of the officials on a result page have open warnings (records decides what is open)."""
    return officials_with_open_warnings([o.pk for o in officials]) if officials else set()

