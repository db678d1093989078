"""Server-rendered pages share one template environment."""

from pathlib import Path

from fastapi.templating import Jinja2Templates

from app.campaigns.scripts import localized_title
from app.civic.directory.seats import chamber_label
from app.kernel.vocabulary import PENDING_COLUMN, Chamber, Outcome
from app.web.views import tally_views
from app.web.views.office_cards import target_hours
from app.web.views.static_files import static_url

# The language a visitor picked, remembered for every public page (set by app/web/routes/public.py).
LANGUAGE_COOKIE = "switchboard_lang"
templates = Jinja2Templates(directory=Path(__file__).parent.parent / "templates")
templates.env.filters["title_in"] = localized_title
templates.env.globals.update(Chamber=Chamber, Outcome=Outcome, PENDING_COLUMN=PENDING_COLUMN)
templates.env.globals["chamber_label"] = chamber_label
templates.env.globals["static_url"] = static_url
templates.env.globals["target_hours"] = target_hours
templates.env.filters["staff_chamber"] = tally_views.chamber_label
templates.env.filters["staff_outcome"] = tally_views.outcome_label
templates.env.filters["staff_method"] = tally_views.method_label
templates.env.globals["staff_district"] = tally_views.district_label


def compile_templates() -> None:
    """Compile every page template now (at start-up): a first render otherwise pays ~200 ms."""
    for name in templates.env.list_templates(extensions=["html"]):
        templates.env.get_template(name)
