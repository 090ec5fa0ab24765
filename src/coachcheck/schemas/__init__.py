"""The JSON Schemas coachcheck publishes, so editors can check the files users write."""
