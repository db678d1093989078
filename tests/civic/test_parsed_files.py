"""Files a sync parsed before are not parsed again while their bytes stay the same."""

import pytest

from app.civic.sync.parsed_files import ParsedFiles


class CountingParse:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, path: str, *, content: bytes) -> tuple[str, str]:
        self.calls.append(path)
        return path, content.decode()


def test_the_same_bytes_at_the_same_path_are_parsed_once() -> None:
    parse = CountingParse()
    files = ParsedFiles(parse, limit=10)
    assert files.parsed("a.yml", content=b"one") == ("a.yml", "one")
    assert files.parsed("a.yml", content=b"one") == ("a.yml", "one")
    assert files.parsed("b.yml", content=b"one") == ("b.yml", "one")
    assert files.parsed("a.yml", content=b"two") == ("a.yml", "two")
    assert parse.calls == ["a.yml", "b.yml", "a.yml"]


def test_the_file_read_longest_ago_is_forgotten_first() -> None:
    parse = CountingParse()
    files = ParsedFiles(parse, limit=2)
    for path in ("a", "b", "a", "c"):  # a was read again after b: b goes when c comes
        files.parsed(path, content=b"x")
    files.parsed("a", content=b"x")
    files.parsed("b", content=b"x")
    assert parse.calls == ["a", "b", "c", "b"]


def test_a_file_that_fails_to_parse_is_not_kept() -> None:
    calls: list[str] = []

    def failing(path: str, *, content: bytes) -> str:
        calls.append(path)
        raise ValueError(path)

    files = ParsedFiles(failing, limit=2)
    for _ in range(2):
        with pytest.raises(ValueError, match=r"bad\.yml"):
            files.parsed("bad.yml", content=b": :")
    assert calls == ["bad.yml", "bad.yml"]
