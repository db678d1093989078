"""Upstream files parsed before in this process, kept by their path and the digest of their bytes.

Parsing is most of what a directory sync costs: Open States' 7,400 legislators' and 3,000
committees' YAML files take 9 s of CPU (6 s and 3 s: PyYAML builds every node in Python, even with
libyaml's parser, and each office number then goes through phonenumbers), and from one sync to the
next nearly all of them are the same bytes. A process that syncs again (the worker's scheduled
sync, a test process syncing the shared snapshot once more) parses only the files that changed: a
second read of the 50 states took 0.75 s and 0.6 s of CPU (reading the files and their digests).

Kept is what a file becomes (frozen records, not its YAML, which is several times larger): about
20 MB for the legislators and 13 MB for the committees, for at most `limit` files of each kind, the
least recently read forgotten first. The parse must depend on the path and the bytes only, and
give an immutable value.
"""

import hashlib
import threading
from collections import OrderedDict
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Parse(Protocol[T_co]):
    def __call__(self, path: str, *, content: bytes) -> T_co: ...


class ParsedFiles(Generic[T]):
    def __init__(self, parse: Parse[T], *, limit: int) -> None:
        self._parse = parse
        self._limit = limit
        self._kept: OrderedDict[tuple[str, bytes], T] = OrderedDict()
        self._lock = threading.Lock()

    def parsed(self, path: str, *, content: bytes) -> T:
        """`parse(path, content=content)`, or what it gave for the same path and bytes before."""
        key = (path, hashlib.blake2b(content, digest_size=16).digest())
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = self._parse(path, content=content)
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > self._limit:
                self._kept.popitem(last=False)
        return value
