"""What an organizer hands out once a campaign is live: its link, a QR code of it, the embed snippet."""

import io
from urllib.parse import quote

import segno

# Medium error correction survives a printed flyer's smudges and still fits a long URL.
QR_ERROR = "m"


def public_link(*, base_url: str, slug: str, partner: str = "") -> str:
    """The campaign page constituents open (a partner's own link carries its code)."""
    link = f"{base_url.rstrip('/')}/c/{quote(slug)}"
    return f"{link}?p={quote(partner)}" if partner else link


def embed_snippet(*, base_url: str, slug: str, language: str | None = None, partner: str = "") -> str:
    """The one line a partner pastes into its site (see app/web/static/embed.js)."""
    lang = f' data-lang="{language}"' if language else ""
    code = f' data-partner="{partner}"' if partner else ""
    return f'<script src="{base_url.rstrip("/")}/embed.js" data-campaign="{slug}"{lang}{code} async></script>'


def qr_svg(link: str) -> bytes:
    """The link as a QR code, SVG (prints at any size)."""
    out = io.BytesIO()
    segno.make(link, error=QR_ERROR).save(out, kind="svg", scale=8, border=4, title=link)
    return out.getvalue()


def qr_png(link: str) -> bytes:
    """The link as a QR code, PNG (for chat apps and slides)."""
    out = io.BytesIO()
    segno.make(link, error=QR_ERROR).save(out, kind="png", scale=10, border=4)
    return out.getvalue()
