"""Reporters turn CallReports into text. They format; they never decide anything."""
