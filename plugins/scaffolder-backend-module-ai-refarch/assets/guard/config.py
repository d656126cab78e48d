"""config/guard.yaml, read and checked: a setting that is missing, of the
wrong type or unknown stops the service at start-up with its name, rather
than leaving a screen silently off."""

import json
import re
from dataclasses import dataclass, field

PII_KINDS = ("email", "phone", "credit-card", "us-ssn", "iban", "ipv4")
CLASSIFICATIONS = ("public", "internal", "confidential", "pii", "phi", "pci")
# Data of these classifications is personal or regulated: the output filter
# must redact it.
REDACTION_REQUIRED = ("pii", "phi", "pci")


class GuardConfigError(ValueError):
    pass


@dataclass(frozen=True)
class GuardConfig:
    service: str
    data_classification: str
    screen_enabled: bool = True
    screen_action: str = "block"
    max_chars: int = 8000
    extra_patterns: tuple = ()
    fence_documents: bool = True
    screen_documents: bool = True
    redact_pii: bool = False
    pii_kinds: tuple = PII_KINDS
    min_block_rate: float = 0.9
    max_false_positive_rate: float = 0.05
    compiled_patterns: tuple = field(default=(), compare=False)


def _get(data: dict, path: str, kind, default=None, required=False):
    node = data
    keys = path.split(".")
    for key in keys[:-1]:
        node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            break
    value = node.get(keys[-1]) if isinstance(node, dict) else None
    if value is None:
        if required:
            raise GuardConfigError(f"config/guard.yaml: {path} is required")
        return default
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise GuardConfigError(
            f"config/guard.yaml: {path} must be {kind.__name__}, not {type(value).__name__}"
        )
    return value


def _unknown_keys(data: dict, allowed: dict, prefix: str = "") -> None:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if key not in allowed:
            raise GuardConfigError(f"config/guard.yaml: {name} is not a setting of the guard")
        if isinstance(allowed[key], dict) and isinstance(value, dict):
            _unknown_keys(value, allowed[key], f"{name}.")


_SCHEMA = {
    "service": True,
    "dataClassification": True,
    "inputScreen": {"enabled": True, "action": True, "maxChars": True, "extraPatterns": True},
    "retrievedContent": {"fence": True, "screen": True},
    "outputFilter": {"redactPii": True, "piiKinds": True},
    "corpus": {"minBlockRate": True, "maxFalsePositiveRate": True},
}


def parse_config(data) -> GuardConfig:
    if not isinstance(data, dict):
        raise GuardConfigError("config/guard.yaml must be a mapping")
    _unknown_keys(data, _SCHEMA)
    classification = _get(data, "dataClassification", str, required=True)
    if classification not in CLASSIFICATIONS:
        raise GuardConfigError(
            f"config/guard.yaml: dataClassification must be one of {', '.join(CLASSIFICATIONS)}"
        )
    action = _get(data, "inputScreen.action", str, "block")
    if action not in ("block", "flag"):
        raise GuardConfigError("config/guard.yaml: inputScreen.action must be block or flag")
    extra = _get(data, "inputScreen.extraPatterns", list, [])
    compiled = []
    for i, pattern in enumerate(extra):
        try:
            compiled.append(re.compile(str(pattern), re.IGNORECASE))
        except re.error as error:
            raise GuardConfigError(
                f"config/guard.yaml: inputScreen.extraPatterns[{i}] is not a regular expression: {error}"
            ) from None
    kinds = _get(data, "outputFilter.piiKinds", list, list(PII_KINDS))
    for kind in kinds:
        if kind not in PII_KINDS:
            raise GuardConfigError(
                f"config/guard.yaml: outputFilter.piiKinds: {json.dumps(kind)} is not one of {', '.join(PII_KINDS)}"
            )
    redact_pii = _get(data, "outputFilter.redactPii", bool, False)
    if classification in REDACTION_REQUIRED and not redact_pii:
        raise GuardConfigError(
            f"config/guard.yaml: outputFilter.redactPii must be true for {classification} data"
        )
    config = GuardConfig(
        service=_get(data, "service", str, required=True),
        data_classification=classification,
        screen_enabled=_get(data, "inputScreen.enabled", bool, True),
        screen_action=action,
        max_chars=_get(data, "inputScreen.maxChars", int, 8000),
        extra_patterns=tuple(extra),
        fence_documents=_get(data, "retrievedContent.fence", bool, True),
        screen_documents=_get(data, "retrievedContent.screen", bool, True),
        redact_pii=redact_pii,
        pii_kinds=tuple(kinds),
        min_block_rate=_get(data, "corpus.minBlockRate", float, 0.9),
        max_false_positive_rate=_get(data, "corpus.maxFalsePositiveRate", float, 0.05),
        compiled_patterns=tuple(compiled),
    )
    if config.max_chars < 1:
        raise GuardConfigError("config/guard.yaml: inputScreen.maxChars must be at least 1")
    for name, rate in (
        ("corpus.minBlockRate", config.min_block_rate),
        ("corpus.maxFalsePositiveRate", config.max_false_positive_rate),
    ):
        if not 0 <= rate <= 1:
            raise GuardConfigError(f"config/guard.yaml: {name} must be between 0 and 1")
    return config


def load_config(path: str = "config/guard.yaml") -> GuardConfig:
    import yaml  # PyYAML: in the service's requirements and in CI

    with open(path, encoding="utf-8") as file:
        return parse_config(yaml.safe_load(file))
