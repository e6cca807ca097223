"""MkDocs hook: the HTTP reference, built from openapi/fincard.yaml with Swagger UI bundled.

Swagger UI's files come from the ``swagger-ui-bundle-v2`` wheel (no CDN, no npm) and the spec
is embedded as a script, so the reference renders from the disk with no network at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]

SPEC = "openapi/fincard.yaml"
ASSETS = "http-assets"
SWAGGER_FILES = ("swagger-ui-bundle.js", "swagger-ui.css")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the spec (as a script) and Swagger UI's files to the site."""
    root = Path(config.config_file_path).parent
    spec: Any = yaml.safe_load((root / SPEC).read_text(encoding="utf-8"))
    script = f"window.FINCARD_SPEC = {json.dumps(spec, default=str)};\n"
    files.append(File.generated(config, f"{ASSETS}/spec.js", content=script))
    for name in SWAGGER_FILES:
        source = Path(str(swagger_ui_path)) / name
        files.append(File.generated(config, f"{ASSETS}/{name}", abs_src_path=str(source)))
    return files
