"""Ingestion: fetch the documents under the source URI, chunk them as
config/rag.yaml says, embed the chunks and upsert them."""

import argparse
import hashlib
import os
import sys

import fsspec
import yaml
from prometheus_client import CollectorRegistry, Gauge, push_to_gateway

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from app import audit, tracing  # noqa: E402
from app.models import ModelClients  # noqa: E402
from app.vectorstore import open_store  # noqa: E402


def chunk(text: str, strategy: str, size: int, overlap: int) -> list[str]:
    """Chunks by approximate tokens (words); recursive splits on paragraphs first."""
    if strategy == "recursive":
        units = [p for p in text.split("\n\n") if p.strip()]
    elif strategy == "sentence":
        units = [s.strip() + "." for s in text.replace("\n", " ").split(". ") if s.strip()]
    else:
        units = [text]
    words = [w for unit in units for w in unit.split()]
    step = size - overlap
    return [" ".join(words[i : i + size]) for i in range(0, max(len(words) - overlap, 1), step)]


def report_success(chunks: int) -> None:
    """Pushes the time of this successful run to the Pushgateway, where
    Prometheus keeps it: the index's age is what the freshness alert and the
    scorecard read (a batch job's outcome is what the Pushgateway is for)."""
    url = os.environ.get("PUSHGATEWAY_URL")
    if not url:
        return
    registry = CollectorRegistry()
    Gauge(
        "rag_ingest_last_success_timestamp_seconds",
        "When the index was last refreshed in full",
        registry=registry,
    ).set_to_current_time()
    Gauge("rag_ingest_chunks", "Chunks upserted by the last successful run", registry=registry).set(chunks)
    push_to_gateway(url, job=os.environ["PUSHGATEWAY_JOB"], registry=registry)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="config/rag.yaml")
    parser.add_argument("--source", required=True)
    args = parser.parse_args()
    config = yaml.safe_load(open(args.config))
    audit.configure(config.get("audit", {}), f"{config['service']}-ingest")
    tracing.configure(config.get("tracing"), f"{config['service']}-ingest")
    with tracing.span("rag.ingest", {"openinference.span.kind": "CHAIN", "input.value": args.source}):
        return ingest(config, args.source)


def ingest(config: dict, source: str) -> int:
    models = ModelClients(config, os.environ.get("AI_REFARCH_TENANT", "shared"))
    store = open_store(config)
    chunking = config["chunking"]
    fs, root = fsspec.core.url_to_fs(source)
    total = 0
    for path in fs.find(root):
        text = fs.cat_file(path).decode("utf-8", errors="replace")
        pieces = chunk(text, chunking["strategy"], chunking["chunkSize"], chunking["chunkOverlap"])
        for start in range(0, len(pieces), 64):
            batch = pieces[start : start + 64]
            vectors = models.embed(batch)
            store.upsert(
                [
                    {"id": hashlib.sha256(f"{path}:{start + i}".encode()).hexdigest()[:32], "text": t, "source": path, "vector": v}
                    for i, (t, v) in enumerate(zip(batch, vectors))
                ]
            )
            total += len(batch)
    print(f"upserted {total} chunks from {source}")
    report_success(total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
