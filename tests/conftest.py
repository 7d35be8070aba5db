"""Shared fixtures: an own district (市北区) and a foreign one whose every name carries a marker,
so a test can tell from any response whether foreign data leaked into it."""
import datetime
from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from tests.factories import CycleFactory, DistrictFactory, OfficialFactory, UnitFactory, UserFactory

FOREIGN_MARKER = "外区机密"


@dataclass
class World:
    own: object
    foreign: object
    own_unit: object
    foreign_unit: object
    own_official: object
    other_official: object
    foreign_official: object
    own_cycle: object
    foreign_cycle: object
    users: dict


def _build_world():
    own = DistrictFactory(name="市北区", code="shibei")
    foreign = DistrictFactory(name=f"崂山区{FOREIGN_MARKER}", code="laoshan")
    own_unit = UnitFactory(district=own, name="区人社局")
    own_street = UnitFactory(district=own, name="辽宁路街道", kind="street")
    foreign_unit = UnitFactory(district=foreign, name=f"崂山{FOREIGN_MARKER}局")
    own_official = OfficialFactory(unit=own_unit, name="张建国", position="党组书记、局长")
    other_official = OfficialFactory(unit=own_street, name="李红梅", position="党工委书记")
    foreign_official = OfficialFactory(unit=foreign_unit, name=f"王{FOREIGN_MARKER}", position=f"局长{FOREIGN_MARKER}")
    own_cycle = CycleFactory(district=own, year=2026)
    foreign_cycle = CycleFactory(district=foreign, year=2026)
    users = {
        "admin": UserFactory(username="admin1", role=Role.ADMIN),
        "staff": UserFactory(username="staff1", role=Role.STAFF, districts=[own]),
        "leader": UserFactory(username="leader1", role=Role.LEADER, districts=[own]),
        "official": UserFactory(username="official1", role=Role.OFFICIAL, districts=[own], official=own_official),
        "foreign_staff": UserFactory(
            username=f"staff{FOREIGN_MARKER}", role=Role.STAFF, districts=[foreign],
            email="foreign@example.org",
        ),
        "foreign_official": UserFactory(
            username="foreign_official", role=Role.OFFICIAL, districts=[foreign], official=foreign_official,
        ),
    }
    return World(own, foreign, own_unit, foreign_unit, own_official, other_official, foreign_official,
                 own_cycle, foreign_cycle, users)


@pytest.fixture(autouse=True)
def _restore_list_catalog(request, django_db_blocker):
    """Tests on committed data (workers, browsers) end with the tables flushed, which takes the
    list catalog that a data migration loaded; put it back for the tests after them."""
    yield
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        from evaluations.catalog import load
        from evaluations.models import ListItem

        with django_db_blocker.unblock():
            load(ListItem)


@pytest.fixture(autouse=True)
def _fresh_board_cache():
    """Each test starts with the boards' in-process cache empty (database ids repeat across
    tests; they never do in one database's life)."""
    from boards import cache

    cache.clear_local()


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    """Uploaded files go to a fresh folder per test, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(db):
    return _build_world()


@pytest.fixture
def api():
    """An anonymous API client; `api.as_(user)` gives a new client signed in with a token."""
    client = APIClient()

    def as_(user):
        from rest_framework.authtoken.models import Token

        token, _ = Token.objects.get_or_create(user=user)
        signed_in = APIClient()
        signed_in.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return signed_in

    client.as_ = as_
    return client


@pytest.fixture
def today():
    return datetime.date(2026, 11, 22)
