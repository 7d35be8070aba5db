"""A NUL byte anywhere in the request — path, query string, form field — is a 400 with a clear
message, before any view can hand it to the database (PostgreSQL refuses NUL in text: a
DataError, i.e. a 500). Security finding 9b."""
import pytest
from django.test import Client

from cycles import selectors as cycle_selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(world):
    client = Client()
    client.force_login(world.users["staff"])
    return client


def test_a_nul_byte_in_the_task_of_the_results_page_is_a_400(staff, world):
    response = staff.get(f"/evaluations/cycles/{world.own_cycle.pk}/results/?task=%00abc")
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_a_nul_byte_in_the_task_of_the_board_manage_page_is_a_400(staff, world):
    assert staff.get(f"/boards/manage/{world.own_cycle.pk}/?task=x%00").status_code == 400


def test_a_nul_byte_in_the_admin_autocomplete_term_is_a_400(staff):
    response = staff.get("/admin/autocomplete/", {"term": "\x00张", "app_label": "accounts", "model_name": "user",
                                                   "field_name": "official"})
    assert response.status_code == 400


def test_a_nul_byte_in_a_parameter_name_or_the_path_is_a_400(staff):
    assert staff.get("/pledges/?%00=1").status_code == 400
    assert staff.get("/boards/shibei%00/").status_code == 400


def test_a_nul_byte_in_a_posted_form_field_is_a_400(world):
    client = Client()
    response = client.post("/accounts/login/", {"username": "staff1\x00", "password": "pw-for-tests-1"})
    assert response.status_code == 400


def test_the_api_answers_a_nul_byte_with_its_json_error_shape(api, world):
    response = api.as_(world.users["staff"]).get("/api/v1/officials/", {"search": "a\x00"})
    assert response.status_code == 400
    body = response.json()
    assert "空字符" in body["detail"] and body["errors"] == {}


def test_a_task_id_that_is_not_a_uuid_is_never_looked_up(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert cycle_selectors.task_panel(world.users["staff"], "not-a-uuid", cycle=world.own_cycle, labels={}) is None
        assert cycle_selectors.task_panel(world.users["staff"], "9" * 40, cycle=world.own_cycle, labels={}) is None
