"""The sections of the catalog: what each part of Switchboard looks its words up in."""

from typing import Literal, get_args

Section = Literal[
    "ui",  # the constituent's pages
    "problems",  # what went wrong with an address lookup, by error code
    "call",  # the "Call me" and outcome-report script's own messages
    "status",  # a leg's status, as the page shows it while a call goes on
    "outcome",  # how a leg went, as the page offers, shows and reports it
    "voice",  # what the phone says (TwiML <Say>)
    "targeting",  # notes beside the targets: vacancies, unknown districts, fallbacks
    "script",  # what a call script fills in: blanks for a missing caller, chamber names
    "titles",  # legislators' titles
    "states",  # state and territory names a language spells its own way
    "staff",  # the staff pages' names for the codes they show: outcomes, chambers, call methods
]
SECTIONS: tuple[Section, ...] = get_args(Section)
