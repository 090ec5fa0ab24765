"""The spaCy layer: the only part of coachcheck that imports spaCy."""
