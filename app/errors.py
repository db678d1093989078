"""The one family of expected failures: each carries a user-facing message and a stable code."""


class SwitchboardError(Exception):
    """An expected failure. `code` is machine-readable; `message` is safe to show to a person."""

    code = "error"
    status = 400

    def __init__(self, message: str, *, details: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class AddressRequiredError(SwitchboardError):
    code = "address_required"
    status = 422


class AddressNotFoundError(SwitchboardError):
    code = "address_not_found"
    status = 404


class AddressNotUSError(SwitchboardError):
    code = "address_not_us"
    status = 422


class AddressAmbiguousError(SwitchboardError):
    code = "address_ambiguous"
    status = 409


class ZipSpansDistrictsError(SwitchboardError):
    code = "zip_spans_districts"
    status = 409


class GeocoderUnavailableError(SwitchboardError):
    code = "geocoder_unavailable"
    status = 503


class GeocoderBusyError(SwitchboardError):
    """Too many lookups waiting on outside services in this process: come back in a few seconds."""

    code = "geocoder_busy"
    status = 503

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class DirectoryEmptyError(SwitchboardError):
    code = "directory_empty"
    status = 503


class NoTargetsError(SwitchboardError):
    code = "no_targets"
    status = 404


class CampaignNotFoundError(SwitchboardError):
    code = "campaign_not_found"
    status = 404


class CampaignClosedError(SwitchboardError):
    code = "campaign_closed"
    status = 410

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


class CampaignFileError(SwitchboardError):
    code = "campaign_invalid"
    status = 422


class DirectorySourceError(SwitchboardError):
    code = "directory_source_unavailable"
    status = 503


class AccountError(SwitchboardError):
    code = "account_invalid"
    status = 422


class TooManyLoginsError(SwitchboardError):
    code = "too_many_logins"
    status = 429


class NotSignedInError(SwitchboardError):
    code = "not_authenticated"
    status = 401


class PermissionDeniedError(SwitchboardError):
    code = "forbidden"
    status = 403


class CsrfError(SwitchboardError):
    code = "csrf_failed"
    status = 403


class CampaignConflictError(SwitchboardError):
    code = "campaign_conflict"
    status = 409


class InvalidFilterError(SwitchboardError):
    code = "invalid_filter"
    status = 422


class CallsUnavailableError(SwitchboardError):
    code = "calls_unavailable"
    status = 503


class CallModeNotOfferedError(SwitchboardError):
    code = "call_mode_not_offered"
    status = 409


class PhoneInvalidError(SwitchboardError):
    code = "phone_invalid"
    status = 422


class PhoneNotAllowedError(SwitchboardError):
    code = "phone_not_allowed"
    status = 422


class CallBlockedError(SwitchboardError):
    code = "call_blocked"
    status = 403


class CallLimitError(SwitchboardError):
    """A per-phone, per-address, per-office or global limit; `code` says which."""

    status = 429

    def __init__(self, message: str, *, code: str, status: int = 429) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


class TelephonyError(SwitchboardError):
    """Twilio refused or could not place a call; `code` says why in our words."""

    status = 502

    def __init__(self, message: str, *, code: str, status: int, twilio_code: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.twilio_code = twilio_code


class CallNotFoundError(SwitchboardError):
    code = "call_not_found"
    status = 404


class OutcomeInvalidError(SwitchboardError):
    code = "outcome_invalid"
    status = 422
