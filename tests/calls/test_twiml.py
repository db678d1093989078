"""TwiML documents as Twilio will read them."""

import xml.etree.ElementTree as ET
from dataclasses import replace

from app.calls.bridge import Announce, AskZip, Connect, Goodbye, LegView, Prompt, Redial, Step, Survey
from app.calls.twiml import CallUrls, DialSettings, build_step, render_step

URLS = CallUrls("https://calls.example.org/", "abc123")
DIAL = DialSettings(caller_id="+16175550123", ring_timeout_seconds=25, time_limit_seconds=900)
LEG = LegView(1, "prompted", "Senator", "Edward J. Markey", "Thanks & welcome.", "+16175658519")


def parse(step: Step, language: str = "en") -> ET.Element:
    return ET.fromstring(render_step(step, urls=URLS, language=language, dial=DIAL))  # noqa: S314


def test_prompt_gathers_one_key_and_reports_silence() -> None:
    gather = parse(Prompt(LEG)).find("Gather")
    assert gather is not None
    assert gather.attrib == {
        "action": "https://calls.example.org/twilio/calls/abc123/legs/1/consent",
        "method": "POST",
        "numDigits": "1",
        "timeout": "8",
        "actionOnEmptyResult": "true",
    }
    says = [say.text for say in gather.iter("Say")]
    assert says == [
        "Thanks & welcome.",
        "Press 1 to be connected to Senator Edward J. Markey's office. Press star to skip.",
    ]


def test_connect_dials_the_office_with_star_to_hang_up() -> None:
    dial = parse(Connect(LEG)).find("Dial")
    assert dial is not None
    assert dial.attrib["hangupOnStar"] == "true"
    assert (dial.attrib["timeout"], dial.attrib["timeLimit"], dial.attrib["callerId"]) == (
        "25",
        "900",
        "+16175550123",
    )
    assert dial.attrib["action"].endswith("/twilio/calls/abc123/legs/1/dialed")
    number = dial.find("Number")
    assert number is not None
    assert number.text == "+16175658519"
    assert number.attrib["statusCallback"].endswith("/legs/1/status")
    assert "+1617" not in number.attrib["statusCallback"], "URLs carry only our opaque ids"


def test_spanish_calls_speak_spanish() -> None:
    say = parse(Survey(LEG), "es").find("Gather/Say")
    assert say is not None
    assert say.attrib["language"] == "es-US"
    assert say.text is not None
    assert say.text.startswith("Si habló con alguien, oprima 1")


def test_goodbye_hangs_up_and_call_in_asks_for_five_digits() -> None:
    goodbye = parse(Goodbye("thanks"))
    assert [child.tag for child in goodbye] == ["Say", "Hangup"]
    ask = parse(Announce("senators-only", then=AskZip(welcome="Title"))).find("Gather")
    assert ask is not None
    assert ask.attrib["numDigits"] == "5"
    assert ask.attrib["action"].endswith("/twilio/calls/abc123/zip")


def test_a_kept_step_is_filled_in_exactly_as_built_afresh() -> None:
    tricky = LegView(0, "pending", "Rep.", 'A "B" <C>', "Hi & welcome <3", "+16175550000")
    steps: list[Step] = [
        Prompt(LEG),
        Prompt(tricky),
        Connect(tricky),
        Survey(LEG),
        AskZip(welcome="Save & <Grace>", retry=True),
        Announce("senators-only", then=Prompt(LEG)),
        Goodbye("thanks"),
    ]
    for step in steps:
        for language in ("en", "es"):
            for call_id, caller_id in (("abc123", "+16175550123"), ("x_Y-9", 'a&b"<c>\n')):
                urls = CallUrls("https://calls.example.org/", call_id)
                dial = DialSettings(caller_id=caller_id, ring_timeout_seconds=25, time_limit_seconds=900)
                for _ in range(2):
                    assert render_step(step, urls=urls, language=language, dial=dial) == build_step(
                        step, urls=urls, language=language, dial=dial
                    ), (step, language, call_id)


def test_a_redial_says_why_in_the_call_s_language_and_names_its_try_in_every_url() -> None:
    offices = (("+16175658519", "Boston"), ("+14137854610", "Springfield"))
    leg = replace(LEG, office_phone="+14137854610", attempt=1, offices=offices)
    english = parse(Redial(leg, reason="busy"))
    assert [say.text for say in english.iter("Say")] == [
        "That line is busy; trying their Springfield office."
    ]
    spanish = parse(Redial(leg, reason="no-answer"), language="es")
    assert [say.text for say in spanish.iter("Say")] == [
        "Nadie contestó; probamos con su oficina de Springfield."
    ]
    dial = spanish.find("Dial")
    assert dial is not None
    assert dial.attrib["action"] == "https://calls.example.org/twilio/calls/abc123/legs/1/tries/1/dialed"
    number = dial.find("Number")
    assert number is not None
    assert number.text == "+14137854610"
    assert (
        number.attrib["statusCallback"]
        == "https://calls.example.org/twilio/calls/abc123/legs/1/tries/1/status"
    )
    survey = parse(Survey(leg)).find("Gather")
    assert survey is not None
    assert survey.attrib["action"] == "https://calls.example.org/twilio/calls/abc123/legs/1/tries/1/survey"
    unnamed = replace(leg, offices=(("+16175658519", ""), ("+14137854610", "")))
    full = parse(Redial(unnamed, reason="mailbox-full"), language="es")
    assert [say.text for say in full.iter("Say")] == [
        "Lamentamos que el buzón estuviera lleno; probamos con su otra oficina."
    ]
