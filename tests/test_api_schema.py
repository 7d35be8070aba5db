"""The OpenAPI schema and its docs page: the contract of SPEC section 8, served without outside hosts."""
import re

import pytest

pytestmark = pytest.mark.django_db

CONTRACT_PATHS = [
    "/api/v1/auth/token/", "/api/v1/districts/", "/api/v1/units/", "/api/v1/officials/",
    "/api/v1/accounts/", "/api/v1/cycles/", "/api/v1/cycles/{id}/advance/", "/api/v1/list-items/",
    # SPEC section 13: the roll-up of several districts and "compute all" with its progress
    "/api/v1/rollup/", "/api/v1/rollup/compute/", "/api/v1/rollup/compute/{group_id}/",
]


def test_schema_lists_the_contract_paths(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    for path in CONTRACT_PATHS:
        assert path in schema["paths"], path
    official = schema["components"]["schemas"]["Official"]["properties"]
    assert {"id", "district", "unit", "name", "position", "rank_level", "is_principal", "appointed_on"} <= set(official)


def test_docs_page_loads_nothing_from_outside(client):
    page = client.get("/api/docs/").content.decode()
    assert "swagger" in page.lower()
    external = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", page)
    assert external == []
    assert "/static/drf_spectacular_sidecar/" in page


def test_health_check(client):
    assert client.get("/healthz/").json() == {"status": "ok"}


def test_schema_generates_without_warnings(tmp_path):
    """drf-spectacular's warnings also fail `check --deploy` (CI): keep the schema clean."""
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/public/boards/{district_code}/{year}/" in target.read_text()
