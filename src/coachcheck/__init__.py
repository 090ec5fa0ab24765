"""coachcheck: does this manager really coach? Analyzes sales 1:1 call transcripts."""

__version__ = "0.1.0"
