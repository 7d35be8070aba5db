"""Reserve categories configured on a page (no /admin/ needed): staff add a category, rename it,
retire it (its placements stay) and restore it, each change audited; a duplicate name comes back
on the name field; leaders read the page; another district's category is not there (404)."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from development import services
from development.models import Placement, ReserveCategory
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 1)


@pytest.fixture
def cats(world):
    services.reserve_categories_ensure(actor=world.users["staff"], district=world.own)
    return list(ReserveCategory.objects.filter(district=world.own).order_by("sort_order"))


@pytest.fixture
def foreign_cat(world):
    return services.reserve_category_create(actor=world.users["foreign_staff"], district=world.foreign,
                                            name=f"外区类别{FOREIGN_MARKER}")


def test_a_new_category_goes_last_and_is_audited(world, cats):
    made = services.reserve_category_create(actor=world.users["staff"], district=world.own, name=" 专业技术类 ")
    assert made.name == "专业技术类" and made.sort_order == cats[-1].sort_order + 10 and made.is_active
    record = made.history.latest()
    assert record.history_user == world.users["staff"] and record.history_change_reason == "新增储备类别"


def test_a_duplicate_or_empty_name_is_refused_on_the_name_field(world, cats):
    with pytest.raises(ValidationError) as twice:
        services.reserve_category_create(actor=world.users["staff"], district=world.own, name=cats[0].name)
    assert "name" in twice.value.message_dict
    with pytest.raises(ValidationError) as renamed:
        services.reserve_category_update(actor=world.users["staff"], category=cats[1], name=cats[0].name)
    assert "name" in renamed.value.message_dict
    with pytest.raises(ValidationError) as empty:
        services.reserve_category_update(actor=world.users["staff"], category=cats[1], name="  ")
    assert "name" in empty.value.message_dict
    # the same name in another district is fine
    services.reserve_category_create(actor=world.users["foreign_staff"], district=world.foreign, name=cats[0].name)


def test_retiring_keeps_placements_and_blocks_new_ones_until_restored(world, cats):
    staff = world.users["staff"]
    placed = services.placement_create(actor=staff, official=world.own_official, category=cats[0], placed_on=DAY,
                                       grounds="年度考核优秀")
    services.reserve_category_set_active(actor=staff, category=cats[0], active=False, reason="类别合并")
    placed.refresh_from_db()
    cats[0].refresh_from_db()
    assert placed.removed_on is None and Placement.objects.filter(category=cats[0]).count() == 1
    assert cats[0].history.latest().history_change_reason == "类别合并"
    with pytest.raises(ValidationError) as refused:
        services.placement_create(actor=staff, official=world.other_official, category=cats[0], placed_on=DAY,
                                  grounds="推荐")
    assert "category" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.reserve_category_set_active(actor=staff, category=cats[0], active=False)
    restored = services.reserve_category_set_active(actor=staff, category=cats[0], active=True)
    assert restored.is_active and restored.history.latest().history_change_reason == "恢复储备类别"


# --- the pages --------------------------------------------------------------------------------------


def test_the_pool_page_links_to_the_categories_page(client, world, cats):
    client.force_login(world.users["staff"])
    body = client.get(reverse("development:pool")).content.decode()
    assert reverse("development:categories") in body


def test_the_categories_page_lists_counts_and_retired_ones(client, world, cats, foreign_cat,
                                                          django_assert_max_num_queries):
    services.placement_create(actor=world.users["staff"], official=world.own_official, category=cats[0],
                              placed_on=DAY, grounds="推荐")
    services.reserve_category_set_active(actor=world.users["staff"], category=cats[9], active=False)
    client.force_login(world.users["staff"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("development:categories"))
    body = page.content.decode()
    assert page.status_code == 200 and cats[0].name in body and cats[9].name in body
    assert "已停用" in body and "恢复" in body and FOREIGN_MARKER not in body
    assert reverse("development:category_edit", args=[cats[0].pk]) in body


def test_staff_add_a_category_on_the_page_and_a_duplicate_is_a_field_error(client, world, cats):
    client.force_login(world.users["staff"])
    answer = client.post(reverse("development:category_new"), {"district": world.own.pk, "name": "专业技术类",
                                                               "description": "专业技术岗位", "sort_order": ""})
    assert answer.status_code == 302
    assert ReserveCategory.objects.filter(district=world.own, name="专业技术类", is_active=True).exists()
    again = client.post(reverse("development:category_new"), {"district": world.own.pk, "name": "专业技术类"})
    assert again.status_code == 400
    assert "name" in again.context["form"].errors and "本区已有" in again.content.decode()
    assert ReserveCategory.objects.filter(name="专业技术类").count() == 1


def test_staff_cannot_add_a_category_to_another_district(client, world, cats):
    client.force_login(world.users["staff"])
    answer = client.post(reverse("development:category_new"), {"district": world.foreign.pk, "name": "越界"})
    assert answer.status_code == 400 and "district" in answer.context["form"].errors
    assert not ReserveCategory.objects.filter(name="越界").exists()


def test_staff_rename_a_category_on_the_page_and_its_placements_follow(client, world, cats):
    services.placement_create(actor=world.users["staff"], official=world.own_official, category=cats[0],
                              placed_on=DAY, grounds="推荐")
    client.force_login(world.users["staff"])
    path = reverse("development:category_edit", args=[cats[0].pk])
    assert client.get(path).status_code == 200
    answer = client.post(path, {"name": "改名后的类别", "description": "", "sort_order": 5})
    assert answer.status_code == 302
    cats[0].refresh_from_db()
    assert cats[0].name == "改名后的类别" and cats[0].sort_order == 5
    assert Placement.objects.get().category.name == "改名后的类别"
    assert cats[0].history.latest().history_user == world.users["staff"]
    clash = client.post(path, {"name": cats[1].name, "sort_order": 5})
    assert clash.status_code == 400 and "name" in clash.context["form"].errors


def test_staff_retire_and_restore_a_category_on_the_page(client, world, cats):
    services.placement_create(actor=world.users["staff"], official=world.own_official, category=cats[0],
                              placed_on=DAY, grounds="推荐")
    client.force_login(world.users["staff"])
    path = reverse("development:category_active", args=[cats[0].pk])
    assert client.post(path, {"active": "0"}).status_code == 302
    cats[0].refresh_from_db()
    assert not cats[0].is_active and Placement.objects.get().removed_on is None
    assert client.get(path).status_code == 405
    assert client.post(path, {"active": "1"}).status_code == 302
    cats[0].refresh_from_db()
    assert cats[0].is_active and cats[0].history.count() == 3


def test_leaders_read_the_categories_page_but_do_not_change_it(client, world, cats):
    client.force_login(world.users["leader"])
    body = client.get(reverse("development:categories")).content.decode()
    assert cats[0].name in body and reverse("development:category_new") not in body
    assert reverse("development:category_edit", args=[cats[0].pk]) not in body
    assert client.get(reverse("development:category_new")).status_code == 403
    assert client.get(reverse("development:category_edit", args=[cats[0].pk])).status_code == 403
    assert client.post(reverse("development:category_active", args=[cats[0].pk]), {"active": "0"}).status_code == 403
    cats[0].refresh_from_db()
    assert cats[0].is_active


def test_officials_do_not_see_the_categories_page(client, world, cats):
    client.force_login(world.users["official"])
    assert client.get(reverse("development:categories")).status_code == 403
    assert client.get(reverse("development:category_edit", args=[cats[0].pk])).status_code == 403


def test_another_districts_category_is_not_found(client, world, cats, foreign_cat):
    client.force_login(world.users["staff"])
    assert client.get(reverse("development:category_edit", args=[foreign_cat.pk])).status_code == 404
    assert client.post(reverse("development:category_edit", args=[foreign_cat.pk]),
                       {"name": "偷改", "sort_order": 1}).status_code == 404
    assert client.post(reverse("development:category_active", args=[foreign_cat.pk]),
                       {"active": "0"}).status_code == 404
    foreign_cat.refresh_from_db()
    assert foreign_cat.is_active and foreign_cat.name.startswith("外区类别")
