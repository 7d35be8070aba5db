"""The 市北区 demo's district, units, officials with their posts, and one account per role.

The names (units, streets, surnames, given names), the principals' positions and the accounts are
in demo/data/org.toml. Everything that is random comes from one `random.Random(SEED)` and only
from that data, so the same names, units and dates come out on every run on every machine (no set
iteration, no dependence on what the database already holds).

Only what is missing is added, found by natural key — district code, unit (district, name),
official (unit, name), account username — and an existing row is never changed."""
from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from accounts.audit import audited_save
from accounts.models import Role, User
from accounts.services import account_create
from demo.files import check_choice, read
from org.models import District, Official, Post, RankLevel, Unit
from org.services import official_create

SEED = 20230323  # every demo builder derives its generators from this one number
DEMO_PASSWORD = "Cadreboard-2026"
STAFF_USERNAME = "staff"  # the demo reviewer and scorer (an account of ACCOUNTS)
AUDIT_REASON = "演示数据"
PRINCIPAL_COUNT = 98  # 党政正职 of the district: the units' principals add up to this

DEP = RankLevel.DEPUTY_DIVISION_CHIEF.value
STREET = Unit.Kind.STREET.value

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
# Share of department officials with history whose last earlier post was in a street (department
# heads are preferably chosen among present or former street principals).
STREET_FIRST_SHARE = 0.6

_DATA = read("org")


def _principals(rows: list[dict]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (row["position"], check_choice(row["rank_level"], RankLevel.values, "rank level")) for row in rows
    )


DISTRICT_NAME = _DATA["district"]["name"]
DISTRICT_CODE = _DATA["district"]["code"]
# (name, kind, ((position, rank_level), ...)) in display order (Unit.sort_order follows it).
NON_STREET_UNITS = tuple(
    (unit["name"], check_choice(unit["kind"], Unit.Kind.values, "unit kind"), _principals(unit["principals"]))
    for unit in _DATA["units"]
)
STREET_NAMES = tuple(_DATA["streets"]["names"])
STREET_PAIR = _principals(_DATA["streets"]["principals"])
UNITS = NON_STREET_UNITS + tuple((name, STREET, STREET_PAIR) for name in STREET_NAMES)
SURNAMES = tuple((surname, weight) for surname, weight in _DATA["names"]["surnames"])  # (surname, weight)
GIVEN_NAMES = tuple(_DATA["names"]["given"])
DEPUTY_TITLES = _DATA["deputy_titles"]
# (username, role, role label for the login table, display name)
ACCOUNTS = tuple(
    (account["username"], check_choice(account["role"], Role.values, "role"), account["label"],
     account["display_name"])
    for account in _DATA["accounts"]
)
# The demo `official` account belongs to the first principal of this unit.
OFFICIAL_ACCOUNT_UNIT = next(account["unit"] for account in _DATA["accounts"] if account["role"] == Role.OFFICIAL)

if sum(len(principals) for _, _, principals in UNITS) != PRINCIPAL_COUNT:  # pragma: no cover
    raise ValueError("demo data: the units must hold exactly PRINCIPAL_COUNT principals")


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


@dataclass
class OrgBuild:
    """What `build_demo_org` found and added; `accounts` maps username → (created, note)."""

    district: District
    created: dict = field(default_factory=dict)
    accounts: dict = field(default_factory=dict)
    official_account_holder: str = ""


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
        return DEPUTY_TITLES["street"]
    for ending, title in DEPUTY_TITLES["by_name_ending"].items():
        if name.endswith(ending):
            return title
    return DEPUTY_TITLES["other"]


def _earlier_posts(
    rng: random.Random, current: tuple, rank_level: str, appointed_on: datetime.date
) -> tuple[PostPlan, ...]:
    """Posts held before the current one, each ending the day before the next one started.

    A department official's last earlier post is usually in a street (STREET_FIRST_SHARE). An
    earlier post is either the unit's principal post (when its rank is not above the later post's)
    or a deputy one."""
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
    for index, ((unit, position, rank), name) in enumerate(zip(seats, names, strict=True)):
        if index in newly_appointed:
            appointed_on = _random_day(rng, NEW_APPOINTED_FROM, NEW_APPOINTED_UNTIL)
        else:
            appointed_on = _random_day(rng, APPOINTED_FROM, APPOINTED_UNTIL)
        plan.append(
            OfficialPlan(unit[0], name, position, rank, appointed_on,
                         _earlier_posts(rng, unit, rank, appointed_on))
        )
    return tuple(plan)


def _ensure_district(created: dict) -> District:
    district = District.objects.filter(code=DISTRICT_CODE).first()
    if district is None:
        district = District(name=DISTRICT_NAME, code=DISTRICT_CODE)
        audited_save(district, actor=None, reason=AUDIT_REASON)
        created["district"] += 1
    return district


def _ensure_units(district: District, created: dict) -> dict[str, Unit]:
    units = {unit.name: unit for unit in district.units.all()}
    for order, (name, kind, _) in enumerate(UNITS, start=1):
        if name not in units:
            unit = Unit(district=district, name=name, kind=kind, sort_order=order * 10)
            audited_save(unit, actor=None, reason=AUDIT_REASON)
            units[name] = unit
            created["units"] += 1
    return units


def _ensure_officials(
    plan: tuple[OfficialPlan, ...], units: dict[str, Unit], created: dict
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
            created["posts"] += 1
        existing[key] = official
        created["officials"] += 1
    return existing


def _ensure_accounts(district: District, official: Official, build: OrgBuild) -> None:
    build.official_account_holder = official.name
    for username, role, _, display_name in ACCOUNTS:
        if User.objects.filter(username=username).exists():
            build.accounts[username] = (False, "已存在，密码未重置 / existed, password not reset")
            continue
        linked = official if role == Role.OFFICIAL else None
        if linked is not None and User.objects.filter(official=linked).exists():
            # The official already has another account; a second link would break the one-to-one.
            build.accounts[username] = (False, "该干部已有账号，未创建 / official already has an account, skipped")
            continue
        account_create(
            actor=None, username=username, password=DEMO_PASSWORD, role=role,
            districts=[] if role == Role.ADMIN else [district], official=linked,
            first_name=linked.name if linked is not None else display_name,
        )
        build.accounts[username] = (True, "")
        build.created["accounts"] += 1


def build_demo_org() -> OrgBuild:
    """Add the missing district, units, officials (with earlier posts) and accounts; return what
    was found and created: {"district", "units", "officials", "posts", "accounts"}."""
    created = {"district": 0, "units": 0, "officials": 0, "posts": 0, "accounts": 0}
    plan = build_plan()
    district = _ensure_district(created)
    build = OrgBuild(district=district, created=created)
    units = _ensure_units(district, created)
    officials = _ensure_officials(plan, units, created)
    holder = next(p for p in plan if p.unit == OFFICIAL_ACCOUNT_UNIT)
    _ensure_accounts(district, officials[(holder.unit, holder.name)], build)
    return build
