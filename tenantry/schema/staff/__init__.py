"""Filled in by the domain."""
