"""Analysis ▸ Compare outlets: one tab per view; every number opens the spans behind it."""
