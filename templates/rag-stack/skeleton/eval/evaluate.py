"""Ragas evaluation of the retrieval service on eval/questions.jsonl; exits
with status 1 when a metric falls below its threshold in config/rag.yaml."""

import argparse
import json
import sys

import httpx
import yaml
from datasets import Dataset
from ragas import evaluate
from ragas.metrics import answer_relevancy, context_precision, faithfulness

METRICS = {"faithfulness": faithfulness, "answerRelevancy": answer_relevancy, "contextPrecision": context_precision}
RAGAS_NAMES = {"faithfulness": "faithfulness", "answerRelevancy": "answer_relevancy", "contextPrecision": "context_precision"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="config/rag.yaml")
    parser.add_argument("--questions", default="eval/questions.jsonl")
    parser.add_argument("--service-url", default="http://localhost:8000")
    args = parser.parse_args()
    config = yaml.safe_load(open(args.config))
    thresholds = config["evaluation"]
    rows = [json.loads(line) for line in open(args.questions) if line.strip()]
    records = {"question": [], "answer": [], "contexts": [], "ground_truth": []}
    for row in rows:
        response = httpx.post(f"{args.service_url}/query", json={"question": row["question"]}, timeout=60)
        response.raise_for_status()
        chunks = response.json()["chunks"]
        records["question"].append(row["question"])
        records["answer"].append(row.get("answer") or (chunks[0]["text"] if chunks else ""))
        records["contexts"].append([c["text"] for c in chunks])
        records["ground_truth"].append(row["ground_truth"])
    scores = evaluate(Dataset.from_dict(records), metrics=list(METRICS.values()))
    failed = []
    for name, threshold in thresholds.items():
        value = scores[RAGAS_NAMES[name]]
        value = sum(value) / len(value) if isinstance(value, list) else float(value)
        print(f"{name}: {value:.3f} (threshold {threshold})")
        if value < threshold:
            failed.append(name)
    if failed:
        print(f"below threshold: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
