"""Clients for the embedding and re-ranking models (OpenAI-compatible and
Cohere/TEI-style rerank endpoints); every call goes through the audit log,
and the tokens of every call are counted for the cost of the models it
calls."""

import httpx
from prometheus_client import Histogram

from . import audit

# OpenTelemetry's GenAI metric gen_ai.client.token.usage, with its attributes
# and its advised bucket boundaries, under the name its Prometheus exporter
# gives it. The portal's cost service charges this service its share of a
# self-hosted model's GPUs, or a hosted model's price, by these tokens:
# https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-metrics/
TOKEN_USAGE = Histogram(
    "gen_ai_client_token_usage",
    "Number of input and output tokens used",
    ["gen_ai_operation_name", "gen_ai_request_model", "gen_ai_token_type"],
    buckets=[4**i for i in range(14)],
)


def _count_tokens(operation: str, model_ref: str, usage) -> None:
    """Counts the input tokens an endpoint reports (OpenAI's usage.prompt_tokens,
    else usage.total_tokens as vLLM's rerank answers); an endpoint that reports
    none is not counted rather than counted as zero."""
    if not isinstance(usage, dict):
        return
    tokens = usage.get("prompt_tokens", usage.get("total_tokens"))
    if isinstance(tokens, int) and tokens >= 0:
        # The AIModel's name: the model label the cost service matches.
        TOKEN_USAGE.labels(operation, model_ref.split("/")[-1], "input").observe(tokens)


class ModelClients:
    def __init__(self, config: dict, tenant: str):
        self.config = config
        self.tenant = tenant
        self.include_payload = config.get("audit", {}).get("includePayloads", False)
        self.http = httpx.Client(timeout=30)

    def embed(self, texts: list[str]) -> list[list[float]]:
        embedding = self.config["embedding"]
        with audit.model_call(
            tenant=self.tenant,
            model=embedding["model"],
            operation="embed",
            payload=texts,
            include_payload=self.include_payload,
        ) as record:
            response = self.http.post(
                f"{embedding['endpoint']}/embeddings",
                json={"model": embedding["model"].split("/")[-1], "input": texts},
            )
            response.raise_for_status()
            data = response.json()
            record["usage"] = data.get("usage")
            _count_tokens("embeddings", embedding["model"], data.get("usage"))
            vectors = [item["embedding"] for item in data["data"]]
        for vector in vectors:
            if len(vector) != embedding["dimensions"]:
                raise ValueError(
                    f"embedding has {len(vector)} dimensions, config says {embedding['dimensions']}"
                )
        return vectors

    def rerank(self, query: str, chunks: list[dict]) -> list[dict]:
        reranker = self.config.get("reranker")
        if not reranker or not chunks:
            return chunks
        with audit.model_call(
            tenant=self.tenant,
            model=reranker["model"],
            operation="rerank",
            payload={"query": query, "documents": [c["text"] for c in chunks]},
            include_payload=self.include_payload,
        ):
            response = self.http.post(
                f"{reranker['endpoint']}/rerank",
                json={
                    "model": reranker["model"].split("/")[-1],
                    "query": query,
                    "documents": [c["text"] for c in chunks],
                    "top_n": reranker["topN"],
                },
            )
            response.raise_for_status()
            data = response.json()
            _count_tokens("rerank", reranker["model"], data.get("usage"))
            results = data["results"]
        return [dict(chunks[r["index"]], score=r["relevance_score"]) for r in results]
