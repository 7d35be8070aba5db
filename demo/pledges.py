"""The demo's pledges (履职践诺目标): 98 principal officials publicly pledge 294 targets — three
pledges per principal official and cycle, one in each category, with quantified targets
("举办各类招才引智活动30场", "新培育重点产业特色楼宇不少于2座", "开展'乐艺市北'文旅嘉年华活动1000场次" …),
fitted to the official's unit. The templates are in demo/data/pledge_catalog.toml; which unit
draws from which topic, the review texts, the ratings and the fates are in demo/data/pledges.toml.

`build_demo_pledges(district, today=…)` files them through the real services (pledge_create →
pledge_submit → pledge_approve / pledge_return, pledge_update, pledge_revise → revision_approve /
revision_return, progress_post) for the three demo cycles Y-2, Y-1 and Y (Y = today.year), in
whatever cycle of those is still in a filing state (`planning` or `in_progress`): the demo_data
command creates new cycles in `planning`, calls this, then advances them. The progress updates
without evidence files pass progress_post's checks and are written in batches (`_ProgressBatch`).

Which kind an official files in a cycle follows pledges.rules.expected_kind, as the staff dashboard
(pledges.selectors.deadline_status) does: an official appointed to the current post within the
cycle year after its 31 January deadline files inauguration pledges (任职承诺, milestones from the
quarter of the appointment on); everyone else files annual ones.

Past cycles (Y-2, Y-1): every official has 3 approved pledges, rated and graded (about 25 % A,
55 % B, 20 % C; two grade overrides with a reason per cycle), three approved revisions and one
returned revision per cycle, and a progress update near the end of every spanned quarter after
the approval, rising to 100 % (a few end at 85–96 % with a note).

Current cycle Y: most officials approved with progress for the quarters already over, some waiting
in the review queue, some with a returned pledge (with the reason), a few still in draft and
overdue, one pledge with a revision pending, one approved revision and one grade override; of the
officials appointed in Y after the deadline, the latest has filed nothing yet (the dashboard shows
one missing), the one before is waiting for review, the others are approved. The official with a
login (区人社局) has one approved pledge with progress and evidence files, one approved pledge with
a pending revision and one returned pledge.

Exact numbers with the demo.org officials and today = 2026-11-22 (tested in tests/test_demo.py):

| cycle | pledges | annual | inauguration | draft | submitted | returned | approved | A / B / C |
|---|---|---|---|---|---|---|---|---|
| 2024 | 294 | 255 | 39 (13 officials) | 0 | 0 | 0 | 294 | 71 / 167 / 56 |
| 2025 | 294 | 267 | 27 (9 officials) | 0 | 0 | 0 | 294 | 72 / 158 / 64 |
| 2026 | 291 | 279 | 12 (4 of 5 officials) | 9 | 30 | 4 | 248 | 61 / 143 / 44 |

2026: 93 officials file annual pledges — 3 all drafts (overdue), 8 all submitted late and waiting,
1 all submitted after one was returned, edited and resubmitted, 3 + the login holder with one
pledge returned, the rest approved; of the 5 appointed after 31 January 2026, 3 approved, 1 waiting,
1 (the latest) missing. The staff dashboard shows 98 complete in 2024 and 2025, 90 complete and
8 overdue in 2026.
Revisions: 2024 and 2025 three approved and one returned each; 2026 one approved, one pending (10).
Grade overrides: 2 + 2 + 1. Progress updates: 2024 1095, 2025 1101, 2026 729 (2925).
Evidence files: 9 (6 PNG, 3 PDF, 2.5 KB together).

Everything random comes from `random.Random` seeded with SEED and names (unit, official, year,
category), never from database ids or set order; officials are ordered in Python by unit sort
order, unit name and name, so SQLite and PostgreSQL collations give the same result. An official
who already has any pledge in a cycle is skipped, so a second run files nothing.
"""
from __future__ import annotations

import calendar
import datetime
import random
import struct
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Role, User
from cycles import states
from cycles.models import Cycle
from cycles.states import Activity
from demo.files import read
from demo.org import SEED, STAFF_USERNAME
from org.models import Official, Unit
from pledges import rules, services
from pledges.models import Pledge, PledgeRevision, ProgressUpdate

_CATALOG = read("pledge_catalog")
_DATA = read("pledges")


class PledgeTemplate(NamedTuple):
    """A pledge template (demo/data/pledge_catalog.toml). `{n}` is the target number (one of
    `nums`), `{u}` the unit's name, `{brand}` a party-building brand; `unit` is the target's unit
    of measure; `steps` are the four quarterly milestone actions, each starting with a verb
    ("完成…", "举办…") so "3月底前" + step and "已" + step both read well."""

    title: str
    content: str
    target: str
    nums: tuple
    unit: str
    steps: tuple


def _template(item: dict) -> PledgeTemplate:
    if len(item["steps"]) != 4:
        raise ValueError(f"demo data: pledge template {item['title']!r} must have four steps")
    return PledgeTemplate(item["title"], item["content"], item["target"], tuple(item["nums"]),
                          item["target_unit"], tuple(item["steps"]))


def _templates_of(items: list[dict]) -> tuple[PledgeTemplate, ...]:
    return tuple(_template(item) for item in items)


# 党的建设和干部队伍建设: for departments and other units (PARTY), for streets (STREET_PARTY).
PARTY = _templates_of(_CATALOG["party"])
STREET_PARTY = _templates_of(_CATALOG["street_party"])
# Streets draw from their own items and the party items that fit a street's working committee.
STREET_PARTY_POOL = STREET_PARTY + tuple(
    next(tpl for tpl in PARTY if tpl.title == title) for title in _CATALOG["party_for_streets"]
)
# 创新创优工作 and 服务全区重点工作: topic → category → items.
TOPICS: dict[str, dict[str, tuple[PledgeTemplate, ...]]] = {
    topic: {category: _templates_of(items) for category, items in categories.items()}
    for topic, categories in _CATALOG["topics"].items()
}
# Streets with a landmark of their own get an extra key-work item.
STREET_EXTRAS = {street: _template(item) for street, item in _CATALOG["street_extras"].items()}
# Featured pledges, filed in the current cycle by the unit's (unit, slot) principal; in that cycle,
# pool items of the same unit on their subjects are left out, so a unit does not pledge the same
# thing twice.
FEATURED = {(item["unit_name"], item["slot"], item["category"]): _template(item) for item in _CATALOG["featured"]}
FEATURED_SUBJECTS = {
    (item["unit_name"], item["slot"], item["category"]): tuple(item["subjects"]) for item in _CATALOG["featured"]
}

UNIT_TOPICS = _DATA["unit_topics"]
# A concurrent post with its own portfolio (副部长、区委老干部局局长) pledges for that portfolio.
POSITION_TOPICS = tuple(_DATA["position_topics"].items())
BRANDS = tuple(_DATA["brands"])
# Countable units: a progress update can say how much of the number is done.
COUNTABLE = frozenset(_DATA["countable_units"])

_TEXTS = _DATA["texts"]
RETURN_REASONS = tuple(_TEXTS["return_reasons"])
RESUBMIT_NOTE = _TEXTS["resubmit_note"]
OVERRIDE_UP = _TEXTS["override_up"]
OVERRIDE_DOWN = _TEXTS["override_down"]
REVISE_UP = _TEXTS["revise_up"]
REVISE_DOWN = _TEXTS["revise_down"]
REVISE_RETURNED = _TEXTS["revise_returned"]
REVISION_RETURN_REASON = _TEXTS["revision_return_reason"]
REVISE_PENDING = _TEXTS["revise_pending"]
REVISION_APPROVED = _TEXTS["revision_approved"]
REVISE_CONTENT = _TEXTS["revise_content"]
PROGRESS_UNFINISHED = _TEXTS["progress_unfinished"]
PROGRESS_NOTES = tuple(_TEXTS["progress_notes"])
QUARTER_NAMES = dict(enumerate(_DATA["quarter_names"], start=1))
# Evidence files (name, kind): on the login holder's key work in the current cycle, one per
# update; on three last-quarter updates in each past cycle, the first a PDF, then photos.
HOLDER_EVIDENCE = tuple(tuple(item) for item in _DATA["evidence"]["holder"])
PAST_EVIDENCE = tuple(tuple(item) for item in _DATA["evidence"]["past"])

# ratings (difficulty, innovation, contribution) by the grade they give under the default thresholds
RATINGS = {grade: tuple(tuple(row) for row in rows) for grade, rows in _DATA["ratings"].items()}
GRADE_WEIGHTS = {category: tuple(weights) for category, weights in _DATA["grade_weights"].items()}
# Fates in the current cycle (counts of officials filing annual pledges, the login holder aside).
CURRENT_FATES = tuple(_DATA["current_fates"].items())
PAST_REVISIONS = tuple(_DATA["past_revisions"].items())


# --- plan ---------------------------------------------------------------------------------------

@dataclass
class ProgressSpec:
    quarter: int
    percent: int
    final: bool  # the last update the pledge will get this year
    step: str  # the milestone action of the quarter
    note: str
    when: datetime.datetime
    files: tuple = ()  # (name, kind) with kind "png" or "pdf"


@dataclass
class PledgeSpec:
    category: str
    template: PledgeTemplate
    fields: dict
    ratings: tuple
    override: tuple | None = None  # (grade, reason)
    fate: str = "approved"  # approved, submitted, returned, resubmitted, draft
    revision: tuple | None = None  # (status, fields, reason, decision)
    revise_after: int = 0  # progress updates posted before the revision
    progress: list[ProgressSpec] = field(default_factory=list)


@dataclass
class OfficialSpec:
    official: Official
    kind: str
    fate: str
    pledges: list[PledgeSpec]
    quarters: list[int]
    created: datetime.datetime
    submitted: datetime.datetime
    approved: datetime.datetime


@dataclass
class Context:
    cycle: Cycle
    today: datetime.date
    holder_id: int | None

    @property
    def current(self) -> bool:
        return self.cycle.year == self.today.year


def _rng(*parts) -> random.Random:
    """A generator seeded from SEED and names only (str seeds hash with SHA-512: stable across
    processes and machines)."""
    return random.Random("|".join(str(p) for p in (SEED, *parts)))


def _sort_key(official: Official):
    return (official.unit.sort_order, official.unit.name, official.name)


def _topic(official: Official) -> str:
    for marker, topic in POSITION_TOPICS:
        if marker in official.position:
            return topic
    if official.unit.kind == Unit.Kind.STREET:
        return "street"
    return UNIT_TOPICS.get(official.unit.name, "generic")


def _group(official: Official, category: str) -> tuple:
    """Officials who draw a category's items from the same pool and must not get the same item:
    all principals of a unit for party building, those of one unit and topic otherwise."""
    if category == "party_building":
        return (official.unit.name,)
    return (official.unit.name, _topic(official))


def _pool(official: Official, category: str) -> tuple[PledgeTemplate, ...]:
    topic = _topic(official)
    if category == "party_building":
        return STREET_PARTY_POOL if topic == "street" else PARTY
    pool = TOPICS[topic][category]
    extra = STREET_EXTRAS.get(official.unit.name)
    if topic == "street" and category == "key_work" and extra is not None:
        pool = (extra,) + pool
    return pool


def _number(value) -> str:
    value = Decimal(str(value))
    return format(value.normalize(), "f") if value != value.to_integral() else str(int(value))


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _quarter_end(year: int, quarter: int) -> datetime.date:
    return _last_day(year, quarter * 3)


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time(rng.randint(9, 17), rng.randint(0, 59)))
    return timezone.make_aware(moment)


def _day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _step_indexes(count: int) -> list[int]:
    """Which of a template's four steps serve `count` spanned quarters: the first quarter gets the
    opening step, the last the closing one."""
    return {4: [0, 1, 2, 3], 3: [0, 1, 3], 2: [0, 3], 1: [0]}[count]


def _context(template: PledgeTemplate, rng: random.Random, official: Official, n) -> dict:
    return {"n": _number(n) if n is not None else "", "u": official.unit.name, "brand": rng.choice(BRANDS)}


def _render(template: PledgeTemplate, *, rng: random.Random, official: Official, year: int, quarters: list[int],
            category: str, n=None) -> dict:
    """A pledge's fields from a template: the number, and one milestone per spanned quarter with a
    month ("3月底前…") and its last day as due date, never before the month of appointment."""
    if n is None and template.nums:
        n = rng.choice(template.nums)
    context = _context(template, rng, official, n)
    first_month = official.appointed_on.month if official.appointed_on.year == year else 1
    milestones = []
    for quarter, step in zip(quarters, _step_indexes(len(quarters)), strict=True):
        months = [m for m in range(quarter * 3 - 2, quarter * 3 + 1) if m >= first_month] or [quarter * 3]
        month = rng.choices(months, weights=[1, 2, 4][-len(months):])[0]
        milestones.append({
            "quarter": quarter,
            "description": f"{month}月底前{template.steps[step].format(**context)}",
            "due_on": _last_day(year, month).isoformat(),
        })
    return {
        "category": category,
        "title": template.title.format(**context),
        "content": template.content.format(**context),
        "target": template.target.format(**context),
        "target_value": Decimal(str(n)) if n is not None else None,
        "target_unit": template.unit if n is not None else "",
        "milestones": milestones,
    }


def _ratings(rng: random.Random, category: str) -> tuple:
    grade = rng.choices("ABC", weights=GRADE_WEIGHTS[category])[0]
    return rng.choice(RATINGS[grade])


def _derived(ratings: tuple, cycle: Cycle) -> str:
    return rules.pledge_grade(*ratings, cycle.settings["pledge_grade_thresholds"])


def _revised_number(n: Decimal, up: bool) -> Decimal:
    """A revised target number: about a fifth more or less, always different and positive."""
    if n >= 5:
        new = (n * (Decimal("1.2") if up else Decimal("0.8"))).quantize(Decimal("1"))
    else:
        new = n + (1 if up else -1)
    return new if new != n and new > 0 else n + 1


def _progress_text(fields: dict, progress: ProgressSpec) -> str:
    """"二季度推进情况：已…。累计完成12场，完成年度目标的40%。…" from the pledge's current target."""
    parts = [f"{QUARTER_NAMES[progress.quarter]}推进情况：已{progress.step}。"]
    value, unit, percent = fields["target_value"], fields["target_unit"], progress.percent
    done_all = progress.final and percent == 100
    if value is not None and unit in COUNTABLE and value >= 10:
        if done_all:
            parts.append(f"累计完成{_number(value)}{unit}，年度目标全面完成。")
        else:
            done = (value * percent / 100).quantize(Decimal("1"))
            parts.append(f"累计完成{_number(done)}{unit}，完成年度目标的{percent}%。")
    else:
        parts.append("年度目标全面完成。" if done_all else f"总体进度{percent}%。")
    if progress.final and percent < 100:
        parts.append(PROGRESS_UNFINISHED)
    else:
        parts.append(progress.note)
    return "".join(parts)


def _plan_progress(pledge: PledgeSpec, spec: OfficialSpec, ctx: Context) -> None:
    """A progress update near the end of every spanned quarter that ends after the approval (and,
    in the current cycle, before today); the percent rises to about 100 at year end."""
    year = ctx.cycle.year
    rng = _rng(year, spec.official.unit.name, spec.official.name, pledge.category, "progress")
    approved = spec.approved.date()
    reporting = [q for q in spec.quarters if _quarter_end(year, q) > approved]
    posted = [q for q in reporting if not ctx.current or _quarter_end(year, q) < ctx.today]
    steps = dict(zip(spec.quarters, _step_indexes(len(spec.quarters)), strict=True))
    context = _context(pledge.template, rng, spec.official, pledge.fields["target_value"])
    previous = 0
    for index, quarter in enumerate(posted, start=1):
        final = index == len(reporting)
        if final:
            percent = 100 if rng.random() < 0.9 else rng.randint(85, 96)
        else:
            percent = min(95, max(previous + 5, index * 100 // len(reporting) + rng.randint(-8, 4)))
        previous = percent
        end = _quarter_end(year, quarter)
        day = _day_between(rng, max(end - datetime.timedelta(days=12), approved + datetime.timedelta(days=1)), end)
        note = rng.choice(PROGRESS_NOTES).format(r=rng.randint(1, 4), s=rng.randint(2, 9))
        pledge.progress.append(ProgressSpec(
            quarter, percent, final, pledge.template.steps[steps[quarter]].format(**context), note, _at(day, rng),
        ))


def _fates(officials: list[Official], kinds: dict, ctx: Context) -> dict[int, str]:
    """Who stands where in the current cycle; everyone else, and everyone in past cycles, is
    approved."""
    if not ctx.current:
        return {}
    fates: dict[int, str] = {}
    annual = [o for o in officials if kinds[o.pk] == "annual" and o.pk != ctx.holder_id]
    order = _rng(ctx.cycle.year, "fates").sample(annual, len(annual))
    start = 0
    for fate, count in CURRENT_FATES:
        for official in order[start:start + count]:
            fates[official.pk] = fate
        start += count
    if ctx.holder_id is not None and kinds.get(ctx.holder_id) == "annual":
        fates[ctx.holder_id] = "holder"
    newcomers = sorted((o for o in officials if kinds[o.pk] == "inauguration"),
                       key=lambda o: (o.appointed_on, _sort_key(o)))
    arrived = [o for o in newcomers if o.appointed_on <= ctx.today]
    for official in newcomers:
        if official.appointed_on > ctx.today:
            fates[official.pk] = "none"  # not in post yet
    if arrived:
        fates[arrived[-1].pk] = "none"  # the latest newcomer has filed nothing yet
    if len(arrived) >= 2:
        fates[arrived[-2].pk] = "submitted"
    return fates


def _templates(officials: list[Official], ctx: Context) -> dict[tuple, PledgeTemplate]:
    """(official pk, category) → template. Within a group (see _group) each official takes a
    different item of a shuffled pool, shifted every year; in the current cycle the featured items
    go to their principal of the unit, and pool items on the same subject are left out."""
    year = ctx.cycle.year
    groups: dict[tuple, list[Official]] = defaultdict(list)
    for official in officials:
        for category in rules.CATEGORIES:
            groups[(_group(official, category), category)].append(official)
    chosen = {}
    for (group, category), members in groups.items():
        pool = _pool(members[0], category)
        perm = _rng("pool", *group, category).sample(range(len(pool)), len(pool))
        offset = year * len(members)
        order = [pool[perm[(offset + k) % len(pool)]] for k in range(len(pool))]
        unit = members[0].unit.name
        if ctx.current:
            words = [w for (u, _, _), ws in FEATURED_SUBJECTS.items() if u == unit for w in ws]
            order = [tpl for tpl in order if not any(w in tpl.title for w in words)] or order
        for slot, official in enumerate(members):
            featured = FEATURED.get((unit, slot, category)) if ctx.current else None
            chosen[(official.pk, category)] = featured or order[slot % len(order)]
    return chosen


def _plan_cycle(officials: list[Official], ctx: Context) -> list[OfficialSpec]:
    """What every official files in the cycle and what becomes of it. Pure: the same result for
    the same officials (by name, unit and appointment), cycle year, deadline and today."""
    cycle, year = ctx.cycle, ctx.cycle.year
    kinds = {
        o.pk: rules.expected_kind(cycle_year=year, pledge_deadline=cycle.pledge_deadline, appointed_on=o.appointed_on)
        for o in officials
    }
    fates = _fates(officials, kinds, ctx)
    templates = _templates(officials, ctx)
    specs = []
    for official in officials:
        kind, fate = kinds[official.pk], fates.get(official.pk, "approved")
        if kind == "inauguration" and fate != "none":
            fate = fate if fate in ("approved", "submitted") else "approved"
        quarters = rules.spanned_quarters(kind=kind, cycle_year=year, appointed_on=official.appointed_on)
        due_on = rules.due_date(kind=kind, pledge_deadline=cycle.pledge_deadline, appointed_on=official.appointed_on)
        rng = _rng(year, official.unit.name, official.name)
        if kind == "inauguration":
            created = _day_between(rng, official.appointed_on + datetime.timedelta(days=5),
                                   due_on - datetime.timedelta(days=10))
            submitted = _day_between(rng, created + datetime.timedelta(days=2), due_on)
        else:
            created = datetime.date(year, 1, rng.randint(4, 15))
            submitted = datetime.date(year, 1, rng.randint(18, 30))
        if ctx.current and fate == "submitted" and kind == "annual":
            submitted = ctx.today - datetime.timedelta(days=rng.randint(1, 20))  # late, still in the queue
        approved = submitted + datetime.timedelta(days=rng.randint(5, 20))
        if ctx.current:
            created, submitted, approved = (min(d, ctx.today) for d in (created, submitted, approved))
        pledges = []
        for category in rules.CATEGORIES:
            prng = _rng(year, official.unit.name, official.name, category)
            template = templates[(official.pk, category)]
            fields = _render(template, rng=prng, official=official, year=year, quarters=quarters, category=category)
            # The featured pledges are the ambitious kind the A grade rewards.
            ratings = prng.choice(RATINGS["A"]) if template in FEATURED.values() else _ratings(prng, category)
            pledges.append(PledgeSpec(category, template, fields, ratings))
        spec = OfficialSpec(official, kind, fate, pledges, quarters,
                            _at(created, rng), _at(submitted, rng), _at(approved, rng))
        _apply_fate(spec, ctx)
        for pledge in spec.pledges:
            if pledge.fate == "approved":
                _plan_progress(pledge, spec, ctx)
        specs.append(spec)
    _plan_reviews(specs, ctx)
    return specs


def _apply_fate(spec: OfficialSpec, ctx: Context) -> None:
    rng = _rng(ctx.cycle.year, spec.official.unit.name, spec.official.name, "fate")
    by_category = {p.category: p for p in spec.pledges}
    if spec.fate == "none":
        spec.pledges = []
    elif spec.fate in ("draft", "submitted"):
        for pledge in spec.pledges:
            pledge.fate = spec.fate
    elif spec.fate == "resubmitted":
        for pledge in spec.pledges:
            pledge.fate = "submitted"
        by_category[rng.choice(rules.CATEGORIES)].fate = "resubmitted"
    elif spec.fate == "returned":
        by_category[rng.choice(rules.CATEGORIES)].fate = "returned"
    elif spec.fate == "holder":
        by_category["party_building"].fate = "returned"


def _revisable(pledge: PledgeSpec) -> bool:
    value = pledge.fields["target_value"]
    return (pledge.category != "party_building" and value is not None and value >= 2
            and pledge.fields["target_unit"] in COUNTABLE and len(pledge.progress) >= 2)


def _revision_fields(spec: OfficialSpec, pledge: PledgeSpec, ctx: Context, up: bool) -> dict:
    """The proposed text: the same item with a new number (the milestones stay), or, for an item
    without a number, a sharper content."""
    if pledge.fields["target_value"] is None:
        return {"content": pledge.fields["content"] + REVISE_CONTENT}
    n = _revised_number(pledge.fields["target_value"], up)
    rng = _rng(ctx.cycle.year, spec.official.unit.name, spec.official.name, pledge.category, "revision")
    fields = _render(pledge.template, rng=rng, official=spec.official, year=ctx.cycle.year,
                     quarters=spec.quarters, category=pledge.category, n=n)
    fields["milestones"] = pledge.fields["milestones"]
    fields["content"] = pledge.fields["content"]  # a party brand, if any, stays the same
    return fields


def _plan_reviews(specs: list[OfficialSpec], ctx: Context) -> None:
    """Revisions, grade overrides and evidence files, chosen among the approved pledges."""
    cycle, year = ctx.cycle, ctx.cycle.year
    rng = _rng(year, "review")
    owner = {id(p): s for s in specs for p in s.pledges}
    approved = [p for s in specs for p in s.pledges if p.fate == "approved"]
    holder = next((s for s in specs if s.official.pk == ctx.holder_id and s.fate == "holder"), None)

    if ctx.current:
        if holder is not None:  # the login holder's pending revision
            pledge = next(p for p in holder.pledges if p.category == "innovation")
            pledge.revision = ("pending", _revision_fields(holder, pledge, ctx, True), REVISE_PENDING, "")
            pledge.revise_after = len(pledge.progress)
        revised = next((s for s in specs if s.fate == "revised"), None)
        if revised is not None:
            pledge = next((p for p in revised.pledges if _revisable(p)), revised.pledges[2])
            pledge.revision = ("approved", _revision_fields(revised, pledge, ctx, True), REVISE_UP, REVISION_APPROVED)
            pledge.revise_after = min(2, len(pledge.progress))
    else:
        candidates = [p for p in approved if _revisable(p) and owner[id(p)].kind == "annual"]
        statuses = [status for status, count in PAST_REVISIONS for _ in range(count)]
        sample = rng.sample(candidates, len(statuses))
        for number, (pledge, status) in enumerate(zip(sample, statuses, strict=True)):
            up = status == "approved" and number % 2 == 0
            fields = _revision_fields(owner[id(pledge)], pledge, ctx, up)
            if status == "approved":
                pledge.revision = (status, fields, REVISE_UP if up else REVISE_DOWN, REVISION_APPROVED)
            else:
                pledge.revision = (status, fields, REVISE_RETURNED, REVISION_RETURN_REASON)
            pledge.revise_after = len(pledge.progress) // 2

    # Grade overrides: in past cycles one B raised to A and one A lowered to B; now one C raised to B.
    wanted = (("C", "B", OVERRIDE_UP),) if ctx.current else (("B", "A", OVERRIDE_UP), ("A", "B", OVERRIDE_DOWN))
    for derived, grade, reason in wanted:
        pool = [p for p in approved if p.category == "key_work" and p.override is None and p.revision is None
                and _derived(p.ratings, cycle) == derived]
        if pool:
            rng.choice(pool).override = (grade, reason.format(grade=grade))

    # Evidence: a few tiny files — on the login holder's key work in the current cycle, and on
    # three last-quarter updates in each past cycle.
    if ctx.current:
        if holder is not None:
            pledge = next(p for p in holder.pledges if p.category == "key_work")
            for progress, (name, kind) in zip(pledge.progress, HOLDER_EVIDENCE, strict=False):
                progress.files = ((f"{QUARTER_NAMES[progress.quarter]}{name}", kind),)
    else:
        with_progress = [p for p in approved if p.progress]
        for number, pledge in enumerate(rng.sample(with_progress, min(3, len(with_progress)))):
            progress = pledge.progress[-1]
            name, kind = PAST_EVIDENCE[min(number, len(PAST_EVIDENCE) - 1)]
            progress.files = ((f"{year}年{QUARTER_NAMES[progress.quarter]}{name}", kind),)


# --- evidence bytes -----------------------------------------------------------------------------

def _png(seed: int) -> bytes:
    """A tiny valid PNG: a 48×32 picture of coloured bands."""
    rng = random.Random(seed)
    colours = [bytes(rng.randint(40, 230) for _ in range(3)) for _ in range(4)]
    width, height = 48, 32
    rows = b"".join(b"\x00" + colours[(y // 8) % 4] * width for y in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def _pdf(line: str) -> bytes:
    """A tiny valid one-page PDF with one line of ASCII text."""
    stream = f"BT /F1 14 Tf 40 100 Td ({line}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _upload(name: str, kind: str, seed: int, line: str) -> SimpleUploadedFile:
    if kind == "png":
        return SimpleUploadedFile(name, _png(seed), content_type="image/png")
    return SimpleUploadedFile(name, _pdf(line), content_type="application/pdf")


# --- build --------------------------------------------------------------------------------------

def build_demo_pledges(district, *, today: datetime.date) -> dict:
    """File the demo pledges of `district` for the cycles today.year-2 … today.year through the
    services and return what was created: {"pledges", "revisions", "progress", "evidence"}.

    A cycle that is missing or no longer open for filing (`evaluating`, `finalized`) is left
    alone, and so is every official who already has a pledge in a cycle: a second run creates
    nothing. The reviewer is the demo `staff` account (else the district's first staff account).
    An official with a login files and reports with it; for the others the reviewer enters their
    pledges, revisions and progress (代为录入) — actor None is not possible: ProgressUpdate.author
    and PledgeRevision.proposed_by are required by model validation."""
    counts = {"pledges": 0, "revisions": 0, "progress": 0, "evidence": 0}
    officials = sorted(
        Official.objects.filter(unit__district=district, is_principal=True).select_related("unit"),
        key=_sort_key,
    )
    years = [today.year - 2, today.year - 1, today.year]
    cycles = {c.year: c for c in Cycle.objects.filter(district=district, year__in=years)}
    open_cycles = [cycles[y] for y in years if y in cycles and states.allows(cycles[y], Activity.FILING)]
    if not officials or not open_cycles:
        return counts
    accounts = {u.official_id: u for u in User.objects.filter(official__in=officials, is_active=True)}
    reviewer = (
        User.objects.filter(username=STAFF_USERNAME, role=Role.STAFF, is_active=True).first()
        or User.objects.filter(role=Role.STAFF, is_active=True, districts=district).order_by("username").first()
    )
    holder = next((o for o in officials if o.pk in accounts), None)
    filed = set(Pledge.objects.filter(cycle__in=open_cycles).values_list("official_id", "cycle_id"))
    stamps, batch = _Stamps(), _ProgressBatch()
    for cycle in open_cycles:
        ctx = Context(cycle=cycle, today=today, holder_id=holder.pk if holder else None)
        for spec in _plan_cycle(officials, ctx):
            if spec.pledges and (spec.official.pk, cycle.pk) not in filed:
                _file(spec, cycle, actor=accounts.get(spec.official.pk, reviewer), reviewer=reviewer, counts=counts,
                      stamps=stamps, batch=batch)
    batch.write()
    stamps.save()
    return counts


class _Stamps:
    """Dates put on the rows at the end: the services stamp now(); the demo spreads its rows over
    the year they belong to. The audit history keeps the real time of the run."""

    def __init__(self):
        self.pledges, self.revisions = [], []
        self.progress: list[tuple[ProgressUpdate, datetime.datetime]] = []  # stamped once written

    def save(self) -> None:
        for update, when in self.progress:
            update.created_at = when
        Pledge.objects.bulk_update(self.pledges, ["created_at", "submitted_at", "approved_at"], batch_size=300)
        ProgressUpdate.objects.bulk_update([update for update, _ in self.progress], ["created_at"], batch_size=300)
        PledgeRevision.objects.bulk_update(self.revisions, ["proposed_at", "decided_at"], batch_size=300)


class _ProgressBatch:
    """The progress updates without evidence files, written in one insert per few hundred rows with
    their history rows, instead of one `services.progress_post` each (2,900 calls, a third of the
    build before).

    A bulk path, justified: each row is what progress_post writes — same pledge, author, text and
    percent, a history row with the same author and reason — after the same checks: the cycle's
    state allows progress updates (`add` is given the pledge the review just approved, so its
    status is checked here as the service does) and the row's field validation. The updates with
    evidence files still go through the service, which checks the files; the batch is written
    before each of them, so every row keeps the id the services would have given it."""

    REASON = "填报进展"  # the change reason progress_post writes

    def __init__(self):
        self.rows: list[ProgressUpdate] = []

    def add(self, *, actor, pledge: Pledge, text: str, percent: int) -> ProgressUpdate:
        states.require(pledge.cycle, Activity.PROGRESS)
        if pledge.status != Pledge.Status.APPROVED:
            raise ValueError(f"demo: progress on pledge {pledge.pk}, which is {pledge.status}, not approved")
        update = ProgressUpdate(pledge=pledge, author=actor, text=text, percent=percent)
        update.full_clean(exclude=["pledge", "author"], validate_unique=False, validate_constraints=False)
        update._history_user, update._change_reason = actor, self.REASON
        self.rows.append(update)
        return update

    def write(self) -> None:
        if self.rows:
            bulk_create_with_history(self.rows, ProgressUpdate, batch_size=500)
            self.rows = []


def _file(spec: OfficialSpec, cycle: Cycle, *, actor, reviewer, counts: dict, stamps: _Stamps,
          batch: _ProgressBatch) -> None:
    """One official's pledges in one cycle, through the services, from filing to progress."""
    official = spec.official
    pledges = [
        services.pledge_create(actor=actor, official=official, cycle=cycle, kind=spec.kind, **plan.fields)
        for plan in spec.pledges
    ]
    counts["pledges"] += len(pledges)
    if any(plan.fate != "draft" for plan in spec.pledges):
        pledges = [services.pledge_submit(actor=actor, pledge=p) for p in pledges]
    rng = _rng(cycle.year, official.unit.name, official.name, "review")
    for plan, pledge in zip(spec.pledges, pledges, strict=True):
        if plan.fate in ("returned", "resubmitted"):
            pledge = services.pledge_return(actor=reviewer, pledge=pledge, reason=rng.choice(RETURN_REASONS))
            if plan.fate == "resubmitted":
                pledge = services.pledge_update(actor=actor, pledge=pledge, content=pledge.content + RESUBMIT_NOTE)
                pledge = services.pledge_submit(actor=actor, pledge=pledge)
        elif plan.fate == "approved":
            grade, reason = plan.override or (None, "")
            difficulty, innovation, contribution = plan.ratings
            pledge = services.pledge_approve(
                actor=reviewer, pledge=pledge, difficulty=difficulty, innovation=innovation,
                contribution=contribution, grade=grade, reason=reason,
            )
        pledge.created_at = spec.created
        pledge.submitted_at = spec.submitted if plan.fate != "draft" else None
        pledge.approved_at = spec.approved if plan.fate == "approved" else None
        stamps.pledges.append(pledge)
        for number, progress in enumerate(plan.progress):
            if plan.revision is not None and number == plan.revise_after:
                _revise(plan, pledge, actor=actor, reviewer=reviewer, counts=counts, stamps=stamps,
                        when=progress.when - datetime.timedelta(days=20))
            _post(plan, progress, pledge, actor=actor, counts=counts, stamps=stamps, batch=batch, year=cycle.year)
        if plan.revision is not None and plan.revise_after >= len(plan.progress):
            when = plan.progress[-1].when + datetime.timedelta(days=10) if plan.progress else spec.approved
            _revise(plan, pledge, actor=actor, reviewer=reviewer, counts=counts, stamps=stamps,
                    when=min(when, timezone.now()))


def _revise(plan: PledgeSpec, pledge: Pledge, *, actor, reviewer, counts: dict, stamps: _Stamps, when) -> None:
    status, fields, reason, decision = plan.revision
    revision = services.pledge_revise(actor=actor, pledge=pledge, reason=reason, **fields)
    counts["revisions"] += 1
    if status == "approved":
        services.revision_approve(actor=reviewer, revision=revision, reason=decision)
        plan.fields = {**plan.fields, **fields}  # later progress reports against the new target
    elif status == "returned":
        revision = services.revision_return(actor=reviewer, revision=revision, reason=decision)
    revision.proposed_at = when
    revision.decided_at = when + datetime.timedelta(days=4) if status != "pending" else None
    stamps.revisions.append(revision)


def _post(plan: PledgeSpec, progress: ProgressSpec, pledge: Pledge, *, actor, counts: dict, stamps: _Stamps,
          batch: _ProgressBatch, year: int) -> None:
    text = _progress_text(plan.fields, progress)
    if progress.files:
        batch.write()  # first the updates posted before this one
        line = f"Shibei demo evidence {year} Q{progress.quarter}"
        files = [_upload(name, kind, seed=year * 10 + progress.quarter, line=line) for name, kind in progress.files]
        update = services.progress_post(actor=actor, pledge=pledge, text=text, percent=progress.percent, files=files)
        counts["evidence"] += len(files)
    else:
        update = batch.add(actor=actor, pledge=pledge, text=text, percent=progress.percent)
    counts["progress"] += 1
    stamps.progress.append((update, progress.when))
