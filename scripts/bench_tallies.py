"""Tallies at scale: the dashboard's queries over the counters, beside a plain GROUP BY over the legs.

    .venv/bin/python scripts/bench_tallies.py [--legs 10000000] [--campaigns 20]
        [--sqlite /tmp/bench_tallies.db] [--postgres postgresql+psycopg://user@host:port/postgres]

PostgreSQL runs when --postgres (or SWITCHBOARD_BENCH_POSTGRES_URL) names a server: the script creates
a database `switchboard_bench_tallies_<legs>` there (start a throwaway server the way scripts/test.sh
does). Building 10 million legs takes minutes, so both databases are kept and reused by the next run
with the same --legs and --campaigns (a `bench_meta` row says what was built); `--rebuild` starts
afresh, `--drop` removes the PostgreSQL database at the end.

How the data is made: `bench_leg`, a plain table with one row per leg (the facts the counters see),
is filled inside the database (generate_series / a recursive CTE) with deterministic pseudo-random
legs over 60 days, 535 targets, two languages, three methods and skewed outcomes. The counter
tables are then filled by one INSERT … SELECT … GROUP BY each: per bucket, connected =
sum(connected) and each outcome's column the legs that ended so (legs = count(*) per hour), which is
exactly what count_leg_change's upserts add up one leg at a time. A database kept from an earlier
version of the schema is brought up to date by the migrations, as a deployment's would be (timed).
The script checks that equivalence on a sample: legs recorded one by one through count_leg_change
(pending, then finished) give the same per-target numbers as their GROUP BY.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.campaigns.spec import CampaignSpec
from app.campaigns.store import save_campaign
from app.kernel.vocabulary import TALLY_COLUMNS
from app.models.tallies import OUTCOME_COLUMNS
from app.storage.db import create_db_engine, session_scope
from app.storage.migrations import upgrade_database
from app.tallies.counters import count_leg_change
from app.tallies.facts import LegFacts
from app.tallies.filters import TallyFilter
from app.tallies.queries import calls_made_total, campaign_tallies

BASE = datetime(2026, 9, 1, tzinfo=UTC)
DAYS = 60
NOW = BASE + timedelta(days=DAYS)
CAMPAIGN = "bench-07"
# 20 slots: contact 8, voicemail 5, unavailable 2, then one each of the rest.
OUTCOME_SLOTS = [
    *["contact"] * 8,
    *["voicemail"] * 5,
    *["unavailable"] * 2,
    "skipped",
    "wrong-number",
    "failed",
    "no-consent",
    "not-attempted",
]
CONNECTED = {"contact", "voicemail", "wrong-number"}
STATES = [
    "CA",
    "TX",
    "FL",
    "NY",
    "PA",
    "IL",
    "OH",
    "GA",
    "NC",
    "MI",
    "NJ",
    "VA",
    "WA",
    "AZ",
    "MA",
    "TN",
    "IN",
]

SCHEMA = """
CREATE TABLE bench_target (n INTEGER PRIMARY KEY, target_id VARCHAR(20), name VARCHAR(60),
    chamber VARCHAR(20), state VARCHAR(2), district VARCHAR(4));
CREATE TABLE bench_outcome (n INTEGER PRIMARY KEY, outcome VARCHAR(16), connected INTEGER);
CREATE TABLE bench_leg (campaign VARCHAR(80), started_at {timestamp}, target_id VARCHAR(20),
    target_name VARCHAR(60), chamber VARCHAR(20), state VARCHAR(2), district VARCHAR(4),
    language VARCHAR(12), method VARCHAR(12),
    connected INTEGER, outcome VARCHAR(16))
"""

LEG_COLUMNS = """
    '{prefix}' || {campaign_number},
    {started_at},
    t.target_id, t.name, t.chamber, t.state, t.district,
    CASE WHEN (h / 7) % 10 < 8 THEN 'en' ELSE 'es' END,
    CASE WHEN (h / 131) % 10 < 5 THEN 'self-dialed' WHEN (h / 131) % 10 < 8 THEN 'bridged' ELSE 'call-in' END,
    o.connected, o.outcome
"""
LEG_JOINS = "JOIN bench_target t ON t.n = (h / 1009) % 535 JOIN bench_outcome o ON o.n = (h / 65537) % 20"

FILL_SQLITE = (
    "WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < :count - 1) "
    "INSERT INTO bench_leg SELECT "
    + LEG_COLUMNS.format(
        prefix="bench-",
        campaign_number="printf('%02d', i % :campaigns + 1)",
        started_at="datetime(:base, '+' || ((i * 40503 + h) % 5184000) || ' seconds')",
    )
    + " FROM (SELECT i, (i * 2654435761) % 4294967296 AS h FROM seq) g "
    + LEG_JOINS
)
FILL_POSTGRES = (
    "INSERT INTO bench_leg SELECT "
    + LEG_COLUMNS.format(
        prefix="bench-",
        campaign_number="lpad((i % :campaigns + 1)::text, 2, '0')",
        started_at="CAST(:base AS timestamptz) + make_interval(secs => (i * 40503 + h) % 5184000)",
    )
    + " FROM (SELECT i, (i * 2654435761) % 4294967296 AS h"
    " FROM generate_series(CAST(0 AS bigint), :count - 1) i) g " + LEG_JOINS
)

# Per dialect: the UTC hour and day of bench_leg.started_at, as the counter columns store them.
HOUR = {
    "sqlite": "strftime('%Y-%m-%d %H:00:00.000000', started_at)",
    "postgresql": "date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'",
}
DAY = {"sqlite": "date(started_at)", "postgresql": "CAST(started_at AT TIME ZONE 'UTC' AS date)"}
TARGET_DIMENSIONS = "campaign, target_id, chamber, state, district, language, method"
# connected, then one count per outcome column (pending: no outcome), as the counter tables keep them.
OUTCOME_NAMES = "connected, " + ", ".join(OUTCOME_COLUMNS)
OUTCOME_SUMS = "sum(connected), " + ", ".join(
    f"sum(CASE WHEN outcome = '{name}' THEN 1 ELSE 0 END)" for name in TALLY_COLUMNS
)
COUNTER_FILLS = [
    f"INSERT INTO tally_day (campaign, day, chamber, language, method, {OUTCOME_NAMES}) "
    f"SELECT campaign, {{day}}, chamber, language, method, {OUTCOME_SUMS} "
    "FROM bench_leg GROUP BY campaign, {day}, chamber, language, method",
    "INSERT INTO tally_hour (campaign, hour, chamber, language, method, legs, connected) "
    "SELECT campaign, {hour}, chamber, language, method, count(*), sum(connected) "
    "FROM bench_leg GROUP BY campaign, {hour}, chamber, language, method",
    f"INSERT INTO tally_target ({TARGET_DIMENSIONS}, target_name, {OUTCOME_NAMES}) "
    f"SELECT {TARGET_DIMENSIONS}, max(target_name), {OUTCOME_SUMS} "
    f"FROM bench_leg GROUP BY {TARGET_DIMENSIONS}",
    f"INSERT INTO tally_target_day ({TARGET_DIMENSIONS}, day, target_name, {OUTCOME_NAMES}) "
    f"SELECT {TARGET_DIMENSIONS}, {{day}}, max(target_name), {OUTCOME_SUMS} "
    f"FROM bench_leg GROUP BY {TARGET_DIMENSIONS}, {{day}}",
    "INSERT INTO tally_target_total (campaign, target_id, chamber, state, district, target_name, "
    f"{OUTCOME_NAMES}) SELECT campaign, target_id, max(chamber), max(state), max(district), "
    f"max(target_name), {OUTCOME_SUMS} FROM bench_leg GROUP BY campaign, target_id",
    # Each leg stands for one call started (new_callers is left at zero).
    "INSERT INTO tally_call_hour (campaign, hour, language, method, calls, new_callers) "
    "SELECT campaign, {hour}, language, method, count(*), 0 FROM bench_leg "
    "GROUP BY campaign, {hour}, language, method",
    "INSERT INTO tally_call_day (campaign, day, language, method, calls, new_callers) "
    "SELECT campaign, {day}, language, method, count(*), 0 FROM bench_leg "
    "GROUP BY campaign, {day}, language, method",
]

COUNTER_TABLES = (
    "tally_day",
    "tally_hour",
    "tally_target",
    "tally_target_day",
    "tally_target_total",
    "tally_call_hour",
    "tally_call_day",
)

PLAIN_TARGETS = (
    "SELECT target_id, chamber, state, district, max(target_name), outcome, count(*), sum(connected) "
    "FROM bench_leg WHERE campaign = :campaign {where} GROUP BY target_id, chamber, state, district, outcome"
)
PLAIN_DAYS = (
    "SELECT {day}, outcome, count(*), sum(connected) FROM bench_leg "
    "WHERE campaign = :campaign {where} GROUP BY {day}, outcome"
)


def bench_targets() -> list[dict[str, Any]]:
    rows = []
    for n in range(100):
        state = STATES[n // 2 % len(STATES)]
        rows.append(
            {
                "target_id": f"S{n:03d}",
                "name": f"Senator {n}",
                "chamber": "us-senate",
                "state": state,
                "district": "",
            }
        )
    for n in range(435):
        state = STATES[n % len(STATES)]
        rows.append(
            {
                "target_id": f"H{n:03d}",
                "name": f"Rep {n}",
                "chamber": "us-house",
                "state": state,
                "district": str(n // 17 + 1),
            }
        )
    return [{"n": n, **row} for n, row in enumerate(rows)]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def paired_medians_ms(
    first: Callable[[], object], second: Callable[[], object], runs: int = 5
) -> tuple[float, float]:
    """Both actions' medians, their runs taken in turn, so that a busy machine slows both alike."""
    first()
    second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        times[0].append(timed(first))
        times[1].append(timed(second))
    return statistics.median(times[0]) * 1000, statistics.median(times[1]) * 1000


def median_ms(action: Callable[[], object], runs: int = 5) -> float:
    action()  # warm the caches once, as a dashboard in use would be
    return statistics.median(timed(action) for _ in range(runs)) * 1000


def create_schema(engine: Engine, campaigns: int) -> None:
    dialect = engine.dialect.name
    timestamp = "timestamptz" if dialect == "postgresql" else "VARCHAR(26)"
    with engine.begin() as connection:
        for statement in SCHEMA.format(timestamp=timestamp).split(";"):
            connection.execute(text(statement))
        connection.execute(
            text("INSERT INTO bench_target VALUES (:n, :target_id, :name, :chamber, :state, :district)"),
            bench_targets(),
        )
        connection.execute(
            text("INSERT INTO bench_outcome VALUES (:n, :outcome, :connected)"),
            [{"n": n, "outcome": o, "connected": int(o in CONNECTED)} for n, o in enumerate(OUTCOME_SLOTS)],
        )
    with session_scope(engine) as session:
        for number in range(1, campaigns + 1):
            save_campaign(session, spec=bench_spec(f"bench-{number:02d}"), source="bench")
        save_campaign(session, spec=bench_spec("bench-check"), source="bench")


def bench_spec(slug: str) -> CampaignSpec:
    return CampaignSpec.model_validate(
        {
            "slug": slug,
            "title": slug,
            "status": "live",
            "goal": 100_000,
            "starts_on": BASE.date().isoformat(),
            "targets": {"chambers": ["us-senate", "us-house"]},
            "scripts": {"en": {"text": "Hello"}},
        }
    )


def fill(engine: Engine, legs: int, campaigns: int) -> None:
    dialect = engine.dialect.name
    fill_legs = FILL_POSTGRES if dialect == "postgresql" else FILL_SQLITE
    base = BASE.isoformat() if dialect == "postgresql" else BASE.strftime("%Y-%m-%d %H:%M:%S")
    with engine.begin() as connection:
        seconds = timed(
            lambda: connection.execute(text(fill_legs), {"count": legs, "campaigns": campaigns, "base": base})
        )
    print(f"  filled bench_leg with {legs:,} legs in {seconds:.1f}s")
    with engine.begin() as connection:
        seconds = timed(
            lambda: connection.execute(text("CREATE INDEX ix_bench_leg_campaign ON bench_leg (campaign)"))
        )
    print(f"  indexed bench_leg (campaign) in {seconds:.1f}s")
    with engine.begin() as connection:
        if dialect == "sqlite":  # sort the big GROUP BYs in memory (the bench's fill only)
            connection.execute(text("PRAGMA temp_store=MEMORY"))
            connection.execute(text("PRAGMA cache_size=-1000000"))
        started = time.perf_counter()
        for statement in COUNTER_FILLS:
            connection.execute(text(statement.format(hour=HOUR[dialect], day=DAY[dialect])))
        connection.execute(text("ANALYZE"))
    print(f"  filled the counters from bench_leg in {time.perf_counter() - started:.1f}s")
    with engine.connect() as connection:
        for table in ("bench_leg", *COUNTER_TABLES):
            count = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            print(f"  {table:<17} {count:>12,} rows")


def check_counter_writes(engine: Engine, sample: int) -> None:
    """Legs recorded one by one through count_leg_change equal the GROUP BY of the same legs."""
    with engine.begin() as connection:  # what an earlier run counted for bench-check
        for table in COUNTER_TABLES:
            connection.execute(text(f"DELETE FROM {table} WHERE campaign = 'bench-check'"))
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT started_at, target_id, target_name, chamber, state, district, language, method, "
                "connected, outcome FROM bench_leg WHERE campaign = 'bench-01' LIMIT :sample"
            ),
            {"sample": sample},
        ).all()
    legs = [leg_facts(row) for row in rows]
    started = time.perf_counter()
    for leg in legs:
        pending = LegFacts(**{**vars(leg), "connected": False, "outcome": None})
        with session_scope(engine) as session:
            count_leg_change(session, before=None, after=pending)
        with session_scope(engine) as session:
            count_leg_change(session, before=pending, after=leg)
    per_change = (time.perf_counter() - started) / (2 * len(legs)) * 1000
    with Session(engine) as session:
        result = campaign_tallies(session, slug="bench-check", filters=TallyFilter(), now=NOW)
    counted = {(t.target_id, o): n for t in result.targets for o, n in t.counts.outcomes.items() if n}
    expected = Counter((leg.target_id, leg.outcome) for leg in legs)
    assert counted == dict(expected), "counter writes and GROUP BY disagree"
    print(f"  {len(legs):,} legs recorded through count_leg_change: {per_change:.2f} ms per change")
    print("  their counters equal the GROUP BY of the same legs: yes")


def leg_facts(row: Any) -> LegFacts:
    started_at, target_id, target_name, chamber, state, district, language, method, connected, outcome = row
    if isinstance(started_at, str):
        started_at = datetime.fromisoformat(started_at).replace(tzinfo=UTC)
    return LegFacts(
        campaign="bench-check",
        started_at=started_at,
        target_id=target_id,
        target_name=target_name,
        chamber=chamber,
        state=state,
        district=district,
        language=language,
        method=method,
        connected=bool(connected),
        outcome=outcome,
    )


def compare(engine: Engine) -> None:
    dialect = engine.dialect.name
    cases = [
        ("whole campaign", TallyFilter(), ""),
        (
            "us-house, bridged, es",
            TallyFilter(chamber="us-house", method="bridged", language="es"),
            "AND chamber = 'us-house' AND method = 'bridged' AND language = 'es'",
        ),
        ("last 7 days", TallyFilter(since=(NOW - timedelta(days=7)).date()), "AND started_at >= :since"),
    ]
    print(f"  {'dashboard query (' + CAMPAIGN + ')':<34} {'counters':>10} {'GROUP BY legs':>14} {'ratio':>9}")
    for label, filters, where in cases:

        def dashboard(filters: TallyFilter = filters) -> None:
            with Session(engine) as session:
                campaign_tallies(session, slug=CAMPAIGN, filters=filters, now=NOW)

        since = NOW - timedelta(days=7)
        params = {
            "campaign": CAMPAIGN,
            "since": since if dialect == "postgresql" else since.strftime("%Y-%m-%d %H:%M:%S"),
        }

        def plain(where: str = where, params: dict[str, Any] = params) -> None:
            with engine.connect() as connection:
                connection.execute(text(PLAIN_TARGETS.format(where=where)), params).all()
                connection.execute(text(PLAIN_DAYS.format(where=where, day=DAY[dialect])), params).all()

        counters, legs = paired_medians_ms(dashboard, plain)
        print(f"  {label:<34} {counters:>8.1f}ms {legs:>12.1f}ms {legs / counters:>8.0f}x")

    def public_counter() -> None:
        with Session(engine) as session:
            calls_made_total(session, campaign=CAMPAIGN)

    print(f"  public counter, uncached (sum of day counters): {median_ms(public_counter):.1f}ms")


def run(url: str, legs: int, campaigns: int) -> None:
    print(f"  migrations applied in {timed(lambda: upgrade_database(url)):.1f}s")
    engine = create_db_engine(url)
    try:
        if built(engine) == (legs, campaigns):
            print("  reusing the legs and counters built by an earlier run")
        else:
            started = time.perf_counter()
            drop_bench_tables(engine)
            create_schema(engine, campaigns)
            fill(engine, legs, campaigns)
            with engine.begin() as connection:
                connection.execute(text("CREATE TABLE bench_meta (legs BIGINT, campaigns INTEGER)"))
                connection.execute(text("INSERT INTO bench_meta VALUES (:legs, :campaigns)"), locals())
            print(f"  built in {time.perf_counter() - started:.0f}s (kept for the next run)")
        compare(engine)
        check_counter_writes(engine, sample=500)
    finally:
        engine.dispose()


def built(engine: Engine) -> tuple[int, int] | None:
    """The (legs, campaigns) an earlier run left complete in this database, if any."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("bench_meta"):
            return None
        row = connection.execute(text("SELECT legs, campaigns FROM bench_meta")).first()
    return (int(row[0]), int(row[1])) if row else None


def drop_bench_tables(engine: Engine) -> None:
    """An unfinished or different earlier build: empty the counters and drop the bench tables."""
    with engine.begin() as connection:
        for table in ("bench_meta", "bench_leg", "bench_target", "bench_outcome"):
            connection.execute(text(f"DROP TABLE IF EXISTS {table}"))
        for table in COUNTER_TABLES:
            connection.execute(text(f"DELETE FROM {table}"))
        connection.execute(text("DELETE FROM campaign WHERE slug LIKE 'bench-%'"))


def bench_sqlite(path: Path, legs: int, campaigns: int, *, rebuild: bool) -> None:
    if rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    print(f"SQLite ({path})")
    run(f"sqlite:///{path}", legs, campaigns)


def bench_postgres(server_url: str, legs: int, campaigns: int, *, rebuild: bool, drop: bool) -> None:
    url = make_url(server_url)
    name = f"switchboard_bench_tallies_{legs}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        if rebuild:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    print(f"PostgreSQL ({url.host}:{url.port}, database {name})")
    try:
        run(url.set(database=name).render_as_string(hide_password=False), legs, campaigns)
    finally:
        if drop:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--legs", type=int, default=10_000_000)
    parser.add_argument("--campaigns", type=int, default=20)
    parser.add_argument("--sqlite", type=Path, default=Path(tempfile.gettempdir()) / "bench_tallies.db")
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("SWITCHBOARD_BENCH_POSTGRES_URL", ""),
        help="a PostgreSQL server URL (postgresql+psycopg://user@host:port/postgres)",
    )
    parser.add_argument("--rebuild", action="store_true", help="build the legs again even if kept")
    parser.add_argument("--drop", action="store_true", help="drop the PostgreSQL database at the end")
    args = parser.parse_args()
    print(
        f"{args.legs:,} legs across {args.campaigns} campaigns over {DAYS} days; medians of 5 runs "
        f"(the two queries taken in turn); {os.cpu_count()} cores, shared with whatever else runs\n"
    )
    if not args.no_sqlite:
        bench_sqlite(args.sqlite, args.legs, args.campaigns, rebuild=args.rebuild)
    if args.postgres:
        bench_postgres(args.postgres, args.legs, args.campaigns, rebuild=args.rebuild, drop=args.drop)
    else:
        print("\nPostgreSQL skipped: pass --postgres URL or set SWITCHBOARD_BENCH_POSTGRES_URL")


if __name__ == "__main__":
    main()
