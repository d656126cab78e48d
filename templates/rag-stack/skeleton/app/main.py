"""The retrieval service: POST /query embeds the question, searches the
vector database, re-ranks and returns the chunks with their sources."""

import os
import time

import yaml
from fastapi import FastAPI
from prometheus_client import Histogram, make_asgi_app
from pydantic import BaseModel, Field

from . import audit
from .models import ModelClients
from .vectorstore import open_store

CONFIG = yaml.safe_load(open(os.environ.get("RAG_CONFIG", "config/rag.yaml")))
TENANT = os.environ.get("AI_REFARCH_TENANT", "shared")
audit.configure(CONFIG.get("audit", {}), CONFIG["service"])

RETRIEVAL_SECONDS = Histogram("rag_retrieval_seconds", "Time to answer one query", ["stage"])

app = FastAPI(title=CONFIG["service"])
app.mount("/metrics", make_asgi_app())
models = ModelClients(CONFIG, TENANT)
store = open_store(CONFIG)


class Query(BaseModel):
    question: str = Field(min_length=1, max_length=4000)
    top_k: int | None = Field(default=None, ge=1, le=200)


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


@app.post("/query")
def query(body: Query):
    started = time.perf_counter()
    [vector] = models.embed([body.question])
    RETRIEVAL_SECONDS.labels("embed").observe(time.perf_counter() - started)
    searched = time.perf_counter()
    chunks = store.search(vector, body.top_k or CONFIG["retrieval"]["topK"])
    RETRIEVAL_SECONDS.labels("search").observe(time.perf_counter() - searched)
    ranked = time.perf_counter()
    chunks = models.rerank(body.question, chunks)
    RETRIEVAL_SECONDS.labels("rerank").observe(time.perf_counter() - ranked)
    RETRIEVAL_SECONDS.labels("total").observe(time.perf_counter() - started)
    return {"chunks": chunks}
