"""Test helpers: the shared open data, recorded Census answers served through respx, databases."""

import asyncio
import json
import os
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
import respx
import time_machine
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient
from psycopg.types.json import Jsonb
from sqlalchemy import Column, Integer, MetaData, delete, func, inspect, select, text
from sqlalchemy.engine import Connection, make_url

from app.accounts.passwords import Passwords, passwords_at
from app.accounts.service import add_user, create_token
from app.civic.geography.location import Location
from app.civic.locating.locate import Locator
from app.main import create_app
from app.runtime.container import build_services
from app.runtime.read_models import ReadModels
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope

PROJECT = Path(__file__).resolve().parent.parent
SHARED_DATA = PROJECT.parent / "shared" / "data"
DIRECTORY_DATA = SHARED_DATA / "directory"
CIVIC_API_DATA = SHARED_DATA / "civic-api"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CENSUS_URL = "https://geocoding.geo.census.gov/geocoder"


# The in-process worker of a test app runs no scheduled directory sync in the middle of a test
# (procrastinate defers a tick missed in the last 10 minutes when it starts): tests run it by hand.
NO_SCHEDULED_SYNC: dict[str, Any] = {"directory_sync_every_hours": 0}


def app_settings(database_url: str, **overrides: Any) -> Settings:
    """The settings a test app runs with: recorded Census answers, the shared directory snapshot,
    and no scheduled sync (NO_SCHEDULED_SYNC)."""
    defaults: dict[str, Any] = {
        "census_geocoder_url": CENSUS_URL,
        "census_vintage": "ACS2025_Current",
        "directory_source": str(DIRECTORY_DATA),
        **NO_SCHEDULED_SYNC,
    }
    return Settings(_env_file=None, database_url=database_url, **{**defaults, **overrides})


# The `app_for` fixture (tests/conftest.py): an app for settings on this test's copy of the template.
AppFor = Callable[[Settings], FastAPI]


def app_starting_from(warm: ReadModels) -> AppFor:
    """`create_app(settings)` for settings on a copy of the template, starting from `warm` (this
    worker's warm read models) rather than building its own at start-up."""

    def build(settings: Settings) -> FastAPI:
        services = build_services(settings)
        services.read_models.start_from(warm)
        return create_app(settings, services=services)

    return build


POSTGRES_URL = os.environ.get("SWITCHBOARD_TEST_POSTGRES_URL", "")
REDIS_URL = os.environ.get("SWITCHBOARD_TEST_REDIS_URL", "")

# Addresses typed by people → the recorded Census answer for them.
CENSUS_ANSWERS = {
    "1 Ashburton Place, Boston, MA 02108": "ma_boston",
    "70 Allen St, Pittsfield, MA 01201": "ma_pittsfield",
    "200 W 24th St, Cheyenne, WY 82002": "wy_cheyenne",
    "1350 Pennsylvania Ave NW, Washington, DC 20004": "dc_capitol",
    "39439 Paseo Padre Pkwy, Fremont, CA 94538": "ca_vacant_14",
    "100 Main St, Springfield": "ambiguous",
    "55 Main St, Center Ossipee, NH 03814": "nh_ossipee",
    "203 S 4th St, Oakland, MD 21550": "md_oakland",
    "1700 W Washington St, Phoenix, AZ 85007": "az_phoenix",
    "1445 K St, Lincoln, NE 68508": "ne_lincoln",
    "109 State St, Montpelier, VT 05602": "vt_montpelier",
    "1315 10th St, Sacramento, CA 95814": "ca_sacramento",
}


def read_yaml(path: Path) -> Any:
    """A YAML file, parsed by libyaml: `yaml.safe_load` is pure Python (3 s for the 300 kB
    committee membership file)."""
    return yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def write_yaml(path: Path, data: Any) -> None:
    """`data` written to `path` as YAML, by libyaml (as `yaml.safe_dump` writes it, but in C)."""
    path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper))


def census_fixture(name: str) -> Any:
    return json.loads((FIXTURES / "census" / f"{name}.json").read_text())


def legacy_recording(name: str) -> Any:
    """A real recorded Census answer from shared/data/civic-api (its `response` part)."""
    return json.loads((CIVIC_API_DATA / f"census-geocoder_{name}_0_2017-legacy.json").read_text())["response"]


def census_answer(request: httpx.Request) -> httpx.Response:
    address = request.url.params.get("address", "")
    name = CENSUS_ANSWERS.get(address, "no_match")
    return httpx.Response(200, json=census_fixture(name))


@contextmanager
def recorded_census(base_url: str = CENSUS_URL) -> Iterator[respx.Router]:
    """The Census geocoder answering from recordings; every other host is unreachable."""
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{base_url}/geographies/onelineaddress").mock(side_effect=census_answer)
        yield router


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, empty database on the test PostgreSQL server, dropped afterwards."""
    url = make_url(POSTGRES_URL)
    name = f"sb_test_{uuid.uuid4().hex[:12]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def postgres_copy_of(template_url: str) -> Iterator[str]:
    """A new database made from a prepared one with `CREATE DATABASE … TEMPLATE` (a file copy:
    about 0.2 s, where migrating and syncing the directory takes 15 s), dropped afterwards."""
    template = make_url(template_url)
    admin = template.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    name = f"sb_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template.database}"')
    try:
        yield template.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_rows(source_url: str, target_url: str) -> None:
    """Every row of every table of a migrated SQLite `source` into the migrated PostgreSQL `target`
    (by COPY: the 150,000 ZIP rows in a second) in place of the rows the migrations wrote there,
    then each id sequence moved past the highest id copied. Tables of PostgreSQL only (the job
    queue's) are left as migrated."""
    source, target = create_db_engine(source_url), create_db_engine(target_url)
    schema = MetaData()
    schema.reflect(target)
    shared = set(inspect(source).get_table_names()) - {"alembic_version"}
    tables = [table for table in schema.sorted_tables if table.name in shared]
    with source.connect() as reading, target.begin() as writing:
        for table in reversed(tables):
            writing.execute(delete(table))
        cursor = writing.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for table in tables:
            columns = ", ".join(f'"{column.name}"' for column in table.columns)
            with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                for row in reading.execute(select(table)):
                    copy.write_row(
                        [Jsonb(value) if isinstance(value, dict | list) else value for value in row]
                    )
            for column in table.primary_key.columns:
                if isinstance(column.type, Integer):
                    _move_sequence_past(writing, table.name, column)
    source.dispose()
    target.dispose()


def _copyable(value: object) -> object:
    return Jsonb(value) if isinstance(value, dict | list) else value


def _move_sequence_past(connection: Connection, table: str, column: Column[Any]) -> None:
    highest = connection.execute(select(func.max(column))).scalar()
    sequence = connection.execute(
        text("SELECT pg_get_serial_sequence(:table, :column)"), {"table": table, "column": column.name}
    ).scalar()
    if sequence and highest:
        connection.execute(
            text("SELECT setval(:sequence, :highest)"), {"sequence": sequence, "highest": highest}
        )


ORGANIZER_EMAIL = "organizer@example.org"
STAFF_EMAIL = "staff@example.org"
PASSWORD = "a long enough passphrase"
# Test accounts' passwords are hashed at Argon2's lowest cost (the real hasher and checks; the
# default cost spends a quarter of a second per hash and per sign-in, about a minute of a run).
# tests/conftest.py gives every app and CLI process of the run the same cost (TEST_PASSWORD_COST).
TEST_PASSWORD_COST = {
    "SWITCHBOARD_PASSWORD_HASH_TIME_COST": "1",
    "SWITCHBOARD_PASSWORD_HASH_MEMORY_KIB": "64",
}
PASSWORDS: Passwords = passwords_at(
    time_cost=int(TEST_PASSWORD_COST["SWITCHBOARD_PASSWORD_HASH_TIME_COST"]),
    memory_kib=int(TEST_PASSWORD_COST["SWITCHBOARD_PASSWORD_HASH_MEMORY_KIB"]),
)
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    found = CSRF_INPUT.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def add_accounts(database_url: str) -> None:
    """An organizer and a staff member, both with PASSWORD."""
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        add_user(session, email=ORGANIZER_EMAIL, password=PASSWORD, role="organizer", passwords=PASSWORDS)
        add_user(session, email=STAFF_EMAIL, password=PASSWORD, role="staff", passwords=PASSWORDS)
    engine.dispose()


def new_token(database_url: str, role: str) -> str:
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        _row, token = create_token(session, role=role, name=f"test {role}")
    engine.dispose()
    return token


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> httpx.Response:
    page = client.get("/admin/login", headers=HTML)
    response: httpx.Response = client.post(
        "/admin/login",
        data={"email": email, "password": password, "csrf_token": csrf_from(page.text), "next": "/admin"},
        headers=HTML,
        follow_redirects=False,
    )
    return response


HTML = {"accept": "text/html"}


@contextmanager
def async_client() -> Iterator[httpx.AsyncClient]:
    """An httpx.AsyncClient for a synchronous test (respx answers it), closed afterwards."""
    client = httpx.AsyncClient()
    try:
        yield client
    finally:
        asyncio.run(client.aclose())


def located(locator: Locator, address: str) -> Location:
    """An async locator's answer, awaited from a synchronous test."""
    return asyncio.run(locator.locate(address))


def during_office_hours() -> "time_machine.travel":
    """A Tuesday 10:00 in Boston (2026-12-08): the offices are open, so the cards offer the call
    button, not the voicemail a closed office gets, whatever the hour the tests run at."""
    return time_machine.travel(datetime(2026, 12, 8, 15, 0, tzinfo=UTC), tick=True)
