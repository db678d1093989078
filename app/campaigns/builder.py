"""The builder's save: the form's changes written into the campaign's file text (its comments and
the fields the form does not show kept), the result checked like any campaign file, each problem
put back at its field, and the campaign stored only if all is well and nobody saved in between."""

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session

from app.campaigns.directory_ids import IdCheck, directory_id_check
from app.campaigns.editing import problems_of
from app.campaigns.files import campaign_yaml, parse_campaign_yaml
from app.campaigns.form import CampaignForm, form_of
from app.campaigns.form_checks import FIXES, FormProblems, campaign_changes, skipped_rows
from app.campaigns.people_csv import RowProblem, check_people, people_csv_text
from app.campaigns.spec import CampaignSpec, ListTarget, TargetSpec
from app.campaigns.store import ADMIN_SOURCE, campaign_definition, get_campaign, save_campaign
from app.campaigns.yaml_edit import dump_document, load_document, update_document
from app.kernel.errors import CampaignFileError
from app.models.campaigns import Campaign

# The fields of a campaign's `targets` the form shows; the others (custom offices) are kept as they are.
TARGETS_SHOWN = ("chambers", "states", "committees", "officials", "people", "own_legislators", "max_targets")
# The campaign file's fields the form shows (and so may remove); any other field is left alone.
FORM_FIELDS = {
    "slug": True,
    "title": True,
    "default_language": True,
    "description": True,
    "starts_on": True,
    "ends_on": True,
    "goal": True,
    "counter_threshold": True,
    "share_text": True,
    "image": True,
    "call_modes": True,
    "embed_origins": True,
    "targets": dict.fromkeys(TARGETS_SHOWN, True),
    "variables": True,
    "chamber_variables": True,
    "scripts": True,
}
# The fields of a campaign file's `targets` the form shows under their own names.
_TARGET_FIELDS = ("states", "committees", "officials", "people", "own_legislators", "max_targets")
_QUOTED_ID = re.compile(r"'([^']*)'")
# A campaign file's field (first part of its dotted path) → the form's field.
_TOP_FIELDS = {
    "targets": "chambers",
    "embed_origins": "embed_sites",
    "chamber_variables": "variables",
    "status": "",
    "call_in_number": "",
}


@dataclass
class Built:
    """What a form makes: the campaign file's text, and the campaign or the problems at the fields."""

    text: str
    spec: CampaignSpec | None
    problems: FormProblems
    # Rows of the list of people left out, as the organizer asked ("Skip the rows with problems").
    skipped: tuple[RowProblem, ...] = ()


def build_campaign(
    form: CampaignForm, *, original: str, status: str = "", check_ids: IdCheck | None = None
) -> Built:
    """The campaign the form describes, written over `original` (a campaign file's text, or ""),
    with `status` when given (the form never changes it: launching does); `check_ids` also refuses
    committees and officials the directory does not hold."""
    problems = FormProblems()
    changes = campaign_changes(form, problems=problems)
    if status:
        changes["status"] = status
    document = load_document(original)
    _write_lists(changes["targets"], current=document.get("targets"))
    update_document(document, changes=changes, owned=FORM_FIELDS)
    text = dump_document(document)
    try:
        spec = parse_campaign_yaml(text, name="campaign", check_ids=check_ids)
    except CampaignFileError as error:
        for problem in problems_of(error):
            name = form_field(str(problem["field"]), default_language=form.default_language)
            if name not in problems.by_field:
                problems.add(name, message=_plain(name, str(problem["reason"])))
        spec = None
    skipped = skipped_rows(form)
    return Built(text=text, spec=None if problems else spec, problems=problems, skipped=skipped)


def _write_lists(targets: dict[str, Any], *, current: Any) -> None:
    """Picked officials and the list of people as the file writes them: an empty list not at all, the
    people as CSV text (a line each), and a list of people that did not change as it is written."""
    people: list[ListTarget] = targets["people"]
    written = current.get("people") if isinstance(current, dict) else None
    if people and _same_people(written, people):
        targets["people"] = written
    else:
        targets["people"] = people_csv_text(people) if people else None
    targets["officials"] = targets["officials"] or None


def _same_people(written: Any, people: list[ListTarget]) -> bool:
    """Whether the file's list (CSV text or rows) holds exactly `people`, in order."""
    if isinstance(written, str):
        checked = check_people(written)
        return not checked.refused and not checked.problems and list(checked.people) == people
    if not isinstance(written, list) or len(written) != len(people):
        return False
    try:
        return [ListTarget.model_validate(dict(row)) for row in written] == people
    except (ValidationError, TypeError, ValueError):
        return False


def form_field(path: str, *, default_language: str) -> str:
    """The form field a campaign file's field (`scripts.es.text`, `targets.states`) is shown at."""
    parts = path.split(".")
    if parts[0] == "scripts" and len(parts) >= 3:
        name = "script" if parts[2] == "text" else parts[2]
        return f"{name}__{parts[1]}"
    if parts[0] == "targets" and len(parts) >= 2 and parts[1] in _TARGET_FIELDS:
        return parts[1]
    if parts[0] in ("title", "description", "share_text"):
        return f"{parts[0]}__{default_language}"
    if parts[0] in FORM_FIELDS or parts[0] in _TOP_FIELDS:
        return _TOP_FIELDS.get(parts[0], parts[0])
    return ""


def _plain(name: str, reason: str) -> str:
    """A validator's words for the organizer: a pattern or length quoted back becomes the fix."""
    base = name.split("__")[0]
    gone = _QUOTED_ID.search(reason)
    if base == "officials" and "unknown official" in reason and gone:
        return (
            f"{gone.group(1)} is not in the directory (a sync may have removed it): remove it from the list."
        )
    if base == "committees" and "unknown committee" in reason and gone:
        return f"The committee {gone.group(1)} is not in the directory: choose “None (remove it)” for it."
    if base in FIXES and ("pattern" in reason or "at least" in reason or "at most" in reason):
        return FIXES[base]
    if base == "script":
        return f"{reason[:1].upper()}{reason[1:]}. Insert placeholders and variables with the chips."
    return reason[:1].upper() + reason[1:] + ("" if reason.endswith(".") else ".")


def editing_form(session: Session, *, slug: str) -> tuple[CampaignForm, str]:
    """The form for campaign `slug`, and the campaign file text it edits (its comments included)."""
    text, revision = campaign_definition(session, slug=slug)
    spec = get_campaign(session, slug=slug)
    return form_of(spec, revision=revision), text or campaign_yaml(spec)


def save_new_campaign(
    session: Session, *, form: CampaignForm, editor: str, organization_id: int | None = None
) -> Built:
    """Save the form as a new campaign of `organization_id` (None: the default organization)."""
    built = build_campaign(form, original="", check_ids=directory_id_check(session))
    if built.spec is not None and session.get(Campaign, built.spec.slug) is not None:
        built.problems.add(
            "slug", message=f"There is already a campaign at /c/{built.spec.slug}: choose another slug."
        )
        built.spec = None
    if built.spec is not None:
        save_campaign(
            session,
            spec=built.spec,
            source=ADMIN_SOURCE,
            definition=built.text,
            editor=editor,
            organization_id=organization_id,
        )
    return built


def save_edited_campaign(session: Session, *, slug: str, form: CampaignForm, editor: str) -> Built:
    """Save the form over campaign `slug`; CampaignConflictError if someone saved it since the form's
    revision. The slug and status stay the campaign's own."""
    _, original = editing_form(session, slug=slug)
    form.slug = slug
    status = get_campaign(session, slug=slug).status
    built = build_campaign(form, original=original, status=status, check_ids=directory_id_check(session))
    if built.spec is None:
        return built
    revision = int(form.revision) if form.revision.isdigit() else -1
    save_campaign(
        session, spec=built.spec, source=ADMIN_SOURCE, definition=built.text, editor=editor, revision=revision
    )
    return built


PREVIEW_SLUG = "preview"


def preview_campaign(form: CampaignForm, *, stored: TargetSpec | None = None) -> CampaignSpec | None:
    """The campaign the form describes right now, for the preview (as a draft), with the targets of
    the `stored` campaign the form does not show (custom offices); None
    while a field it needs cannot be read yet. No file text is written: the preview answers as the
    organizer types."""
    problems = FormProblems()
    changes = campaign_changes(form, problems=problems)
    changes |= {"slug": PREVIEW_SLUG, "status": "draft", "title": changes["title"] or "…"}
    if stored is not None:
        changes["targets"] |= stored.model_dump(exclude=set(TARGETS_SHOWN))
    try:
        return CampaignSpec.model_validate(changes)
    except ValidationError:
        return None
