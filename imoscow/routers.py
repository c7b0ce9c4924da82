"""Send page reads to read replicas when DATABASE_REPLICA_URLS names any; everything else to the primary."""

import random

from django.conf import settings
from django.db import connections

PRIMARY = "default"


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class ReplicaRouter:
    """Reads go to a replica, except inside a transaction on the primary: a service that locks rows
    (select_for_update) and re-checks them must read what it is about to write, not a lagging copy."""

    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        if not replicas or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return random.choice(replicas)  # noqa: S311 — load spreading, not security

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas hold the same data as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
