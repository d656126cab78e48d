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


class _Line:
    def __init__(self, number: int, indent: int, text: str):
        self.number, self.indent, self.text = number, indent, text


def _strip_comment(text: str) -> str:
    quote, i = None, 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'" and (i == 0 or text[i - 1] in " [{,:-"):
            quote = c
        elif c == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i].rstrip()
        i += 1
    return text.rstrip()


def _scalar(text: str, number: int):
    text = text.strip()
    if text.startswith('"'):
        try:
            return json.loads(text)
        except ValueError:
            raise GuardConfigError(f"config/guard.yaml, line {number}: a double-quoted string this reader cannot read") from None
    if text.startswith("'"):
        if len(text) < 2 or not text.endswith("'"):
            raise GuardConfigError(f"config/guard.yaml, line {number}: an unterminated single-quoted string")
        return text[1:-1].replace("''", "'")
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        return [_scalar(part, number) for part in _split_flow(inner, number)] if inner else []
    if re.fullmatch(r"\{\s*\}", text):
        return {}
    if text[:1] in ("&", "*", "!", "|", ">", "{", "[", "@", "`"):
        raise GuardConfigError(
            f"config/guard.yaml, line {number}: {text[:1]!r} is YAML this reader does not know; install PyYAML to use it"
        )
    if text in ("null", "~", ""):
        return None
    if text in ("true", "True"):
        return True
    if text in ("false", "False"):
        return False
    if re.fullmatch(r"[-+]?\d+", text):
        return int(text)
    if re.fullmatch(r"[-+]?(\d+\.\d*|\.\d+)([eE][-+]\d+)?", text):
        return float(text)
    return text


def _split_flow(text: str, number: int) -> list[str]:
    parts, quote, start = [], None, 0
    for i, c in enumerate(text):
        if quote:
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c in "[]{}":
            raise GuardConfigError(f"config/guard.yaml, line {number}: nested flow collections need PyYAML")
        elif c == ",":
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _key_value(text: str, number: int):
    match = re.match(r"""^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#][^:]*?):(?:\s+(.*))?$""", text)
    if not match:
        return None
    key = _scalar(match.group(1), number)
    return str(key), match.group(2)


def _block(lines: list, i: int, indent: int, number: int):
    """The block of lines from i at exactly this indentation."""
    if lines[i].text.startswith("- ") or lines[i].text == "-":
        items = []
        while i < len(lines) and lines[i].indent == indent and (lines[i].text.startswith("- ") or lines[i].text == "-"):
            rest = lines[i].text[2:].strip()
            if not rest:
                if i + 1 < len(lines) and lines[i + 1].indent > indent:
                    value, i = _block(lines, i + 1, lines[i + 1].indent, lines[i + 1].number)
                else:
                    value, i = None, i + 1
            elif _key_value(rest, lines[i].number):
                # A mapping in a list item: its first key on the dash's line.
                inner = [_Line(lines[i].number, indent + 2, rest)]
                j = i + 1
                while j < len(lines) and lines[j].indent > indent:
                    inner.append(lines[j])
                    j += 1
                value, _ = _block(inner, 0, indent + 2, lines[i].number)
                i = j
            else:
                value, i = _scalar(rest, lines[i].number), i + 1
            items.append(value)
        return items, i
    mapping = {}
    while i < len(lines) and lines[i].indent == indent:
        line = lines[i]
        pair = _key_value(line.text, line.number)
        if pair is None:
            raise GuardConfigError(f"config/guard.yaml, line {line.number}: expected key: value")
        key, value = pair
        if key in mapping:
            raise GuardConfigError(f"config/guard.yaml, line {line.number}: {key} is set twice")
        if value is None or value == "":
            if i + 1 < len(lines) and lines[i + 1].indent > indent:
                mapping[key], i = _block(lines, i + 1, lines[i + 1].indent, lines[i + 1].number)
            elif i + 1 < len(lines) and lines[i + 1].indent == indent and lines[i + 1].text.startswith("- "):
                mapping[key], i = _block(lines, i + 1, indent, lines[i + 1].number)
            else:
                mapping[key], i = None, i + 1
        else:
            mapping[key], i = _scalar(value, line.number), i + 1
    if i < len(lines) and lines[i].indent > indent:
        raise GuardConfigError(f"config/guard.yaml, line {lines[i].number}: unexpected indentation")
    return mapping, i


def read_yaml(text: str):
    """config/guard.yaml as PyYAML reads it, when PyYAML is installed;
    otherwise the part of YAML that configuration files use (block mappings
    and lists, plain and quoted scalars, [] and {}, comments), so that the
    guard runs on a plain Python image. Anything else is refused with its
    line."""
    try:
        import yaml  # PyYAML
    except ImportError:
        return read_yaml_subset(text)
    return yaml.safe_load(text)


def read_yaml_subset(text: str):
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise GuardConfigError(f"config/guard.yaml, line {number}: indented with a tab")
        stripped = _strip_comment(raw)
        if not stripped.strip() or stripped.strip() == "---":
            continue
        lines.append(_Line(number, len(stripped) - len(stripped.lstrip(" ")), stripped.strip()))
    if not lines:
        return None
    value, end = _block(lines, 0, lines[0].indent, lines[0].number)
    if end < len(lines):
        raise GuardConfigError(f"config/guard.yaml, line {lines[end].number}: unexpected indentation")
    return value


def load_config(path: str = "config/guard.yaml") -> GuardConfig:
    with open(path, encoding="utf-8") as file:
        return parse_config(read_yaml(file.read()))
