"""The saved spaCy pipeline: built from project data, loadable in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from assistant.directory import load_directory
from assistant.nlp import build
from assistant.nlp.pipeline import ENTITY_SECTIONS, RESOURCE_LABEL, entity_patterns
from assistant.vocabulary import load_vocabulary

SAMPLE = (
    "I'm in Public Policy, first-gen, and need career help with visa stuff. "
    "Zoom works, I speak Spanish, and where is the Writing Center?"
)
EXPECTED_ENTITIES = [
    ["Public Policy", "program", "mpp"],
    ["first-gen", "theme", "first_generation"],
    ["career", "support_area", "career"],
    ["visa", "support_area", "international"],
    ["Zoom", "meeting_mode", "zoom"],
    ["Spanish", "language", "spanish"],
    ["Writing Center", "resource", "writing_academic_support"],
]

LOAD_SCRIPT = """
import json, sys, spacy
nlp = spacy.load(sys.argv[1])
doc = nlp(sys.argv[2])
print(json.dumps({
    "pipe_names": nlp.pipe_names,
    "ents": [[e.text, e.label_, e.ent_id_] for e in doc.ents],
}))
"""


@pytest.fixture(scope="module")
def saved_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("spacy") / "hnpm_en"
    assert build.main([str(output)]) == 0
    return output


def test_build_writes_loadable_directory(saved_pipeline: Path) -> None:
    assert (saved_pipeline / "config.cfg").is_file()
    assert (saved_pipeline / "meta.json").is_file()
    assert (saved_pipeline / "entity_ruler" / "patterns.jsonl").is_file()


def test_loads_in_fresh_process(saved_pipeline: Path) -> None:
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    completed = subprocess.run(
        [sys.executable, "-c", LOAD_SCRIPT, str(saved_pipeline), SAMPLE],
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["pipe_names"] == ["lemmatizer", "entity_ruler"]
    assert result["ents"] == EXPECTED_ENTITIES


def test_lemma_and_lowercase_patterns(saved_pipeline: Path) -> None:
    nlp = spacy.load(saved_pipeline)
    doc = nlp("she had panic attacks. a ph.d. student; in person or on skype")
    found = [(ent.label_, ent.ent_id_) for ent in doc.ents]
    assert ("support_area", "wellbeing") in found
    assert ("program", "phd") in found
    assert ("meeting_mode", "in_person") in found
    assert ("meeting_mode", "skype") in found


def test_rasa_spacy_nlp_loads(saved_pipeline: Path) -> None:
    spacy_utils = pytest.importorskip("rasa.nlu.utils.spacy_utils")
    model = spacy_utils.SpacyNLP.load_model(str(saved_pipeline))
    spacy_utils.SpacyNLP.ensure_proper_language_model(model.model)
    doc = model.model("i need help with my resume")
    assert [(ent.label_, ent.ent_id_) for ent in doc.ents] == [
        ("support_area", "career")
    ]


def test_pattern_ids_are_vocabulary_ids() -> None:
    vocabulary = load_vocabulary()
    resources = load_directory(vocabulary=vocabulary).resources
    allowed = {label: set(vocabulary.ids(s)) for label, s in ENTITY_SECTIONS.items()}
    allowed[RESOURCE_LABEL] = {resource.id for resource in resources}
    patterns = entity_patterns(vocabulary, resources)
    assert {pattern["label"] for pattern in patterns} == set(allowed)
    for pattern in patterns:
        assert pattern["id"] in allowed[pattern["label"]], pattern


def test_each_phrase_has_one_label() -> None:
    vocabulary = load_vocabulary()
    patterns = entity_patterns(vocabulary, load_directory().resources)
    owners: dict[str, set[tuple[str, str]]] = {}
    for pattern in patterns:
        key = json.dumps(pattern["pattern"])
        owners.setdefault(key, set()).add((pattern["label"], pattern["id"]))
    assert all(len(owner) == 1 for owner in owners.values())


def test_cli_reports_invalid_data(tmp_path: Path) -> None:
    bad_vocabulary = tmp_path / "vocabulary.yml"
    bad_vocabulary.write_text("programs: []\n", encoding="utf-8")
    code = build.main([str(tmp_path / "out"), "--vocabulary", str(bad_vocabulary)])
    assert code == 1
