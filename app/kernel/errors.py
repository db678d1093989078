"""The one family of expected failures: each carries a user-facing message and a stable code.

Modelled on httpx's exception tree: catch `SwitchboardError` for "anything we expected", or one
branch for one area. The leaves fix the HTTP status a web route answers with.

    SwitchboardError
    ├── LocationError             where a person is
    │   ├── AddressRequiredError, AddressNotUSError                         422
    │   ├── AddressNotFoundError                                            404
    │   ├── AddressAmbiguousError, ZipSpansDistrictsError                   409
    │   └── GeocoderUnavailableError, GeocoderBusyError                     503
    ├── DirectoryError            who represents them
    │   ├── NoTargetsError                                                  404
    │   └── DirectoryEmptyError, DirectorySourceError                       503
    ├── CampaignError             campaign files and their state
    │   ├── CampaignFileError                                               422
    │   ├── CampaignNotFoundError                                           404
    │   ├── CampaignConflictError                                           409
    │   └── CampaignClosedError                                             410
    ├── AccessError               who may do what
    │   ├── AccountError                                                    422
    │   ├── NotSignedInError                                                401
    │   ├── PermissionDeniedError, CsrfError, WebhookSignatureError         403
    │   ├── WebhookFormError                                                400
    │   └── TooManyLoginsError                                              429
    ├── CallError                 placing and recording calls
    │   ├── PhoneError: PhoneInvalidError, PhoneNotAllowedError             422
    │   ├── OutcomeInvalidError                                             422
    │   ├── CallNotFoundError                                               404
    │   ├── CallModeNotOfferedError                                         409
    │   ├── CallBlockedError                                                403
    │   ├── CallLimitError                                                  429
    │   ├── CallsUnavailableError                                           503
    │   ├── ScheduleInvalidError, PhoneOptedOutError                        422
    │   ├── ScheduledCallNotFoundError                                      404
    │   └── TelephonyError                                                  502/503/...
    ├── InvalidFilterError        a tally or export filter                  422
    └── OutboundWebhookError      organizations' webhooks and opt-ins
        ├── WebhookUrlError, OptInInvalidError                              422
        └── WebhookNotFoundError                                            404
"""

from datetime import date
from typing import ClassVar


class SwitchboardError(Exception):
    """An expected failure. `code` is machine-readable; `message` is safe to show to a person."""

    code = "error"
    status = 400
    # (status, code) pairs an error whose code is chosen when raised can carry, for the API docs.
    variants: ClassVar[tuple[tuple[int, str], ...]] = ()

    def __init__(self, message: str, *, details: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}

    @classmethod
    def documented(cls) -> tuple[tuple[int, str], ...]:
        """Every (status, code) this error can answer with."""
        return cls.variants or ((cls.status, cls.code),)


class LocationError(SwitchboardError):
    """An address could not be turned into a place with districts."""


class AddressRequiredError(LocationError):
    code = "address_required"
    status = 422


class AddressNotFoundError(LocationError):
    code = "address_not_found"
    status = 404


class AddressNotUSError(LocationError):
    code = "address_not_us"
    status = 422


class AddressAmbiguousError(LocationError):
    code = "address_ambiguous"
    status = 409


class ZipSpansDistrictsError(LocationError):
    code = "zip_spans_districts"
    status = 409


class GeocoderUnavailableError(LocationError):
    code = "geocoder_unavailable"
    status = 503


class GeocoderBusyError(LocationError):
    """Too many lookups waiting on outside services in this process: come back in a few seconds."""

    code = "geocoder_busy"
    status = 503

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class DirectoryError(SwitchboardError):
    """The directory of officials cannot answer."""


class DirectoryEmptyError(DirectoryError):
    code = "directory_empty"
    status = 503


class DirectorySourceError(DirectoryError):
    code = "directory_source_unavailable"
    status = 503


class DirectorySyncRefusedError(DirectoryError):
    code = "directory_sync_refused"
    status = 409


class OfficeNotFoundError(DirectoryError):
    code = "office_not_found"
    status = 404


class OverrideInvalidError(DirectoryError):
    code = "override_invalid"
    status = 422


class NoTargetsError(DirectoryError):
    code = "no_targets"
    status = 404


class CampaignError(SwitchboardError):
    """A campaign file, or a campaign's state, does not allow what was asked."""


class CampaignNotFoundError(CampaignError):
    code = "campaign_not_found"
    status = 404


class CampaignClosedError(CampaignError):
    code = "campaign_closed"
    status = 410
    variants = ((410, "campaign_paused"), (410, "campaign_ended"), (410, "campaign_not_started"))

    def __init__(self, message: str, *, code: str, opens_on: date | None = None) -> None:
        super().__init__(message)
        self.code = code
        # The day a campaign not yet started opens, for pages that say it in the visitor's language.
        self.opens_on = opens_on


class CampaignFileError(CampaignError):
    code = "campaign_invalid"
    status = 422


class CampaignConflictError(CampaignError):
    code = "campaign_conflict"
    status = 409


class AccessError(SwitchboardError):
    """Who is asking, and whether they may."""


class AccountError(AccessError):
    code = "account_invalid"
    status = 422


class TooManyLoginsError(AccessError):
    code = "too_many_logins"
    status = 429


class NotSignedInError(AccessError):
    code = "not_authenticated"
    status = 401


class PermissionDeniedError(AccessError):
    code = "forbidden"
    status = 403


class CsrfError(AccessError):
    code = "csrf_failed"
    status = 403


class WebhookSignatureError(AccessError):
    """A request to a Twilio webhook that our auth token did not sign."""

    code = "signature_invalid"
    status = 403


class WebhookFormError(AccessError):
    """A request to a Twilio webhook with a form Twilio never posts (a file, thousands of fields)."""

    code = "webhook_form_invalid"
    status = 400


class CallError(SwitchboardError):
    """A call cannot be placed, found or recorded as asked."""


class CallsUnavailableError(CallError):
    code = "calls_unavailable"
    status = 503


class CallModeNotOfferedError(CallError):
    code = "call_mode_not_offered"
    status = 409


class PhoneError(CallError):
    """The constituent's phone number cannot be called."""


class PhoneInvalidError(PhoneError):
    code = "phone_invalid"
    status = 422


class PhoneNotAllowedError(PhoneError):
    code = "phone_not_allowed"
    status = 422


class PhoneOptedOutError(PhoneError):
    """The number replied STOP to our text messages: no reminder is ever sent to it."""

    code = "phone_opted_out"
    status = 422


class ScheduleInvalidError(CallError):
    """A time to call that is not one offered, or no consent to be called or texted then."""

    code = "schedule_invalid"
    status = 422


class ScheduledCallNotFoundError(CallError):
    """A cancel link that is not ours, or a scheduled call that is no more."""

    code = "scheduled_call_not_found"
    status = 404


class CallBlockedError(CallError):
    code = "call_blocked"
    status = 403


class CallLimitError(CallError):
    """A per-phone, per-address, per-office or global limit; `code` says which."""

    status = 429
    variants = (
        (429, "phone_limit_reached"),
        (429, "ip_limit_reached"),
        (429, "office_limit_reached"),
        (503, "calls_busy"),
    )

    def __init__(self, message: str, *, code: str, status: int = 429) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


class TelephonyError(CallError):
    """Twilio refused or could not place a call; `code` says why in our words."""

    status = 502
    variants = (
        (422, "phone_unreachable"),
        (422, "phone_not_allowed"),
        (422, "phone_opted_out"),
        (503, "telephony_busy"),
        (503, "telephony_unavailable"),
    )

    def __init__(self, message: str, *, code: str, status: int, twilio_code: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.twilio_code = twilio_code


class CallNotFoundError(CallError):
    code = "call_not_found"
    status = 404


class OutcomeInvalidError(CallError):
    code = "outcome_invalid"
    status = 422


class InvalidFilterError(SwitchboardError):
    code = "invalid_filter"
    status = 422


class OutboundWebhookError(SwitchboardError):
    """An organization's webhook endpoint or a constituent's opt-in could not be taken."""


class WebhookUrlError(OutboundWebhookError):
    """A webhook URL that is malformed, or that reaches (or resolves to) a private address."""

    code = "webhook_url_refused"
    status = 422


class WebhookNotFoundError(OutboundWebhookError):
    code = "webhook_not_found"
    status = 404


class OptInInvalidError(OutboundWebhookError):
    """The opt-in form lacks what it needs; `field` names the field and is the catalog key's end."""

    code = "opt_in_invalid"
    status = 422

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message, details={"field": field})
        self.field = field
