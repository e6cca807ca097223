"""In-memory OpenTelemetry SDK exporters, installed once as the global providers."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from opentelemetry import metrics, trace
from opentelemetry.sdk.metrics import Counter, Histogram, MeterProvider
from opentelemetry.sdk.metrics.export import AggregationTemporality, InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import Decision, Sampler, SamplingResult

_DELTA = {Counter: AggregationTemporality.DELTA, Histogram: AggregationTemporality.DELTA}


class Switch(Sampler):
    """Records spans only while a test of this package runs: the global provider stays set
    for the rest of the session, and must not make every later call build spans."""

    def __init__(self) -> None:
        self.on = False

    def should_sample(
        self, parent_context: Any, trace_id: int, name: str, *args: Any, **kwargs: Any
    ) -> SamplingResult:
        if not self.on:
            return SamplingResult(Decision.DROP)
        # the span starts with the attributes the sampler hands back
        attributes = kwargs.get("attributes", args[1] if len(args) > 1 else None)
        return SamplingResult(Decision.RECORD_AND_SAMPLE, attributes)

    def get_description(self) -> str:
        return "fincard-tests-switch"


@attrs.define
class Otel:
    spans: InMemorySpanExporter
    reader: InMemoryMetricReader
    switch: Switch

    def finished(self) -> list[ReadableSpan]:
        return list(self.spans.get_finished_spans())

    def points(self) -> dict[str, list[Any]]:
        """Data points of each metric since the last call (delta temporality)."""
        found: dict[str, list[Any]] = {}
        data = self.reader.get_metrics_data()
        for resource in data.resource_metrics if data else ():
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    found.setdefault(metric.name, []).extend(metric.data.data_points)
        return found


@pytest.fixture(scope="session")
def _providers() -> Otel:
    # global providers can be set once per process; the SDK's own proxies pick them up
    spans = InMemorySpanExporter()
    switch = Switch()
    tracer_provider = TracerProvider(sampler=switch)
    tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    trace.set_tracer_provider(tracer_provider)
    reader = InMemoryMetricReader(preferred_temporality=_DELTA)  # type: ignore[arg-type]
    metrics.set_meter_provider(MeterProvider(metric_readers=[reader]))
    return Otel(spans, reader, switch)


@pytest.fixture
def otel(_providers: Otel) -> Iterator[Otel]:
    _providers.spans.clear()
    _providers.points()  # forget what earlier tests measured
    _providers.switch.on = True
    yield _providers
    _providers.switch.on = False
    _providers.spans.clear()
    # these tests end calls in errors whose tracebacks hold whole sandboxes in cycles: collect
    # them here, not in the middle of a later test that times itself
    gc.collect()
