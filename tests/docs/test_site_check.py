"""The browser check's reading of rendered pages: it must fail on what a reader would miss."""

from __future__ import annotations

from docs import check_site

HTTP = check_site.HTTP_PAGE


def swagger(*operations: str) -> str:
    rows = "".join(f'<span class="opblock-summary-operation-id">{op}</span>' for op in operations)
    return f"<h1>HTTP API</h1><div id='swagger-ui'>{rows}</div>"


def api_page(*anchors: str) -> str:
    return "<h1>Client</h1>" + "".join(f'<h2 id="{anchor}">x</h2>' for anchor in anchors)


def test_complete_site_passes() -> None:
    doms = {
        HTTP: swagger("login", "listRegions"),
        "reference/client.html": api_page("fincard_async.FincardClient"),
        "reference/models.html": api_page(
            "fincard_async._generated.models.City", "fincard_async._generated.models"
        ),
    }
    assert check_site.check(doms, ["listRegions", "login"], ["City", "FincardClient"]) == []


def test_missing_operation_class_and_title_are_each_reported() -> None:
    doms = {
        HTTP: swagger("login"),
        "reference/client.html": api_page("fincard_async.FincardClient"),
        "guides/blank.html": "<p>Swagger UI failed to load</p>",
        "guides/quickstart.html": '<h1>Quickstart</h1><code>--8 &lt; --"examples/x.py"</code>',
    }
    problems = check_site.check(doms, ["login", "applyCard"], ["FincardClient", "Timeout"])
    assert problems == [
        "guides/blank.html: no title rendered",
        "guides/quickstart.html: an example was not included",
        f"{HTTP}: operation applyCard not rendered",
        "Python API pages: Timeout not documented",
    ]


def test_a_name_only_in_a_guide_does_not_count_as_documented() -> None:
    doms = {"guides/errors.html": api_page("fincard_async.FincardError")}
    assert check_site.check(doms, [], ["FincardError"]) == [
        "Python API pages: FincardError not documented"
    ]


def test_what_is_wanted_comes_from_the_spec_and_the_package() -> None:
    operations = check_site.operation_ids()
    assert {"login", "submitWorkOrder", "applyCard"} <= set(operations)
    names = check_site.public_names()
    assert {"FincardClient", "encode_kyc_image", "FaultRule", "CardApplyBaseInfo"} <= set(names)
    assert "NOT_GIVEN" not in names  # a constant, not a class or function
