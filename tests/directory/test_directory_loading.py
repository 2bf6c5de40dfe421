"""The resource directory file and the Directory lookups."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from assistant.directory import (
    CONFIDENTIALITY_LEVELS,
    DEFAULT_DIRECTORY_PATH,
    Directory,
    DirectoryError,
    load_directory,
)
from assistant.vocabulary import load_vocabulary

SEED_IDS = [
    "counseling_center",
    "health_center",
    "title_ix_office",
    "career_services",
    "international_office",
    "accessibility_services",
    "writing_academic_support",
    "basic_needs",
    "chaplaincy_community",
    "campus_police",
    "ombuds_office",
    "program_office",
    "lifeline_988",
    "crisis_text_line",
    "emergency_911",
]


@pytest.fixture(scope="module")
def directory() -> Directory:
    return load_directory()


def test_file_starts_with_comment() -> None:
    first_line = DEFAULT_DIRECTORY_PATH.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("#")


def test_directory_has_seed_resources(directory: Directory) -> None:
    ids = [resource.id for resource in directory.resources]
    assert sorted(ids) == sorted(SEED_IDS)


def test_campus_emergency_line_marks_placeholder(directory: Directory) -> None:
    line = directory.campus_emergency_line()

    assert line.startswith("Campus Police and Emergency Services (781-555-0110")
    assert "placeholder" in line


def test_campus_emergency_line_when_verified(directory: Directory) -> None:
    verified = [
        dataclasses.replace(r, verify=False) if r.id == "campus_police" else r
        for r in directory.resources
    ]
    line = Directory(verified, directory.vocabulary).campus_emergency_line()

    assert line == "Campus Police and Emergency Services (781-555-0110)"


def test_campus_entries_need_verification(directory: Directory) -> None:
    campus = [r for r in directory.resources if r.scope == "campus"]
    assert campus
    for resource in campus:
        assert resource.verify, resource.id
        assert resource.last_verified is None, resource.id


def test_campus_phones_are_fictional(directory: Directory) -> None:
    for resource in directory.resources:
        phone = resource.contact.get("phone")
        if resource.scope == "campus" and phone:
            assert "555-01" in phone, resource.id


def test_national_lines_contacts(directory: Directory) -> None:
    lifeline = directory.get("lifeline_988")
    text_line = directory.get("crisis_text_line")
    emergency = directory.get("emergency_911")
    assert lifeline is not None
    assert text_line is not None
    assert emergency is not None
    assert lifeline.contact["phone"] == "988"
    assert lifeline.contact["text"] == "988"
    assert "HOME" in text_line.contact["text"]
    assert "741741" in text_line.contact["text"]
    assert emergency.contact["phone"] == "911"
    assert not lifeline.verify


def test_every_resource_is_complete(directory: Directory) -> None:
    vocabulary = load_vocabulary()
    areas = set(vocabulary.ids("support_areas")) | set(vocabulary.ids("situations"))
    for resource in directory.resources:
        assert resource.keywords, resource.id
        assert set(resource.helps_with) <= areas, resource.id
        assert resource.confidentiality in CONFIDENTIALITY_LEVELS, resource.id
        assert resource.contact, resource.id
        assert resource.hours, resource.id
        assert resource.who_can_use, resource.id


def test_every_support_area_has_resource(directory: Directory) -> None:
    for area in load_vocabulary().ids("support_areas"):
        assert directory.for_support_areas([area]), area


def test_get_by_id_name_or_alias(directory: Directory) -> None:
    by_id = directory.get("writing_academic_support")
    assert by_id is not None
    assert directory.get("Writing Center") is by_id
    assert directory.get("writing  center") is by_id
    assert directory.get(by_id.name) is by_id
    assert directory.get("no such office") is None


def test_crisis_lines_are_national(directory: Directory) -> None:
    ids = [resource.id for resource in directory.crisis_lines()]
    assert ids == ["lifeline_988", "crisis_text_line", "emergency_911"]


def test_for_support_areas_order(directory: Directory) -> None:
    ids = [r.id for r in directory.for_support_areas(["career", "wellbeing"])]
    assert ids[0] == "career_services"
    assert ids[1] == "counseling_center"
    assert ids.index("chaplaincy_community") < ids.index("lifeline_988")
    assert len(ids) == len(set(ids))


def test_resources_are_hashable(directory: Directory) -> None:
    assert len(set(directory.resources)) == len(directory.resources)


def test_for_support_areas_no_duplicates(directory: Directory) -> None:
    ids = [r.id for r in directory.for_support_areas(["financial", "basic_needs"])]
    assert ids == ["basic_needs"]


def test_for_support_areas_unknown_area(directory: Directory) -> None:
    assert directory.for_support_areas(["astrology"]) == []


def test_confidential_campus_first(directory: Directory) -> None:
    resources = directory.confidential()
    assert resources
    assert all(r.confidentiality == "confidential" for r in resources)
    scopes = [r.scope for r in resources]
    assert scopes == sorted(scopes)  # "campus" sorts before "national"
    assert resources[0].id == "counseling_center"


def _write_directory(tmp_path: Path, entry: dict[str, object]) -> Path:
    path = tmp_path / "resources.yml"
    path.write_text(yaml.safe_dump({"resources": [entry]}), encoding="utf-8")
    return path


def _valid_entry() -> dict[str, object]:
    return {
        "id": "test_office",
        "name": "Test Office",
        "scope": "campus",
        "helps_with": ["career"],
        "keywords": ["resume"],
        "who_can_use": "Students.",
        "confidentiality": "private",
        "contact": {"email": "office@example.edu"},
        "hours": "Weekdays",
        "verify": True,
    }


def test_load_valid_minimal_entry(tmp_path: Path) -> None:
    directory = load_directory(_write_directory(tmp_path, _valid_entry()))
    resource = directory.get("test_office")
    assert resource is not None
    assert resource.aliases == ()
    assert dict(resource.contact) == {"email": "office@example.edu"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("helps_with", ["astrology"], "helps_with"),
        ("confidentiality", "secret", "confidentiality"),
        ("scope", "global", "scope"),
        ("verify", "yes", "verify"),
        ("name", "", "name"),
        ("keywords", [], "keywords"),
        ("contact", {"fax": "123"}, "contact"),
        ("last_verified", "last week", "last_verified"),
        ("id", "Bad Id", "id"),
    ],
)
def test_load_rejects_invalid_field(
    tmp_path: Path, field: str, value: object, message: str
) -> None:
    entry = _valid_entry()
    entry[field] = value
    with pytest.raises(DirectoryError, match=message):
        load_directory(_write_directory(tmp_path, entry))


def test_load_rejects_duplicate_ids(tmp_path: Path) -> None:
    path = tmp_path / "resources.yml"
    path.write_text(
        yaml.safe_dump({"resources": [_valid_entry(), _valid_entry()]}),
        encoding="utf-8",
    )
    with pytest.raises(DirectoryError, match="more than once"):
        load_directory(path)
