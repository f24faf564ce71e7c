"""ModelArts visualization-jobs SDK."""
