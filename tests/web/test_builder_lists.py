"""The builder's "Who to call" lists through its pages: officials found in the directory, added,
ordered and removed without JavaScript; a list of people pasted or uploaded, each bad row named,
skipped on request; officials a sync removed shown plainly; the preview calling them all."""

import re

from fastapi.testclient import TestClient
from sqlalchemy import delete

from app.models.directory import Office, Official
from app.storage.db import create_db_engine, session_scope
from tests.support import HTML, ORGANIZER_EMAIL, csrf_from, new_token, sign_in
from tests.web.test_campaign_builder import judiciary

GRASSLEY, DURBIN, WARREN = "G000386", "D000563", "W000817"
GOVERNORS = (
    "name,title,phone,state\nMaura Healey,Governor,(617) 725-4005,MA\nPhil Scott,Governor,802-828-3333,VT\n"
)


def lists(csrf: str, **changes: object) -> dict[str, object]:
    """A campaign calling two picked officials and a list of governors, as the form posts it."""
    data = judiciary(csrf, slug="lists", committee=[""], max_targets="")
    data |= {"officials": [DURBIN, GRASSLEY], "people": GOVERNORS}
    data.update(changes)
    return data


def picked_order(page: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="officials" value="([^"]+)">', page)


def test_without_javascript_an_organizer_finds_adds_orders_and_removes_officials(
    client: TestClient, accounts: str
) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    page = client.get("/admin/campaigns/new", headers=HTML).text
    for label in ("Officials from the directory", "Name", "State", "Chamber", "Party", "On committee"):
        assert re.search(rf">\s*{label}\s*<", page), label
    assert "At most 10,000 people (1 MB)." in page
    csrf = csrf_from(page)
    form = lists(csrf, officials=[], action="find", find_q="warren", find_chamber="us-senate")
    found = client.post("/admin/campaigns/new", data=form, headers=HTML).text
    assert "One official found." in found
    assert f'value="add_official:{WARREN}" class="secondary add" aria-label="Add Elizabeth Warren"' in found
    assert 'value="warren"' in found, "the search stays as typed"

    added = client.post(
        "/admin/campaigns/new", data={**form, "action": f"add_official:{WARREN}"}, headers=HTML
    ).text
    assert picked_order(added) == [WARREN]
    assert (
        '<strong class="picked-name">Elizabeth Warren</strong> <span class="picked-about">Senator, MA'
        in added
    )
    assert (
        f'value="add_official:{WARREN}" class="secondary add" aria-label="Add Elizabeth Warren" '
        "disabled>Added" in added
    )

    three = lists(csrf, officials=[DURBIN, GRASSLEY, WARREN])
    moved = client.post("/admin/campaigns/new", data={**three, "action": f"up:{WARREN}"}, headers=HTML).text
    assert picked_order(moved) == [DURBIN, WARREN, GRASSLEY]
    moved = client.post("/admin/campaigns/new", data={**three, "action": f"down:{DURBIN}"}, headers=HTML).text
    assert picked_order(moved) == [GRASSLEY, DURBIN, WARREN]
    removed = client.post(
        "/admin/campaigns/new", data={**three, "action": f"remove_official:{GRASSLEY}"}, headers=HTML
    ).text
    assert picked_order(removed) == [DURBIN, WARREN]
    assert client.get("/admin/campaigns/lists/edit", headers=HTML).status_code == 404, "nothing saved"


def test_officials_and_a_list_saved_from_the_form_come_back_in_order(
    client: TestClient, accounts: str
) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    csrf = csrf_from(client.get("/admin/campaigns/new", headers=HTML).text)
    saved = client.post("/admin/campaigns/new", data=lists(csrf), headers=HTML, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    edit = client.get("/admin/campaigns/lists/edit", headers=HTML).text
    assert picked_order(edit) == [DURBIN, GRASSLEY]
    assert '<strong class="picked-name">Richard J. Durbin</strong>' in edit
    assert (
        ">name,title,phone,state\nMaura Healey,Governor,(617) 725-4005,MA\n"
        "Phil Scott,Governor,(802) 828-3333,VT\n<"
    ) in edit
    definition = client.get("/admin/campaigns/lists", headers=HTML).text
    assert f"officials: [{DURBIN}, {GRASSLEY}]" in definition
    assert (
        "  people: |\n    name,title,phone,state\n    Maura Healey,Governor,(617) 725-4005,MA\n" in definition
    )

    preview = client.post(
        "/admin/builder/preview",
        data=lists(csrf, editing="lists", preview_address="05401", preview_lang="en"),
    ).text
    assert preview.count('class="target card"') == 3, "Durbin, Grassley and Vermont's governor"
    assert preview.index("Durbin") < preview.index("Grassley") < preview.index("Phil Scott")
    assert "Maura Healey" not in preview, "a row for Massachusetts only"


def test_a_bad_row_is_named_and_nothing_saved_until_fixed_or_skipped(
    client: TestClient, accounts: str
) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    csrf = csrf_from(client.get("/admin/campaigns/new", headers=HTML).text)
    bad = GOVERNORS + "Pat Bad,Clerk,555-0100,MA\n"
    refused = client.post("/admin/campaigns/new", data=lists(csrf, people=bad), headers=HTML)
    assert refused.status_code == 422
    assert 'id="err-people"' in refused.text
    assert "Row 4: the phone 555-0100 is not a US office number. Fix this row, or tick" in refused.text
    assert "Pat Bad,Clerk,555-0100,MA" in refused.text, "the list as typed"
    assert client.get("/admin/campaigns/lists/edit", headers=HTML).status_code == 404

    checked = client.post(
        "/admin/campaigns/new",
        data=lists(csrf, people=bad, action="check_people", skip_bad_rows="1"),
        headers=HTML,
    )
    assert "Row 4: the phone 555-0100 is not a US office number." in checked.text
    fine = client.post("/admin/campaigns/new", data=lists(csrf, action="check_people"), headers=HTML).text
    assert "The list has 2 people; every row is fine." in fine

    skipped = client.post(
        "/admin/campaigns/new", data=lists(csrf, people=bad, skip_bad_rows="1"), headers=HTML
    )
    assert skipped.status_code == 200
    assert "Saved, without 1 row of the list of people that had problems:" in skipped.text
    assert "<li>row 4: the phone 555-0100 is not a US office number</li>" in skipped.text
    edit = client.get("/admin/campaigns/lists/edit", headers=HTML).text
    assert "Pat Bad" not in edit
    assert "Phil Scott,Governor,(802) 828-3333,VT" in edit


def test_a_list_uploaded_without_javascript_is_read_and_a_long_one_refused_saying_the_limit(
    client: TestClient, accounts: str
) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    csrf = csrf_from(client.get("/admin/campaigns/new", headers=HTML).text)
    upload = {"people_file": ("governors.csv", "\ufeff" + GOVERNORS.replace("\n", "\r\n"), "text/csv")}
    saved = client.post(
        "/admin/campaigns/new",
        data=lists(csrf, people=""),
        files=upload,
        headers=HTML,
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    edit = client.get("/admin/campaigns/lists/edit", headers=HTML).text
    assert ">name,title,phone,state\nMaura Healey,Governor,(617) 725-4005,MA\n" in edit

    rows = "\n".join(f"Person {n},Director,(617) 555-{n % 10000:04d},MA" for n in range(10_001))
    long = client.post("/admin/campaigns/new", data=lists(csrf, slug="long", people=rows), headers=HTML)
    assert long.status_code == 422, "a 450 kB list reaches the form (not refused as too large)"
    assert "A list holds at most 10,000 people; this one has 10,001 rows." in long.text


def test_an_official_a_sync_removed_is_shown_plainly_and_must_be_removed_to_save(
    client: TestClient, accounts: str
) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    csrf = csrf_from(client.get("/admin/campaigns/new", headers=HTML).text)
    saved = client.post("/admin/campaigns/new", data=lists(csrf), headers=HTML, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    engine = create_db_engine(accounts)
    with session_scope(engine) as session:
        session.execute(delete(Office).where(Office.official_id == DURBIN))  # type: ignore[arg-type]
        session.execute(delete(Official).where(Official.id == DURBIN))  # type: ignore[arg-type]
    engine.dispose()
    edit = client.get("/admin/campaigns/lists/edit", headers=HTML)
    assert edit.status_code == 200
    assert f'<strong>{DURBIN}</strong> <span class="picked-gone">is no longer in the directory' in edit.text
    revision = re.search(r'name="revision" value="(\d+)"', edit.text)
    assert revision is not None
    refused = client.post(
        "/admin/campaigns/lists/edit", data=lists(csrf, revision=revision.group(1)), headers=HTML
    )
    assert refused.status_code == 422
    assert (
        f"{DURBIN} is not in the directory (a sync may have removed it): remove it from the list."
        in refused.text
    )
    kept = lists(csrf, revision=revision.group(1), officials=[GRASSLEY])
    assert client.post("/admin/campaigns/lists/edit", data=kept, follow_redirects=False).status_code == 303


def test_a_campaign_file_with_a_list_too_long_is_refused_saying_the_limit_not_its_size(
    client: TestClient, database_url: str
) -> None:
    """A file of 10,001 people (about 500 kB) reaches the check, which names the line and the limit."""
    rows = "".join(f"    Person {n},Director,(617) 555-{n % 10000:04d}\n" for n in range(10_001))
    text = f"slug: long\ntitle: T\ntargets:\n  people: |\n{rows}scripts:\n  en:\n    text: Hello.\n"
    token = new_token(database_url, "organizer")
    refused = client.put(
        "/api/v1/admin/campaigns/long", content=text, headers={"authorization": f"Bearer {token}"}
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["problems"][0] == {
        "file": "campaign",
        "line": 5,
        "field": "targets.people",
        "reason": "A list holds at most 10,000 people; this one has 10,001 rows.",
    }
