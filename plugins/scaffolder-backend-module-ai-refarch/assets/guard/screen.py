"""The input screen: does a text try to give the model instructions?

Text is normalised before it is matched, because injections hide: Unicode
compatibility forms (NFKC: full-width letters, ligatures), zero-width and
bidirectional control characters, text in Unicode tag characters (invisible
"ASCII smuggling"), letters spaced or dotted apart, digits for letters, and
instructions encoded as base64. The patterns are the attack classes of
OWASP LLM01:2025 (https://genai.owasp.org/llmrisk/llm01-prompt-injection/):
overriding the instructions, extracting the system prompt, switching the
model's role, forging chat-template role markers, and sending data out
through a link or image; in English and the languages most often seen in
public injection datasets.

Patterns do not stop every injection: the corpus in guard/corpus measures
how many known ones they stop (python -m guard.check_corpus), and fencing
retrieved content and filtering the output are the layers behind them."""

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass

_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_TAGS = re.compile("[\U000e0000-\U000e007f]+")
# Letters set apart: "i-g-n-o-r-e", "r.e.v.e.a.l" (one separator within a
# word), or "i g n o r e" (single spaces).
_SPACED = re.compile(r"\b[a-z](?:([.\-_*])[a-z])(?:\1[a-z]){2,}\b|\b[a-z](?: [a-z]){3,}\b")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_BASE64 = re.compile(r"[A-Za-z0-9+/]{24,}={0,2}")

_W = r"[^.\n]{0,60}?"  # a few words, within one sentence
_THINGS = r"(instructions?|prompts?|rules|directives?|guidelines|guardrails|constraints|polic(?:y|ies)|programming|context)"

PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE | re.MULTILINE))
    for name, pattern in (
        (
            "override",
            rf"\b(ignore|disregard|forget|override|bypass|skip|abandon|drop|neglect)\b{_W}\b(previous|prior|above|earlier|preceding|foregoing|all|any|every|your|the|these|those|system|original|initial|existing)\b{_W}\b{_THINGS}",
        ),
        ("override", r"\b(forget|disregard|ignore)\s+(everything|all|whatever)\s+(you were|you've been|you have been|i|we)\s+(told|said|given|taught)\b"),
        ("override", rf"\b(do not|don't|never)\s+(follow|obey|listen to)\b{_W}\b{_THINGS}"),
        ("override", rf"\b(new|updated|real|actual|revised|true)\s+(system\s+)?{_THINGS}\s*[:\-]"),
        ("override", r"\bfrom now on\b[^.\n]{0,40}\b(you|your|respond|answer|reply|only)\b"),
        (
            "prompt-leak",
            rf"\b(reveal|print|show|repeat|output|display|tell me|give me|leak|dump|spell out|write out|recite|disclose|share)\b{_W}\b(system|initial|original|hidden|secret|developer|your)\s+(prompt|instructions?|message|rules|configuration)",
        ),
        ("prompt-leak", r"\bwhat (is|are|was|were) your\s+(\w+\s+)?(prompt|instructions?|rules)\b"),
        ("prompt-leak", r"\b(repeat|print|output)\b[^.\n]{0,30}\b(words|text|everything|all)\s+(above|before)\b"),
        ("role-switch", r"\byou are (now|no longer)\b"),
        ("role-switch", r"\b(dan|developer|god|sudo|jailbreak|jailbroken|unrestricted|unfiltered|admin|debug)\s+mode\b"),
        ("role-switch", r"\bdo anything now\b"),
        (
            "role-switch",
            rf"\b(act|behave|respond|answer|pretend|roleplay|role-play|play)\s+(as|like|to be)\b{_W}\b(dan|unfiltered|unrestricted|uncensored|jailbroken|evil|without (any )?(restrictions|limits|filters|rules|guidelines))",
        ),
        ("role-switch", r"\b(without|no)\s+(any\s+)?(ethical|moral|safety|content)\s+(restrictions|limits|filters|guidelines|constraints)\b"),
        (
            "role-markers",
            r"<\|\s*(im_start|im_end|system|assistant|user|endoftext|eot_id|start_header_id|end_header_id)\s*\|>|\[/?inst\]|<</?sys>>|^\s*#{2,}\s*(system|instructions?)\b|^\s*(system|assistant)\s*:",
        ),
        (
            "exfiltration",
            r"!\[[^\]]*\]\(\s*https?://[^)\s]*[?&][^)]*\)|\b(send|post|forward|upload|transmit|email)\b[^.\n]{0,40}\b(conversation|chat|history|data|above|context|credentials|api keys?|secrets?)\b[^.\n]{0,30}\b(to|at)\s+(https?://|\S+@\S+)",
        ),
        (
            "addressed-to-model",
            r"\b(if you are|note to|attention|dear|hey)\s+(an?\s+|the\s+)?(ai|assistant|chatbot|llm|language model|ai model|bot)\b|\b(ai|assistant|llm|chatbot)\s*[,:]\s*(please\s+)?(ignore|disregard|instead|you must|do not tell|don't tell)",
        ),
        # Override in other languages: French, German, Spanish, Italian, Portuguese, Dutch.
        ("override", r"\bignore[rz]?\b[^.\n]{0,30}\b(les |des )?(instructions|consignes|règles)\b[^.\n]{0,20}\b(précédentes|ci-dessus|antérieures|initiales)"),
        ("override", r"\b(ignoriere|vergiss|missachte)\b[^.\n]{0,30}\b(anweisungen|instruktionen|regeln|vorgaben)\b"),
        ("override", r"\b(ignora|olvida|olvidá)\b[^.\n]{0,30}\b(instrucciones|reglas|indicaciones)\b"),
        ("override", r"\b(ignora|dimentica)\b[^.\n]{0,30}\b(istruzioni|regole)\b"),
        ("override", r"\b(ignore|esqueça|desconsidere)\b[^.\n]{0,30}\b(instruções|regras)\b"),
        ("override", r"\b(negeer|vergeet)\b[^.\n]{0,30}\b(instructies|regels)\b"),
    )
)


@dataclass(frozen=True)
class Verdict:
    """blocked: the text is refused (screen action block); reasons: the
    attack classes found, with how the text hid them."""

    blocked: bool
    reasons: tuple[str, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.reasons)


def _from_tags(match: re.Match) -> str:
    # Tag characters mirror ASCII 0x00-0x7f at U+E0000: invisible text.
    return "".join(chr(ord(c) - 0xE0000) for c in match.group(0))


def _decoded_base64(text: str) -> list[str]:
    found = []
    for run in _BASE64.findall(text):
        try:
            decoded = base64.b64decode(run + "=" * (-len(run) % 4), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
        if decoded and sum(c.isprintable() or c.isspace() for c in decoded) / len(decoded) > 0.95:
            found.append(decoded)
    return found


def _joined(match: re.Match) -> str:
    return re.sub(r"[ .\-_*]", "", match.group(0))


def variants(text: str) -> list[tuple[str, str]]:
    """The forms of the text to match, each with how it was revealed."""
    out = []
    hidden = _TAGS.findall(text)
    if hidden:
        out.append(("hidden-text", _TAGS.sub(_from_tags, text)))
    plain = unicodedata.normalize("NFKC", _TAGS.sub(_from_tags, text))
    plain = _INVISIBLE.sub("", plain)
    out.append(("", plain))
    lowered = plain.casefold()
    joined = _SPACED.sub(_joined, lowered)
    if joined != lowered:
        out.append(("obfuscated", joined))
    leet = lowered.translate(_LEET)
    if leet != lowered:
        out.append(("obfuscated", _SPACED.sub(_joined, leet)))
    for decoded in _decoded_base64(plain):
        out.append(("encoded", decoded))
    return out


def screen(text: str, config=None, document: bool = False) -> Verdict:
    """Screens one text: a user's message, or (document=True) a retrieved
    document, which has no length limit and is screened even when the
    input screen for messages is off (retrievedContent.screen decides)."""
    if config and not document and not config.screen_enabled:
        return Verdict(blocked=False, reasons=())
    max_chars = config.max_chars if config else 8000
    action = config.screen_action if config else "block"
    extra = config.compiled_patterns if config else ()
    reasons: list[str] = []
    if not document and len(text) > max_chars:
        reasons.append("too-long")
    for how, form in variants(text):
        for name, pattern in PATTERNS + tuple(("custom", p) for p in extra):
            if pattern.search(form):
                reason = f"{name} ({how})" if how else name
                if reason not in reasons:
                    reasons.append(reason)
        if how == "hidden-text" and "hidden-text" not in reasons:
            # Invisible text has no business in a question or a document.
            reasons.append("hidden-text")
    return Verdict(blocked=bool(reasons) and action == "block", reasons=tuple(reasons))
