"""Pure policy engine: ID numbers, rule sets, classification, eligibility, clocks, workflow.

Nothing in this package touches Qt, the database or PDF output, so it can be tested alone
and called from any layer.
"""
