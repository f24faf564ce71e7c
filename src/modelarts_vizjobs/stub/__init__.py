"""Stateful in-memory fake of the ModelArts visualization-jobs API (work in progress)."""
