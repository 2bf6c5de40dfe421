"""Base class of the project's policies that decide from the tracker alone."""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates


class UntrainedPolicy(Policy):
    """A policy that learns nothing from stories, so training stores nothing.

    Subclasses register with `is_trainable=False` and implement
    `predict_action_probabilities`.
    """

    def train(
        self,
        training_trackers: list[TrackerWithCachedStates],
        domain: Domain,
        **kwargs: Any,
    ) -> Resource:
        return self._resource
