"""Who brought a visitor: a partner's code (`p=`, `ref=` or `utm_source=`) and a source code.

A visit's attribution is read from its link once, carried by the page's forms (`p=` and `src=`
in their address) and then signed into the lookup token (app.calls.lookup_tokens), which every
call and report of that visit starts from. An unknown or paused code attributes to no one; the
page works the same.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session

from app.campaigns.partners import active_partner

SOURCE = re.compile(r"[^A-Za-z0-9_.:/-]+")
SOURCE_LENGTH = 80


@dataclass(frozen=True)
class Attribution:
    """A visit's partner (its id, code and name) and source code; all empty for no one."""

    partner_id: int | None = None
    code: str = ""
    partner_name: str = ""
    cobrand: bool = False
    source: str = ""

    def query(self) -> dict[str, str]:
        """What the page's forms carry in their address to keep the attribution."""
        carried = {"p": self.code} if self.code else {}
        return {**carried, "src": self.source} if self.source else carried


NOBODY = Attribution()


def attribute_visit(session: Session, *, slug: str, params: Mapping[str, str]) -> Attribution:
    """The attribution of a visit to campaign `slug` from its link's query parameters."""
    partner = None
    for name in ("p", "ref", "utm_source"):
        code = params.get(name, "")
        partner = active_partner(session, slug=slug, code=code) if code else None
        if partner is not None:
            break
    source = _source(params, partner_code=partner.code if partner else "")
    if partner is None:
        return Attribution(source=source)
    return Attribution(partner.id, partner.code, partner.name, partner.cobrand, source)


def _source(params: Mapping[str, str], *, partner_code: str) -> str:
    """The source code: `src=` as carried, else `utm_source[/utm_campaign]`, else a `ref=` that is
    not the partner's code; only letters, digits and `_.:/-`, at most 80 characters."""
    carried = params.get("src", "")
    utm = "/".join(part for part in (params.get("utm_source", ""), params.get("utm_campaign", "")) if part)
    ref = params.get("ref", "")
    raw = carried or utm or (ref if ref.lower() != partner_code else "")
    return SOURCE.sub("", raw)[:SOURCE_LENGTH]
