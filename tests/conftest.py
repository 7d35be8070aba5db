"""The suite's fixtures live in tests/fixtures/, one module per area, loaded here as plugins."""
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
    "tests.fixtures.simulations",
    "tests.fixtures.profiles",
]
