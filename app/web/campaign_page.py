"""What every state of a public campaign page shows: its words in the visitor's language, the counter,
and what a shared link previews (title, description, image)."""

from typing import TypedDict
from urllib.parse import quote, urlencode

from sqlmodel import Session

from app.campaigns.description import render_description
from app.campaigns.lookups import open_campaign
from app.campaigns.spec import CampaignSpec
from app.container import Services
from app.i18n.catalog import words
from app.i18n.languages import choose_language, language_name
from app.vocabulary import CallStatus, LegStatus, Outcome

DEFAULT_SHARE_IMAGE = "/static/share.png"
# Twitter/X cards and Open Graph want a sentence or two, not the whole description.
PREVIEW_LENGTH = 200


def page_context(
    session: Session,
    services: Services,
    *,
    slug: str,
    requested: str | None,
    remembered: str | None,
    embed: bool = False,
) -> tuple[CampaignSpec, dict[str, object]]:
    """A public campaign and its page's context; raises CampaignClosedError when paused or ended."""
    campaign = open_campaign(session, slug)
    language = choose_language(
        requested=requested,
        remembered=remembered,
        available=campaign.scripts,
        default=campaign.fallback_language(),
    )
    own = campaign.page_text(language)
    base = services.settings.public_base_url.rstrip("/")
    alternates = {code: _language_url(base, slug, code, campaign) for code in campaign.scripts}
    page_url = alternates.get(language) or _language_url(base, slug, language, campaign)
    calls_made = services.calls_made.calls_made(session, campaign=slug)
    return campaign, {
        "campaign": campaign,
        "title": own.title,
        "description": render_description(own.description),
        "summary": summary(own.description),
        "share_text": own.share_text,
        "share_links": share_links(page_url, title=own.title, text=own.share_text),
        "page_url": page_url,
        "alternate_urls": alternates,
        "image_url": absolute(campaign.image or DEFAULT_SHARE_IMAGE, base=base),
        "language": language,
        "languages": [(code, language_name(code)) for code in campaign.scripts],
        "t": words(language, "ui"),
        "call_text": call_words(language),
        "page_lang": language,
        "calls_made": calls_made,
        "show_counter": calls_made >= campaign.counter_threshold,
        "calls_enabled": services.telephony is not None and "bridge" in campaign.call_modes,
        "reporting": "number" in campaign.call_modes,
        "embed": embed,
        "action": f"/c/{slug}/embed" if embed else f"/c/{slug}",
    }


def _language_url(base: str, slug: str, language: str, campaign: CampaignSpec) -> str:
    """The page's address in `language`; the default language's needs no `?lang=`."""
    return f"{base}/c/{slug}" + ("" if language == campaign.fallback_language() else f"?lang={language}")


def summary(markdown: str) -> str:
    """The description's first paragraph as plain text, cut at a word near PREVIEW_LENGTH."""
    first = " ".join(markdown.strip().split("\n\n")[0].split())
    for mark in ("**", "__", "`", "#"):
        first = first.replace(mark, "")
    if len(first) <= PREVIEW_LENGTH:
        return first
    return first[: PREVIEW_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def absolute(url: str, *, base: str) -> str:
    return url if url.startswith("https://") else f"{base}{url}"


def share_links(page_url: str, *, title: str, text: str) -> list[tuple[str, str]]:
    """(label key or name, href) of plain links that share the page where the Web Share API is missing."""
    message = f"{text} {page_url}"
    return [
        ("share_email", f"mailto:?{urlencode({'subject': title, 'body': message}, quote_via=quote)}"),
        ("WhatsApp", f"https://wa.me/?{urlencode({'text': message}, quote_via=quote)}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': page_url})}"),
        ("X", f"https://x.com/intent/post?{urlencode({'text': text, 'url': page_url}, quote_via=quote)}"),
    ]


class CallWords(TypedDict):
    """What the "Call me" and outcome-report script needs, handed to it as JSON: the words in the
    page's language, the outcomes to offer as buttons, and which call statuses end a call."""

    statuses: dict[str, str]
    outcomes: dict[str, str]
    other_outcomes: dict[str, str]
    final_statuses: list[str]
    unreachable_statuses: list[str]
    # Until the constituent picks up ("Calling you…"): queued for a free line, dialing, ringing.
    calling_statuses: list[str]
    calling: str
    error: str
    unreachable: str
    recorded: str


def call_words(language: str) -> CallWords:
    statuses = words(language, "status")
    outcomes = words(language, "outcome")
    messages = words(language, "call")
    return CallWords(
        statuses={status.value: statuses[status.label_key] for status in LegStatus},
        outcomes={o.value: outcomes[o.label_key] for o in Outcome if o.offered},
        other_outcomes={o.value: outcomes[o.label_key] for o in Outcome if not o.offered},
        final_statuses=[status.value for status in CallStatus if status.is_final],
        unreachable_statuses=[status.value for status in CallStatus if status.unreachable],
        calling_statuses=[s.value for s in CallStatus if not s.is_final and s != CallStatus.IN_PROGRESS],
        calling=messages["calling"],
        error=messages["error"],
        unreachable=messages["unreachable"],
        recorded=messages["recorded"],
    )
