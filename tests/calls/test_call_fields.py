"""The fields the call's domain code reads are the tables' columns, typed as the models type them."""

from sqlalchemy import inspect

from app.kernel.vocabulary import CallMethod, Chamber
from app.models.call_fields import CallFields, LegFields
from app.models.calls import CallLeg, CallSession


def test_the_fields_are_exactly_the_columns() -> None:
    for fields, model in ((CallFields, CallSession), (LegFields, CallLeg)):
        columns = {column.name for column in inspect(model).columns}
        assert set(fields.__annotations__) == columns, model.__name__


def test_the_models_have_the_fields() -> None:
    """mypy checks these assignments: a model's column of another type fails the type check."""
    call: CallFields = CallSession(id="c1", campaign_slug="grace-no-ban", mode=CallMethod.BRIDGED)
    leg: LegFields = CallLeg(
        session_id="c1", position=0, target_id="T", name="N", chamber=Chamber.US_SENATE, state="MA"
    )
    assert (call.id, leg.position) == ("c1", 0)
