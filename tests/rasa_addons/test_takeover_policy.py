"""The takeover policy on real trackers of the project's domain, in Rasa's ensemble."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Rasa's telemetry would contact outside hosts when anything imports rasa.
os.environ["RASA_TELEMETRY_ENABLED"] = "false"

from rasa.core.actions.action import ActionSessionStart  # noqa: E402
from rasa.core.channels.channel import CollectingOutputChannel  # noqa: E402
from rasa.core.nlg import TemplatedNaturalLanguageGenerator  # noqa: E402
from rasa.core.policies.ensemble import DefaultPolicyPredictionEnsemble  # noqa: E402
from rasa.core.policies.policy import PolicyPrediction  # noqa: E402
from rasa.engine.graph import ExecutionContext, GraphSchema  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402
from rasa.shared.core.constants import ACTION_LISTEN_NAME  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import (  # noqa: E402
    ActionExecuted,
    ActiveLoop,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402

from rasa_addons.safety_intents import COORDINATOR_ACTIVE_SLOT  # noqa: E402
from rasa_addons.safety_policy import SafetyPolicy  # noqa: E402
from rasa_addons.takeover_policy import TakeoverPolicy  # noqa: E402

DOMAIN_FILE = Path(__file__).resolve().parents[2] / "domain.yml"
# RulePolicy's default priority in Rasa 3.6.
RULE_POLICY_PRIORITY = 6


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(DOMAIN_FILE))


@pytest.fixture
def context(tmp_path: Path) -> tuple[LocalModelStorage, ExecutionContext]:
    return LocalModelStorage(tmp_path), ExecutionContext(GraphSchema({}), "test")


def build_policy(policy_class: type, context: tuple) -> TakeoverPolicy | SafetyPolicy:
    storage, execution_context = context
    return policy_class.create(
        policy_class.get_default_config(),
        storage,
        Resource(policy_class.__name__),
        execution_context,
    )


def tracker_after(
    domain: Domain, intent: str, coordinator_active: bool | None
) -> DialogueStateTracker:
    """A tracker whose last event is a user message with `intent`."""
    events = [ActionExecuted(ACTION_LISTEN_NAME)]
    if coordinator_active is not None:
        events.append(SlotSet(COORDINATOR_ACTIVE_SLOT, coordinator_active))
    events.append(UserUttered("some text", intent={"name": intent, "confidence": 1.0}))
    return DialogueStateTracker.from_events("mentee-1", events, domain.slots)


def predicted_action(prediction: PolicyPrediction, domain: Domain) -> str | None:
    if max(prediction.probabilities) == 0.0:
        return None
    index = prediction.probabilities.index(max(prediction.probabilities))
    return domain.action_names_or_texts[index]


def test_takeover_listens_while_active(domain: Domain, context: tuple) -> None:
    policy = build_policy(TakeoverPolicy, context)
    tracker = tracker_after(domain, "greet", coordinator_active=True)

    prediction = policy.predict_action_probabilities(tracker, domain)

    assert predicted_action(prediction, domain) == ACTION_LISTEN_NAME
    assert max(prediction.probabilities) == 1.0
    assert prediction.is_no_user_prediction


@pytest.mark.parametrize("active", [False, None], ids=["false", "unset"])
def test_takeover_abstains_otherwise(
    domain: Domain, context: tuple, active: bool | None
) -> None:
    policy = build_policy(TakeoverPolicy, context)
    tracker = tracker_after(domain, "greet", coordinator_active=active)

    prediction = policy.predict_action_probabilities(tracker, domain)

    assert predicted_action(prediction, domain) is None
    assert not prediction.is_no_user_prediction


def test_takeover_outranks_active_form(domain: Domain, context: tuple) -> None:
    """An active form's next step, as RulePolicy predicts it, loses to the silence."""
    policy = build_policy(TakeoverPolicy, context)
    tracker = tracker_after(domain, "inform", coordinator_active=True)
    tracker.update(ActiveLoop("intake_form"))
    form_probabilities = [0.0] * domain.num_actions
    form_probabilities[domain.index_for_action("intake_form")] = 1.0
    form_step = PolicyPrediction(
        form_probabilities,
        "RulePolicy",
        RULE_POLICY_PRIORITY,
        is_no_user_prediction=True,
    )

    winner = DefaultPolicyPredictionEnsemble().combine_predictions(
        [form_step, policy.predict_action_probabilities(tracker, domain)],
        tracker,
        domain,
    )

    assert predicted_action(winner, domain) == ACTION_LISTEN_NAME
    assert winner.policy_name == "TakeoverPolicy"


def test_safety_reply_during_takeover(domain: Domain, context: tuple) -> None:
    """A flagged message still gets the safety reply while a coordinator is there."""
    safety = build_policy(SafetyPolicy, context)
    takeover = build_policy(TakeoverPolicy, context)
    tracker = tracker_after(domain, "safety_crisis", coordinator_active=True)

    winner = DefaultPolicyPredictionEnsemble().combine_predictions(
        [
            takeover.predict_action_probabilities(tracker, domain),
            safety.predict_action_probabilities(tracker, domain),
        ],
        tracker,
        domain,
    )

    assert predicted_action(winner, domain) == "utter_safety_crisis"
    assert winner.policy_name == "SafetyPolicy"


def test_request_for_person_during_takeover(domain: Domain, context: tuple) -> None:
    """The coordinator is already there, so the bot stays silent."""
    safety = build_policy(SafetyPolicy, context)
    takeover = build_policy(TakeoverPolicy, context)
    tracker = tracker_after(domain, "request_human", coordinator_active=True)

    winner = DefaultPolicyPredictionEnsemble().combine_predictions(
        [
            takeover.predict_action_probabilities(tracker, domain),
            safety.predict_action_probabilities(tracker, domain),
        ],
        tracker,
        domain,
    )

    assert predicted_action(winner, domain) == ACTION_LISTEN_NAME
    assert winner.policy_name == "TakeoverPolicy"


def test_priority_between_rules_and_safety() -> None:
    priority = TakeoverPolicy.get_default_config()["priority"]
    safety_priority = SafetyPolicy.get_default_config()["priority"]

    assert RULE_POLICY_PRIORITY < priority < safety_priority


async def test_new_session_keeps_takeover(domain: Domain) -> None:
    """Rasa's action_session_start carries the slot into the new session."""
    tracker = DialogueStateTracker.from_events(
        "mentee-1",
        [ActionExecuted(ACTION_LISTEN_NAME), SlotSet(COORDINATOR_ACTIVE_SLOT, True)],
        domain.slots,
    )

    events = await ActionSessionStart().run(
        CollectingOutputChannel(),
        TemplatedNaturalLanguageGenerator(domain.responses),
        tracker,
        domain,
    )

    carried = [
        event
        for event in events
        if isinstance(event, SlotSet) and event.key == COORDINATOR_ACTIVE_SLOT
    ]
    assert domain.session_config.carry_over_slots
    assert carried == [SlotSet(COORDINATOR_ACTIVE_SLOT, True)]
