"""Notifications of new handoffs to coordinators, by e-mail and apprise webhooks.

The store writes one notification per channel in the transaction that creates the
handoff (the outbox pattern), and `NotificationSender` in the web app sends them.
This package imports no submodule here, because the store imports
`assistant.notify.settings`, and the sender imports the store.
"""
