"""Audit log of every model call: one JSON record per call, with the tenant,
model, operation, latency and outcome, and a hash of the input (the input
itself only when audit.includePayloads is set)."""

import hashlib
import json
import logging
import sys
import time
import uuid
from contextlib import contextmanager

from . import tracing

_logger = logging.getLogger("rag.audit")


def configure(audit_config: dict, service: str) -> None:
    _logger.setLevel(logging.INFO)
    _logger.propagate = False
    if audit_config.get("sink", "stdout") == "otlp":
        from opentelemetry._logs import set_logger_provider
        from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
        from opentelemetry.sdk._logs import LoggerProvider, LoggingHandler
        from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
        from opentelemetry.sdk.resources import Resource

        provider = LoggerProvider(resource=Resource.create({"service.name": service}))
        provider.add_log_record_processor(BatchLogRecordProcessor(OTLPLogExporter()))
        set_logger_provider(provider)
        _logger.addHandler(LoggingHandler(logger_provider=provider))
    else:
        _logger.addHandler(logging.StreamHandler(sys.stdout))


@contextmanager
def model_call(*, tenant: str, model: str, operation: str, payload, include_payload: bool):
    record = {
        "event": "model_call",
        "id": str(uuid.uuid4()),
        "tenant": tenant,
        "model": model,
        "operation": operation,
        "input_sha256": hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest(),
    }
    if include_payload:
        record["input"] = payload
    started = time.perf_counter()
    # The call's span, named and attributed as the GenAI semantic
    # conventions ask, with the audit record's id to find one from the other.
    attributes = {
        "gen_ai.operation.name": {"embed": "embeddings"}.get(operation, operation),
        "gen_ai.request.model": model.split("/")[-1],
        "openinference.span.kind": {"embed": "EMBEDDING", "rerank": "RERANKER"}.get(operation, "LLM"),
        "ai_refarch.audit.id": record["id"],
    }
    try:
        with tracing.span(f"{operation} {attributes['gen_ai.request.model']}", attributes) as span:
            yield record
            if span is not None and isinstance(record.get("usage"), dict):
                tokens = record["usage"].get("prompt_tokens", record["usage"].get("total_tokens"))
                if isinstance(tokens, int):
                    span.set_attribute("gen_ai.usage.input_tokens", tokens)
        record["status"] = "ok"
    except Exception as error:  # the caller sees the error; the log keeps it
        record["status"] = "error"
        record["error"] = type(error).__name__
        raise
    finally:
        record["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
        _logger.info(json.dumps(record))
