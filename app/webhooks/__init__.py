"""Outbound webhooks to organizations' CRMs: endpoints and their secrets, the outbox written with
what happened, signed deliveries with retries, the delivery log, and constituents' opt-ins."""
