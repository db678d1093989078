"""A receipt's key is the one it always was: the path, the form as `urlencode` writes it, the attempt."""

import hashlib
import random
from urllib.parse import urlencode

from app.calls.receipts import form_encoded, receipt_key

TWILIO_FORM = {
    "CallSid": "CA0123456789abcdef0123456789abcdef",
    "AccountSid": "AC0123456789abcdef0123456789abcdef",
    "From": "+16175550123",
    "To": "+16175550100",
    "CallStatus": "in-progress",
    "ApiVersion": "2010-04-01",
    "Digits": "",
    "SpeechResult": "Yes, I'd like to be connected & thanks!",
}


def test_the_form_is_written_as_urlencode_writes_it() -> None:
    chosen = random.Random(29)
    alphabet = [chr(code) for code in range(128)] + list("éü€☎\U0001f600 ")
    pairs = [
        ("".join(chosen.choices(alphabet, k=chosen.randint(0, 8))), "".join(chosen.choices(alphabet, k=n)))
        for n in range(40)
    ]
    for subset in (pairs, sorted(TWILIO_FORM.items()), [], [("a", "")]):
        assert form_encoded(subset) == urlencode(subset)


def test_the_key_is_unchanged() -> None:
    signed = "/twilio/calls/c1/answer?" + urlencode(sorted(TWILIO_FORM.items())) + "#2"
    expected = hashlib.sha256(signed.encode()).hexdigest()
    assert receipt_key(path="/twilio/calls/c1/answer", params=TWILIO_FORM, attempt="2") == expected
