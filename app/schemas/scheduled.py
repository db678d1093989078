"""What the "Call me when they open" API answers: the times offered, and a scheduled call."""

from datetime import datetime

from pydantic import BaseModel, Field

from app.calls.call_slots import Slot
from app.calls.scheduling import ScheduledView, TimeOffer


class SlotPublic(BaseModel):
    at: datetime = Field(description="The time (UTC), to send back as `at` when scheduling.")
    tomorrow_morning: bool = Field(description="The first time offered tomorrow morning (before noon).")

    @classmethod
    def of(cls, slot: Slot) -> "SlotPublic":
        return cls(at=slot.at, tomorrow_morning=slot.tomorrow_morning)


class TimeOfferPublic(BaseModel):
    """Times when the target's office is open and it is 9:00–20:00 where the constituent is."""

    target_id: str
    target_name: str
    kind: str = Field(description="`call` (a bridged call then) or `reminder` (one text with the link).")
    time_zone: str = Field(description="The constituent's IANA time zone (from their ZIP).")
    slots: list[SlotPublic] = Field(description="In time order; empty when no time suits both.")

    @classmethod
    def of(cls, offer: TimeOffer) -> "TimeOfferPublic":
        return cls(
            target_id=offer.target_id,
            target_name=offer.target_name,
            kind=offer.kind,
            time_zone=offer.caller_zone,
            slots=[SlotPublic.of(slot) for slot in offer.slots],
        )


class ScheduledCallPublic(BaseModel):
    id: str
    kind: str = Field(description="`call` or `reminder`.")
    status: str = Field(
        description="scheduled, claimed, placed, sent, canceled, campaign-closed, refused, missed or failed."
    )
    at: datetime = Field(description="When it is due (UTC).")
    target_name: str
    cancel_url: str = Field(description="The signed link that cancels it (a page with a button).")

    @classmethod
    def of(cls, view: ScheduledView, *, cancel_url: str) -> "ScheduledCallPublic":
        return cls(
            id=view.id,
            kind=view.kind,
            status=view.status,
            at=view.due_at,
            target_name=view.target_name,
            cancel_url=cancel_url,
        )
