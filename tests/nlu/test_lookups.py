"""Lookup tables generated from the directory data (data/nlu/lookups.yml)."""

from __future__ import annotations

from assistant.directory import load_directory
from assistant.nlp.lookups import generate_lookups, lookup_tables
from assistant.vocabulary import PROJECT_ROOT, load_vocabulary

COMMITTED = PROJECT_ROOT / "data" / "nlu" / "lookups.yml"


def test_committed_lookups_match_directory_data() -> None:
    # Fails after an edit of vocabulary.yml or resources.yml until
    # `python -m assistant.nlp.lookups data/nlu/lookups.yml` (or `make model`) runs.
    assert COMMITTED.read_text(encoding="utf-8") == generate_lookups()


def test_lookup_tables_hold_aliases_and_resource_names() -> None:
    vocabulary = load_vocabulary()
    tables = lookup_tables(vocabulary, load_directory(vocabulary=vocabulary).resources)

    assert "travel signature" in tables["support_area"]
    assert "public policy" in tables["program"]
    assert "continuing" in tables["student_status"]
    assert "career services" in " ".join(tables["resource"])


def test_lookup_tables_leave_out_generic_words() -> None:
    vocabulary = load_vocabulary()
    tables = lookup_tables(vocabulary, load_directory(vocabulary=vocabulary).resources)

    assert "other" not in tables["program"]
    assert "theme" not in tables
