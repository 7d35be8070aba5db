import pytest

from pledges import services

QUARTERS = [{"quarter": q, "description": f"第{q}季度完成阶段任务"} for q in (1, 2, 3, 4)]


def pledge_body(category="key_work", **extra):
    return {
        "category": category, "title": f"{category}目标", "content": "整合楼宇载体资源，成立楼宇经济发展协会",
        "target": "新培育重点产业特色楼宇不少于2座", "target_value": "2", "target_unit": "座",
        "milestones": QUARTERS, **extra,
    }


@pytest.fixture
def filed(world):
    """The own official's three annual drafts, one per category, in the planning cycle."""
    official, cycle = world.own_official, world.own_cycle
    actor = world.users["official"]
    return [
        services.pledge_create(actor=actor, official=official, cycle=cycle, **{
            k: v for k, v in pledge_body(category).items()
        })
        for category in ("party_building", "innovation", "key_work")
    ]


@pytest.fixture
def submitted(world, filed):
    actor = world.users["official"]
    return [services.pledge_submit(actor=actor, pledge=p) for p in filed]


@pytest.fixture
def approved(world, submitted):
    staff = world.users["staff"]
    return [services.pledge_approve(actor=staff, pledge=p, difficulty=3, innovation=3, contribution=2)
            for p in submitted]
