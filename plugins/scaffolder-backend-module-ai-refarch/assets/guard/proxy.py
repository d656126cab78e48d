"""The guard in front of a model server: a reverse proxy that screens what
reaches the model and filters what it returns, for a model server that
callers reach directly (the LLM serving golden path runs it as a sidecar of
vLLM, TGI or Triton, or as KServe's collocated transformer container).

- Requests that generate text are screened (screen()): the user and tool
  turns of /v1/chat/completions, the prompt of /v1/completions, TGI's
  inputs (/, /generate, /generate_stream), Triton's text_input
  (/v2/models/<model>/generate[_stream]) and the BYTES inputs of
  /v2/models/<model>/infer, and SageMaker's /invocations by its body. A
  refused request gets 400 with the reasons, in the API's own error shape,
  and never reaches the model. The system turn is the calling application's
  own instruction and is not screened.
- Answers are filtered (redact()) when config/guard.yaml turns redaction on:
  whole JSON answers, and streamed ones (server-sent events) with the text
  of each choice held back until no personal data can straddle what has
  been sent, so a card number split over two chunks is still caught.
  Requests for token log-probabilities or token details are refused then,
  because they carry the answer token by token past the filter.
- Reads (health, metrics, model lists) pass through; a POST to any other
  path is refused (fail closed), so an engine upgrade that adds a
  generating route does not open a way around the guard.

Python's standard library only, so a plain Python image runs it:

    python -m guard.proxy --config config/guard.yaml --upstream http://127.0.0.1:8000 --port 8080

KServe's transformer arguments are accepted too (--predictor_host,
--http_port, --model_name: kserve.github.io/website, "Collocate transformer
and predictor").
"""

import argparse
import copy
from collections import Counter
import http.client
import json
import logging
import re
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .config import load_config
from .redact import redact, spans
from .screen import screen

log = logging.getLogger("guard.proxy")

# Hop-by-hop headers (RFC 9110, section 7.6.1) and the ones the proxy sets.
_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "host",
}
# POSTs that read text but generate none: passed through unscreened.
_NOT_GENERATING = {
    "/tokenize",
    "/detokenize",
    "/chat_tokenize",
    "/v1/embeddings",
    "/pooling",
    "/score",
    "/v1/score",
    "/rerank",
    "/v1/rerank",
    "/v2/rerank",
}
_TRITON = re.compile(r"^/v2/models/[^/]+(/versions/[^/]+)?/(generate|generate_stream|infer)$")
_SCREENED_ROLES = ("user", "tool", "function")
# Fields of an answer that carry generated text.
_TEXT_KEYS = ("content", "reasoning_content", "text", "generated_text", "text_output", "arguments")
# Asking for these returns the answer token by token, past the filter.
_TOKEN_DETAILS = ("logprobs", "top_logprobs", "prompt_logprobs", "details", "decoder_input_details")
MAX_BODY = 10 * 1024 * 1024
# Text of a streamed choice held back: longer than any personal datum the
# filter recognises, so one is whole before what precedes it is sent.
HOLD = 128


class Refusal(Exception):
    def __init__(self, status: int, message: str, reasons=()):
        super().__init__(message)
        self.status = status
        self.reasons = tuple(reasons)


def _route(path: str) -> str:
    """generate, pass or refuse, for a POST to the path."""
    if path in _NOT_GENERATING:
        return "pass"
    if path in ("/", "/generate", "/generate_stream", "/invocations", "/v1/chat/completions", "/v1/completions"):
        return "generate"
    if _TRITON.match(path):
        return "generate"
    return "refuse"


def _parts(content, field: str):
    if isinstance(content, str):
        yield field, content
    elif isinstance(content, list):
        for j, part in enumerate(content):
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                yield f"{field}[{j}].text", part["text"]
    elif content is not None:
        raise Refusal(400, f"{field}: must be text or a list of content parts")


def texts(path: str, body) -> list[tuple[str, str]]:
    """The untrusted texts of a generating request, each with its field."""
    if not isinstance(body, dict):
        raise Refusal(400, "the request body must be a JSON object")
    found: list[tuple[str, str]] = []
    messages = body.get("messages")
    if messages is not None:
        if not isinstance(messages, list):
            raise Refusal(400, "messages: must be a list")
        for i, message in enumerate(messages):
            if not isinstance(message, dict):
                raise Refusal(400, f"messages[{i}]: must be an object")
            if message.get("role") in _SCREENED_ROLES:
                found.extend(_parts(message.get("content"), f"messages[{i}].content"))
    prompt = body.get("prompt")
    if prompt is not None:
        prompts = [prompt] if isinstance(prompt, str) else prompt
        if not isinstance(prompts, list) or not all(isinstance(p, str) for p in prompts):
            raise Refusal(400, "prompt: token ids cannot be screened; send the prompt as text")
        found.extend((f"prompt[{i}]" if isinstance(prompt, list) else "prompt", p) for i, p in enumerate(prompts))
    for key in ("inputs", "text_input"):
        value = body.get(key)
        if isinstance(value, str):
            found.append((key, value))
        elif key == "inputs" and isinstance(value, list) and path.endswith("/infer"):
            # KServe v2 / Triton tensors: the BYTES inputs are text.
            for i, tensor in enumerate(value):
                data = tensor.get("data") if isinstance(tensor, dict) else None
                if isinstance(tensor, dict) and tensor.get("datatype") == "BYTES":
                    flat = _flatten(data)
                    if not all(isinstance(d, str) for d in flat):
                        raise Refusal(400, f"inputs[{i}].data: BYTES inputs must be text to be screened")
                    found.extend((f"inputs[{i}].data", d) for d in flat)
        elif value is not None:
            raise Refusal(400, f"{key}: must be text")
    if messages is None and prompt is None and not found:
        raise Refusal(400, "the request has no messages, prompt, inputs or text_input the guard can screen")
    return found


def _flatten(data) -> list:
    if isinstance(data, list):
        return [x for item in data for x in _flatten(item)]
    return [data]


def _redacted(text: str, config, counts: Counter) -> str:
    """The text redacted, each kind found added to counts."""
    text, found = redact(text, config.pii_kinds)
    counts.update(found)
    return text


def _redact_json(node, config, counts: Counter, key=None):
    if isinstance(node, dict):
        return {k: _redact_json(v, config, counts, k) for k, v in node.items()}
    if isinstance(node, list):
        # The outputs' data of a v2 inference answer are text too.
        return [_redact_json(v, config, counts, key if key == "data" else None) for v in node]
    if isinstance(node, str) and key in (*_TEXT_KEYS, "data"):
        return _redacted(node, config, counts)
    return node


class StreamFilter:
    """Redacts server-sent events of generated text. Each choice's text is
    held back (HOLD characters, and never cut inside what may be personal
    data or a word) until its last event, or the end of the stream."""

    def __init__(self, config):
        self.config = config
        self.pending: dict = {}
        self.last: dict = {}
        self.counts = Counter()

    def _release(self, key, text: str, final: bool) -> str:
        held = self.pending.pop(key, "") + text
        cut = len(held) if final else max(0, len(held) - HOLD)
        if cut < len(held):
            # After a word, and before anything that may be personal data
            # (moving back before one can land inside another).
            space = max(held.rfind(" ", 0, cut), held.rfind("\n", 0, cut))
            cut = space + 1 if space >= 0 else 0
            found = spans(held, self.config.pii_kinds)
            while any(start < cut < end for start, end in found):
                cut = min(start for start, end in found if start < cut < end)
        if cut < len(held):
            self.pending[key] = held[cut:]
        return _redacted(held[:cut], self.config, self.counts)

    def _fields(self, event: dict):
        """(key, holder, field, final) for each piece of generated text."""
        for choice in event.get("choices") or []:
            if not isinstance(choice, dict):
                continue
            i = choice.get("index", 0)
            final = choice.get("finish_reason") is not None
            delta = choice.get("delta")
            if isinstance(delta, dict):
                for field in ("content", "reasoning_content"):
                    if isinstance(delta.get(field), str) or (final and (i, field) in self.pending):
                        yield (i, field), delta, field, final
                for call in delta.get("tool_calls") or []:
                    function = call.get("function") if isinstance(call, dict) else None
                    if isinstance(function, dict) and isinstance(function.get("arguments"), str):
                        yield (i, "tool", call.get("index", 0)), function, "arguments", final
            if isinstance(choice.get("text"), str):
                yield (i, "text"), choice, "text", final
        token = event.get("token")
        if isinstance(token, dict) and isinstance(token.get("text"), str):
            # TGI: the last event also carries the whole generated_text.
            yield "token", token, "text", event.get("generated_text") is not None
        if isinstance(event.get("text_output"), str):
            yield "text_output", event, "text_output", False

    def event(self, event):
        if not isinstance(event, dict):
            return event
        for key, holder, field, final in list(self._fields(event)):
            holder[field] = self._release(key, holder.get(field) or "", final)
            self.last[key] = (event, holder, field)
        if isinstance(event.get("generated_text"), str):
            event["generated_text"] = _redact_json(event["generated_text"], self.config, self.counts, "generated_text")
        return event

    def flush(self) -> list:
        """Events that carry the text still held when the stream ends."""
        out = []
        for key in list(self.pending):
            event, holder, field = self.last[key]
            copied = copy.deepcopy(event)
            # Point at the same place in the copy.
            target = _same_place(event, holder, copied)
            target[field] = self._release(key, "", True)
            out.append(copied)
        return out


def _same_place(original, holder, copied):
    if original is holder:
        return copied
    if isinstance(original, dict):
        for k, v in original.items():
            if isinstance(v, (dict, list)):
                found = _same_place(v, holder, copied[k])
                if found is not None:
                    return found
    if isinstance(original, list):
        for a, b in zip(original, copied):
            found = _same_place(a, holder, b)
            if found is not None:
                return found
    return None


def _error_body(path: str, message: str, reasons) -> bytes:
    if path.startswith("/v1/"):
        body = {
            "error": {
                "message": message,
                "type": "invalid_request_error",
                "code": "prompt_injection" if reasons else "invalid_request",
                "param": None,
            }
        }
    else:
        # TGI's and Triton's error shape.
        body = {"error": message, "error_type": "guard"}
    if reasons:
        body["guard_reasons"] = list(reasons)
    return json.dumps(body).encode()


class GuardHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ai-refarch-guard"
    config = None
    upstream: urllib.parse.SplitResult = None
    timeout_seconds = 600

    def log_message(self, format, *args):  # noqa: A002 (BaseHTTPRequestHandler's name)
        log.debug("%s " + format, self.address_string(), *args)

    def _send(self, status: int, body: bytes, content_type="application/json", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _refuse(self, refusal: Refusal):
        log.warning(
            json.dumps(
                {
                    "event": "guard.refused",
                    "service": self.config.service,
                    "path": self.path,
                    "status": refusal.status,
                    "reasons": list(refusal.reasons),
                    "message": str(refusal),
                }
            )
        )
        # What the client sent may not have been read: start afresh.
        self.close_connection = True
        self._send(
            refusal.status,
            _error_body(urllib.parse.urlsplit(self.path).path, str(refusal), refusal.reasons),
            headers=[("Connection", "close")],
        )

    def _connect(self):
        cls = http.client.HTTPSConnection if self.upstream.scheme == "https" else http.client.HTTPConnection
        return cls(self.upstream.hostname, self.upstream.port, timeout=self.timeout_seconds)

    def _forward(self, body: bytes | None, stream_filter=None, redact_whole=False):
        try:
            self._exchange(body, stream_filter, redact_whole)
        except (BrokenPipeError, ConnectionResetError):
            # The caller went away mid-answer; the upstream connection is closed.
            self.close_connection = True

    def _exchange(self, body: bytes | None, stream_filter, redact_whole: bool):
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
        if body is not None:
            headers["Content-Length"] = str(len(body))
        connection = self._connect()
        try:
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
            except OSError as error:
                upstream = self.upstream.geturl()
                self._send(502, json.dumps({"error": f"the model server at {upstream} does not answer: {error}"}).encode())
                return
            passed = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP | {"content-type"}]
            content_type = response.getheader("Content-Type", "application/octet-stream")
            ok = 200 <= response.status < 300
            if ok and stream_filter and content_type.startswith("text/event-stream"):
                self._stream(response, passed, content_type, stream_filter)
                return
            if not (ok and redact_whole) or self.command == "HEAD":
                self._relay(response, passed, content_type)
                return
            data = response.read()
            if ok and redact_whole and self.command != "HEAD":
                data = self._redact_body(data, content_type)
            self.send_response(response.status)
            for name, value in passed:
                self.send_header(name, value)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        finally:
            connection.close()

    def _relay(self, response, passed, content_type: str):
        """The answer as it arrives: a stream is not held up (its time to
        first token is the server's)."""
        self.send_response(response.status)
        for name, value in passed:
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        length = response.getheader("Content-Length")
        if length is not None:
            self.send_header("Content-Length", length)
        elif self.command != "HEAD":
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if self.command == "HEAD":
            return
        while True:
            data = response.read1(65536)
            if not data:
                break
            if length is not None:
                self.wfile.write(data)
                self.wfile.flush()
            else:
                self._chunk(data)
        if length is None:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

    def _redact_body(self, data: bytes, content_type: str) -> bytes:
        counts = Counter()
        try:
            if not content_type.startswith("application/json"):
                raise ValueError("not JSON")
            redacted = json.dumps(_redact_json(json.loads(data), self.config, counts))
        except ValueError:
            redacted = _redacted(data.decode("utf-8", "replace"), self.config, counts)
        self._log_redactions(counts)
        return redacted.encode()

    def _log_redactions(self, counts: Counter):
        if counts:
            log.info(json.dumps({"event": "guard.redacted", "service": self.config.service, "path": self.path, "kinds": counts}))

    def _chunk(self, data: bytes):
        if data:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()

    def _stream(self, response, passed, content_type, stream_filter: StreamFilter):
        self.send_response(response.status)
        for name, value in passed:
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

        def send_event(event) -> None:
            self._chunk(b"data: " + json.dumps(event).encode() + b"\n\n")

        while True:
            line = response.readline()
            if not line:
                break
            stripped = line.rstrip(b"\r\n")
            if stripped.startswith(b"data:"):
                payload = stripped[5:].strip()
                if payload == b"[DONE]":
                    for event in stream_filter.flush():
                        send_event(event)
                    self._chunk(line)
                    continue
                try:
                    event = json.loads(payload)
                except ValueError:
                    # Not JSON: redacted as text, whole.
                    text = _redacted(payload.decode("utf-8", "replace"), self.config, stream_filter.counts)
                    self._chunk(b"data: " + text.encode() + b"\n")
                    continue
                self._chunk(b"data: " + json.dumps(stream_filter.event(event)).encode() + b"\n")
            else:
                self._chunk(line)
        for event in stream_filter.flush():
            send_event(event)
        self._log_redactions(stream_filter.counts)
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def do_GET(self):
        if urllib.parse.urlsplit(self.path).path == "/guard/healthz":
            self._send(200, json.dumps({"service": self.config.service, "guard": "ready"}).encode())
            return
        self._forward(None)

    do_HEAD = do_GET

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        try:
            body = self._read_body()
            route = _route(path)
            if route == "refuse":
                raise Refusal(403, f"{path}: not a route the guard screens; it forwards only the generating APIs it reads and the ones that generate nothing")
            if route == "pass":
                self._forward(body)
                return
            try:
                request = json.loads(body)
            except ValueError as error:
                raise Refusal(400, f"the request body is not JSON: {error}") from None
            self._screen(path, request)
        except Refusal as refusal:
            self._refuse(refusal)
            return
        if not self.config.redact_pii:
            self._forward(body)
            return
        self._forward(body, StreamFilter(self.config), redact_whole=True)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            raise Refusal(411, "send the request with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            raise Refusal(400, "Content-Length is not a number") from None
        if length > MAX_BODY:
            raise Refusal(413, f"the request body is over {MAX_BODY} bytes")
        return self.rfile.read(length)

    def _screen(self, path: str, request) -> None:
        if self.config.redact_pii and isinstance(request, dict):
            for field in _TOKEN_DETAILS:
                value = request.get(field)
                if isinstance(request.get("parameters"), dict) and field not in request:
                    value = request["parameters"].get(field)
                if value not in (None, False, 0):
                    raise Refusal(
                        400,
                        f"{field}: token details carry the answer token by token, past the output filter this service's data needs; ask without them",
                    )
        for field, text in texts(path, request):
            verdict = screen(text, self.config)
            if verdict.flagged:
                log.warning(
                    json.dumps(
                        {
                            "event": "guard.flagged",
                            "service": self.config.service,
                            "path": path,
                            "field": field,
                            "reasons": list(verdict.reasons),
                            "blocked": verdict.blocked,
                        }
                    )
                )
            if verdict.blocked:
                raise Refusal(
                    400,
                    f"{field}: refused by the prompt-injection guard ({', '.join(verdict.reasons)})",
                    verdict.reasons,
                )

    def _method_not_allowed(self):
        self._refuse(Refusal(405, f"{self.command} is not forwarded by the guard"))

    do_PUT = do_DELETE = do_PATCH = _method_not_allowed


def upstream_url(args) -> str:
    if args.upstream:
        return args.upstream
    if args.predictor_host:
        host = args.predictor_host
        return host if "://" in host else f"http://{host}"
    return "http://127.0.0.1:8000"


def make_server(config, upstream: str, port: int, host: str = "0.0.0.0") -> ThreadingHTTPServer:
    parsed = urllib.parse.urlsplit(upstream)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise SystemExit(f"--upstream: {upstream!r} is not an http:// or https:// URL")
    handler = type("Handler", (GuardHandler,), {"config": config, "upstream": parsed})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m guard.proxy", description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default="config/guard.yaml")
    parser.add_argument("--upstream", help="the model server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--port", type=int)
    parser.add_argument("--host", default="0.0.0.0")
    # KServe's transformer arguments.
    parser.add_argument("--predictor_host")
    parser.add_argument("--http_port", type=int)
    parser.add_argument("--model_name")
    args, _unknown = parser.parse_known_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    config = load_config(args.config)
    port = args.port or args.http_port or 8080
    server = make_server(config, upstream_url(args), port, args.host)
    log.info(
        json.dumps(
            {
                "event": "guard.started",
                "service": config.service,
                "port": server.server_address[1],
                "upstream": upstream_url(args),
                "inputScreen": config.screen_action if config.screen_enabled else "off",
                "redactPii": config.redact_pii,
            }
        )
    )
    server.serve_forever()


if __name__ == "__main__":
    main()
