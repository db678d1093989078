"""The documentation keeps up with the code: every setting is documented, the README stays short
and its links lead somewhere. (`mkdocs build --strict` in scripts/test.sh checks the pages' links.)"""

import re
from pathlib import Path

from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CONFIGURATION = ROOT / "docs" / "configuration.md"
README = ROOT / "README.md"
README_MAX_LINES = 250


def documented_settings() -> dict[str, str]:
    """Each row of docs/configuration.md's tables: environment variable → the setting's name."""
    text = CONFIGURATION.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| `(SWITCHBOARD_\w+)` \|", text, re.MULTILINE)
    return {variable: name for name, variable in rows}


def test_every_setting_has_a_row_in_the_configuration_page() -> None:
    documented = documented_settings()
    missing = [
        f"SWITCHBOARD_{name.upper()}"
        for name in Settings.model_fields
        if documented.get(f"SWITCHBOARD_{name.upper()}") != name
    ]
    assert missing == [], "add these to docs/configuration.md"


def test_the_configuration_page_documents_no_setting_that_does_not_exist() -> None:
    assert sorted(set(documented_settings().values()) - set(Settings.model_fields)) == []


def test_the_readme_stays_short() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, "move the detail into a page of docs/"


def test_the_readme_links_to_files_that_exist() -> None:
    text = README.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    local = [target for target in targets if "://" not in target and not target.startswith("mailto:")]
    assert local, "the README links into docs/"
    assert [target for target in local if not (ROOT / target).exists()] == []
