#!/usr/bin/env python
"""`make bench`: server time and query counts of the portal's main pages on a city-sized dataset.

The dataset lives in its own database (`imoscow_bench`, beside the development one) and is built once:
`seed_demo --scale 75` (about 20,000 organizations), then each app's `bench.build_dataset()` tops its
own data up to the size its issue names. It is rebuilt only when a generator (`<app>/demo.py`,
`<app>/bench.py`) changes. Every page is requested through Django's whole request cycle (middleware,
URL routing, templates) in this process; the time is the server's, without a network.

Output, one line per page, and the same as JSON in var/bench/latest.json:
  bench <page> n=<requests> p50_ms=<x> p95_ms=<y> queries=<q> floor_ratio=<p50/floor p50> dataset=<what>
"""

import argparse
import hashlib
import importlib
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DATABASE = "imoscow_bench"
SCALE = 75
STATE_FILE = ROOT / "var" / "bench" / "dataset.json"
RESULT_FILE = ROOT / "var" / "bench" / "latest.json"


def bench_database_url() -> str:
    """The benchmark database on the same server as the portal's, created when missing."""
    import psycopg

    from imoscow.database import embedded_database_url

    base = os.environ.get("DATABASE_URL")
    if not base:
        return embedded_database_url(database=BENCH_DATABASE)
    parts = urlsplit(base)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]).fetchone():
            connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    return urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


def configure_django() -> None:
    os.environ["DATABASE_URL"] = bench_database_url()
    # Production mode, as pages are served for real, but plain HTTP inside this process.
    os.environ.update(
        DEBUG="0", SECRET_KEY="bench-only-secret-key-" + "x" * 40, ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="0"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "imoscow.settings"
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "bench.urls"


def bench_modules():
    from django.conf import settings

    modules = []
    for app in settings.PORTAL_APPS:
        try:
            modules.append(importlib.import_module(f"{app}.bench"))
        except ModuleNotFoundError as error:
            if error.name != f"{app}.bench":
                raise
    return modules


def generator_fingerprint() -> str:
    digest = hashlib.sha256(f"scale={SCALE}".encode())
    for path in sorted([*ROOT.glob("*/demo.py"), *ROOT.glob("*/bench.py"), *ROOT.glob("*/migrations/0*.py")]):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_dataset(modules, *, rebuild: bool) -> dict:
    from django.core.management import call_command
    from django.db import connection

    fingerprint = generator_fingerprint()
    state = json.loads(STATE_FILE.read_text()) if STATE_FILE.exists() else {}
    if not rebuild and state.get("fingerprint") == fingerprint:
        print(f"dataset: reusing the benchmark database ({state['describe']})", flush=True)
        return state

    print("dataset: building (once per generator change; this takes a few minutes)", flush=True)
    started = time.monotonic()
    with connection.cursor() as cursor:  # start from an empty schema
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", scale=SCALE, verbosity=1)
    describe = {}
    for module in modules:
        describe[module.__name__.split(".")[0]] = module.build_dataset(stdout=sys.stdout)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    state = {"fingerprint": fingerprint, "describe": describe, "seconds": round(time.monotonic() - started)}
    STATE_FILE.parent.mkdir(parents=True, exist_ok=True)
    STATE_FILE.write_text(json.dumps(state, indent=2, ensure_ascii=False))
    print(f"dataset: built in {state['seconds']} s", flush=True)
    return state


def measure(client, path: str, requests: int) -> dict:
    import gc

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):  # warm caches and connections; not counted
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"bench: {path} answered {response.status_code}")
    gc.freeze()  # as a gunicorn worker does once loaded (imoscow/gunicorn.conf.py, post_worker_init)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    query_count = len(captured)  # now: the log is reset by the next request
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    percentiles = statistics.quantiles(times, n=100, method="inclusive")
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(percentiles[94], 2), "queries": query_count}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60, help="measured requests per page (at least 50)")
    parser.add_argument("--only", help="measure only pages whose name starts with this")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the dataset even if it is current")
    args = parser.parse_args()

    configure_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    modules = bench_modules()
    state = ensure_dataset(modules, rebuild=args.rebuild)
    call_command("collectstatic", interactive=False, verbosity=0)

    client = Client()
    floor = measure(client, "/bench/floor/", args.requests)
    organizations = state["describe"].get("directory", "").replace(" ", "_")
    results = [{"page": "floor", "n": args.requests, **floor, "floor_ratio": 1.0, "dataset": organizations}]
    User = get_user_model()
    for module in modules:
        app = module.__name__.split(".")[0]
        for case in module.cases():
            if args.only and not case["page"].startswith(args.only):
                continue
            client = Client()
            if case.get("login"):
                client.force_login(User.objects.get(email=case["login"]))
            figures = measure(client, case["path"], args.requests)
            results.append(
                {
                    "page": case["page"],
                    "n": args.requests,
                    **figures,
                    "floor_ratio": round(figures["p50_ms"] / floor["p50_ms"], 1),
                    "dataset": state["describe"].get(app, "").replace(" ", "_"),
                    "path": case["path"],
                }
            )
    for row in results:
        print(
            f"bench {row['page']} n={row['n']} p50_ms={row['p50_ms']} p95_ms={row['p95_ms']} "
            f"queries={row['queries']} floor_ratio={row['floor_ratio']} dataset={row['dataset'] or '-'}"
        )
    RESULT_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULT_FILE.write_text(json.dumps({"results": results, "dataset": state["describe"]}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
