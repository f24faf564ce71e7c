"""MkDocs hooks: render the HTTP reference from the spec (pinned Redocly CLI) into the site,
and serve the offline plugin's worker shim from the site itself.

The page is added as a generated file, so ``mkdocs build --strict`` checks links to it like
links to any page, and ``make docs`` is one command for the whole site. The offline plugin
(search from ``file://``) loads the ``iframe-worker`` shim from unpkg.com; the pinned npm copy
(package.json) is put into the site instead, so search works from disk with no network.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

REFERENCE = "api-reference.html"
SHIM_URL = "https://unpkg.com/iframe-worker/shim"
SHIM = "assets/javascripts/iframe-worker-shim.js"
#: The Redoc bundle the reference page loads: the pinned copy of node_modules, not the CDN's.
REDOC = "assets/javascripts/redoc.standalone.js"
_REDOC_CDN = re.compile(r'src="https://cdn\.redocly\.com/redoc/[^"]+/redoc\.standalone\.js"')
_WEB_FONTS = re.compile(r'<link href="https://fonts\.googleapis\.com/[^"]*" rel="stylesheet">')
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
        # the page works from disk: Redoc from the site, system fonts instead of Google's
        html = output.read_text(encoding="utf-8")
        page = _WEB_FONTS.sub("", _REDOC_CDN.sub(f'src="{REDOC}"', html))
    stale = files.get_file_from_path(REFERENCE)
    if stale is not None:  # left in docs/ by an older `make docs`
        files.remove(stale)
    files.append(File.generated(config, REFERENCE, content=page))
    shim = root / "node_modules/iframe-worker/shim/index.js"
    if not shim.exists():
        raise PluginError(f"{shim} is missing: run `make node` first")
    files.append(File.generated(config, SHIM, content=shim.read_bytes()))
    bundle = root / "node_modules/redoc/bundles/redoc.standalone.js"
    files.append(File.generated(config, REDOC, content=bundle.read_bytes()))
    return files


def on_post_page(output: str, page: object, config: MkDocsConfig) -> str:
    """Every page loads the shim from the site (all pages sit at its root: no directory URLs)."""
    return output.replace(f'src="{SHIM_URL}"', f'src="{SHIM}"')


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The same for the static pages (404.html)."""
    return output_content.replace(f'src="{SHIM_URL}"', f'src="{SHIM}"')
