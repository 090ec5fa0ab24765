"""Tests of `coachcheck check`: thresholds, the gate, reporters, baselines, the pre-commit hook."""
