"""In-memory OpenTelemetry SDK exporters, installed once as the global providers."""

from __future__ import annotations

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

_DELTA = {Counter: AggregationTemporality.DELTA, Histogram: AggregationTemporality.DELTA}


@attrs.define
class Otel:
    spans: InMemorySpanExporter
    reader: InMemoryMetricReader

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
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    trace.set_tracer_provider(tracer_provider)
    reader = InMemoryMetricReader(preferred_temporality=_DELTA)  # type: ignore[arg-type]
    metrics.set_meter_provider(MeterProvider(metric_readers=[reader]))
    return Otel(spans, reader)


@pytest.fixture
def otel(_providers: Otel) -> Iterator[Otel]:
    _providers.spans.clear()
    _providers.points()  # forget what earlier tests measured
    yield _providers
    _providers.spans.clear()
