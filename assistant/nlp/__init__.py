"""spaCy pipelines built from project data, with no pretrained package."""
