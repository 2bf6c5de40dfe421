"""The domain services the actions share, built once per action server process."""

from __future__ import annotations

from functools import lru_cache

from assistant.config import Settings, load_settings
from assistant.directory import Directory, load_directory
from assistant.store.db import Database


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()


@lru_cache(maxsize=1)
def database() -> Database:
    return Database(settings().database_url)


@lru_cache(maxsize=1)
def directory() -> Directory:
    return load_directory()
