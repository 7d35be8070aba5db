"""The demo's surveys (run by `manage.py demo_data` once the past cycles are at year end, before
their scores are finalized): for each of them a 多维测评 (德、能、勤、绩、廉) and a 正反向政治素质测评
of the 98 principal officials, held through the surveys services from start to end — define,
issue codes, open, realistic ballots through `ballot_submit`, close, confirm — so the SurveyScores
and PoliticalReviews that the year's composite uses come from ballots (demo.evaluations then
records no typed-in ones for that year).

The raters: district leaders (上级, 7 codes) and fellow principals (同级, 12) rate every official;
each unit's own cadres (下级, 4 codes a unit) rate the unit's leaders and each street's residents
(服务对象, 3 codes a street) rate the street's. A rater rates an official around the official's
lasting form (demo.evaluations: the same officials do well every year); fellow principals do not
know everyone (不了解), and one of them knows almost nobody (an invalid ballot); a few codes are
never used, and in one unit and one street too few are, so that group does not count (the results
page says why). In the political survey the officials demo.evaluations names as failing it draw
many 是 on the reverse items: the survey proposes 不合格 and the confirmation vetoes them.

Deterministic (random.Random from the demo's SEED); idempotent: a cycle that has surveys is left
alone.
"""
from __future__ import annotations

import datetime
import random

from accounts.models import Role, User
from cycles.models import Cycle
from demo.evaluations import POOR, VETO_POLITICAL, _form
from demo.org import SEED, STAFF_USERNAME
from org.models import Official, Unit
from surveys import services
from surveys.models import Survey
from surveys.services import AnswerInput, ItemInput

MULTI_ITEMS = [
    ItemInput("de", "德：政治品质和道德品行"),
    ItemInput("neng", "能：履职能力和专业素养"),
    ItemInput("qin", "勤：工作态度和担当作为"),
    ItemInput("ji", "绩：工作实绩和群众口碑"),
    ItemInput("lian", "廉：廉洁从政和作风建设"),
]
POLITICAL_ITEMS = [
    ItemInput("zz1", "对党忠诚，坚决维护党中央权威和集中统一领导"),
    ItemInput("zz2", "坚持原则、敢于斗争，旗帜鲜明反对错误言行"),
    ItemInput("zz3", "严守政治纪律和政治规矩，如实报告个人事项"),
    ItemInput("fx1", "存在当面一套、背后一套的情况", reverse=True),
    ItemInput("fx2", "对上级决策部署搞变通、打折扣", reverse=True),
]
SCALE = (100, 85, 70, 50)
# Codes issued and used (district-wide groups): (group, issued, used)
DISTRICT_GROUPS = (("superior", 7, 7), ("peer", 12, 11))
SUBORDINATE_CODES, PUBLIC_CODES = 4, 3


def _points(rng: random.Random, level: float) -> int:
    """A mark of the scale around `level` (好 100 / 较好 85 / 一般 70 / 差 50)."""
    value = rng.gauss(level, 7)
    return 100 if value >= 92 else 85 if value >= 77 else 70 if value >= 61 else 50


def _staff(district) -> User | None:
    return (User.objects.filter(username=STAFF_USERNAME, role=Role.STAFF, is_active=True).first()
            or User.objects.filter(role=Role.STAFF, districts=district, is_active=True).order_by("username").first())


def build_demo_surveys(district, *, today: datetime.date) -> int:
    """Hold the two surveys of each past cycle at year end; returns how many were confirmed."""
    staff = _staff(district)
    officials = list(Official.objects.filter(unit__district=district, is_principal=True)
                     .select_related("unit").order_by("unit__sort_order", "unit__name", "name", "id"))
    if staff is None or not officials:
        return 0
    done = 0
    for cycle in Cycle.objects.filter(district=district, year__lt=today.year, year__gte=today.year - 2,
                                      state=Cycle.State.EVALUATING).order_by("year"):
        if Survey.objects.filter(cycle=cycle).exists():
            continue
        years_back = today.year - cycle.year
        day = datetime.date(cycle.year, 12, 10)
        rng = random.Random(SEED * 100 + years_back)
        poor = {officials[i].pk for i in POOR.get(years_back, ())}
        failing = {officials[i].pk for i in VETO_POLITICAL.get(years_back, ())}
        levels = {o.pk: (48.0 if o.pk in poor else _form(i) + rng.uniform(-3, 3)) for i, o in enumerate(officials)}
        _multi_rater(cycle, officials, levels, staff, rng, day)
        # Political marks follow the official's lasting form, not a bad year's work.
        standing = {o.pk: _form(i) + rng.uniform(-3, 3) for i, o in enumerate(officials)}
        _political(cycle, officials, standing, failing, staff, rng, day)
        done += 2
    return done


def _hold(survey: Survey, staff, rng: random.Random, day: datetime.date, ballots) -> None:
    """Open, submit `ballots` [(code, answers)] in a shuffled order, close and confirm."""
    services.survey_open(actor=staff, survey=survey)
    ballots = list(ballots)
    rng.shuffle(ballots)
    for code, answers in ballots:
        services.ballot_submit(code=code, answers=answers, today=day)
    services.survey_close(actor=staff, survey=survey)
    services.survey_confirm(actor=staff, survey=survey)


def _multi_rater(cycle: Cycle, officials: list[Official], levels: dict, staff, rng: random.Random,
                 day: datetime.date) -> None:
    survey = services.survey_create(actor=staff, cycle=cycle, kind=Survey.Kind.MULTI_RATER,
                                    title=f"{cycle.year} 年度区管党政正职多维测评", items=MULTI_ITEMS,
                                    officials=officials)
    bias = {item.code: rng.uniform(-2, 2) for item in MULTI_ITEMS}

    def ballot(rated: list[Official], knows: float):
        return [AnswerInput(o.pk, item.code, points=_points(rng, levels[o.pk] + bias[item.code]))
                if rng.random() < knows else AnswerInput(o.pk, item.code) for o in rated for item in MULTI_ITEMS]

    ballots = []
    for group, issued, used in DISTRICT_GROUPS:
        codes = services.codes_issue(actor=staff, survey=survey, rater_group=group, count=issued, today=day)
        for n, code in enumerate(codes[:used]):
            # One fellow principal knows almost nobody: an invalid ballot.
            knows = 0.95 if group == "superior" else 0.15 if n == 0 else rng.uniform(0.6, 0.9)
            ballots.append((code, ballot(officials, knows)))
    by_unit: dict[int, list[Official]] = {}
    for o in officials:
        by_unit.setdefault(o.unit_id, []).append(o)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=list(by_unit))}
    streets = [pk for pk in by_unit if units[pk].kind == Unit.Kind.STREET]
    short_unit = min(pk for pk in by_unit if units[pk].kind != Unit.Kind.STREET)  # too few ballots
    short_street = min(streets) if streets else None
    for pk, rated in sorted(by_unit.items()):
        unit = units[pk]
        groups = [("subordinate", SUBORDINATE_CODES)] + ([("public", PUBLIC_CODES)] if pk in streets else [])
        for group, issued in groups:
            codes = services.codes_issue(actor=staff, survey=survey, rater_group=group, count=issued, unit=unit,
                                         today=day)
            used = issued - (rng.random() < 0.3)
            if (group == "subordinate" and pk == short_unit) or (group == "public" and pk == short_street):
                used = 1
            ballots += [(code, ballot(rated, 0.97)) for code in codes[:used]]
    _hold(survey, staff, rng, day, ballots)


def _political(cycle: Cycle, officials: list[Official], levels: dict, failing: set, staff, rng: random.Random,
               day: datetime.date) -> None:
    survey = services.survey_create(actor=staff, cycle=cycle, kind=Survey.Kind.POLITICAL,
                                    title=f"{cycle.year} 年度正反向政治素质测评", items=POLITICAL_ITEMS,
                                    officials=officials)

    def answer(o: Official, item: ItemInput, knows: float) -> AnswerInput:
        if rng.random() >= knows:
            return AnswerInput(o.pk, item.code)
        if item.reverse:
            yes = rng.random() < (0.6 if o.pk in failing else 0.03)
            return AnswerInput(o.pk, item.code, choice="yes" if yes else "no")
        level = levels[o.pk] - (20 if o.pk in failing else 0) + 4  # political marks run a little higher
        return AnswerInput(o.pk, item.code, points=_points(rng, level))

    ballots = []
    for group, issued, used in DISTRICT_GROUPS:
        codes = services.codes_issue(actor=staff, survey=survey, rater_group=group, count=issued, today=day)
        for code in codes[:used]:
            knows = 0.95 if group == "superior" else rng.uniform(0.7, 0.9)
            ballots.append((code, [answer(o, item, knows) for o in officials for item in POLITICAL_ITEMS]))
    _hold(survey, staff, rng, day, ballots)
