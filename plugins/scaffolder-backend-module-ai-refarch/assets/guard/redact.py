"""The output filter: personal data in a text replaced by [REDACTED:<kind>].
Card numbers are redacted only when their Luhn check digit holds and IBANs
only when their ISO 13616 mod-97 check holds, so order numbers and other
long digit runs stay readable."""

import re

_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
_SSN = re.compile(r"(?<!\d)(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?!\d)")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}|\(\d{3}\)\s?\d{3}[\s.-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?!\w)"
)
_IPV4 = re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\.?\d)")


def _luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _iban_valid(candidate: str) -> bool:
    iban = candidate.replace(" ", "")
    if not 15 <= len(iban) <= 34:
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


_PATTERNS = {
    "email": _EMAIL,
    "iban": _IBAN,
    "credit-card": _CARD,
    "us-ssn": _SSN,
    "phone": _PHONE,
    "ipv4": _IPV4,
}


def spans(text: str, kinds=tuple(_PATTERNS)) -> list[tuple[int, int]]:
    """Where personal data of the given kinds may be, check digits or not:
    a stream is cut for the output filter only outside them."""
    return [m.span() for kind in kinds for m in _PATTERNS[kind].finditer(text)]


def redact(text: str, kinds=tuple(_PATTERNS)) -> tuple[str, dict]:
    """The text with the personal data of the given kinds redacted, and how
    many of each kind were found."""
    counts: dict[str, int] = {}

    def sub(kind: str, pattern: re.Pattern, text: str, check=None) -> str:
        def replace(match: re.Match) -> str:
            if check and not check(match.group(0)):
                return match.group(0)
            counts[kind] = counts.get(kind, 0) + 1
            return f"[REDACTED:{kind}]"

        return pattern.sub(replace, text) if kind in kinds else text

    text = sub("email", _EMAIL, text)
    text = sub("iban", _IBAN, text, _iban_valid)
    text = sub("credit-card", _CARD, text, lambda m: _luhn(re.sub(r"\D", "", m)))
    text = sub("us-ssn", _SSN, text)
    text = sub("phone", _PHONE, text, lambda m: 8 <= len(re.sub(r"\D", "", m)) <= 15)
    text = sub("ipv4", _IPV4, text)
    return text, counts
