"""Text as a directory search compares it: lower case without accents, so that "pena" finds "Peña"."""

import unicodedata


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
