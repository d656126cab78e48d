"""Traces of the service: one per query, sent with OpenTelemetry's OTLP/HTTP
exporter to the back end config/rag.yaml names (tracing). The Deployment
sets OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces), its
headers, OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES
(https://opentelemetry.io/docs/specs/otel/protocol/exporter/).

The root span carries the question and the chunks returned, as the answer
redacts them, in OpenInference's input.value and output.value, which the
online evaluators of Phoenix, LangSmith and Langfuse read; each model call
is a child span with the GenAI semantic conventions' attributes
(https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/). With
Langfuse, the trace is tagged service:<name> (langfuse.trace.tags): the
portal's online quality SLO reads this service's evaluation scores by that
tag, since Langfuse's score metrics cannot filter by service.name."""

import json
import logging
import os
from contextlib import contextmanager

_log = logging.getLogger("rag.tracing")
_tracer = None
_settings = {"service": "", "backend": ""}


def langfuse_tag(service: str) -> str:
    """The tag a service's traces carry in Langfuse."""
    return f"service:{service}"


def root_attributes(question: str) -> dict:
    """The attributes of a query's root span."""
    attributes = {"openinference.span.kind": "CHAIN", "input.value": question}
    if _settings["backend"] == "langfuse":
        attributes["langfuse.trace.name"] = _settings["service"]
        attributes["langfuse.trace.tags"] = [langfuse_tag(_settings["service"])]
    return attributes


def output_value(chunks: list[dict]) -> str:
    """What the query returned, as the root span's output.value."""
    return json.dumps([{"text": c.get("text"), "source": c.get("source")} for c in chunks], ensure_ascii=False)


def configure(backend: str | None, service: str) -> bool:
    """Starts exporting spans; False (and no spans) when the service has no
    back end or no OTLP endpoint, as when it runs on a laptop."""
    global _tracer
    _settings.update(service=service, backend=backend or "")
    if not backend or not os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        _log.warning("tracing is off: no back end in config/rag.yaml or no OTEL_EXPORTER_OTLP_ENDPOINT")
        return False
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    # Resource.create adds OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME.
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    _tracer = trace.get_tracer("ai-refarch.rag")
    return True


@contextmanager
def span(name: str, attributes: dict):
    """A span, current for what runs inside it; None when tracing is off. An
    exception ends it with an error status."""
    if _tracer is None:
        yield None
        return
    with _tracer.start_as_current_span(name, attributes=attributes) as current:
        yield current
