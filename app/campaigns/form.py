"""The campaign builder's form: what the organizer typed, read from a post or from a campaign, and
turned into a campaign's data. What was typed is kept as typed, so a refused form shows it again."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.campaigns.chamber_scripts import ChamberScripts, compose_script, split_script
from app.campaigns.people_csv import people_csv_text
from app.campaigns.spec import CampaignSpec
from app.kernel.vocabulary import CHAMBERS

Posted = Mapping[str, Sequence[str]]
# Blank rows the variables table offers for new variables (more appear with JavaScript).
BLANK_VARIABLE_ROWS = 2


@dataclass
class LanguageText:
    """One language's tab: the page's words and the script (with its per-chamber texts)."""

    code: str
    title: str = ""
    description: str = ""
    share_text: str = ""
    script: str = ""
    intro: str = ""
    by_chamber: dict[str, str] = field(default_factory=dict)


@dataclass
class CampaignForm:
    slug: str = ""
    default_language: str = "en"
    languages: list[LanguageText] = field(default_factory=lambda: [LanguageText("en")])
    chambers: list[str] = field(default_factory=list)
    chamber_order: list[str] = field(default_factory=lambda: list(CHAMBERS))
    states: str = ""
    # Committee id and rule (app/campaigns/spec.py CommitteeRule), in call order.
    committees: list[tuple[str, str]] = field(default_factory=list)
    # Officials picked from the directory, by id, in call order.
    officials: list[str] = field(default_factory=list)
    # A list of people as CSV text (name, title, phone, state), and whether to save it without the
    # rows that have problems.
    people: str = ""
    skip_bad_rows: bool = False
    own_legislators: str = "before"
    max_targets: str = ""
    # How many targets the campaign file names that the form does not show (custom offices): they
    # are kept, and a campaign with them needs nothing ticked.
    kept_targets: int = 0
    # Name, value, and the chamber it is for ("": every target).
    variables: list[tuple[str, str, str]] = field(default_factory=list)
    call_modes: list[str] = field(default_factory=lambda: ["number"])
    starts_on: str = ""
    ends_on: str = ""
    goal: str = ""
    counter_threshold: str = "25"
    image: str = ""
    embed_sites: str = ""
    revision: str = ""

    def language(self, code: str) -> LanguageText | None:
        return next((text for text in self.languages if text.code == code), None)

    def variable_rows(self) -> list[tuple[str, str, str]]:
        return [*self.variables, *[("", "", "")] * BLANK_VARIABLE_ROWS]


def form_of(spec: CampaignSpec, *, revision: int = 0) -> CampaignForm:
    """The form showing campaign `spec`."""
    default = spec.default_language
    texts = []
    for code, script in spec.scripts.items():
        parts = split_script(script.text)
        own = code == default
        texts.append(
            LanguageText(
                code=code,
                title=script.title or (spec.title if own else ""),
                description=script.description or (spec.description if own else ""),
                share_text=script.share_text or (spec.share_text if own else ""),
                script=parts.common,
                intro=script.intro,
                by_chamber=dict(parts.by_chamber),
            )
        )
    if default not in spec.scripts:
        texts.insert(0, LanguageText(default, spec.title, spec.description, spec.share_text))
    chambers = [str(chamber) for chamber in spec.targets.chambers]
    return CampaignForm(
        slug=spec.slug,
        default_language=default,
        languages=texts,
        chambers=chambers,
        chamber_order=[*chambers, *(str(c) for c in CHAMBERS if c not in chambers)],
        states=", ".join(spec.targets.states),
        committees=[(committee.id, committee.rule) for committee in spec.targets.committees],
        officials=list(spec.targets.officials),
        people=people_csv_text(spec.targets.people) if spec.targets.people else "",
        own_legislators=spec.targets.own_legislators,
        max_targets=str(spec.targets.max_targets or ""),
        kept_targets=len(spec.targets.custom),
        variables=[(name, value, "") for name, value in spec.variables.items()]
        + [
            (name, value, str(chamber))
            for chamber, variables in spec.chamber_variables.items()
            for name, value in variables.items()
        ],
        call_modes=list(spec.call_modes),
        starts_on=spec.starts_on.isoformat() if spec.starts_on else "",
        ends_on=spec.ends_on.isoformat() if spec.ends_on else "",
        goal=str(spec.goal or ""),
        counter_threshold=str(spec.counter_threshold),
        image=spec.image,
        embed_sites="\n".join(spec.embed_origins),
        revision=str(revision),
    )


def read_posted(values: Posted) -> CampaignForm:
    """The form as posted; unknown names are ignored, every value kept as typed. An uploaded list
    of people (`people_file`, its text) replaces the list typed in the box."""

    def one(name: str, default: str = "") -> str:
        found = values.get(name)
        return found[0] if found else default

    codes = list(dict.fromkeys(code for code in values.get("languages", []) if code)) or ["en"]
    order = [c for c in dict.fromkeys(values.get("chamber_order", [])) if c in set(CHAMBERS)]
    order += [str(c) for c in CHAMBERS if c not in order]
    ticked = set(values.get("chambers", []))
    committees = zip(values.get("committee", []), values.get("committee_rule", []), strict=False)
    rows = zip(
        values.get("var_name", []), values.get("var_value", []), values.get("var_for", []), strict=False
    )
    return CampaignForm(
        slug=one("slug").strip(),
        default_language=one("default_language", codes[0]),
        languages=[_read_language(code, one) for code in codes],
        chambers=[chamber for chamber in order if chamber in ticked],
        chamber_order=order,
        states=one("states"),
        committees=list({c.strip(): (c.strip(), r) for c, r in committees if c.strip()}.values()),
        officials=list(dict.fromkeys(o.strip() for o in values.get("officials", []) if o.strip())),
        people=_lines(one("people_file") or one("people")),
        skip_bad_rows=bool(one("skip_bad_rows")),
        own_legislators=one("own_legislators", "before"),
        max_targets=one("max_targets").strip(),
        kept_targets=int(one("kept_targets")) if one("kept_targets").isdigit() else 0,
        variables=[(n.strip(), v, f) for n, v, f in rows if n.strip() or v.strip()],
        call_modes=[mode for mode in values.get("call_modes", []) if mode],
        starts_on=one("starts_on").strip(),
        ends_on=one("ends_on").strip(),
        goal=one("goal").strip(),
        counter_threshold=one("counter_threshold").strip(),
        image=one("image").strip(),
        embed_sites=one("embed_sites"),
        revision=one("revision"),
    )


def _read_language(code: str, one: Any) -> LanguageText:
    return LanguageText(
        code=code,
        title=one(f"title__{code}"),
        description=one(f"description__{code}"),
        share_text=one(f"share_text__{code}"),
        script=one(f"script__{code}"),
        intro=one(f"intro__{code}"),
        by_chamber={
            str(c): _lines(one(f"script__{code}__{c}"))
            for c in CHAMBERS
            if one(f"script__{code}__{c}").strip()
        },
    )


def script_template(text: LanguageText) -> str:
    """The one Jinja template a language's script boxes make."""
    return compose_script(ChamberScripts(common=_lines(text.script), by_chamber=text.by_chamber))


def _lines(text: str) -> str:
    """Text from a browser's textarea (CRLF line ends) as the campaign file writes it."""
    return text.replace("\r\n", "\n").strip("\n")
