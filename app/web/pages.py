"""Server-rendered pages share one template environment."""

from pathlib import Path

from fastapi.templating import Jinja2Templates

from app.campaigns.scripts import localized_title
from app.vocabulary import PENDING_COLUMN, Outcome

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.filters["title_in"] = localized_title
templates.env.globals.update(Outcome=Outcome, PENDING_COLUMN=PENDING_COLUMN)
