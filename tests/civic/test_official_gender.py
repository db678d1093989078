"""Officials' gender from the open data, stored at sync, and the Spanish titles that follow from it."""

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from sqlmodel import Session, select

from app.campaigns.scripts import Caller, ScriptTarget, localized_title, render_script
from app.civic.directory.officials import Gender, Representative
from app.civic.directory.view import load_directory_view
from app.civic.sync.datasets import sync_congress
from app.civic.sync.sources import FolderSource
from app.models.directory import Official
from app.storage.db import create_db_engine, session_scope
from app.storage.migrations import downgrade_database, upgrade_database
from app.storage.versions import DIRECTORY, read_version
from tests.civic.test_sync_state_legislators import officials, small_copy, sync
from tests.support import DIRECTORY_DATA, HTML

COMERFORD = "Joanne-Comerford-2998b05b-b83e-4a9b-9659-a609ddc63a34.yml"  # gender: Female
ELDRIDGE = "James-B-Eldridge-23704722-a50c-4148-8f14-98c7d78324b9.yml"  # gender: Male
MONTANO = "Samantha-Montao-668db267-f9e1-4839-918d-c092741f96f9.yml"  # gender: X
BEFORE = "0015_call_dialed_at"  # the revision before official.gender


def genders(url: str) -> dict[str, str]:
    engine = create_db_engine(url)
    with Session(engine) as session:
        found = dict(session.exec(select(Official.id, Official.gender)).all())
    engine.dispose()
    return found


def test_a_sync_stores_the_gender_each_source_gives(migrated_url: str, tmp_path: Path) -> None:
    engine = create_db_engine(migrated_url)
    with session_scope(engine) as session:
        sync_congress(session, source=FolderSource(DIRECTORY_DATA), progress=lambda _m: None)
    engine.dispose()
    sync(migrated_url, small_copy(tmp_path, [COMERFORD, ELDRIDGE, MONTANO]))
    stored = genders(migrated_url)
    assert (stored["W000817"], stored["M000133"]) == ("female", "male")  # bio.gender F, M
    people = {name: o.gender for name, o in officials(migrated_url).items() if o.source == "openstates"}
    assert people == {"Jo Comerford": "female", "Jamie Eldridge": "male", "Sam Montaño": ""}


def test_a_resync_fills_in_the_gender_of_officials_stored_without_it(migrated_url: str) -> None:
    engine = create_db_engine(migrated_url)
    with session_scope(engine) as session:
        sync_congress(session, source=FolderSource(DIRECTORY_DATA), progress=lambda _m: None)
    with engine.begin() as connection:  # as the migration leaves the rows synced before it
        connection.execute(text("UPDATE official SET gender = ''"))
    with Session(engine) as session:
        version = read_version(session, kind=DIRECTORY)
    with session_scope(engine) as session:
        report = sync_congress(session, source=FolderSource(DIRECTORY_DATA), progress=lambda _m: None)
    assert "Senator Elizabeth Warren (MA): gender '' → 'female'" in report.changed
    with Session(engine) as session:
        assert read_version(session, kind=DIRECTORY) != version  # every process rebuilds its view
        view = load_directory_view(session)
    engine.dispose()
    assert genders(migrated_url)["W000817"] == "female"
    markey = next(r for r in view.by_division["ocd-division/country:us/state:ma"] if r.id == "M000133")
    assert markey.gender is Gender.MALE


def test_the_gender_migration_keeps_the_officials_both_ways(any_database_url: str) -> None:
    upgrade_database(any_database_url, BEFORE)
    engine = create_db_engine(any_database_url)
    row = (
        "INSERT INTO official (id, source, name, last_name, title, chamber, party, state, district,"
        " division_id, image, updated_at) VALUES ('W000817', 'congress-legislators', 'Elizabeth Warren',"
        " 'Warren', 'Senator', 'us-senate', 'Democrat', 'MA', '', 'ocd-division/country:us/state:ma', '',"
        " '2026-12-01 00:00:00')"
    )
    try:
        with engine.begin() as connection:
            connection.execute(text(row))
        upgrade_database(any_database_url)
        assert genders(any_database_url) == {"W000817": ""}  # unknown until the next sync
        downgrade_database(any_database_url, BEFORE)
        columns = {c["name"] for c in inspect(engine).get_columns("official")}
        assert "gender" not in columns
        with engine.connect() as connection:
            assert connection.execute(text("SELECT name FROM official")).scalar_one() == "Elizabeth Warren"
    finally:
        engine.dispose()


def test_spanish_titles_follow_the_gender_and_are_neutral_when_it_is_unknown() -> None:
    assert localized_title("Senator", language="es", gender=Gender.FEMALE) == "Senadora"
    assert localized_title("Senator", language="es", gender=Gender.MALE) == "Senador"
    assert localized_title("Senator", language="es") == "Senador/a"
    assert localized_title("Delegate", language="es", gender=Gender.FEMALE) == "Delegada"
    assert localized_title("Representative", language="es", gender=Gender.MALE) == "Representante"
    assert localized_title("Senator", language="en", gender=Gender.FEMALE) == "Senator"
    assert localized_title("Governor", language="es", gender=Gender.FEMALE) == "Governor"  # a custom title


def script_for(rep: Representative) -> str:
    return render_script(
        "Llamo para pedirle a {{ target.title }} {{ target.name }} su apoyo.",
        caller=Caller(),
        target=ScriptTarget.of(rep),
        variables={},
        language="es",
    )


def test_a_spanish_script_names_a_woman_senator_senadora(database_url: str) -> None:
    engine = create_db_engine(database_url)
    with Session(engine) as session:
        view = load_directory_view(session)
    engine.dispose()
    upper = view.by_division["ocd-division/country:us/state:ma/sldu:hampshire_franklin_and_worcester"]
    comerford = next(r for r in upper if r.name == "Jo Comerford")
    assert script_for(comerford) == "Llamo para pedirle a Senadora Jo Comerford su apoyo."
    markey = next(r for r in view.by_division["ocd-division/country:us/state:ma"] if r.id == "M000133")
    assert script_for(markey) == "Llamo para pedirle a Senador Edward J. Markey su apoyo."
    unknown = Representative(**{**markey.__dict__, "gender": Gender.UNKNOWN})
    assert script_for(unknown) == "Llamo para pedirle a Senador/a Edward J. Markey su apoyo."


def test_the_spanish_cards_say_senadora_and_senador(client: TestClient) -> None:
    # 01060 (Northampton) lies in one district of every chamber.
    state = client.post("/c/ma-safe-communities", data={"address": "01060", "lang": "es"}, headers=HTML)
    assert state.status_code == 200
    assert 'tabindex="-1">Senadora Jo Comerford</h2>' in state.text
    federal = client.post("/c/grace-no-ban", data={"address": "01060", "lang": "es"}, headers=HTML)
    assert 'tabindex="-1">Senador Edward J. Markey</h2>' in federal.text
    assert 'tabindex="-1">Senadora Elizabeth Warren</h2>' in federal.text
    assert "Senador/a" not in federal.text
    api = client.get("/api/v1/representatives", params={"address": "01060"}).json()
    by_name = {r["name"]: r for r in api["representatives"]}
    assert (by_name["Jo Comerford"]["gender"], by_name["Edward J. Markey"]["gender"]) == ("female", "male")
