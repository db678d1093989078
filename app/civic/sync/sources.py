"""Where directory data comes from: the official published URLs, or a local folder (--from)."""

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

import httpx

from app.kernel.errors import DirectorySourceError
from app.settings import Settings

CONGRESS_LEGISLATORS_URL = "https://unitedstates.github.io/congress-legislators"
CONGRESS_FILES = ("legislators-current.json", "legislators-district-offices.json")
CONGRESS_COMMITTEE_FILES = ("committees-current.yaml", "committee-membership-current.yaml")
ZIP_DATASET = "zip"
CONGRESS_ZIP_FILE = "zccd_cd119.csv"
STATE_LEGISLATIVE_ZIP_FILE = "state-leg-zips_districts_sld2024.json"


class DirectorySource(Protocol):
    """Hands over the raw documents of one upstream dataset by file name."""

    description: str

    def read_bytes(self, dataset: str, *, name: str) -> bytes: ...

    def read_json(self, dataset: str, *, name: str) -> Any: ...

    def iter_files(self, dataset: str, *, pattern: str) -> Iterator[tuple[str, bytes]]:
        """Every file of a dataset whose path inside it matches the glob `pattern` (`*` stays within
        one folder: `data/*/legislature/*.yml`), as (path inside it, content). Only those are read:
        Open States' 25,000 files are mostly retired people, municipalities and executives."""
        ...

    def prefetch(self) -> None:
        """Fetch everything now, so that no download happens while the sync holds the database."""
        ...


def _decode_json(content: bytes, where: str) -> Any:
    try:
        return json.loads(content)
    except ValueError as error:
        raise DirectorySourceError(f"{where} is not valid JSON: {error}") from error


class FolderSource:
    """A folder laid out like shared/data/directory: `congress-legislators/`, `openstates-people/`..."""

    def __init__(self, root: Path) -> None:
        if not root.is_dir():
            raise DirectorySourceError(f"{root} is not a folder.")
        self.root = root
        self.description = str(root)

    def read_bytes(self, dataset: str, *, name: str) -> bytes:
        path = self.root / dataset / name
        try:
            return path.read_bytes()
        except FileNotFoundError as error:
            raise DirectorySourceError(f"{path} is missing.") from error

    def read_json(self, dataset: str, *, name: str) -> Any:
        return _decode_json(self.read_bytes(dataset, name=name), str(self.root / dataset / name))

    def iter_files(self, dataset: str, *, pattern: str) -> Iterator[tuple[str, bytes]]:
        folder = self.root / dataset
        if not folder.is_dir():
            raise DirectorySourceError(f"{folder} is missing.")
        for path in sorted(folder.glob(pattern)):
            if path.is_file():
                yield path.relative_to(folder).as_posix(), path.read_bytes()

    def prefetch(self) -> None:
        """A local folder is read as the sync goes."""


class OfficialSource:
    """The datasets' own published URLs: `urls` maps "dataset/name" (or a dataset's archive) to a URL."""

    description = "the official published data"

    def __init__(self, client: httpx.Client, *, urls: dict[str, str]) -> None:
        self._client = client
        self._urls = urls
        self._fetched: dict[str, bytes] = {}

    def read_bytes(self, dataset: str, *, name: str) -> bytes:
        return self._download(self._urls[f"{dataset}/{name}"])

    def read_json(self, dataset: str, *, name: str) -> Any:
        return _decode_json(self.read_bytes(dataset, name=name), self._urls[f"{dataset}/{name}"])

    def iter_files(self, dataset: str, *, pattern: str) -> Iterator[tuple[str, bytes]]:
        """The files of a dataset published as a zip archive of a repository (one top folder)."""
        url = self._urls[dataset]
        try:
            archive = zipfile.ZipFile(io.BytesIO(self._download(url)))
        except zipfile.BadZipFile as error:
            raise DirectorySourceError(f"{url} is not a zip archive.") from error
        with archive:
            for member in archive.namelist():
                inner = member.split("/", 1)[1] if "/" in member else member
                if _matches(inner, pattern) and not member.endswith("/"):
                    yield inner, archive.read(member)

    def prefetch(self) -> None:
        for url in self._urls.values():
            self._fetched[url] = self._download(url)

    def _download(self, url: str) -> bytes:
        if url in self._fetched:
            return self._fetched[url]
        try:
            response = self._client.get(url, follow_redirects=True, timeout=120)
            response.raise_for_status()
        except httpx.HTTPError as error:
            raise DirectorySourceError(
                f"Could not download {url} ({error.__class__.__name__}). Offline? Sync from a "
                "local copy instead: switchboard directory sync --from PATH"
            ) from error
        return response.content


def _matches(path: str, pattern: str) -> bool:
    """`path` matches the glob `pattern` as a whole, as `Path.glob` would match it in a folder."""
    inner, glob = PurePosixPath(path), PurePosixPath(pattern)
    return len(inner.parts) == len(glob.parts) and inner.match(pattern)


def configured_source(settings: Settings, *, http: httpx.Client, folder: Path | None) -> DirectorySource:
    """`--from PATH` wins; then SWITCHBOARD_DIRECTORY_SOURCE; "official" means the published URLs."""
    if folder is not None:
        return FolderSource(folder)
    if settings.directory_source != "official":
        return FolderSource(Path(settings.directory_source))
    congress_base = settings.congress_legislators_url.rstrip("/")
    return OfficialSource(
        http,
        urls={
            **{
                f"congress-legislators/{name}": f"{congress_base}/{name}"
                for name in (*CONGRESS_FILES, *CONGRESS_COMMITTEE_FILES)
            },
            "openstates-people": settings.openstates_people_archive_url,
            "openstates-people/settings.yml": settings.openstates_people_settings_url,
            f"{ZIP_DATASET}/{CONGRESS_ZIP_FILE}": settings.zip_congress_url,
            f"{ZIP_DATASET}/{STATE_LEGISLATIVE_ZIP_FILE}": settings.zip_state_legislative_url,
        },
    )
