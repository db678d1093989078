"""Server-rendered pages share one template environment."""

from pathlib import Path

from fastapi.templating import Jinja2Templates

from app.campaigns.messages import chamber_label
from app.campaigns.scripts import localized_title

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.filters["title_in"] = localized_title
templates.env.globals["chamber_label"] = chamber_label
