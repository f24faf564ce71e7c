# Generated from src/modelarts_vizjobs/_async/__init__.py by scripts/unasync.py: do not edit.
# Change the async source and run `make regen` instead.
"""The sync client and resources, generated from ``modelarts_vizjobs._async``."""
