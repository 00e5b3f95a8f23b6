"""The fuzzing suite of issue 12: every public entry against generated and mutated input."""
