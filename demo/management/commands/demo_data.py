"""`manage.py demo_data`: build the 市北区 demo so a fresh install shows real-looking data.

What it builds, all in one transaction, through the services (so the audit history is real):

- District 市北区 (`shibei`) with its district departments, other units and 22 streets;
- exactly 98 principal officials (党政正职), each with a current post and, for about 30 %, one or
  two earlier posts in other units of the district (demo.org);
- one account per role, all with DEMO_PASSWORD (demo.org);
- three cycles: Y-2 and Y-1 in `evaluating`, Y in `in_progress`, where Y is the current local
  year (demo.cycles);
- three pledges per official and cycle with reviews, revisions and progress (demo.pledges). They
  are filed while the new cycles are still in `planning`; the cycles are advanced afterwards;
- the scores of the past two cycles, which are finalized, and of the current cycle's released
  quarters (demo.evaluations); a published board per cycle (demo.boards).

The literal data (names, pledge texts, score tables) is in demo/data/*.toml; what is random is
seeded, so every run on every machine builds the same demo. The command only ever adds what is
missing and never changes an existing row: running it twice writes nothing the second time, and
running it on a database where only part of the demo exists completes it.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.audit import checks_left_to_database
from accounts.models import Role
from cycles.models import Cycle
from demo.appeals import build_demo_appeals
from demo.boards import build_demo_boards
from demo.cycles import advance_demo_cycles, create_demo_cycles
from demo.development import build_demo_development
from demo.evaluations import build_demo_scores
from demo.growth import build_demo_growth
from demo.org import ACCOUNTS, DEMO_PASSWORD, OFFICIAL_ACCOUNT_UNIT, build_demo_org, build_plan
from demo.pledges import build_demo_pledges
from demo.records import build_demo_records
from demo.surveys import build_demo_surveys
from org.models import District, Official
from pledges.models import Pledge
from pledges.services import reminders_record

__all__ = ["DEMO_PASSWORD", "BuildReport", "Command", "build_demo_data", "build_plan"]

DEMO_URL = "http://127.0.0.1:8000/"


@dataclass
class BuildReport:
    """What a run found and added; `accounts` maps username → (created, note)."""

    district: District | None = None
    created: dict = field(default_factory=lambda: {
        "district": 0, "units": 0, "officials": 0, "posts": 0, "accounts": 0, "cycles": 0,
        "pledges": 0, "revisions": 0, "progress": 0, "evidence": 0, "scores": 0, "finalized": 0, "boards": 0,
        "appeals": 0,
    })
    accounts: dict = field(default_factory=dict)
    official_account_holder: str = ""

    def add(self, counts: dict) -> None:
        for key, count in counts.items():
            self.created[key] += count


@transaction.atomic
@checks_left_to_database()
def build_demo_data() -> BuildReport:
    """Add whatever part of the demo is missing; all or nothing. The data is known to be good, so
    the services' saves leave foreign keys, uniqueness and constraints to the database
    (accounts.audit.checks_left_to_database); the services' own rules all apply."""
    report = BuildReport()
    org = build_demo_org()
    report.district, report.accounts = org.district, org.accounts
    report.official_account_holder = org.official_account_holder
    report.add(org.created)
    district = org.district
    today = timezone.localdate()
    created_cycles = create_demo_cycles(district, year=today.year)
    report.add({"cycles": len(created_cycles)})
    # Pledges can be filed and reviewed only while a cycle is in planning or in progress.
    report.add(build_demo_pledges(district, today=today))
    advance_demo_cycles(created_cycles)
    build_demo_surveys(district, today=today)  # the past years' surveys, held at year end (demo.surveys)
    report.add(build_demo_scores(district, today=today))
    report.add(build_demo_boards(district, today=today))
    report.add(build_demo_appeals(district))
    build_demo_growth(district, today=today)
    build_demo_records(district, today=today)
    # The embedded setup runs no Celery beat, and the daily task is what records reminders (and
    # their notifications): without this the demo's reminder list stayed empty while officials
    # were overdue. Idempotent, like the task.
    reminders_record(today=today)
    build_demo_development(district, today=today)
    return report


def _pad(text: str, width: int) -> str:
    """Left-justify to `width` terminal columns; Chinese characters take two columns."""
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - columns)


class Command(BaseCommand):
    help = (
        "创建市北区演示数据（单位、98 名党政正职、账号、考核年度）；可重复运行。 / "
        "Build the 市北区 demo data; safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet", action="store_true",
            help="不打印登录账号表 / do not print the login table",
        )
        parser.add_argument(
            "--url", default="",
            help="演示站点的访问地址（scripts/demo.sh 传入它实际服务的地址） / the address the demo is served at "
                 "(scripts/demo.sh passes the one it serves)",
        )
        parser.add_argument(
            "--force", action="store_true",
            help="DEBUG 关闭时也执行 / run even with DEBUG off (the demo accounts have a published password)",
        )

    def handle(self, *args, quiet: bool = False, force: bool = False, url: str = "", **options):
        if url and not url.startswith(("http://", "https://")):
            raise CommandError(f"--url 须以 http:// 或 https:// 开头 / --url must start with http:// or https://: "
                               f"{url!r}")
        if not settings.DEBUG and not force:
            # The demo creates a system administrator whose password is printed in the README.
            raise CommandError(
                "演示数据包含公开密码的管理员账号，生产环境（DEBUG 关闭）下拒绝执行；确需执行请加 --force。 / "
                "Refusing with DEBUG off: the demo accounts have a published password. Use --force to insist."
            )
        report = build_demo_data()
        self._write_summary(report)
        if not quiet:
            self._write_logins(report, url=url.rstrip("/") + "/" if url else "")

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
            f"公示 boards {created['boards']}, 复核申诉 appeals {created['appeals']}"
        )

    def _write_logins(self, report: BuildReport, *, url: str) -> None:
        if url:  # the address a server is started at (scripts/demo.sh)
            where = [f"访问地址 / open: {url}", f"公示 / public board: {url}boards/{report.district.code}/"]
        else:
            where = [f"访问地址 / open: {DEMO_URL}  （先运行 / first run: python manage.py runserver）"]
        lines = [
            "",
            *where,
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
