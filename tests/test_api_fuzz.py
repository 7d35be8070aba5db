"""Fuzzes the JSON API from its own OpenAPI schema (schemathesis), as every role and anonymous.

Each operation of `/api/schema/` gets a few generated requests — valid ones, ones aimed at the
role's own district's real objects, and invalid ones — sent in-process to the WSGI app. It fails
on any 5xx and on any response that the schema does not describe (status code, content type,
body, headers). Each request runs in a savepoint that is rolled back, so every example sees the
same data. The number of examples per operation is `FUZZ_EXAMPLES` (default 6); generation is
derandomized, so a run is reproducible.
"""
from __future__ import annotations

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import Role
from tests.factories import UserFactory
from tests.test_url_access import _district

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
ONLY = os.environ.get("FUZZ_ONLY", "")  # e.g. "/pledges/": fuzz only the operations whose path has it
CHECKS = [
    not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
    response_headers_conformance,
]
ROLES = [Role.ADMIN, Role.STAFF, Role.LEADER, Role.OFFICIAL, "anonymous"]


@pytest.fixture
def wsgi_app():
    """The project's WSGI app, kept on the test's database connection: Django closes connections
    at the end of each request, which would end the test's transaction (the test client does the
    same)."""
    from cadreboard.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _token(user) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=user)[0].key


def _own_objects(world) -> dict[str, dict]:
    """Path parameters naming real objects of the role's own district, by path prefix."""
    by_model = {model._meta.model_name: obj for model, obj in world["by_model"].items()}
    prefixes = {
        "accounts": by_model["user"], "appeals": by_model["appeal"], "boards": by_model["board"],
        "cycles": by_model["cycle"],
        "districts": by_model["district"], "feedback": by_model["feedback"],
        "list-entries": by_model["listentry"], "officials": by_model["official"],
        "outcome-executions": by_model["outcomeexecution"], "pledges": by_model["pledge"],
        "political-reviews": by_model["politicalreview"], "quarterly-scores": by_model["quarterlyscore"],
        "reminders": by_model["reminder"], "survey-scores": by_model["surveyscore"],
        "unit-scores": by_model["unitscore"], "units": by_model["unit"], "surveys": by_model["survey"],
    }
    fixed = {prefix: {"id": obj.pk} for prefix, obj in prefixes.items()}
    fixed["list-items"] = {"code": "P01"}
    fixed["tasks"] = {"task_id": by_model["taskrecord"].task_id}
    fixed["public"] = {"district_code": world["district"].code, "year": 2026}
    return fixed


def _strategy(operation, fixed):
    prefix = operation.path.removeprefix("/api/v1/").split("/")[0]
    strategies = [
        operation.as_strategy(),
        operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
    ]
    if "{" in operation.path and prefix in fixed:
        strategies.append(operation.as_strategy(path_parameters=fixed[prefix]))
    return st.one_of(strategies)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_api_answers_every_request_as_its_schema_says(role, wsgi_app):
    # given: two districts of data (the role's own is "a"), the role signed in with a token
    own, foreign = _district("a"), _district("b")
    for key, world in (("a", own), ("b", foreign)):
        for user in world["users"].values():  # the walk's marker names are not valid usernames
            user.username = f"fuzz-{user.role}-{key}"
            user.save(update_fields=["username"])
    if role == "anonymous":
        headers = {}
    else:
        user = own["users"][role] if role != Role.ADMIN else UserFactory(username="fuzz-admin", role=Role.ADMIN)
        headers = {"Authorization": f"Token {_token(user)}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    fixed = _own_objects(own)
    failures: dict[str, str] = {}  # one example per operation, status and check

    # when: every operation gets its examples, each in a savepoint rolled back afterwards
    for result in schema.get_all_operations():
        operation = result.ok()
        if ONLY not in operation.path:
            continue

        @settings(
            max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
            phases=[Phase.generate], suppress_health_check=list(HealthCheck),
        )
        @given(case=_strategy(operation, fixed))
        def fuzz(case):
            with transaction.atomic():
                response = case.call(app=wsgi_app, headers=headers)
                try:
                    case.validate_response(response, checks=CHECKS, headers=headers)
                except FailureGroup as group:
                    for failure in group.exceptions:
                        key = f"{case.method} {case.operation.path} → {response.status_code}: {failure.title}"
                        failures.setdefault(key, f"{case.formatted_path} query={case.query} body={case.body!r:.200}: "
                                                     f"{failure.message[:400]}")
                transaction.set_rollback(True)

        fuzz()

    # then: nothing the schema does not describe, and no server error
    report = [f"{key}\n    {example}" for key, example in sorted(failures.items())]
    assert report == [], f"{len(report)} kinds of failure:\n" + "\n".join(report)


DEEP_BODIES = {"100,000 [": "[" * 100_000, "valid, 200 levels": "[" * 200 + "]" * 200,
               "an object 200 levels down": '{"name": ' + '{"a": ' * 200 + "1" + "}" * 200 + "}"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ADMIN, "anonymous"])
def test_deeply_nested_json_bodies_are_refused_by_every_operation(role, client):
    """Every operation of the schema that takes a JSON body (the token endpoint too) answers a
    deeply nested body with a 4xx and a message, never a 5xx (security finding 9a)."""
    own = _district("a")
    headers = {}
    if role != "anonymous":
        headers["HTTP_AUTHORIZATION"] = f"Token {_token(UserFactory(username='deep-admin', role=Role.ADMIN))}"
    fixed = _own_objects(own)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    sent, failures = 0, []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if "application/json" not in operation.get("requestBody", {}).get("content", {}):
                continue
            prefix = path.removeprefix("/api/v1/").split("/")[0]
            url = path
            for name, value in fixed.get(prefix, {}).items():
                url = url.replace(f"{{{name}}}", str(value))
            url = url.replace("{id}", "1")
            for label, body in DEEP_BODIES.items():
                response = client.generic(method.upper(), url, body, content_type="application/json", **headers)
                sent += 1
                if response.status_code >= 500 or (response.status_code == 400 and "detail" not in response.json()):
                    failures.append(f"{method.upper()} {url} ({label}) → {response.status_code}")
    assert sent > 40  # every body-taking operation was reached, not a handful
    assert failures == []
