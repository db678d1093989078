"""The seats known to be vacant, as a directory sync keeps them (Open States `settings.yml`)."""

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import delete, insert
from sqlmodel import Session, col, select

from app.civic.sync import openstates_people
from app.models.directory import Vacancy

VacancyRecords = Sequence[openstates_people.VacancyRecord]


def vacancies_differ(session: Session, *, vacancies: VacancyRecords) -> bool:
    """Whether the stored vacancies are not exactly these."""
    stored = session.exec(select(Vacancy).where(col(Vacancy.source) == openstates_people.SOURCE))
    return Counter(map(_seat, stored)) != Counter(map(_seat, vacancies))  # no order: None beside dates


def _seat(vacancy: Vacancy | openstates_people.VacancyRecord) -> tuple[object, ...]:
    return (vacancy.state, vacancy.chamber, vacancy.district, vacancy.division_id, vacancy.vacant_until)


def replace_vacancies(session: Session, *, vacancies: VacancyRecords) -> None:
    session.execute(delete(Vacancy).where(col(Vacancy.source) == openstates_people.SOURCE))
    rows = [{**vars(v), "source": openstates_people.SOURCE} for v in vacancies]
    if rows:
        session.execute(insert(Vacancy), rows)
