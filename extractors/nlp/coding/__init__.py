"""Event coding: PLOVER event types, targets, and actor countries and sectors (issue 15)."""
