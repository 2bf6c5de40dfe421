"""Routing over the real servers: a described need gets the right resource.

The cases are those of tests/nlu/routing.tsv, which `make eval-nlu` also checks on
the evaluation model. Here the full model and the action server reply, so the
reply text itself must name the resource. Also checks choosing a mentor by full
name and the two-stage fallback.
"""

from __future__ import annotations

import re
import uuid

import pytest

from assistant.vocabulary import PROJECT_ROOT
from tests.e2e.conftest import Servers
from tests.e2e.test_conversation import INTAKE_ANSWERS, custom, say, texts

pytestmark = pytest.mark.e2e

ROUTING_CASES = PROJECT_ROOT / "tests" / "nlu" / "routing.tsv"


def routing_cases() -> list[tuple[str, str]]:
    rows = ROUTING_CASES.read_text(encoding="utf-8").splitlines()
    return [
        (pattern, message)
        for pattern, message in (
            row.split("\t") for row in rows if row and row[0] != "#"
        )
    ]


@pytest.mark.parametrize(("pattern", "message"), routing_cases())
def test_routing_reply_names_resource(
    servers: Servers, pattern: str, message: str
) -> None:
    sender = f"e2e-{uuid.uuid4()}"
    if message.lower().startswith("my mentee"):
        say(servers, sender, "I'm a mentor")

    reply = texts(say(servers, sender, message))

    assert re.search(pattern, reply, re.IGNORECASE), reply


def test_choose_mentor_by_full_name(servers: Servers) -> None:
    sender = f"e2e-{uuid.uuid4()}"
    say(servers, sender, "I'd like a mentor please")
    for answer, _ in INTAKE_ANSWERS:
        reply = say(servers, sender, answer)
    # Optional questions may follow the listed answers. Skip each of them until the
    # consent question, then consent.
    for _ in range(3):
        if "share your answers" in texts(reply):
            break
        reply = say(servers, sender, "/skip")
    mentors = custom(say(servers, sender, "yes"), "mentors")
    assert mentors is not None
    second = mentors["mentors"][1]

    reply = say(servers, sender, second["name"])

    request = custom(reply, "match_request")
    assert request is not None, reply
    assert request["match_request"]["mentor_id"] == second["id"]


def test_unclear_message_offers_choices_then_menu(servers: Servers) -> None:
    sender = f"e2e-{uuid.uuid4()}"

    # The payload forces the fallback intent, because which free text the
    # classifier is unsure of changes with every retraining.
    first = say(servers, sender, "/nlu_fallback")
    assert "Find a campus resource" in str(first), first
    assert "Something else" in str(first), first

    second = say(servers, sender, "/out_of_scope")
    assert "other words" in texts(second), second

    # Rasa gives up after the second "Something else" and sends utter_default.
    third = say(servers, sender, "/nlu_fallback")
    assert "Something else" in str(third), third

    fourth = say(servers, sender, "/out_of_scope")
    assert "find a mentor" in texts(fourth).lower(), fourth
