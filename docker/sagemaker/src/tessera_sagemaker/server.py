"""The serving half of the contract: GET /ping, POST /invocations and, for batch transform,
GET /execution-parameters, on port 8080 (SAGEMAKER_BIND_TO_PORT when set).

Stdlib only: a thread per connection, HTTP/1.1 keep-alive, TCP_NODELAY, each response written
in one send. The model is loaded before the port opens, so /ping answers 200 whenever it
answers at all; a model that fails to load ends the process with the reason on stderr.
"""
import json
import os
import signal
import sys
import threading
import time
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from . import config
from .http_errors import HttpError

DEFAULT_PORT = 8080
# SageMaker caps a batch transform request at 100 MB; nothing larger is ever sent.
MAX_BODY = 100 * 2**20


def _truthy(value):
    return (value or "").strip().lower() in ("1", "true", "yes")


def execution_parameters():
    """What the batch transform asks for before it sends records: the job's own settings, which
    the control plane passes down as SAGEMAKER_* variables."""
    strategy = os.environ.get("SAGEMAKER_BATCH_STRATEGY", "MultiRecord").replace("_", "").lower()
    return {
        "MaxConcurrentTransforms": int(os.environ.get("SAGEMAKER_MAX_CONCURRENT_TRANSFORMS") or config.num_cpus()),
        "BatchStrategy": "SingleRecord" if strategy == "singlerecord" else "MultiRecord",
        "MaxPayloadInMB": int(os.environ.get("SAGEMAKER_MAX_PAYLOAD_IN_MB") or 6),
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    # An idle keep-alive connection holds a thread; drop it after five minutes.
    timeout = 300

    def respond(self, status, body=b"", content_type="text/plain; charset=utf-8"):
        if isinstance(body, str):
            body = body.encode("utf-8")
        head = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}", f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
        if self.close_connection:
            head.append("Connection: close")
        elif self.request_version == "HTTP/1.0":
            head.append("Connection: keep-alive")
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/ping":
            self.respond(200)
        elif path == "/execution-parameters" and self.server.batch:
            self.respond(200, json.dumps(execution_parameters()), "application/json")
        else:
            self.respond(404, f"no such path: {path}")

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts, size = [], 0
            while True:
                n = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if n == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
                        pass
                    return b"".join(parts)
                size += n
                if size > MAX_BODY:
                    raise HttpError(413, f"payload larger than {MAX_BODY} bytes")
                parts.append(self.rfile.read(n))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise HttpError(413, f"payload of {length} bytes is larger than {MAX_BODY}")
        return self.rfile.read(length) if length else b""

    def do_POST(self):
        path = urlsplit(self.path).path
        try:
            body = self.read_body()
        except HttpError as e:
            self.close_connection = True  # the unread body is still on the wire
            self.respond(e.status, str(e))
            return
        except ValueError:
            self.close_connection = True
            self.respond(400, "malformed request body framing")
            return
        if path != "/invocations":
            self.respond(404, f"no such path: {path}")
            return
        try:
            out, content_type = self.server.app.invoke(body, self.headers.get("Content-Type", ""), self.headers.get("Accept", ""))
            self.respond(200, out, content_type)
        except HttpError as e:
            self.respond(e.status, str(e))
        except Exception as e:  # noqa: BLE001 - the caller gets the error (SageMaker's ModelError)
            traceback.print_exc()
            self.respond(500, f"{type(e).__name__}: {e}")

    def log_request(self, code="-", size="-"):
        pass  # no per-request lines: an endpoint's log is its errors

    def log_error(self, format, *args):  # noqa: A002 - the stdlib's signature
        if not str(format).startswith("Request timed out"):
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def serve(name, load_app):
    """Loads the model (load_app()), then answers until SIGTERM, which ends it with status 0."""
    started = time.monotonic()
    try:
        app = load_app()
    except Exception as e:  # noqa: BLE001 - a model that cannot load ends the container, saying why
        traceback.print_exc()
        print(f"tessera-sagemaker {name}: the model did not load: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
        return 1
    host = os.environ.get("TESSERA_BIND_HOST", "0.0.0.0")
    port = int(os.environ.get("SAGEMAKER_BIND_TO_PORT") or DEFAULT_PORT)
    httpd = Server((host, port), Handler)
    httpd.app = app
    httpd.batch = _truthy(os.environ.get("SAGEMAKER_BATCH"))
    stop = lambda *_: threading.Thread(target=httpd.shutdown, daemon=True).start()  # noqa: E731
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"tessera-sagemaker {name}: model loaded in {time.monotonic() - started:.2f}s; "
          f"listening on {host}:{port}{' (batch transform)' if httpd.batch else ''}", flush=True)
    httpd.serve_forever(poll_interval=0.5)
    httpd.server_close()
    return 0
