"""Names shared by the safety screen, the safety policy, the domain and the actions."""

from __future__ import annotations

# Safety categories by severity, each with the intent the screen sets for it.
INTENT_FOR_CATEGORY = {
    "crisis": "safety_crisis",
    "danger": "safety_danger",
    "title_ix": "safety_title_ix",
    "conduct": "safety_conduct",
    "human": "request_human",
}
CATEGORY_FOR_INTENT = {
    intent: category for category, intent in INTENT_FOR_CATEGORY.items()
}

SAFETY_CATEGORY_SLOT = "safety_category"
ROLE_SLOT = "role"
CAMPUS_EMERGENCY_SLOT = "campus_emergency"
COORDINATOR_ACTIVE_SLOT = "coordinator_active"
HANDOFF_ID_SLOT = "handoff_id"
HANDOFF_ACTION = "action_handoff"
HANDOFF_UNAVAILABLE_RESPONSE = "utter_handoff_unavailable"


def safety_response(category: str) -> str:
    """Return the domain response that answers a flagged message of this category."""
    return f"utter_safety_{category}"
