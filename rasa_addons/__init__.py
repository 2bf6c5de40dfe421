"""Rasa graph components of the project: the safety screen and the safety policy."""
