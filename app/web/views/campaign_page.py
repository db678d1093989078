"""What every state of a public campaign page shows: its words in the visitor's language, the counter,
and what a shared link previews (title, description, image)."""

from collections.abc import Mapping
from typing import TypedDict
from urllib.parse import quote, urlencode

from sqlmodel import Session

from app.campaigns.attribution import NOBODY, attribute_visit
from app.campaigns.description import render_description
from app.campaigns.lookups import open_campaign
from app.campaigns.spec import CampaignSpec
from app.campaigns.store import get_campaign
from app.civic.directory.seats import long_date
from app.civic.geography.location import Location
from app.i18n.catalog import problem_text, problem_words, text, words
from app.i18n.languages import choose_language, first_translated, language_name
from app.kernel.errors import CampaignClosedError, CampaignNotFoundError
from app.kernel.vocabulary import CallStatus, LegStatus, Outcome
from app.runtime.container import Services
from app.web.views.lookup_form import LIMITS
from app.webhooks.tenancy import partner_attribution

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
    link: Mapping[str, str] | None = None,
) -> tuple[CampaignSpec, dict[str, object]]:
    """A public campaign and its page's context; raises CampaignClosedError when paused or ended.

    `link` is the page address's query: a partner's code and source codes (app.campaigns.attribution)
    become the page's `attribution`, carried by its forms' address."""
    campaign = open_campaign(session, slug=slug)
    attribution = attribute_visit(session, slug=slug, params=link) if link else NOBODY
    language = _language(campaign, requested=requested, remembered=remembered)
    own = campaign.page_text(language)
    base = services.settings.public_base_url.rstrip("/")
    alternates = {code: _language_url(base, slug, code, campaign) for code in campaign.scripts}
    page_url = alternates.get(language) or _language_url(base, slug, language, campaign)
    made = services.calls_made.calls_made(session, campaign=slug)
    # Below the campaign's threshold the number is not shown, nor sent anywhere in the page.
    calls_made = made if made >= campaign.counter_threshold else None
    path = f"/c/{slug}/embed" if embed else f"/c/{slug}"
    return campaign, {
        "campaign": campaign,
        "title": own.title,
        "description": render_description(own.description),
        "summary": summary(own.description),
        "share_text": own.share_text,
        "share_links": share_links(page_url, title=own.title, text=own.share_text),
        "page_url": page_url,
        "alternate_urls": alternates,
        "default_url": _language_url(base, slug, campaign.fallback_language(), campaign),
        "image_url": absolute(campaign.image or DEFAULT_SHARE_IMAGE, base=base),
        "language": language,
        "languages": [(code, language_name(code)) for code in campaign.scripts],
        "t": words(language, "ui"),
        "call_text": call_words(language),
        "page_lang": language,
        "calls_made": calls_made,
        "show_counter": calls_made is not None,
        "calls_enabled": services.telephony is not None and "bridge" in campaign.call_modes,
        "scheduling_enabled": services.telephony is not None,  # "Call me when they open"
        "reporting": "number" in campaign.call_modes,
        "embed": embed,
        "page_path": path,
        # The thank-you step's opt-in, when the organization that brought the visit (the partner,
        # else the campaign's owner) takes them.
        "opt_in": services.opt_in_offers.offer(
            session,
            campaign_slug=slug,
            attribution=partner_attribution(
                session, partner_id=attribution.partner_id, source=attribution.source
            ),
        ),
        "opt_in_action": path + "/opt-in" + _language_query(language, campaign),
        "limits": LIMITS,
        # Forms post to the page's own address in its language, so the page they answer with has
        # the same address as its canonical link (the default language needs no `?lang=`).
        "action": _carrying(path + _language_query(language, campaign), attribution.query()),
        "attribution": attribution,
    }


def _carrying(url: str, params: dict[str, str]) -> str:
    if not params:
        return url
    return url + ("&" if "?" in url else "?") + urlencode(params)


def closed_context(
    session: Session,
    error: CampaignClosedError | CampaignNotFoundError,
    *,
    slug: str,
    requested: str | None,
    remembered: str | None,
) -> tuple[CampaignSpec | None, dict[str, object]]:
    """The page for a campaign constituents cannot use, in the visitor's language: a paused, ended
    or not yet open campaign under its own title; an unknown one (or a draft) as not found."""
    if isinstance(error, CampaignNotFoundError):
        language = first_translated(requested, remembered)
        title = text(language, "ui", "not_found_title")
        message = problem_text(language, code=error.code, message=error.message)
        return None, _message_context(language, title=title, message=message, code=error.code)
    campaign = get_campaign(session, slug=slug)
    language = _language(campaign, requested=requested, remembered=remembered)
    if error.opens_on:
        message = text(language, "ui", "opens_on", date=long_date(language, day=error.opens_on))
    else:
        message = problem_text(language, code=error.code, message=error.message)
    title = campaign.page_text(language).title
    return campaign, _message_context(language, title=title, message=message, code=error.code)


def _message_context(language: str, *, title: str, message: str, code: str) -> dict[str, object]:
    words_ui = words(language, "ui")
    return {"title": title, "message": message, "code": code, "page_lang": language, "t": words_ui}


def _language(campaign: CampaignSpec, *, requested: str | None, remembered: str | None) -> str:
    return choose_language(
        requested=requested,
        remembered=remembered,
        available=campaign.scripts,
        default=campaign.fallback_language(),
    )


def _language_query(language: str, campaign: CampaignSpec) -> str:
    return "" if language == campaign.fallback_language() else f"?lang={language}"


def _language_url(base: str, slug: str, language: str, campaign: CampaignSpec) -> str:
    """The page's address in `language`; the default language's needs no `?lang=`."""
    return f"{base}/c/{slug}" + _language_query(language, campaign)


def located_as(location: Location, text: Mapping[str, str]) -> str:
    """The address the lookup matched, as the page shows it: a ZIP code in the page's language."""
    if location.precision == "zip" and location.zip:
        return text["zip_code"].replace("{zip}", location.zip)
    return location.matched_address


def place_name(location: Location, text: Mapping[str, str]) -> str:
    """Where the visitor calls from: "Boston, MA", else the address the lookup matched."""
    return ", ".join(part for part in (location.city, location.state) if part) or located_as(location, text)


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
    # Error code → words, to show the API's errors in the page's language (empty in English,
    # where the API's own messages are shown).
    problems: dict[str, str]
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
        problems=dict(problem_words(language)),
        unreachable=messages["unreachable"],
        recorded=messages["recorded"],
    )
