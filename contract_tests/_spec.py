"""The spec and the Schemathesis configuration every contract suite loads, by absolute path."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from schemathesis.specs.openapi.schemas import OpenApiSchema

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi" / "modelarts-vizjobs.yaml"
CONFIG_PATH = Path(__file__).resolve().parent / "schemathesis.toml"
HOOKS_PATH = Path(__file__).resolve().parent / "schemathesis_hooks.py"

__all__ = ["CONFIG_PATH", "HOOKS_PATH", "SPEC_PATH", "load_schema"]


def load_schema() -> OpenApiSchema:
    """Load the spec with the suite's config passed explicitly (no cwd auto-discovery)."""
    config = schemathesis.Config.from_path(str(CONFIG_PATH))
    schema = schemathesis.openapi.from_path(str(SPEC_PATH), config=config)
    assert isinstance(schema, OpenApiSchema)
    return schema
