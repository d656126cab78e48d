"""The retrieval service: POST /query embeds the question, searches the
vector database, re-ranks and returns the chunks with their sources, and the
chunks fenced as data (context, with the instructions for the system
message) for the model that answers.

The prompt-injection guard (guard/, config/guard.yaml) screens the question
and every retrieved chunk, drops chunks that carry instructions, and redacts
personal data from what the service returns."""

import os
import time

import yaml
from fastapi import FastAPI, HTTPException
from prometheus_client import Counter, Histogram, make_asgi_app
from pydantic import BaseModel, Field

from guard import fence, load_config, redact, screen

from . import audit, tracing
from .models import ModelClients
from .vectorstore import open_store

CONFIG = yaml.safe_load(open(os.environ.get("RAG_CONFIG", "config/rag.yaml")))
TENANT = os.environ.get("AI_REFARCH_TENANT", "shared")
audit.configure(CONFIG.get("audit", {}), CONFIG["service"])
tracing.configure(CONFIG.get("tracing"), CONFIG["service"])

GUARD = load_config(os.environ.get("GUARD_CONFIG", "config/guard.yaml"))

RETRIEVAL_SECONDS = Histogram("rag_retrieval_seconds", "Time to answer one query", ["stage"])
GUARD_DECISIONS = Counter(
    "guard_decisions_total",
    "What the prompt-injection guard did, by stage (question, chunk, output)",
    ["stage", "outcome"],
)

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
    # The trace keeps what the answer would: the question redacted as the
    # chunks are.
    question = redact(body.question, GUARD.pii_kinds)[0] if GUARD.redact_pii else body.question
    with tracing.span("rag.query", tracing.root_attributes(question)) as root:
        verdict = screen(body.question, GUARD)
        GUARD_DECISIONS.labels("question", "blocked" if verdict.blocked else "flagged" if verdict.flagged else "passed").inc()
        if root is not None:
            root.set_attribute("ai_refarch.guard.reasons", list(verdict.reasons))
            root.set_attribute("ai_refarch.guard.blocked", verdict.blocked)
        if not verdict.blocked:
            answer = _answer(body)
            if root is not None:
                root.set_attribute("output.value", tracing.output_value(answer["chunks"]))
            return answer
    # Refused after the span ends: the guard working is not a failed trace.
    raise HTTPException(
        status_code=400,
        detail={"error": "the question was refused by the prompt-injection screen", "reasons": list(verdict.reasons)},
    )


def _answer(body: Query):
    started = time.perf_counter()
    [vector] = models.embed([body.question])
    RETRIEVAL_SECONDS.labels("embed").observe(time.perf_counter() - started)
    searched = time.perf_counter()
    with tracing.span("vector search", {"openinference.span.kind": "RETRIEVER", "db.system": CONFIG["vectorDb"]["type"]}):
        chunks = store.search(vector, body.top_k or CONFIG["retrieval"]["topK"])
    RETRIEVAL_SECONDS.labels("search").observe(time.perf_counter() - searched)
    if GUARD.screen_documents:
        # Indirect injection: a document that addresses the model is not
        # passed on, whatever the screen's action for questions.
        kept = []
        for chunk in chunks:
            flagged = screen(chunk["text"], GUARD, document=True).flagged
            GUARD_DECISIONS.labels("chunk", "dropped" if flagged else "passed").inc()
            if not flagged:
                kept.append(chunk)
        chunks = kept
    ranked = time.perf_counter()
    chunks = models.rerank(body.question, chunks)
    RETRIEVAL_SECONDS.labels("rerank").observe(time.perf_counter() - ranked)
    if GUARD.redact_pii:
        for chunk in chunks:
            chunk["text"], found = redact(chunk["text"], GUARD.pii_kinds)
            GUARD_DECISIONS.labels("output", "redacted" if found else "passed").inc()
    RETRIEVAL_SECONDS.labels("total").observe(time.perf_counter() - started)
    answer = {"chunks": chunks}
    if GUARD.fence_documents:
        fenced = fence(chunks)
        answer.update(instructions=fenced["instructions"], context=fenced["context"])
    return answer
