"""Security settings and behaviour: the Content-Security-Policy, production cookies, no secret in
the logs, `check --deploy`. (Denied accesses in the audit log: tests/test_audit.py; the CSP on
every URL: tests/test_url_access.py; in a real browser: tests/browser/test_csp.py.)"""
import importlib
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def script_src(response) -> str:
    """The script-src directive of a response's Content-Security-Policy ('' when absent)."""
    policy = response.headers.get("Content-Security-Policy", "")
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip())
    return directives.get("script-src", "")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/api/docs/", "/api/docs/?script=", "/api/redoc/",
                                  "/api/schema/", "/api/v1/units/", "/no-such-page/", "/admin/"])
def test_every_response_has_a_csp_without_inline_script(client, world, path):
    client.force_login(world.users["admin"])
    response = client.get(path)
    assert response.status_code in (200, 302, 404)
    assert script_src(response) == "'self'", response.headers.get("Content-Security-Policy")


@pytest.mark.django_db
def test_the_api_docs_page_has_no_inline_script_or_style(client):
    page = client.get("/api/docs/").content.decode()
    assert "<style" not in page
    bodies = [chunk.split(">", 1)[1].split("</script>", 1)[0] for chunk in page.split("<script")[1:]]
    assert bodies and all(body.strip() == "" for body in bodies)  # only <script src=…></script>
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_production_cookies_are_secure():
    production = importlib.import_module("cadreboard.settings.production")
    assert production.SESSION_COOKIE_SECURE is True
    assert production.CSRF_COOKIE_SECURE is True
    assert production.SESSION_COOKIE_HTTPONLY is True
    assert production.CSRF_COOKIE_HTTPONLY is True
    assert production.SECURE_SSL_REDIRECT is True
    directives = production.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert "'unsafe-inline'" not in directives["script-src"] + directives["style-src"]


def test_logging_never_logs_request_bodies():
    from django.conf import settings

    # No logger of requests below WARNING (their records carry the request); SQL (with its
    # parameters: token keys, password hashes) only from WARNING up.
    loggers = settings.LOGGING["loggers"]
    assert logging.getLevelName(loggers["django.db.backends"]["level"]) >= logging.WARNING
    request_logger = loggers.get("django.request")
    assert request_logger is None or logging.getLevelName(request_logger["level"]) >= logging.WARNING
    formats = [f.get("format", "") for f in settings.LOGGING["formatters"].values()]
    assert all("request" not in f and "body" not in f for f in formats)


@pytest.mark.django_db
def test_signing_in_and_token_auth_log_no_secret(client, world, caplog):
    caplog.set_level(logging.DEBUG)
    password, wrong = "pw-for-tests-1", "Wrong-Secret-4711"
    # when: the sign-in page and the token endpoint, right and wrong, and requests with tokens
    signed_in_wrong = client.post("/accounts/login/", {"username": "staff1", "password": wrong})
    client.post("/accounts/login/", {"username": "staff1", "password": password})
    client.logout()
    token_response = client.post("/api/v1/auth/token/", {"username": "leader1", "password": password},
                                 content_type="application/json")
    token = token_response.json()["token"]
    client.post("/api/v1/auth/token/", {"username": "leader1", "password": wrong}, content_type="application/json")
    client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {token}")
    client.post("/api/v1/units/", {"name": "x"}, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")
    client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {token[:-4]}beef")
    # then: something was logged, but no password and no token
    logged = caplog.text + "".join(repr(r.__dict__) for r in caplog.records)
    assert "Unauthorized" in logged or "Forbidden" in logged
    for secret in (password, wrong, token, token[:-4]):
        assert secret not in logged
    # and error reports would hide the password (Django's SafeExceptionReporterFilter)
    assert list(token_response.wsgi_request.sensitive_post_parameters) == ["password"]
    assert signed_in_wrong.wsgi_request.sensitive_post_parameters == "__ALL__"


def test_check_deploy_on_production_settings_is_clean():
    """As .ci/run runs it."""
    env = {**os.environ, "SECRET_KEY": "x" * 20 + "production-like-secret-key-for-check-deploy-0123456789",
           "ALLOWED_HOSTS": "cadreboard.example.org"}
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the browser tests set the latter
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING",
         "--settings=cadreboard.settings.production"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
