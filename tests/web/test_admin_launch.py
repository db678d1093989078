"""Launch as a checklist: confirm what goes live, then the link, QR code, share text and embed code."""

from fastapi.testclient import TestClient

from tests.support import HTML, ORGANIZER_EMAIL, STAFF_EMAIL, csrf_from, sign_in


def pause(client: TestClient, slug: str) -> None:
    page = client.get(f"/admin/campaigns/{slug}/confirm/pause", headers=HTML)
    client.post(f"/admin/campaigns/{slug}/pause", data={"csrf_token": csrf_from(page.text)}, headers=HTML)


def test_launch_asks_first_naming_what_goes_live_then_shows_what_to_hand_out(
    client: TestClient, accounts: str
) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    pause(client, "ma-safe-communities")
    listing = client.get("/admin", headers=HTML)
    assert 'href="/admin/campaigns/ma-safe-communities/confirm/launch"' in listing.text
    assert 'action="/admin/campaigns/ma-safe-communities/launch"' not in listing.text, "no one-click launch"

    confirm = client.get("/admin/campaigns/ma-safe-communities/confirm/launch", headers=HTML)
    assert confirm.status_code == 200
    assert "Launch “" in confirm.text
    assert "http://127.0.0.1:8000/c/ma-safe-communities" in confirm.text
    assert "MA" in confirm.text
    assert "en, es" in confirm.text
    launched = client.post(
        "/admin/campaigns/ma-safe-communities/launch",
        data={"csrf_token": csrf_from(confirm.text)},
        headers=HTML,
        follow_redirects=False,
    )
    assert launched.status_code == 303
    assert launched.headers["location"] == "/admin/campaigns/ma-safe-communities/share?launched=true"

    share = client.get(launched.headers["location"], headers=HTML)
    assert share.status_code == 200
    assert "is live." in share.text
    assert 'value="http://127.0.0.1:8000/c/ma-safe-communities"' in share.text
    assert (
        "&lt;script src=&#34;http://127.0.0.1:8000/embed.js&#34; data-campaign=&#34;ma-safe-communities&#34; "
        "data-lang=&#34;es&#34; async&gt;&lt;/script&gt;" in share.text
    )
    assert 'src="/admin/campaigns/ma-safe-communities/qr.svg"' in share.text
    assert "SWITCHBOARD_TWILIO_ACCOUNT_SID" in share.text, "no Twilio here: says how to set it up"
    assert client.get("/c/ma-safe-communities", headers=HTML).status_code == 200


def test_the_qr_codes_are_real_images(client: TestClient, accounts: str) -> None:
    sign_in(client, STAFF_EMAIL)
    svg = client.get("/admin/campaigns/grace-no-ban/qr.svg")
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.lstrip().startswith("<?xml")
    assert "<svg" in svg.text
    assert "http://127.0.0.1:8000/c/grace-no-ban" in svg.text, "the SVG's title names the link"
    png = client.get("/admin/campaigns/grace-no-ban/qr.png")
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert client.get("/admin/campaigns/no-such-campaign/qr.png").status_code == 404


def test_pause_and_end_ask_first_and_staff_cannot(client: TestClient, accounts: str) -> None:
    sign_in(client, STAFF_EMAIL)
    assert client.get("/admin/campaigns/grace-no-ban/confirm/end", headers=HTML).status_code == 403
    client.cookies.clear()
    sign_in(client, ORGANIZER_EMAIL)
    listing = client.get("/admin", headers=HTML)
    assert 'href="/admin/campaigns/grace-no-ban/confirm/pause"' in listing.text
    assert 'href="/admin/campaigns/grace-no-ban/confirm/end"' in listing.text
    confirm = client.get("/admin/campaigns/grace-no-ban/confirm/end", headers=HTML)
    assert "will thank visitors and say the campaign has ended" in confirm.text
    ended = client.post(
        "/admin/campaigns/grace-no-ban/end", data={"csrf_token": csrf_from(confirm.text)}, headers=HTML
    )
    assert ended.status_code == 200
    assert client.get("/c/grace-no-ban", headers=HTML).status_code == 410
    assert client.get("/admin/campaigns/grace-no-ban/confirm/launch", headers=HTML).status_code == 200
    assert client.get("/admin/campaigns/grace-no-ban/confirm/delete", headers=HTML).status_code == 422


def test_signed_out_visitors_see_none_of_it(client: TestClient) -> None:
    for path in ("/admin/campaigns/grace-no-ban/share", "/admin/campaigns/grace-no-ban/qr.svg"):
        response = client.get(path, headers=HTML, follow_redirects=False)
        assert response.status_code in (303, 401), path


def test_duplicate_makes_a_draft_copy_under_a_new_slug(client: TestClient, accounts: str) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    form = client.get("/admin/campaigns/grace-no-ban/duplicate", headers=HTML)
    assert form.status_code == 200
    assert 'value="grace-no-ban-2"' in form.text
    csrf = csrf_from(form.text)
    taken = client.post(
        "/admin/campaigns/grace-no-ban/duplicate",
        data={"csrf_token": csrf, "new_slug": "ma-safe-communities"},
        headers=HTML,
    )
    assert taken.status_code == 409
    assert "already a campaign called" in taken.text
    bad = client.post(
        "/admin/campaigns/grace-no-ban/duplicate",
        data={"csrf_token": csrf, "new_slug": "No Spaces!"},
        headers=HTML,
    )
    assert bad.status_code == 422
    assert "lowercase letters, digits and hyphens" in bad.text
    copied = client.post(
        "/admin/campaigns/grace-no-ban/duplicate",
        data={"csrf_token": csrf, "new_slug": "grace-no-ban-2027"},
        headers=HTML,
        follow_redirects=False,
    )
    assert copied.status_code == 303
    assert copied.headers["location"] == "/admin/campaigns/grace-no-ban-2027"
    listing = client.get("/admin", headers=HTML).text
    assert 'data-slug="grace-no-ban-2027"' in listing
    assert client.get("/c/grace-no-ban-2027", headers=HTML).status_code == 404, "a draft until launched"
    original = client.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": "05401"}).json()
    preview = client.get(
        "/admin/campaigns/grace-no-ban-2027/preview", params={"address": "05401"}, headers=HTML
    )
    assert preview.status_code == 200
    assert all(target["name"] in preview.text for target in original["targets"])
