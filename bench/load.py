#!/usr/bin/env python
"""The load part of `make bench`: 50 people browsing, searching and booking for 60 seconds.

gunicorn with two workers serves the benchmark database on loopback; locust (headless) plays the
people. Afterwards it prints p50/p95 per page, fails on any 5xx, and checks in the database that no
two live bookings of one resource overlap.

Output, one line per page:
  load <page> n=<requests> p50_ms=<x> p95_ms=<y> failures=<f>
"""

import csv
import datetime
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402 — the path above makes the project importable

BIN = Path(sys.executable).parent
PEOPLE = 50
SECONDS = 60
ADDRESS = "127.0.0.1:8765"
CSV_PREFIX = ROOT / "var" / "bench" / "load"
RESULT_FILE = ROOT / "var" / "bench" / "load.json"


def prepare_sessions(count: int) -> list[dict]:
    """Signed-in sessions for `count` people, made the way Django's login makes them."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    User = get_user_model()
    sessions = []
    for number in range(count):
        email = f"load-{number}@imoscow.example"
        user = User.objects.filter(email=email).first() or User.objects.create_user(email, None)
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append({"email": email, "sessionid": store.session_key})
    return sessions


def contested_slots(count: int = 8) -> list[dict]:
    """Free, bookable hours of a few meeting rooms two weeks ahead: many people will try each of them."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from bookings import services
    from bookings.models import Booking, Resource, ResourceKind
    from imoscow.errors import DomainError

    moscow = ZoneInfo("Europe/Moscow")
    day = timezone.localdate() + datetime.timedelta(days=14)
    slots = []
    for resource in Resource.objects.filter(kind=ResourceKind.MEETING_ROOM, is_active=True).order_by("pk")[:200]:
        for hour in (10, 11, 12, 13, 14, 15):
            starts_at = datetime.datetime.combine(day, datetime.time(hour), tzinfo=moscow)
            ends_at = starts_at + datetime.timedelta(hours=1)
            try:
                services.check_booking_rules(resource, starts_at, ends_at, 1, now=timezone.now())
            except DomainError:
                continue
            if services._blackout_clash(resource, starts_at, ends_at) or services._is_taken(
                resource, starts_at, ends_at
            ):
                continue
            slots.append(
                {"resource": resource.pk, "date": day.isoformat(), "start": f"{hour}:00", "end": f"{hour + 1}:00"}
            )
            break
        if len(slots) == count:
            break
    assert Booking.objects.exists() or slots, "no bookable meeting room in the benchmark data"
    return slots


def wait_until_up(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 — loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"load: the server did not answer at {url}")


def overlapping_live_bookings() -> int | None:
    """Pairs of pending/confirmed bookings of one resource that overlap (must be 0); None without bookings."""
    from django.db import connection

    try:
        from bookings.models import Booking
    except ImportError:
        return None

    live = [Booking.Status.PENDING, Booking.Status.CONFIRMED]
    table = Booking._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {table} a JOIN {table} b ON a.resource_id = b.resource_id AND a.id < b.id "  # noqa: S608
            "AND a.during && b.during WHERE a.status = ANY(%s) AND b.status = ANY(%s)",
            [live, live],
        )
        return cursor.fetchone()[0]


def booked_by_load(slots, *, since) -> int:
    """Live bookings the simulated people made on the contested slots in this run: at most one per slot.
    (An earlier run's bookings stay in the benchmark database; this run contests the next free hours.)"""
    from bookings.models import Booking

    return Booking.objects.filter(
        created__gte=since,
        booked_by__email__startswith="load-",
        resource_id__in=[slot["resource"] for slot in slots],
        status__in=[Booking.Status.PENDING, Booking.Status.CONFIRMED],
    ).count()


def main() -> int:
    run.configure_django()
    from django.core.management import call_command

    run.ensure_dataset(run.bench_modules(), rebuild=False)
    sessions = prepare_sessions(PEOPLE)
    slots = contested_slots()
    call_command("collectstatic", interactive=False, verbosity=0)
    started = datetime.datetime.now(tz=datetime.UTC)

    environment = {**os.environ, "BIND": ADDRESS, "WEB_CONCURRENCY": "2", "ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(  # noqa: S603 — our own gunicorn with fixed arguments
        [
            str(BIN / "gunicorn"),
            "--config",
            "imoscow/gunicorn.conf.py",
            "--access-logfile",
            "/dev/null",
            "imoscow.wsgi",
        ],
        cwd=ROOT,
        env=environment,
    )
    try:
        wait_until_up(f"http://{ADDRESS}/healthz")
        CSV_PREFIX.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(PEOPLE),
                "--spawn-rate",
                "25",
                "--run-time",
                f"{SECONDS}s",
                "--host",
                f"http://{ADDRESS}",
                "--csv",
                str(CSV_PREFIX),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={**os.environ, "LOAD_SESSIONS": json.dumps(sessions), "LOAD_SLOTS": json.dumps(slots)},
            check=False,
            stdout=subprocess.DEVNULL,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    rows = list(csv.DictReader(open(f"{CSV_PREFIX}_stats.csv", encoding="utf-8")))
    failures = list(csv.DictReader(open(f"{CSV_PREFIX}_failures.csv", encoding="utf-8")))
    results = []
    for row in rows:
        page = "all" if row["Name"] == "Aggregated" else row["Name"].replace(" ", "_")
        results.append(
            {
                "page": page,
                "n": int(row["Request Count"]),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "failures": int(row["Failure Count"]),
            }
        )
        print(
            f"load {page} n={row['Request Count']} p50_ms={row['50%']} p95_ms={row['95%']} "
            f"failures={row['Failure Count']}"
        )
    server_errors = [f for f in failures if any(f"{code}" in f["Error"] for code in range(500, 600))]
    double_bookings = overlapping_live_bookings()
    booked = booked_by_load(slots, since=started)
    print(
        f"load summary people={PEOPLE} seconds={SECONDS} server_errors={len(server_errors)} "
        f"contested_slots={len(slots)} booked={booked} "
        f"double_bookings={double_bookings if double_bookings is not None else '-'}"
    )
    RESULT_FILE.write_text(
        json.dumps(
            {"results": results, "failures": failures, "booked": booked, "double_bookings": double_bookings},
            indent=2,
        )
    )
    return 1 if server_errors or double_bookings else 0


if __name__ == "__main__":
    sys.exit(main())
