"""Validated domain models built from input records."""
