"""gunicorn settings for `make serve` and production. Everything can be overridden with GUNICORN_CMD_ARGS."""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 20
max_requests = 2000  # recycle workers now and then, jittered so they do not restart together
max_requests_jitter = 200
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Start the embedded PostgreSQL once, in the master, and hand its address to every worker."""
    if not os.environ.get("DATABASE_URL"):
        from imoscow.database import embedded_database_url

        os.environ["DATABASE_URL"] = embedded_database_url()


def post_worker_init(worker):
    """Move what loading the project created (modules, URL patterns, translations: some 170,000 objects)
    out of the garbage collector's sight. A full collection then walks only what requests made, not
    everything, which took 60 ms a time and stalled one request in ten."""
    import gc

    gc.freeze()
