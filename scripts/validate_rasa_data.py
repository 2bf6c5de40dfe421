"""Run `rasa data validate` and fail on any warning it should not give.

Rasa 3.6's validator counts a response as used only when a story or rule names
it, so it warns about a form's `utter_ask_<slot>` questions and about responses
that actions send by name. It also reports retrieval intents (faq, chitchat) as
"duplicated across domain files", because it merges a generated domain for them
into domain.yml. Those warnings are expected; every other warning, and any error,
fails this check.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
UNUSED_INTENT = re.compile(r"The intent '(\w+)' is not used in any story or rule")
UNUSED_RESPONSE = re.compile(r"The utterance '(\w+)' is not used in any story or rule")
DUPLICATED_INTENTS = re.compile(
    r"The following duplicated intents have been found across multiple domain "
    r"files: (.+)"
)
WARNING = re.compile(r"UserWarning: (.+)")


def load_domain() -> dict:
    return dict(yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text()))


def retrieval_intents(domain: dict) -> set[str]:
    return {
        name.split("/")[0][len("utter_") :]
        for name in domain["responses"]
        if "/" in name
    }


def expected_unused_responses(domain: dict) -> set[str]:
    expected = {
        f"utter_ask_{slot}"
        for form in domain.get("forms", {}).values()
        for slot in form.get("required_slots", [])
    }
    for source in (PROJECT_ROOT / "actions").glob("*.py"):
        expected |= set(re.findall(r'response="(utter_\w+)"', source.read_text()))
    # The safety policy, not stories, predicts the safety turn; training stories for
    # it would teach TEDPolicy to predict a safety reply for unrelated messages.
    expected |= {
        name for name in domain["responses"] if name.startswith("utter_safety_")
    }
    expected |= {"utter_handoff_unavailable", "utter_restart"}
    # Rasa's action_default_ask_rephrase sends it in the two-stage fallback.
    expected.add("utter_ask_rephrase")
    return expected


def expected_unused_intents(domain: dict) -> set[str]:
    """Return the intents only the safety policy handles."""
    return {
        intent
        for intent in domain["intents"]
        if intent.startswith("safety_") or intent == "request_human"
    }


def main() -> int:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "rasa"), "data", "validate"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    domain = load_domain()
    expected = expected_unused_responses(domain)
    retrieval = retrieval_intents(domain)
    safety_intents = expected_unused_intents(domain)
    unexpected = []
    for warning in WARNING.findall(output):
        unused = UNUSED_RESPONSE.search(warning)
        if unused and unused.group(1) in expected:
            continue
        unused_intent = UNUSED_INTENT.search(warning)
        if unused_intent and unused_intent.group(1) in safety_intents:
            continue
        duplicated = DUPLICATED_INTENTS.search(warning)
        if duplicated and set(duplicated.group(1).split(", ")) <= retrieval:
            continue
        unexpected.append(warning.strip())

    for warning in unexpected:
        print(f"rasa data validate: {warning}", file=sys.stderr)
    if result.returncode != 0:
        print(output[-4000:], file=sys.stderr)
        print(
            f"rasa data validate failed with exit code {result.returncode}",
            file=sys.stderr,
        )
        return 1
    if unexpected:
        return 1
    print("rasa data validate: no unexpected warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
