"""Render the built site in headless Chromium and check what a reader would see.

``python -m docs.check_site [SITE]`` (``make docs-check``) opens every page of the built site
(default ``build/site``) in Debian's ``chromium``, with all network names mapped to nowhere,
lets its scripts run, and reads the resulting DOM. It fails unless:

- the HTTP reference shows every ``operationId`` of ``openapi/fincard.yaml`` (rendered by the
  bundled Swagger UI, so this also proves the renderer works offline);
- the Python API pages have a section for every public class and function of
  ``fincard_async``, ``fincard_async.models`` and ``fincard_async.sandbox``;
- every page has rendered its title, and every example it includes from examples/.
"""

from __future__ import annotations

import concurrent.futures
import inspect
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

import yaml

__all__ = ["main", "missing", "operation_ids", "public_names", "rendered_names", "rendered_ops"]

SPEC: Final = Path("openapi/fincard.yaml")
HTTP_PAGE: Final = "reference/http.html"
API_PAGES: Final = "reference/"
FLAGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    # nothing may come from the network: a page that needs it renders incomplete and fails
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--virtual-time-budget=20000",
    "--dump-dom",
)
_OPERATION: Final = re.compile(r'class="opblock-summary-operation-id"[^>]*>([^<]+)<')
_ANCHOR: Final = re.compile(r'\bid="(fincard_async[A-Za-z0-9_.]*)"')
_TITLE: Final = re.compile(r"<h1[^>]*>")
# a snippet line left as text: the example file was not included
_RAW_SNIPPET: Final = re.compile(r"--8\s*&lt;\s*--")


def operation_ids(spec: Path = SPEC) -> list[str]:
    """Every ``operationId`` in the spec."""
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    return sorted(
        operation["operationId"]
        for path in document["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    )


def public_names() -> list[str]:
    """The public classes and functions a reader must find in the Python API pages."""
    import fincard_async
    import fincard_async.models
    import fincard_async.sandbox

    names: set[str] = set()
    for module in (fincard_async, fincard_async.models, fincard_async.sandbox):
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value) or inspect.isfunction(value):
                names.add(name)
    return sorted(names)


def rendered_ops(dom: str) -> set[str]:
    """The operation ids Swagger UI drew in ``dom``."""
    return {match.strip() for match in _OPERATION.findall(dom)}


def rendered_names(dom: str) -> set[str]:
    """The last part of every documented object's anchor in ``dom``."""
    return {anchor.rsplit(".", 1)[-1] for anchor in _ANCHOR.findall(dom)}


def missing(wanted: Iterable[str], found: Iterable[str]) -> list[str]:
    """What is wanted and not found, sorted."""
    return sorted(set(wanted) - set(found))


def _browser() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("chromium not found: apt-get install -y chromium (make docs-check does)")


def _render(browser: str, page: Path) -> str:
    with tempfile.TemporaryDirectory(prefix="fincard-docs-") as profile:
        answer = subprocess.run(  # noqa: S603 (our own arguments)
            [browser, *FLAGS, f"--user-data-dir={profile}", page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=180,
            check=True,
        )
    return answer.stdout


def render_all(site: Path) -> dict[str, str]:
    """The DOM of every page of ``site`` after its scripts ran, by relative path."""
    browser = _browser()
    pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html")
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        doms = pool.map(lambda page: _render(browser, page), pages)
        return {
            page.relative_to(site).as_posix(): dom for page, dom in zip(pages, doms, strict=True)
        }


def check(doms: dict[str, str], operations: Sequence[str], names: Sequence[str]) -> list[str]:
    """The problems found in rendered ``doms`` (empty: the site is complete)."""
    problems = [
        f"{page}: no title rendered" for page, dom in doms.items() if not _TITLE.search(dom)
    ]
    problems += [
        f"{page}: an example was not included"
        for page, dom in doms.items()
        if _RAW_SNIPPET.search(dom)
    ]
    ops = rendered_ops(doms.get(HTTP_PAGE, ""))
    problems += [f"{HTTP_PAGE}: operation {op} not rendered" for op in missing(operations, ops)]
    api = set().union(*(rendered_names(d) for p, d in doms.items() if p.startswith(API_PAGES)))
    problems += [f"Python API pages: {name} not documented" for name in missing(names, api)]
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    site = Path(args[0] if args else "build/site")
    if not (site / "index.html").is_file():
        print(f"no built site in {site}: run make docs first", file=sys.stderr)
        return 1
    doms = render_all(site)
    operations, names = operation_ids(), public_names()
    problems = check(doms, operations, names)
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    drawn = sorted(rendered_ops(doms.get(HTTP_PAGE, "")))
    documented = set().union(*(rendered_names(dom) for dom in doms.values()))
    shown = len(names) - len(missing(names, documented))
    print(f"rendered {len(doms)} pages in headless chromium, with no network")
    print(f"HTTP reference: {len(drawn)}/{len(operations)} operations drawn: {', '.join(drawn)}")
    print(f"Python API: {shown}/{len(names)} public classes and functions documented")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
