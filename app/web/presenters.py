"""Domain results shaped for the JSON API (and `switchboard lookup --json`)."""

from typing import Any

from app.campaigns.targeting import Target, TargetList, Vacancy
from app.civic.directory import OfficeChoice, Representative
from app.civic.legislative_districts import districts_at
from app.civic.location import Location
from app.lookups import RepresentativeList


def _with_office(rep: Representative, choice: OfficeChoice | None) -> dict[str, Any]:
    return {
        **rep.as_public_dict(),
        "office": choice.office.as_public_dict() if choice else None,
        "office_note": choice.note if choice else "No phone number is listed.",
    }


def target_json(target: Target) -> dict[str, Any]:
    return {**_with_office(target.representative, target.choice), "script": target.script}


def representative_list_json(result: RepresentativeList) -> dict[str, Any]:
    return {
        "location": location_json(result.location),
        "representatives": [
            {**_with_office(rep, choice), "offices": [o.as_public_dict() for o in rep.offices]}
            for rep, choice in result.representatives
        ],
        "vacancies": [_vacancy_json(v) for v in result.vacancies],
    }


def location_json(location: Location) -> dict[str, Any]:
    """The location, with its state legislative districts as the directory names them."""
    return {
        **location.as_public_dict(),
        "state_legislative_districts": [
            {"chamber": d.chamber, "name": d.name, "division_id": d.division_id, "seats": d.seats}
            for d in districts_at(location.division_ids)
        ],
    }


def _vacancy_json(vacancy: Vacancy) -> dict[str, str]:
    return {"chamber": vacancy.chamber, "message": vacancy.message}


def target_list_json(result: TargetList) -> dict[str, Any]:
    return {
        "campaign": result.campaign.slug,
        "language": result.language,
        "location": location_json(result.location),
        "targets": [target_json(t) for t in result.targets],
        "vacancies": [_vacancy_json(v) for v in result.vacancies],
        "notes": result.notes,
    }


def campaign_summary_json(campaign: Any) -> dict[str, Any]:
    return {
        "slug": campaign.slug,
        "title": campaign.title,
        "status": campaign.status,
        "chambers": list(campaign.targets.chambers),
        "states": list(campaign.targets.states),
        "languages": list(campaign.scripts),
        "default_language": campaign.default_language,
        "call_modes": list(campaign.call_modes),
        "goal": campaign.goal,
    }
