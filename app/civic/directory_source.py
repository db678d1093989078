"""Where directory data comes from: the official published URLs, or a local folder (--from)."""

import json
from pathlib import Path
from typing import Any, Protocol

import httpx

from app.errors import DirectorySourceError

CONGRESS_LEGISLATORS_URL = "https://unitedstates.github.io/congress-legislators"
CONGRESS_FILES = ("legislators-current.json", "legislators-district-offices.json")


class DirectorySource(Protocol):
    """Hands over the raw documents of one upstream dataset by file name."""

    description: str

    def read_json(self, dataset: str, name: str) -> Any: ...


class FolderSource:
    """A folder laid out like shared/data/directory: `congress-legislators/`, `openstates-people/`..."""

    def __init__(self, root: Path) -> None:
        if not root.is_dir():
            raise DirectorySourceError(f"{root} is not a folder.")
        self.root = root
        self.description = str(root)

    def read_json(self, dataset: str, name: str) -> Any:
        path = self.root / dataset / name
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise DirectorySourceError(f"{path} is missing.") from error
        except ValueError as error:
            raise DirectorySourceError(f"{path} is not valid JSON: {error}") from error


class OfficialSource:
    """The datasets' own published URLs."""

    description = "the official published data"

    def __init__(self, client: httpx.Client, *, urls: dict[str, str]) -> None:
        self._client = client
        self._urls = urls

    def read_json(self, dataset: str, name: str) -> Any:
        url = f"{self._urls[dataset].rstrip('/')}/{name}"
        try:
            response = self._client.get(url, follow_redirects=True)
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise DirectorySourceError(
                f"Could not download {url} ({error.__class__.__name__}). Offline? Sync from a "
                "local copy instead: switchboard directory sync --from PATH"
            ) from error
