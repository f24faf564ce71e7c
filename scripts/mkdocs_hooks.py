"""MkDocs hook: render the HTTP reference from the spec (pinned Redocly CLI) into the site.

The page is added as a generated file, so ``mkdocs build --strict`` checks links to it like
links to any page, and ``make docs`` is one command for the whole site.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

REFERENCE = "api-reference.html"
SPEC = "openapi/modelarts-vizjobs.yaml"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    redocly = root / "node_modules/.bin/redocly"
    if not redocly.exists():
        raise PluginError(f"{redocly} is missing: run `make node` first")
    # rendered into a scratch directory that is gone once the page is read: no /tmp litter
    with tempfile.TemporaryDirectory(prefix="redoc-") as scratch:
        output = Path(scratch) / REFERENCE
        done = subprocess.run(
            [str(redocly), "build-docs", SPEC, "-o", str(output)],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={
                **os.environ,
                "REDOCLY_TELEMETRY": "off",
                "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
            },
        )
        if done.returncode != 0:
            raise PluginError(f"redocly build-docs failed:\n{done.stdout}{done.stderr}")
        page = output.read_bytes()
    stale = files.get_file_from_path(REFERENCE)
    if stale is not None:  # left in docs/ by an older `make docs`
        files.remove(stale)
    files.append(File.generated(config, REFERENCE, content=page))
    return files
