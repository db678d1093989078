"""TwiML for each step of a call, built with twilio's VoiceResponse (never by string formatting).

A step's document is the same for every call but for the call's id (in its URLs) and the caller
id a `<Dial>` shows: it is built once per step, language and settings with a random slot for each,
kept (a campaign's callers mostly reach the same few offices), and each answer fills the slots in,
escaped as the builder escapes attribute values.
"""

import secrets
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from twilio.twiml.voice_response import Dial, Gather, VoiceResponse

from app.calls.bridge import (
    Announce,
    AskZip,
    Connect,
    Goodbye,
    LegView,
    Prompt,
    Redial,
    Rehearse,
    Step,
    Survey,
)
from app.i18n.catalog import words
from app.i18n.languages import voice_locale

SURVEY_TIMEOUT_SECONDS = 8
PROMPT_TIMEOUT_SECONDS = 8
ZIP_TIMEOUT_SECONDS = 10
# A rehearsal goes on to the next leg after this pause when no key is pressed.
REHEARSAL_PAUSE_SECONDS = 3
# Random per process: no script or campaign text can hold them.
_CALL_ID_SLOT = secrets.token_hex(16)
_CALLER_ID_SLOT = secrets.token_hex(16)
RENDERED_STEPS_KEPT = 1024


@dataclass(frozen=True)
class CallUrls:
    """Our webhook URLs for one call: path-only, carrying nothing but our opaque id."""

    base_url: str
    call_id: str

    def _url(self, tail: str) -> str:
        return f"{self.base_url.rstrip('/')}/twilio/calls/{self.call_id}/{tail}"

    def answer(self) -> str:
        return self._url("answer")

    def status(self) -> str:
        return self._url("status")

    def fallback(self) -> str:
        return self._url("fallback")

    def zip(self) -> str:
        return self._url("zip")

    def leg(self, position: int, *, action: str) -> str:
        return self._url(f"legs/{position}/{action}")

    def leg_try(self, position: int, *, attempt: int, action: str) -> str:
        """A URL about one try of the leg (its Dial action, status callback or survey): the first
        try keeps the leg's own URLs, later ones name their try, so each is a request of its own."""
        if attempt == 0:
            return self.leg(position, action=action)
        return self._url(f"legs/{position}/tries/{attempt}/{action}")


@dataclass(frozen=True)
class DialSettings:
    caller_id: str
    ring_timeout_seconds: int
    time_limit_seconds: int


def render_step(step: Step, *, urls: CallUrls, language: str, dial: DialSettings) -> str:
    """The TwiML document for `step`."""
    template = _template(
        step,
        base_url=urls.base_url,
        language=language,
        ring_timeout_seconds=dial.ring_timeout_seconds,
        time_limit_seconds=dial.time_limit_seconds,
    )
    return template.replace(_CALL_ID_SLOT, _attribute(urls.call_id)).replace(
        _CALLER_ID_SLOT, _attribute(dial.caller_id)
    )


@lru_cache(maxsize=RENDERED_STEPS_KEPT)
def _template(
    step: Step, *, base_url: str, language: str, ring_timeout_seconds: int, time_limit_seconds: int
) -> str:
    return build_step(
        step,
        urls=CallUrls(base_url, _CALL_ID_SLOT),
        language=language,
        dial=DialSettings(_CALLER_ID_SLOT, ring_timeout_seconds, time_limit_seconds),
    )


def build_step(step: Step, *, urls: CallUrls, language: str, dial: DialSettings) -> str:
    """The TwiML document for `step`, built afresh (render_step keeps and fills in a built one)."""
    response = VoiceResponse()
    _add_step(response, step, urls=urls, language=language, dial=dial)
    return str(response.to_xml())


def _attribute(value: str) -> str:
    """`value` escaped as ElementTree escapes an attribute's value."""
    return escape(value, _ATTRIBUTE_ENTITIES)


# Beyond &, < and >, which `escape` always replaces.
_ATTRIBUTE_ENTITIES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}


def render_fallback(*, language: str) -> str:
    response = VoiceResponse()
    response.say(_phrase(language, "fallback"), language=_say_language(language))
    response.hangup()
    return str(response.to_xml())


def empty_response() -> str:
    return str(VoiceResponse().to_xml())


def _add_step(
    response: VoiceResponse, step: Step, *, urls: CallUrls, language: str, dial: DialSettings
) -> None:
    say = _say_language(language)
    match step:
        case Prompt(leg=leg):
            gather = _gather(urls.leg(leg.position, action="consent"), PROMPT_TIMEOUT_SECONDS, 1)
            if leg.intro:
                gather.say(leg.intro, language=say)
            gather.say(
                _phrase(language, "prompt").format(who=f"{leg.title} {leg.name}".strip()), language=say
            )
            response.append(gather)
        case Rehearse(leg=leg):
            # The consent URL: a rehearsal call's keys there only ever go on (app.calls.webhooks).
            gather = _gather(urls.leg(leg.position, action="consent"), REHEARSAL_PAUSE_SECONDS, 1)
            for sentence in _rehearsal(language, leg):
                gather.say(sentence, language=say)
            response.append(gather)
        case Connect(leg=leg):
            response.say(_phrase(language, "connecting"), language=say)
            response.append(_dial(urls, leg, dial))
        case Redial(leg=leg, reason=reason):
            response.say(_retry_phrase(language, reason=reason, place=leg.place), language=say)
            response.append(_dial(urls, leg, dial))
        case Survey(leg=leg):
            action = urls.leg_try(leg.position, attempt=leg.attempt, action="survey")
            gather = _gather(action, SURVEY_TIMEOUT_SECONDS, 1)
            gather.say(_phrase(language, "survey"), language=say)
            response.append(gather)
        case AskZip(welcome=welcome, retry=retry):
            gather = _gather(urls.zip(), ZIP_TIMEOUT_SECONDS, 5)
            if welcome:
                gather.say(_phrase(language, "welcome").format(title=welcome), language=say)
            gather.say(_phrase(language, "retry-zip" if retry else "ask-zip"), language=say)
            response.append(gather)
        case Announce(message=message, then=then):
            response.say(_phrase(language, message), language=say)
            _add_step(response, then, urls=urls, language=language, dial=dial)
        case Goodbye(reason=reason):
            response.say(_phrase(language, reason), language=say)
            response.hangup()


def _gather(action: str, timeout: int, digits: int) -> Gather:
    return Gather(
        action=action,
        method="POST",
        num_digits=digits,
        timeout=timeout,
        action_on_empty_result=True,
    )


def _dial(urls: CallUrls, leg: LegView, dial: DialSettings) -> Dial:
    position, attempt = leg.position, leg.attempt
    element = Dial(
        action=urls.leg_try(position, attempt=attempt, action="dialed"),
        method="POST",
        caller_id=dial.caller_id,
        hangup_on_star=True,
        timeout=dial.ring_timeout_seconds,
        time_limit=dial.time_limit_seconds,
    )
    element.number(
        leg.office_phone or "",
        status_callback=urls.leg_try(position, attempt=attempt, action="status"),
        status_callback_event="initiated ringing answered completed",
        status_callback_method="POST",
    )
    return element


def _rehearsal(language: str, leg: LegView) -> list[str]:
    """What a rehearsal says for a leg: the spoken intro a caller hears, whom Switchboard would
    connect ("Here Switchboard would connect you to Senator Elizabeth Warren's Boston office."),
    the script, and how to go on."""
    place = leg.place
    office = _phrase(language, "office-in").format(place=place) if place else _phrase(language, "office")
    who = f"{leg.title} {leg.name}".strip()
    sentences = [leg.intro] if leg.intro else []
    sentences.append(_phrase(language, "rehearse-connect").format(who=who, office=office))
    if leg.script:
        sentences.append(_phrase(language, "rehearse-script").format(script=leg.script))
    return [*sentences, _phrase(language, "rehearse-next")]


def _retry_phrase(language: str, *, reason: str, place: str) -> str:
    """ "That line is busy; trying their Burlington office." (or "their other office")."""
    office = (
        _phrase(language, "office-in").format(place=place) if place else _phrase(language, "other-office")
    )
    return _phrase(language, f"retry-{reason}").format(office=office)


def _say_language(language: str) -> str:
    return voice_locale(language)


def _phrase(language: str, key: str) -> str:
    return words(language, "voice")[key]
