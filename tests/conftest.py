"""The suite's fixtures live in tests/fixtures/, one module per area, loaded here as plugins."""
import pytest
from django.conf import settings
from django.utils import translation

pytest_plugins = [
    "tests.fixtures.world",
    "tests.fixtures.pledges",
    "tests.fixtures.evaluations",
    "tests.fixtures.year",
    "tests.fixtures.boards",
    "tests.fixtures.excel",
    "tests.fixtures.notifications",
    "tests.fixtures.workers",
    "tests.fixtures.browser",
]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Chinese): a request with the English cookie leaves
    English active in the thread (LocaleMiddleware does not undo its activation), and the pure
    rules translate their messages with the active language (core.rule_text)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
