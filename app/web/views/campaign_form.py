"""What the campaign builder's page shows: the declared sections with the typed values and each
field's problem, and the preview: the public flow's own cards for one address and language."""

from typing import Any

from markupsafe import Markup

from app.campaigns.form import CampaignForm, LanguageText, Posted
from app.campaigns.form_checks import FormProblems
from app.campaigns.form_fields import (
    CHAMBER_MEMBERS,
    CHAMBER_NAMES,
    FIND_CHAMBERS,
    FIND_PARTIES,
    FIND_STATES,
    LANGUAGE_CHOICES,
    PLACEHOLDERS,
    SECTIONS,
)
from app.campaigns.people_csv import MAX_CSV_BYTES
from app.campaigns.targeting import TargetList
from app.civic.directory.search import DirectoryQuery
from app.i18n.catalog import words
from app.i18n.languages import language_name
from app.web.views.campaign_page import call_words, located_as, share_links
from app.web.views.cards import cards_for
from app.web.views.lookup_form import LookupForm
from app.web.views.pages import templates


def form_context(
    form: CampaignForm, *, problems: FormProblems | None = None, slug: str | None = None, text: str = ""
) -> dict[str, Any]:
    """The builder's page for `form` (`slug`: the campaign being edited; `text`: its file)."""
    problems = problems or FormProblems()
    used = {language.code for language in form.languages}
    return {
        "form": form,
        "slug": slug,
        "sections": {section.id: section for section in SECTIONS},
        "problems": problems.by_field,
        "placeholders": PLACEHOLDERS,
        "chamber_names": CHAMBER_NAMES,
        "chamber_members": CHAMBER_MEMBERS,
        "language_name": language_name,
        "addable_languages": [(code, label) for code, label in LANGUAGE_CHOICES if code not in used],
        "definition": text,
        "find_states": FIND_STATES,
        "find_chambers": FIND_CHAMBERS,
        "find_parties": FIND_PARTIES,
        "max_csv_bytes": MAX_CSV_BYTES,
    }


# The "Find officials" fields of the form and the directory search's own limits on them.
FIND_FIELDS = {"find_q": 200, "find_state": 2, "find_chamber": 20, "find_party": 40, "find_committee": 120}
FOUND_LIMIT = 25


def directory_query(values: Posted) -> DirectoryQuery | None:
    """The directory search the form's "Find officials" fields ask for; None when they ask nothing."""
    typed = {name: (values.get(name) or [""])[0].strip()[:limit] for name, limit in FIND_FIELDS.items()}
    if not any(typed.values()):
        return None
    chamber = typed["find_chamber"] if typed["find_chamber"] in dict(FIND_CHAMBERS) else ""
    return DirectoryQuery(
        text=typed["find_q"],
        state=typed["find_state"],
        chamber=chamber,
        party=typed["find_party"],
        committee=typed["find_committee"],
        limit=FOUND_LIMIT,
    )


def find_values(values: Posted) -> dict[str, str]:
    """What was typed in the "Find officials" fields, to show it again."""
    return {name: (values.get(name) or [""])[0][:limit] for name, limit in FIND_FIELDS.items()}


def language_tab(form: CampaignForm, code: str) -> LanguageText:
    return form.language(code) or LanguageText(code)


def preview_context(result: TargetList, *, image_url: str, page_url: str) -> dict[str, Any]:
    """The context `_flow.html` needs to show `result` as the public page does, every step at once."""
    language = result.language
    text = words(language, "ui")
    cards = cards_for(result, text=text, image_url=image_url)
    own = result.campaign.page_text(language)
    return {
        "result": result,
        "cards": cards,
        "language": language,
        "language_label": language_name(language),
        "t": text,
        "call_text": call_words(language),
        "form": LookupForm(address=result.location.matched_address, step=1),
        "action": "#",
        "located": located_as(result.location, text),
        "called": {},
        "lookup": "",
        "reported": "",
        "reporting": "number" in result.campaign.call_modes,
        "calls_enabled": False,
        "show_counter": False,
        "title": own.title,
        "share_text": own.share_text,
        "page_url": page_url,
        "share_links": share_links(page_url, title=own.title, text=own.share_text),
    }


def rendered(name: str, context: dict[str, Any]) -> Markup:
    """A fragment of the page (the preview, the state check) rendered on its own, for the page
    a browser without JavaScript gets back."""
    return Markup(templates.get_template(name).render(context))  # noqa: S704 (an autoescaped template)
