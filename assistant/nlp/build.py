"""Build the project's spaCy pipeline from project data and save it to a directory.

Usage: python -m assistant.nlp.build OUTPUT_DIR

The saved directory loads with spacy.load(OUTPUT_DIR) in a fresh process, with no
download, so Rasa's SpacyNLP can use it as `model: OUTPUT_DIR`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from spacy.language import Language

from assistant.directory import DEFAULT_DIRECTORY_PATH, load_directory
from assistant.nlp.pipeline import build_pipeline
from assistant.vocabulary import DEFAULT_VOCABULARY_PATH, load_vocabulary

logger = logging.getLogger(__name__)


def build_project_pipeline(
    vocabulary_path: Path | str = DEFAULT_VOCABULARY_PATH,
    directory_path: Path | str = DEFAULT_DIRECTORY_PATH,
) -> Language:
    """Create the pipeline from vocabulary.yml and resources.yml."""
    vocabulary = load_vocabulary(vocabulary_path)
    directory = load_directory(directory_path, vocabulary)
    return build_pipeline(vocabulary, directory.resources)


def save_project_pipeline(
    output_dir: Path | str,
    vocabulary_path: Path | str = DEFAULT_VOCABULARY_PATH,
    directory_path: Path | str = DEFAULT_DIRECTORY_PATH,
) -> Path:
    """Build the pipeline, save it with nlp.to_disk and return the directory."""
    output = Path(output_dir)
    nlp = build_project_pipeline(vocabulary_path, directory_path)
    nlp.meta["name"] = "hnpm_vocabulary"
    nlp.meta["description"] = (
        "Blank English tokenizer, lookup lemmatizer and an entity ruler built from "
        "data/directory/vocabulary.yml and resources.yml."
    )
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    ruler_size = len(nlp.get_pipe("entity_ruler"))  # type: ignore[arg-type]
    logger.info("Saved the spaCy pipeline with %d patterns to %s", ruler_size, output)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m assistant.nlp.build",
        description="Build the project's spaCy pipeline and save it to a directory.",
    )
    parser.add_argument(
        "output_dir", type=Path, help="directory to write the pipeline to"
    )
    parser.add_argument(
        "--vocabulary",
        type=Path,
        default=DEFAULT_VOCABULARY_PATH,
        help="vocabulary file (default: data/directory/vocabulary.yml)",
    )
    parser.add_argument(
        "--resources",
        type=Path,
        default=DEFAULT_DIRECTORY_PATH,
        help="resource directory file (default: data/directory/resources.yml)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )

    try:
        output = save_project_pipeline(args.output_dir, args.vocabulary, args.resources)
    except (OSError, ValueError) as error:
        logger.error("Failed to build the spaCy pipeline: %s", error)
        return 1
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
