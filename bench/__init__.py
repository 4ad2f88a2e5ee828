"""Performance scenarios: tenantry against a hand-written baseline, measured in the same run."""
