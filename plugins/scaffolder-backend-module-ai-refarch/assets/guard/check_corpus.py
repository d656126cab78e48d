"""Runs the input screen over the corpus of known injection prompts that
ships with the guard (guard/corpus/injections.jsonl; those with "where":
"document" are screened as retrieved documents) and over questions it
must let through (guard/corpus/benign.jsonl), reports how many it stops,
and fails when it stops fewer than corpus.minBlockRate of the injections or
refuses more than corpus.maxFalsePositiveRate of the questions
(config/guard.yaml). Add the injections your service meets to the corpus,
and the questions your users ask to the benign list.

    python -m guard.check_corpus --config config/guard.yaml [--json report.json]
"""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from .config import load_config
from .screen import screen

CORPUS = Path(__file__).parent / "corpus"


def read_jsonl(path: Path) -> list[dict]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise SystemExit(f"{path}:{number}: not JSON: {error}") from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise SystemExit(f'{path}:{number}: each line needs a "text" string')
        items.append(item)
    return items


def check(config, corpus: Path = CORPUS) -> dict:
    injections = read_jsonl(corpus / "injections.jsonl")
    benign = read_jsonl(corpus / "benign.jsonl")
    if not injections or not benign:
        raise SystemExit(f"{corpus}: the corpus needs injections and benign questions")
    # Measured as blocking, whatever the service's action: the corpus
    # measures what the screen recognises.
    measured = config.__class__(**{**config.__dict__, "screen_action": "block"})
    total, stopped = Counter(), Counter()
    missed = []
    for item in injections:
        category = item.get("category", "uncategorised")
        total[category] += 1
        # Injections hidden in retrieved documents are screened as documents.
        document = item.get("where") == "document"
        if screen(item["text"], measured, document=document).blocked:
            stopped[category] += 1
        else:
            missed.append(item)
    refused = [
        {**item, "reasons": list(verdict.reasons)}
        for item in benign
        if (verdict := screen(item["text"], measured)).blocked
    ]
    block_rate = sum(stopped.values()) / len(injections)
    false_positive_rate = len(refused) / len(benign)
    return {
        "injections": len(injections),
        "stopped": sum(stopped.values()),
        "blockRate": round(block_rate, 4),
        "byCategory": {c: {"stopped": stopped[c], "total": total[c]} for c in sorted(total)},
        "missed": missed,
        "benign": len(benign),
        "refused": refused,
        "falsePositiveRate": round(false_positive_rate, 4),
        "passed": block_rate >= config.min_block_rate
        and false_positive_rate <= config.max_false_positive_rate,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default="config/guard.yaml")
    parser.add_argument("--json", help="also write the report to this file")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    report = check(config)
    print(
        f"The input screen stopped {report['stopped']} of {report['injections']} known injection prompts "
        f"({report['blockRate']:.1%}; at least {config.min_block_rate:.0%} required)"
    )
    for category, counts in report["byCategory"].items():
        print(f"  {category}: {counts['stopped']} of {counts['total']}")
    for item in report["missed"]:
        print(f"  missed ({item.get('category', 'uncategorised')}): {item['text'][:100]!r}")
    print(
        f"It refused {len(report['refused'])} of {report['benign']} ordinary questions "
        f"({report['falsePositiveRate']:.1%}; at most {config.max_false_positive_rate:.0%} allowed)"
    )
    for item in report["refused"]:
        print(f"  refused ({', '.join(item['reasons'])}): {item['text'][:100]!r}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
