# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

"""A client library for accessing ModelArts Visualization Jobs"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
