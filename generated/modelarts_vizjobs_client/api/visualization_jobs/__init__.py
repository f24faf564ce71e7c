# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

"""Contains endpoint functions for accessing the API"""
