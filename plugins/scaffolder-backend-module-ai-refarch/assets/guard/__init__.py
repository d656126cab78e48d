"""The prompt-injection guard of a service that puts untrusted text before a
model (OWASP Top 10 for LLM Applications 2025, LLM01 Prompt Injection and
LLM02 Sensitive Information Disclosure):

- screen(): the input screen, for what a user sends and for what retrieval
  brings back (indirect injection);
- fence(): retrieved content kept apart from instructions, each document
  between markers the content cannot forge;
- redact(): the output filter, personal data replaced by its kind.

Python's standard library only, so that the same code runs in the service,
in a sidecar on a plain Python image and in CI. Its settings are in
config/guard.yaml (load_config)."""

from .config import GuardConfig, load_config
from .fence import fence
from .redact import redact
from .screen import Verdict, screen

__all__ = ["GuardConfig", "Verdict", "fence", "load_config", "redact", "screen"]
