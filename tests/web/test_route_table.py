"""Apps of one process share one route table (app.main.route_table) and each still answers from
its own services: its own database, its own settings."""

from fastapi.testclient import TestClient

from tests.support import AppFor, app_settings


def test_two_apps_share_their_routes_and_answer_from_their_own_databases(
    database_url: str, migrated_url: str, app_for: AppFor
) -> None:
    synced, empty = app_for(app_settings(database_url)), app_for(app_settings(migrated_url))
    shared = [route for route in synced.routes if route in empty.routes]
    assert len(shared) >= 15  # every router of the table, the same objects in both apps
    with TestClient(synced) as first, TestClient(empty) as second:
        listed = first.get("/api/v1/campaigns")
        assert listed.status_code == 200
        assert "grace-no-ban" in {campaign["slug"] for campaign in listed.json()["campaigns"]}
        assert second.get("/api/v1/campaigns").json()["campaigns"] == []
        assert first.get("/c/grace-no-ban").status_code == 200
        assert second.get("/c/grace-no-ban").status_code == 404
