"""Startup migrations for the lab backend.

Each app/db/migrations/NNN_name.sql runs once, in order, inside one transaction together
with its row in schema_migrations. A failing migration raises MigrationError, which makes
uvicorn's startup fail and the process exit non-zero.
"""
import os
import sqlite3
from pathlib import Path

DB_PATH = Path(os.environ.get("CORTEX_DB", "/data/cortex.db"))
MIGRATIONS = Path(__file__).parent / "migrations"


class MigrationError(RuntimeError):
    """A migration could not be applied; the message says which and why."""


def run() -> list[str]:
    """Apply pending migrations; return the ids applied by this call."""
    DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(DB_PATH, isolation_level=None, timeout=10)
    try:
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations"
            " (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        applied = []
        for path in sorted(MIGRATIONS.glob("*.sql")):
            if apply(con, path):
                applied.append(path.stem.split("_", 1)[0])
        return applied
    finally:
        con.close()


def apply(con: sqlite3.Connection, path: Path) -> bool:
    """Apply one migration unless it is recorded already."""
    mid = path.stem.split("_", 1)[0]
    seen = "SELECT 1 FROM schema_migrations WHERE id = ?"
    if con.execute(seen, (mid,)).fetchone():
        return False

    script = (
        "BEGIN IMMEDIATE;\n"
        f"{path.read_text()}\n"
        f"INSERT INTO schema_migrations VALUES ('{mid}', datetime('now'));\n"
        "COMMIT;\n"
    )
    try:
        con.executescript(script)
    except sqlite3.Error as err:
        if con.in_transaction:
            con.execute("ROLLBACK")
        print(f"migration {mid} failed: {err}", flush=True)
        raise MigrationError(f"migration {mid} ({path.name}) failed: {err}") from err

    print(f"migration {mid} applied", flush=True)
    return True


if __name__ == "__main__":
    run()
