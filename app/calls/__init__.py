"""Bridged and call-in phone calls over Twilio, and the outcomes of every call."""
