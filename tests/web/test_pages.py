"""The constituent's page, server-rendered."""

from fastapi.testclient import TestClient

from tests.support import during_office_hours


def test_campaign_page_has_the_form(client: TestClient) -> None:
    page = client.get("/c/grace-no-ban")
    assert page.status_code == 200
    assert 'name="viewport"' in page.text
    assert 'name="address"' in page.text
    assert "GRACE Act" in page.text


@during_office_hours()
def test_lookup_shows_targets_scripts_and_tel_links(client: TestClient) -> None:
    page = client.post(
        "/c/grace-no-ban", data={"address": "1 Ashburton Place, Boston, MA 02108", "name": "Ana"}
    )
    assert page.status_code == 200
    assert page.text.count('<article class="target card"') == 3
    assert "Senator Elizabeth Warren" in page.text
    assert 'href="tel:+1617' in page.text
    assert "Call (617)" in page.text
    assert "My name is Ana." in page.text


def test_address_problems_are_shown_on_the_page(client: TestClient) -> None:
    page = client.post("/c/grace-no-ban", data={"address": "1 Nowhere Lane, Atlantis, ZZ 00000"})
    assert page.status_code == 404
    assert 'role="alert"' in page.text
    assert "couldn&#39;t find that address" in page.text
    empty = client.post("/c/grace-no-ban", data={"address": ""})
    assert empty.status_code == 422
    assert "Please enter your street address" in empty.text


def test_user_input_is_escaped(client: TestClient) -> None:
    page = client.post(
        "/c/grace-no-ban",
        data={"address": "1 Ashburton Place, Boston, MA 02108", "name": "<script>x</script>"},
    )
    assert "<script>x</script>" not in page.text
    assert "&lt;script&gt;" in page.text


def test_unknown_campaign_page_is_a_friendly_404(client: TestClient) -> None:
    page = client.get("/c/nope", headers={"accept": "text/html"})
    assert page.status_code == 404
    assert "There is no campaign called" in page.text


def test_access_log_lines_carry_no_query_string() -> None:
    import logging

    from app.web.middleware.access_log import DropQueryStrings

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/api/v1/campaigns/x/targets?address=1+Main+St", "1.1", 200),
        None,
    )
    assert DropQueryStrings().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /api/v1/campaigns/x/targets HTTP/1.1" 200'
