"""Qt item models over the project store (thin adapters, cached rows)."""
