"""Serve the web app with uvicorn: `python -m assistant.web [--host HOST]`.

Before serving, this migrates the database and, when HNPM_ADMIN_EMAIL and
HNPM_ADMIN_PASSWORD are set, creates the first coordinator account.
"""

from __future__ import annotations

import argparse
import logging

import uvicorn

from assistant.config import Settings, load_settings
from assistant.store import Database, ensure_admin, migrate
from assistant.web.app import create_app

logger = logging.getLogger("assistant.web")


def main(argv: list[str] | None = None) -> None:
    """Migrate the database, create the admin account if configured, and serve."""
    parser = argparse.ArgumentParser(prog="python -m assistant.web")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1); the port is HNPM_WEB_PORT",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    settings = load_settings()
    migrate(settings.database_url)
    database = Database(settings.database_url)
    create_admin(settings, database)

    logger.info("Serving the web app on %s:%d", args.host, settings.web_port)
    # ws="none": the app has no WebSocket routes, and uvicorn's default WebSocket
    # protocol fails to import with websockets 10.4, the version that Rasa 3.6 pins.
    uvicorn.run(
        create_app(settings, database),
        host=args.host,
        port=settings.web_port,
        ws="none",
    )


def create_admin(settings: Settings, database: Database) -> None:
    """Create the first coordinator from HNPM_ADMIN_EMAIL and HNPM_ADMIN_PASSWORD."""
    if settings.admin_email is None and settings.admin_password is None:
        return
    if settings.admin_email is None or settings.admin_password is None:
        logger.warning(
            "Set both HNPM_ADMIN_EMAIL and HNPM_ADMIN_PASSWORD to create the first "
            "coordinator; only one is set, so no account was created"
        )
        return

    with database.session() as session:
        created = ensure_admin(session, settings.admin_email, settings.admin_password)
    if created:
        logger.info("Created the first coordinator account from HNPM_ADMIN_EMAIL")
    else:
        logger.info("Coordinator accounts exist; HNPM_ADMIN_* were not used")


if __name__ == "__main__":
    main()
