"""Pure functions over the model: eligibility, goals and outcomes.

Nothing here reads the clock; every function takes its reference date.
"""
