import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    """Run manage.py in a fresh process, as an operator would, against the test database."""
    database = connection.settings_dict
    url = f"postgresql://{database['USER']}@/{database['NAME']}?host={database['HOST']}"
    if database["HOST"] and not database["HOST"].startswith("/"):
        url = f"postgresql://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
    # Not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE: this process is an operator's, not a test's.
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {**inherited, "DATABASE_URL": url, **env}
    return subprocess.run(  # noqa: S603 — our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy_without_warnings(db):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 64 + "-a-long-random-production-secret",
        ALLOWED_HOSTS="imoscow.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(db):
    environment = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**environment, "DEBUG": "0", "ALLOWED_HOSTS": "imoscow.example", "DATABASE_URL": "postgresql://x@/x"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_unreachable_database_gets_one_clear_sentence_not_a_traceback():
    result = _manage("migrate", "--check", DATABASE_URL="postgresql://nobody@127.0.0.1:1/nothing")
    assert result.returncode == 1
    assert "cannot reach the database" in result.stderr
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_security_headers_and_csp_on_every_page(client, db):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "base-uri 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_rate_limits_count_in_a_real_cache():
    assert "DummyCache" not in settings.CACHES["default"]["BACKEND"]
