"""Throwaway Redis and PostgreSQL servers and the app under gunicorn, for the fault tests.

The machine's shared PostgreSQL and Redis are never stopped: a test that takes a service away
starts its own instance on a free port (Redis 6390-6399, PostgreSQL 5440-5449, the app
8300-8399, all on 127.0.0.1) and points the app at it. Without the server binaries the test is
skipped, unless REQUIRE_SERVICES=1 (CI), which fails it.
"""
from __future__ import annotations

import glob
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

HOST = "127.0.0.1"


def unavailable(reason: str):
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def require_services(why: str = "the worker is another process") -> None:
    """The suite runs on PostgreSQL with REDIS_URL (as CI's first run does), else skip."""
    from django.db import connection

    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        unavailable(f"needs REDIS_URL and PostgreSQL ({why})")


def shared_database_url() -> str:
    """The URL of the PostgreSQL test database this process writes to, for another process
    (a worker, a server) that must see the same data."""
    from django.db import connection

    if connection.vendor != "postgresql":
        unavailable("the test database is not PostgreSQL (another process must share it)")
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or HOST}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port(first: int, last: int) -> int:
    for port in range(first, last + 1):
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    unavailable(f"no free port in {first}-{last}")


def wait_for_port(port: int, *, up: bool = True, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            if up:
                return
        except OSError:
            if not up:
                return
        time.sleep(0.1)
    raise TimeoutError(f"port {port} still {'closed' if up else 'open'} after {timeout} s")


class PrivateRedis:
    """A redis-server of our own, without persistence; stop() and start() on the same port."""

    def __init__(self):
        self.binary = shutil.which("redis-server") or unavailable("redis-server is not installed")
        self.port = free_port(6390, 6399)
        self.url = f"redis://{HOST}:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        wait_for_port(self.port, up=False)


class PrivatePostgres:
    """A PostgreSQL cluster of our own in a temporary folder (initdb + pg_ctl). As root the
    server runs as the `postgres` user, since PostgreSQL refuses to run as root."""

    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
        if not found:
            unavailable("PostgreSQL server binaries are not installed (/usr/lib/postgresql/*/bin)")
        self.bin = Path(found[-1]).parent
        self.as_user = []
        if os.geteuid() == 0:
            if not shutil.which("runuser"):
                unavailable("running as root without runuser to start PostgreSQL as postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.port = free_port(5440, 5449)
        self.dir = Path(tempfile.mkdtemp(prefix="cadreboard-pg-"))
        if self.as_user:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.url = f"postgres://postgres@{HOST}:{self.port}/cadreboard"

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-l",
                        str(self.dir / "server.log"), "-w", "-t", "60", *args],
                       check=True, stdout=subprocess.DEVNULL)

    def start(self) -> None:
        first = not self.data.exists()
        if first:
            subprocess.run([*self.as_user, str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                            "-A", "trust", "--no-sync", "-E", "UTF8", "--locale", "C"],
                           check=True, stdout=subprocess.DEVNULL)
        self._pg_ctl("-o", f"-p {self.port} -k {self.dir} -c listen_addresses={HOST} -c fsync=off", "start")
        if first:
            subprocess.run([*self.as_user, str(self.bin / "createdb"), "-h", HOST, "-p", str(self.port), "-U",
                            "postgres", "cadreboard"], check=True)

    def restart(self, *, down_for: float = 0) -> None:
        """Stop (fast: open connections are cut), stay down for a while, start again."""
        self._pg_ctl("-m", "fast", "stop")
        time.sleep(down_for)
        self.start()

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


def app_env(database_url: str, redis_url: str = "") -> dict:
    """The environment of an app process on the given services. It runs the test settings
    (static files from the finders, no collectstatic) with tasks sent to Redis, not run eagerly;
    what a failing service meets (cache and broker timeouts, CONN_MAX_AGE with health checks)
    is the base settings that production also runs. Sessions are signed with this process's
    key, so a session made here by force_login is valid there."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CADREBOARD_TEST_FAULTS")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "cadreboard.settings.test", "CADREBOARD_TEST_EAGER": "0",
        "SECRET_KEY": settings.SECRET_KEY, "ALLOWED_HOSTS": HOST, "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    })
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=settings.BASE_DIR,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


class AppServer:
    """gunicorn serving the app on a free port, in its own process group."""

    def __init__(self, env: dict, workers: int = 2):
        self.port = free_port(8300, 8399)
        self.log = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "cadreboard.wsgi:application", "--bind", f"{HOST}:{self.port}",
             "--workers", str(workers), "--timeout", "60", "--log-level", "warning"],
            cwd=settings.BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.output()}")
            try:
                if self.request("GET", "/ping/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"gunicorn did not answer: {self.output()}")

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                timeout: float = 30) -> tuple[int, dict, str]:
        """One request, redirects not followed: (status, headers, body text)."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
