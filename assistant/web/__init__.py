"""The web app: chat page, chat proxy to Rasa, health check and coordinator API."""

from assistant.web.app import create_app

__all__ = ["create_app"]
