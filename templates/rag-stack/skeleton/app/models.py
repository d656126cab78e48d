"""Clients for the embedding and re-ranking models (OpenAI-compatible and
Cohere/TEI-style rerank endpoints); every call goes through the audit log."""

import httpx

from . import audit


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
            results = response.json()["results"]
        return [dict(chunks[r["index"]], score=r["relevance_score"]) for r in results]
