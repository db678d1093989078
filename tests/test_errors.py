import inspect

import app.kernel.errors as errors
from app.kernel.errors import SwitchboardError

BRANCHES = {
    errors.LocationError,
    errors.DirectoryError,
    errors.CampaignError,
    errors.AccessError,
    errors.CallError,
    errors.PhoneError,
}


def _classes() -> list[type[SwitchboardError]]:
    return [
        value
        for value in vars(errors).values()
        if inspect.isclass(value) and issubclass(value, SwitchboardError) and value is not SwitchboardError
    ]


def test_every_error_is_in_the_one_family_and_named_as_an_error() -> None:
    for cls in _classes():
        assert cls.__name__.endswith("Error")
        assert cls.__module__ == "app.kernel.errors"


def test_every_leaf_has_its_own_code_and_a_client_or_server_status() -> None:
    leaves = [cls for cls in _classes() if cls not in BRANCHES]
    for cls in leaves:
        assert 400 <= cls.status < 600, cls
    fixed_codes = [cls.code for cls in leaves if cls.code != "error"]
    assert len(fixed_codes) == len(set(fixed_codes))


def test_the_webhook_signature_error_is_an_access_error() -> None:
    error = errors.WebhookSignatureError("not signed")
    assert isinstance(error, errors.AccessError)
    assert (error.code, error.status, error.message) == ("signature_invalid", 403, "not signed")


def test_telephony_errors_document_every_code_twilio_can_give_us() -> None:
    from app.calls.telephony import GENERIC_ERROR, TWILIO_ERRORS

    given = {(status, code) for code, status, _ in [*TWILIO_ERRORS.values(), GENERIC_ERROR]}
    assert given <= set(errors.TelephonyError.documented())
