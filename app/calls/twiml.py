"""TwiML for each step of a call, built with twilio's VoiceResponse (never by string formatting)."""

from dataclasses import dataclass

from twilio.twiml.voice_response import Dial, Gather, VoiceResponse

from app.calls.bridge import Announce, AskZip, Connect, Goodbye, Prompt, Step, Survey

SAY_LANGUAGES = {"en": "en-US", "es": "es-US"}
PHRASES = {
    "en": {
        "prompt": "Press 1 to be connected to {who}'s office. Press star to skip.",
        "connecting": "Connecting you now. Press star at any time to hang up and move on.",
        "survey": "If you spoke to staff, press 1. If you left a voicemail, press 2. "
        "If no one answered, press 3.",
        "thanks": "Thank you for making your voice heard. Goodbye.",
        "no-consent": "We did not hear a key press, so we will not connect this call. Goodbye.",
        "no-targets": "We could not find anyone to connect you to. Please use the campaign's web page. "
        "Goodbye.",
        "unknown-call": "Sorry, we could not find this call. Goodbye.",
        "limited": "Sorry, this number has made as many calls as we can connect today. Goodbye.",
        "zip-unknown": "Sorry, we could not find that ZIP code. Please use the campaign's web page. Goodbye.",
        "welcome": "Thank you for calling: {title}.",
        "offices-busy": "These offices have just received many calls through us. Please try again in a few "
        "minutes, or call them yourself. Goodbye.",
        "not-live": "Sorry, this number is not taking calls right now. Goodbye.",
        "ask-zip": "Please enter your five digit ZIP code.",
        "retry-zip": "Sorry, we did not recognize that ZIP code. Please enter your five digit ZIP code.",
        "senators-only": "Your ZIP code spans more than one district, so we will connect you to your "
        "senators. To reach your representative, please use the campaign's web page.",
        "fallback": "Sorry, something went wrong on our side. Please try again later. Goodbye.",
    },
    "es": {
        "prompt": "Oprima 1 para comunicarse con la oficina de {who}. Oprima asterisco para omitir.",
        "connecting": "Le estamos comunicando. Oprima asterisco en cualquier momento para colgar y seguir.",
        "survey": "Si habló con alguien, oprima 1. Si dejó un mensaje, oprima 2. "
        "Si nadie contestó, oprima 3.",
        "thanks": "Gracias por hacer oír su voz. Adiós.",
        "no-consent": "No escuchamos ninguna tecla, así que no conectaremos esta llamada. Adiós.",
        "no-targets": "No encontramos a nadie con quien comunicarle. Use la página de la campaña. Adiós.",
        "unknown-call": "Lo sentimos, no encontramos esta llamada. Adiós.",
        "limited": "Lo sentimos, este número ya hizo todas las llamadas posibles por hoy. Adiós.",
        "zip-unknown": "Lo sentimos, no encontramos ese código postal. Use la página de la campaña. Adiós.",
        "welcome": "Gracias por llamar: {title}.",
        "offices-busy": "Estas oficinas acaban de recibir muchas llamadas. Inténtelo en unos minutos, "
        "o llámelas usted. Adiós.",
        "not-live": "Lo sentimos, este número no está recibiendo llamadas ahora. Adiós.",
        "ask-zip": "Marque su código postal de cinco dígitos.",
        "retry-zip": "No reconocimos ese código postal. Marque su código postal de cinco dígitos.",
        "senators-only": "Su código postal abarca más de un distrito, así que le comunicaremos con sus "
        "senadores. Para llamar a su representante, use la página de la campaña.",
        "fallback": "Lo sentimos, algo falló. Inténtelo más tarde. Adiós.",
    },
}
SURVEY_TIMEOUT_SECONDS = 8
PROMPT_TIMEOUT_SECONDS = 8
ZIP_TIMEOUT_SECONDS = 10


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

    def leg(self, position: int, action: str) -> str:
        return self._url(f"legs/{position}/{action}")


@dataclass(frozen=True)
class DialSettings:
    caller_id: str
    ring_timeout_seconds: int
    time_limit_seconds: int


def render_step(step: Step, *, urls: CallUrls, language: str, dial: DialSettings) -> str:
    """The TwiML document for `step`."""
    response = VoiceResponse()
    _add_step(response, step, urls=urls, language=language, dial=dial)
    return str(response.to_xml())


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
            gather = _gather(urls.leg(leg.position, "consent"), PROMPT_TIMEOUT_SECONDS, 1)
            if leg.intro:
                gather.say(leg.intro, language=say)
            gather.say(
                _phrase(language, "prompt").format(who=f"{leg.title} {leg.name}".strip()), language=say
            )
            response.append(gather)
        case Connect(leg=leg):
            response.say(_phrase(language, "connecting"), language=say)
            response.append(_dial(urls, leg.position, leg.office_phone or "", dial))
        case Survey(leg=leg):
            gather = _gather(urls.leg(leg.position, "survey"), SURVEY_TIMEOUT_SECONDS, 1)
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


def _dial(urls: CallUrls, position: int, office_phone: str, dial: DialSettings) -> Dial:
    element = Dial(
        action=urls.leg(position, "dialed"),
        method="POST",
        caller_id=dial.caller_id,
        hangup_on_star=True,
        timeout=dial.ring_timeout_seconds,
        time_limit=dial.time_limit_seconds,
    )
    element.number(
        office_phone,
        status_callback=urls.leg(position, "status"),
        status_callback_event="initiated ringing answered completed",
        status_callback_method="POST",
    )
    return element


def _say_language(language: str) -> str:
    return SAY_LANGUAGES.get(language, "en-US")


def _phrase(language: str, key: str) -> str:
    return PHRASES.get(language, PHRASES["en"])[key]
