"""`manage.py demo_data`: build the 市北区 demo (seed 004) so a fresh install shows real-looking data.

What it builds, all in one transaction:

- District 市北区 (`shibei`) with its district departments, other units and 22 streets;
- exactly 98 principal officials (党政正职, "98个一把手" in 004), each with a current post and,
  for about 30 %, one or two earlier posts in other units of the district;
- one account per role, all with DEMO_PASSWORD;
- three cycles: Y-2 and Y-1 in `evaluating` (ready to be scored and finalized), Y in `in_progress`,
  where Y is the current local year;
- three pledges per official and cycle with reviews, revisions and progress (pledges.demo). They
  are filed while the new cycles are still in `planning`; the cycles are advanced afterwards.

Everything that is random comes from one `random.Random(SEED)` and only from module constants, so
the same names, units and dates come out on every run on every machine (no set iteration, no
dependence on what the database already holds).

The command only ever adds what is missing, found by natural key — district code, unit
(district, name), official (unit, name), account username, cycle (district, year) — and never
changes an existing row. Running it twice therefore writes nothing the second time, and running it
on a database where only part of the demo exists completes it.
"""
from __future__ import annotations

import datetime
import random
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.audit import audited_save
from accounts.models import Role, User
from accounts.services import account_create
from cycles.models import Cycle
from cycles.services import cycle_advance, cycle_create
from demo.boards import build_demo_boards
from demo.evaluations import build_demo_scores
from demo.pledges import build_demo_pledges
from org.models import District, Official, Post, RankLevel, Unit
from org.services import official_create
from pledges.models import Pledge

SEED = 20230323  # the date of seed 004 (2023-03-23)
DEMO_PASSWORD = "Cadreboard-2026"
DEMO_URL = "http://127.0.0.1:8000/"
AUDIT_REASON = "演示数据"

DISTRICT_NAME = "市北区"
DISTRICT_CODE = "shibei"
PRINCIPAL_COUNT = 98  # 004: "98个'一把手'公开亮目标"

DIV = RankLevel.DIVISION_CHIEF.value
DEP = RankLevel.DEPUTY_DIVISION_CHIEF.value

DEPARTMENT = Unit.Kind.DEPARTMENT.value
STREET = Unit.Kind.STREET.value
OTHER = Unit.Kind.OTHER.value

# A bureau whose party secretary and director are two people: both are 党政正职 of the unit.
BUREAU_PAIR = (("党组书记", DIV), ("党组副书记、局长", DIV))
STREET_PAIR = (("党工委书记", DIV), ("党工委副书记、办事处主任", DIV))

# (name, kind, ((position, rank_level), ...)) in display order (Unit.sort_order follows it).
# The district committee's own departments come first, then the government's, then other units,
# then the streets, as district rosters list them. Every unit has one or two principals; the sum is
# PRINCIPAL_COUNT (checked at import time below).
NON_STREET_UNITS = (
    ("区委办公室", DEPARTMENT, (("主任", DIV),)),
    ("区委组织部", DEPARTMENT, (("常务副部长", DIV), ("副部长、区委老干部局局长", DEP))),
    ("区委宣传部", DEPARTMENT, (("常务副部长", DIV), ("副部长、区委网信办主任", DEP))),
    ("区政府办公室", DEPARTMENT, (("党组书记", DIV), ("党组副书记、主任", DIV))),
    ("区发展和改革局", DEPARTMENT, BUREAU_PAIR),
    ("区教育和体育局", DEPARTMENT, (("党委书记", DIV), ("党委副书记、局长", DIV))),
    ("区科技局", DEPARTMENT, BUREAU_PAIR),
    ("区民政局", DEPARTMENT, BUREAU_PAIR),
    ("区司法局", DEPARTMENT, BUREAU_PAIR),
    ("区财政局", DEPARTMENT, BUREAU_PAIR),
    # One principal only: the demo `official` account belongs to this bureau's head (004 quotes
    # 区人社局's pledges: 人力资源服务产业园, 招才引智活动30场).
    ("区人力资源和社会保障局", DEPARTMENT, (("党组书记、局长", DIV),)),
    ("区住房和城乡建设局", DEPARTMENT, BUREAU_PAIR),
    ("区城市管理局", DEPARTMENT, BUREAU_PAIR),
    ("区商务局", DEPARTMENT, BUREAU_PAIR),
    ("区文化和旅游局", DEPARTMENT, BUREAU_PAIR),
    ("区卫生健康局", DEPARTMENT, BUREAU_PAIR),
    ("区退役军人事务局", DEPARTMENT, BUREAU_PAIR),
    ("区应急管理局", DEPARTMENT, BUREAU_PAIR),
    ("区审计局", DEPARTMENT, BUREAU_PAIR),
    ("区市场监督管理局", DEPARTMENT, BUREAU_PAIR),
    ("区统计局", DEPARTMENT, (("党组书记", DEP), ("党组副书记、局长", DEP))),
    ("区医疗保障局", DEPARTMENT, (("党组书记", DIV), ("党组副书记、局长", DEP))),
    ("区行政审批服务局", DEPARTMENT, BUREAU_PAIR),
    ("区生态环境分局", DEPARTMENT, (("党组书记", DEP), ("党组副书记、分局长", DEP))),
    ("区投资促进中心", OTHER, (("党组书记", DIV), ("党组副书记、主任", DEP))),
    ("区楼宇经济发展中心", OTHER, (("党支部书记", DEP), ("主任", DEP))),
    ("区机关事务服务中心", OTHER, (("党组书记", DEP), ("党组副书记、主任", DEP))),
    ("区融媒体中心", OTHER, (("党委书记", DEP), ("党委副书记、主任", DEP))),
)

# The streets of 市北区 after the 2012 merger with 四方区.
STREET_NAMES = (
    "辽宁路街道", "延安路街道", "登州路街道", "宁夏路街道", "敦化路街道", "辽源路街道",
    "合肥路街道", "大港街道", "即墨路街道", "台东街道", "镇江路街道", "浮山新区街道",
    "阜新路街道", "海伦路街道", "四方街道", "兴隆路街道", "水清沟街道", "洛阳路街道",
    "河西街道", "湖岛街道", "开平路街道", "双山街道",
)

UNITS = NON_STREET_UNITS + tuple((name, STREET, STREET_PAIR) for name in STREET_NAMES)

OFFICIAL_ACCOUNT_UNIT = "区人力资源和社会保障局"

# (surname, weight): surnames common in Qingdao and Shandong, weighted roughly by how common they
# are there (隋、衣、栾、逄、矫 are typical of the peninsula but rare).
SURNAMES = (
    ("王", 8), ("张", 7), ("李", 7), ("刘", 6), ("孙", 5), ("于", 4), ("杨", 4), ("赵", 4),
    ("徐", 3), ("高", 3), ("陈", 3), ("姜", 3), ("宋", 2), ("曲", 2), ("崔", 2), ("林", 2),
    ("周", 2), ("马", 2), ("郭", 2), ("董", 2), ("隋", 1), ("衣", 1), ("栾", 1), ("丁", 1),
    ("韩", 1), ("吕", 1), ("孔", 1), ("修", 1), ("矫", 1), ("逄", 1), ("臧", 1), ("宫", 1),
    ("迟", 1), ("鞠", 1), ("纪", 1), ("薛", 1), ("胡", 1), ("朱", 1), ("袁", 1), ("邵", 1),
    ("毕", 1), ("房", 1), ("邢", 1), ("尹", 1), ("范", 1), ("潘", 1), ("程", 1), ("田", 1),
)

# Given names of people born in the 1960s to 1980s, men's and women's, two- and one-character.
GIVEN_NAMES = (
    "建国", "志强", "海涛", "立新", "晓东", "红梅", "丽娜", "永刚", "学军", "国栋",
    "卫东", "春雷", "振华", "德胜", "明辉", "俊峰", "慧敏", "瑞华", "宏伟", "晓燕",
    "建华", "文涛", "海燕", "玉洁", "新民", "庆华", "树林", "兆军", "洪波", "金涛",
    "凤霞", "爱玲", "少华", "传鹏", "成刚", "克勇", "继东", "海滨", "青松", "泽宇",
    "浩然", "晨阳", "雪梅", "静怡", "秀云", "云飞", "海军", "世杰", "光明", "绍峰",
    "连生", "鹏飞", "子健", "思远", "东升", "雅琴", "艳华", "立军", "正阳", "嘉宁",
    "伟", "磊", "军", "勇", "涛", "敏", "鹏", "岩", "健", "斌", "静", "峰", "波", "刚",
    "丽", "颖", "宁", "琳",
)

# Current posts start between these dates; NEWLY_APPOINTED officials started in 2026 instead, so
# that inauguration pledges (任职承诺) and mid-year appointments have data to show.
APPOINTED_FROM = datetime.date(2018, 1, 1)
APPOINTED_UNTIL = datetime.date(2025, 12, 31)
NEWLY_APPOINTED = 6
NEW_APPOINTED_FROM = datetime.date(2026, 1, 5)
NEW_APPOINTED_UNTIL = datetime.date(2026, 9, 30)

# Share of officials with earlier posts in the district, and how long an earlier post lasted.
HISTORY_SHARE = 0.3
EARLIER_POST_DAYS = (2 * 365, 5 * 365)
# Share of department officials with history whose last earlier post was in a street.
STREET_FIRST_SHARE = 0.6

# (username, role, role label for the login table, display name). The page header shows the display
# name next to the role, so only names that add something are set; the official account shows the
# linked official's name.
ACCOUNTS = (
    ("admin", Role.ADMIN.value, "系统管理员", ""),
    ("staff", Role.STAFF.value, "组织部工作人员", "组织部干部科"),
    ("leader", Role.LEADER.value, "区领导", ""),
    ("official", Role.OFFICIAL.value, "党政正职", ""),
)

# (years before the current year, state to advance a new cycle to): the past two years wait to be
# scored and finalized, the current one is under way.
CYCLES = (
    (2, Cycle.State.EVALUATING.value),
    (1, Cycle.State.EVALUATING.value),
    (0, Cycle.State.IN_PROGRESS.value),
)

if sum(len(principals) for _, _, principals in UNITS) != PRINCIPAL_COUNT:  # pragma: no cover
    raise AssertionError("demo units must hold exactly PRINCIPAL_COUNT principals")


@dataclass(frozen=True)
class PostPlan:
    """An earlier, closed post of a demo official."""

    unit: str
    position: str
    rank_level: str
    started_on: datetime.date
    ended_on: datetime.date


@dataclass(frozen=True)
class OfficialPlan:
    """One demo official: current post and earlier posts, most recent first."""

    unit: str
    name: str
    position: str
    rank_level: str
    appointed_on: datetime.date
    earlier_posts: tuple[PostPlan, ...] = ()

    @property
    def profile(self) -> str:
        text = f"{_month(self.appointed_on)}起任{self.unit}{self.position}。"
        if self.earlier_posts:
            earlier = "；".join(
                f"{_month(p.started_on)}—{_month(p.ended_on)}任{p.unit}{p.position}"
                for p in self.earlier_posts
            )
            text += f"曾任：{earlier}。"
        return text


def _month(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月"


def _random_day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _unique_names(rng: random.Random, count: int) -> list[str]:
    surnames = [surname for surname, _ in SURNAMES]
    weights = [weight for _, weight in SURNAMES]
    names: list[str] = []
    taken: set[str] = set()  # membership only; order comes from the list
    while len(names) < count:
        surname, given = rng.choices(surnames, weights)[0], rng.choice(GIVEN_NAMES)
        name = surname + given
        # 林树林-like names exist but read as mistakes in a demo.
        if surname not in given and name not in taken:
            taken.add(name)
            names.append(name)
    return names


def _rank_at_most(rank: str, ceiling: str) -> bool:
    order = list(RankLevel.values)  # highest first
    return order.index(rank) >= order.index(ceiling)


def _deputy_title(name: str, kind: str) -> str:
    if kind == STREET:
        return "党工委副书记"
    if name.endswith("局"):
        return "党组成员、副局长"
    if name.endswith("部"):
        return "副部长"
    return "副主任"  # 办公室, 中心


def _earlier_posts(
    rng: random.Random, current: tuple, rank_level: str, appointed_on: datetime.date
) -> tuple[PostPlan, ...]:
    """Posts held before the current one, each ending the day before the next one started.

    004: department heads are preferably chosen among present or former street principals, so a
    department official's last earlier post is usually in a street. An earlier post is either the
    unit's principal post (when its rank is not above the later post's) or a deputy one."""
    if rng.random() >= HISTORY_SHARE:
        return ()
    count = rng.choice((1, 1, 2))
    current_name, current_kind, _ = current
    candidates = [unit for unit in UNITS if unit[0] != current_name]
    posts = []
    next_start = appointed_on
    # Careers only go up: going back in time, a post is never above the one after it, and nobody
    # was a principal before serving as a deputy.
    ceiling, principal_allowed = rank_level, True
    for step in range(count):
        pool = candidates
        if step == 0 and current_kind != STREET and rng.random() < STREET_FIRST_SHARE:
            pool = [unit for unit in candidates if unit[1] == STREET]
        name, kind, principals = rng.choice(pool)
        candidates = [unit for unit in candidates if unit[0] != name]
        ended_on = next_start - datetime.timedelta(days=1)
        started_on = ended_on - datetime.timedelta(days=rng.randint(*EARLIER_POST_DAYS))
        principal_position, principal_rank = principals[-1]
        if (principal_allowed and _rank_at_most(principal_rank, ceiling)
                and rng.random() < 0.5):
            position, post_rank = principal_position, principal_rank
        else:
            position, post_rank = _deputy_title(name, kind), DEP
            principal_allowed = False
        ceiling = post_rank
        posts.append(PostPlan(name, position, post_rank, started_on, ended_on))
        next_start = started_on
    return tuple(posts)


def build_plan() -> tuple[OfficialPlan, ...]:
    """The demo officials, in unit order. Pure: the same tuple on every call and machine."""
    rng = random.Random(SEED)
    seats = [(unit, position, rank) for unit in UNITS for position, rank in unit[2]]
    names = _unique_names(rng, len(seats))
    newly_appointed = rng.sample(range(len(seats)), NEWLY_APPOINTED)
    plan = []
    for index, ((unit, position, rank), name) in enumerate(zip(seats, names)):
        if index in newly_appointed:
            appointed_on = _random_day(rng, NEW_APPOINTED_FROM, NEW_APPOINTED_UNTIL)
        else:
            appointed_on = _random_day(rng, APPOINTED_FROM, APPOINTED_UNTIL)
        plan.append(
            OfficialPlan(unit[0], name, position, rank, appointed_on,
                         _earlier_posts(rng, unit, rank, appointed_on))
        )
    return tuple(plan)


@dataclass
class BuildReport:
    """What a run found and added; `accounts` maps username → (created, note)."""

    district: District | None = None
    created: dict = field(default_factory=lambda: {
        "district": 0, "units": 0, "officials": 0, "posts": 0, "accounts": 0, "cycles": 0,
        "pledges": 0, "revisions": 0, "progress": 0, "evidence": 0, "scores": 0, "finalized": 0, "boards": 0,
    })
    accounts: dict = field(default_factory=dict)
    official_account_holder: str = ""


def _ensure_district(report: BuildReport) -> District:
    district = District.objects.filter(code=DISTRICT_CODE).first()
    if district is None:
        district = District(name=DISTRICT_NAME, code=DISTRICT_CODE)
        audited_save(district, actor=None, reason=AUDIT_REASON)
        report.created["district"] += 1
    return district


def _ensure_units(district: District, report: BuildReport) -> dict[str, Unit]:
    units = {unit.name: unit for unit in district.units.all()}
    for order, (name, kind, _) in enumerate(UNITS, start=1):
        if name not in units:
            unit = Unit(district=district, name=name, kind=kind, sort_order=order * 10)
            audited_save(unit, actor=None, reason=AUDIT_REASON)
            units[name] = unit
            report.created["units"] += 1
    return units


def _ensure_officials(
    plan: tuple[OfficialPlan, ...], units: dict[str, Unit], report: BuildReport
) -> dict[tuple[str, str], Official]:
    existing = {
        (official.unit.name, official.name): official
        for official in Official.objects.filter(unit__in=units.values()).select_related("unit")
    }
    for person in plan:
        key = (person.unit, person.name)
        if key in existing:
            continue  # never touch an existing official or its posts
        # The service opens the current post; earlier posts are added closed, so the history shows
        # one creation per row instead of a replay of every transfer.
        official = official_create(
            actor=None, unit=units[person.unit], name=person.name, position=person.position,
            rank_level=person.rank_level, appointed_on=person.appointed_on, profile=person.profile,
        )
        for post in person.earlier_posts:
            audited_save(
                Post(official=official, unit=units[post.unit], position=post.position,
                     rank_level=post.rank_level, started_on=post.started_on, ended_on=post.ended_on),
                actor=None, reason=AUDIT_REASON,
            )
            report.created["posts"] += 1
        existing[key] = official
        report.created["officials"] += 1
    return existing


def _ensure_accounts(
    district: District, official: Official, report: BuildReport
) -> None:
    report.official_account_holder = official.name
    for username, role, _, display_name in ACCOUNTS:
        if User.objects.filter(username=username).exists():
            report.accounts[username] = (False, "已存在，密码未重置 / existed, password not reset")
            continue
        linked = official if role == Role.OFFICIAL else None
        if linked is not None and User.objects.filter(official=linked).exists():
            # The official already has another account; a second link would break the one-to-one.
            report.accounts[username] = (False, "该干部已有账号，未创建 / official already has an account, skipped")
            continue
        account_create(
            actor=None, username=username, password=DEMO_PASSWORD, role=role,
            districts=[] if role == Role.ADMIN else [district], official=linked,
            first_name=linked.name if linked is not None else display_name,
        )
        report.accounts[username] = (True, "")
        report.created["accounts"] += 1


def _ensure_cycles(district: District, year: int, report: BuildReport) -> list[tuple[Cycle, str]]:
    """Create the missing cycles in `planning`; return them with the state each is to reach."""
    created = []
    for years_back, state in CYCLES:
        cycle_year = year - years_back
        if Cycle.objects.filter(district=district, year=cycle_year).exists():
            continue  # an existing cycle keeps its state: it may already hold real work
        created.append((cycle_create(actor=None, district=district, year=cycle_year), state))
        report.created["cycles"] += 1
    return created


def _advance_cycles(created: list[tuple[Cycle, str]]) -> None:
    for cycle, state in created:
        while cycle.state != state:  # through the service, so each step is audited as in real use
            cycle = cycle_advance(actor=None, cycle=cycle, reason=AUDIT_REASON)


@transaction.atomic
def build_demo_data() -> BuildReport:
    """Add whatever part of the demo is missing; all or nothing."""
    report = BuildReport()
    plan = build_plan()
    district = _ensure_district(report)
    report.district = district
    units = _ensure_units(district, report)
    officials = _ensure_officials(plan, units, report)
    holder = next(p for p in plan if p.unit == OFFICIAL_ACCOUNT_UNIT)
    _ensure_accounts(district, officials[(holder.unit, holder.name)], report)
    today = timezone.localdate()
    created_cycles = _ensure_cycles(district, today.year, report)
    # Pledges can be filed and reviewed only while a cycle is in planning or in progress.
    for key, count in build_demo_pledges(district, today=today).items():
        report.created[key] += count
    _advance_cycles(created_cycles)
    for key, count in build_demo_scores(district, today=today).items():
        report.created[key] += count
    for key, count in build_demo_boards(district, today=today).items():
        report.created[key] += count
    return report


def _pad(text: str, width: int) -> str:
    """Left-justify to `width` terminal columns; Chinese characters take two columns."""
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - columns)


class Command(BaseCommand):
    help = "创建市北区演示数据（单位、98 名党政正职、账号、考核年度）；可重复运行。 / Build the 市北区 demo data; safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet", action="store_true",
            help="不打印登录账号表 / do not print the login table",
        )
        parser.add_argument(
            "--force", action="store_true",
            help="DEBUG 关闭时也执行 / run even with DEBUG off (the demo accounts have a published password)",
        )

    def handle(self, *args, quiet: bool = False, force: bool = False, **options):
        if not settings.DEBUG and not force:
            # The demo creates a system administrator whose password is printed in the README.
            raise CommandError(
                "演示数据包含公开密码的管理员账号，生产环境（DEBUG 关闭）下拒绝执行；确需执行请加 --force。 / "
                "Refusing with DEBUG off: the demo accounts have a published password. Use --force to insist."
            )
        report = build_demo_data()
        self._write_summary(report)
        if not quiet:
            self._write_logins(report)

    def _write_summary(self, report: BuildReport) -> None:
        district = report.district
        units = district.units.count()
        principals = Official.objects.filter(unit__district=district, is_principal=True).count()
        cycles = ", ".join(
            f"{c.year} {c.get_state_display()}/{c.state}"
            for c in Cycle.objects.filter(district=district).order_by("year")
        )
        pledges = ", ".join(
            f"{year} {count}"
            for year, count in Pledge.objects.filter(cycle__district=district)
            .values_list("cycle__year").annotate(n=Count("id")).order_by("cycle__year")
        )
        created = report.created
        self.stdout.write(self.style.SUCCESS(
            f"{district.name}（{district.code}）演示数据已就绪 / demo data ready: "
            f"单位 units {units}, 党政正职 principal officials {principals}, 考核年度 cycles: {cycles}; "
            f"履职践诺目标 pledges: {pledges or 0}"
        ))
        self.stdout.write(
            "本次新建 / created this run: "
            f"区 district {created['district']}, 单位 units {created['units']}, "
            f"干部 officials {created['officials']}, 以往任职 earlier posts {created['posts']}, "
            f"账号 accounts {created['accounts']}, 考核年度 cycles {created['cycles']}, "
            f"履职践诺目标 pledges {created['pledges']}, 目标调整 revisions {created['revisions']}, "
            f"进展 progress {created['progress']}, 佐证材料 evidence {created['evidence']}, "
            f"季度评分 scores {created['scores']}, 定档年度 finalized {created['finalized']}, "
            f"公示 boards {created['boards']}"
        )

    def _write_logins(self, report: BuildReport) -> None:
        lines = [
            "",
            f"访问地址 / open: {DEMO_URL}  （先运行 / first run: python manage.py runserver）",
            "演示账号（仅供演示，切勿用于生产环境） / demo logins (demo only, never in production):",
            f"  {_pad('用户名 username', 18)}{_pad('密码 password', 20)}角色 role",
        ]
        for username, role, label, _ in ACCOUNTS:
            created, note = report.accounts.get(username, (False, ""))
            role_text = f"{label} {role}"
            if role == Role.OFFICIAL:
                role_text += f"（{OFFICIAL_ACCOUNT_UNIT} {report.official_account_holder}）"
            if note:
                role_text += f"  [{note}]"
            lines.append(f"  {_pad(username, 18)}{_pad(DEMO_PASSWORD, 20)}{role_text}")
        self.stdout.write("\n".join(lines))
