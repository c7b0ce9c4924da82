"""Run a function in several threads that start together, each on its own database connection."""

import threading

from django.db import connection


def run_together(target, count=2):
    """`target(barrier)` in `count` threads; returns what each returned (in finishing order)."""
    barrier = threading.Barrier(count)
    outcomes = []

    def run():
        try:
            outcomes.append(target(barrier))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
