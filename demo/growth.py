"""The demo's cadre growth records (growth app): a competency model with each post kind's
required levels and assessed levels for most officials, learning points of this year and last,
two quarterly 一把手擂台赛 and one 三述评辩会 with scores and questions. Deterministic (a seeded
random), built through the services; a second run adds nothing."""
from __future__ import annotations

import datetime
import random
from decimal import Decimal

from growth import services
from growth.models import ContestEvent
from org.models import Official

S, D, OT, DEP = "street_head", "department_head", "other_head", "deputy"
COMPETENCIES = [
    ("政治素质", "政治忠诚、政治定力、政治担当", {S: 4, D: 4, OT: 4, DEP: 3}),
    ("统筹协调", "统筹全局、协调各方推动重点工作", {S: 4, D: 4, OT: 3, DEP: 3}),
    ("群众工作", "直面群众、化解矛盾、信访稳控", {S: 5, D: 3, OT: 3, DEP: 3}),
    ("专业能力", "主业精通、一专多能", {S: 3, D: 4, OT: 4, DEP: 3}),
    ("改革创新", "敢想敢干、创新创优", {S: 3, D: 4, OT: 3}),
    ("依法行政", "法治化素养，依法依规办事", {S: 3, D: 4, OT: 3, DEP: 2}),
]
ACTIVITIES = [
    ("training", "“知行讲堂”专题授课：主导产业发展"), ("training", "区管党政正职培训班"),
    ("lecture", "书记讲业务：城市更新实务"), ("self_study_degree", "在职研究生（公共管理硕士）"),
    ("qualification", "法律职业资格"), ("training", "深圳体悟实训交流"), ("other", "党史知识竞赛"),
]
JUDGES = [("张雷", "区委常委、组织部部长"), ("王敏", "区人大代表"), ("刘腾", "企业代表"), ("李贝科", "专家学者"),
          ("周明", "群众代表")]
TOPICS = ["项目落地提质年攻坚打法", "楼宇经济培育", "城市更新与历史城区保护", "优化营商环境", "青年人才招引",
          "“庭院演艺”与文旅融合", "述理论：学习贯彻全会精神", "述政策：科技成果转化支持政策", "述典型：对标先进找差距"]


def build_demo_growth(district, *, today: datetime.date) -> dict:
    """Add the district's growth records unless it has some; returns counts."""
    if ContestEvent.objects.filter(district=district).exists():
        return {}
    rng = random.Random(f"growth-{district.code}")
    officials = list(Official.objects.filter(unit__district=district).select_related("unit").order_by("pk"))
    competencies = [services.competency_create(actor=None, district=district, name=name, description=text,
                                               required=required) for name, text, required in COMPETENCIES]
    assessed = 0
    for official in officials[: len(officials) * 3 // 4]:
        for competency in competencies:
            if rng.random() < 0.85:
                services.assessment_record(
                    actor=None, official=official, competency=competency, level=rng.choice((2, 3, 3, 4, 4, 5)),
                    assessed_on=datetime.date(today.year, 1, rng.randint(5, 25)), source="年度考察")
                assessed += 1
    activities = 0
    for official in officials:
        for year in (today.year - 1, today.year):
            for _ in range(rng.randint(0, 3)):
                kind, title = rng.choice(ACTIVITIES)
                last = today if year == today.year else datetime.date(year, 12, 31)
                day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, (last - datetime.date(
                    year, 1, 1)).days))
                services.activity_record(actor=None, official=official, held_on=day, kind=kind, title=title)
                activities += 1
    events = [("arena", datetime.date(today.year, 3, 28), f"{today.year}年第一季度“一把手擂台赛”"),
              ("arena", datetime.date(today.year, 6, 27), f"{today.year}年第二季度“一把手擂台赛”"),
              ("presentation", datetime.date(today.year, 7, 15), f"{today.year}年“三述”评辩会")]
    participants = 0
    for kind, day, title in events:
        if day > today:
            day = today
        note = "每季度一场，党政正职轮流登台" if kind == "arena" else "述理论、述政策、述典型"
        event = services.event_create(actor=None, district=district, kind=kind, held_on=day, title=title, note=note)
        for official in rng.sample(officials, min(5, len(officials))):
            entry = services.participant_add(actor=None, event=event, official=official, topic=rng.choice(TOPICS))
            participants += 1
            base = rng.randint(78, 92)
            for name, role in JUDGES:
                services.score_record(actor=None, participant=entry, judge_name=name, judge_role=role,
                                      score=Decimal(min(100, max(60, base + rng.randint(-4, 4)))))
            services.question_record(actor=None, participant=entry, asked_by=JUDGES[0][0],
                                     question="这项工作如何量化目标、按季度推进？",
                                     answer="已分解为季度节点，专班推进、月度调度。")
    return {"competencies": len(competencies), "competency assessments": assessed, "learning activities": activities,
            "contest events": len(events), "contest participants": participants}
