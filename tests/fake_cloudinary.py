"""A local HTTP server on 127.0.0.1 that answers like Cloudinary's Upload API, for the real
`cloudinary` SDK (pointed at it through `upload_prefix`).

It checks every request's signature the way Cloudinary does: the signed parameters sorted by
name, joined as `k=v&k=v`, the API secret appended, SHA-1 (or SHA-256) in hex. It handles plain
and chunked uploads (`Content-Range` + `X-Unique-Upload-Id`), `destroy`, the Admin API's delete by
prefix, and signed private
downloads, and can be told to fail the next N uploads.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse

# Sent with a request but never signed (Cloudinary's own list, plus what travels in the URL).
UNSIGNED = {"file", "api_key", "resource_type", "cloud_name", "signature", "signature_algorithm"}


def expected_signature(params: dict[str, str], secret: str, algorithm: str = "sha1") -> str:
    signed = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in UNSIGNED and v != "")
    digest = hashlib.sha256 if algorithm == "sha256" else hashlib.sha1
    return digest((signed + secret).encode()).hexdigest()


@dataclass
class Asset:
    public_id: str
    resource_type: str
    type: str
    data: bytes
    format: str


@dataclass
class FakeCloudinary:
    cloud: str = "demo-cloud"
    api_key: str = "123456789012345"
    api_secret: str = "test-secret-do-not-leak"
    assets: dict[str, Asset] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str], dict[str, str]]] = field(default_factory=list)  # path, params, headers
    rejected: list[str] = field(default_factory=list)  # why requests were refused (bad signature…)
    fail_uploads: int = 0  # answer the next N upload requests with HTTP 500
    _chunks: dict[str, dict[int, bytes]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                params, file = fake._form(self.headers.get("Content-Type", ""), body)
                status, payload = fake._handle(self.path, params, file, dict(self.headers.items()))
                self._send(status, payload)

            def do_GET(self) -> None:
                url = urlparse(self.path)
                params = dict(parse_qsl(url.query))
                status, payload = fake._download(url.path, params)
                if isinstance(payload, bytes):
                    self.send_response(status)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                else:
                    self._send(status, payload)

            def do_DELETE(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                params = json.loads(body) if body else dict(parse_qsl(urlparse(self.path).query))
                status, payload = fake._admin_delete(urlparse(self.path).path, params, dict(self.headers.items()))
                self._send(status, payload)

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- request handling ---------------------------------------------------------------------

    @staticmethod
    def _form(content_type: str, body: bytes) -> tuple[dict[str, str], bytes | None]:
        if content_type.startswith("multipart/form-data"):
            message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
            params: dict[str, str] = {}
            file = None
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if part.get_filename() is not None or name == "file":
                    file = part.get_payload(decode=True)
                else:
                    params[name] = (
                        part.get_content().strip()
                        if part.get_content_type() == "text/plain"
                        else (part.get_payload(decode=True).decode())
                    )
            return params, file
        return dict(parse_qsl(body.decode())), None

    def _check(self, params: dict[str, str]) -> str | None:
        if params.get("api_key") != self.api_key:
            return "unknown api_key"
        algorithm = params.get("signature_algorithm", "sha1")
        if params.get("signature") != expected_signature(params, self.api_secret, algorithm):
            return "invalid signature"
        if abs(time.time() - int(params.get("timestamp", 0))) > 3600:
            return "stale timestamp"
        return None

    def _handle(
        self, path: str, params: dict[str, str], file: bytes | None, headers: dict[str, str]
    ) -> tuple[int, dict[str, Any]]:
        self.requests.append((path, params, headers))
        parts = path.strip("/").split("/")  # v1_1/<cloud>/<resource_type>/<action>
        if len(parts) != 4 or parts[1] != self.cloud:
            return 404, {"error": {"message": "unknown cloud"}}
        _, _, resource_type, action = parts
        problem = self._check(params)
        if problem:
            self.rejected.append(problem)
            return 401, {"error": {"message": problem}}
        if action == "upload":
            if self.fail_uploads > 0:
                self.fail_uploads -= 1
                return 500, {"error": {"message": "General Error"}}
            return self._upload(resource_type, params, file or b"", headers)
        if action == "destroy":
            asset = self.assets.pop(f"{resource_type}/{params.get('type', 'upload')}/{params['public_id']}", None)
            return 200, {"result": "ok" if asset else "not found"}
        return 404, {"error": {"message": f"unknown action {action}"}}

    def _admin_delete(self, path: str, params: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """The Admin API's delete-by-prefix: Basic auth with the key and secret, not a signature."""
        self.requests.append((path, {k: str(v) for k, v in params.items()}, headers))
        expected = "Basic " + base64.b64encode(f"{self.api_key}:{self.api_secret}".encode()).decode()
        if next((v for k, v in headers.items() if k.lower() == "authorization"), None) != expected:
            self.rejected.append("bad admin credentials")
            return 401, {"error": {"message": "Invalid credentials"}}
        parts = path.strip("/").split("/")  # v1_1/<cloud>/resources/<resource_type>/<type>
        if len(parts) != 5 or parts[1] != self.cloud or parts[2] != "resources":
            return 404, {"error": {"message": "unknown resource"}}
        start = f"{parts[3]}/{parts[4]}/{params.get('prefix', '')}"
        gone = [key for key in self.assets if key.startswith(start)]
        for key in gone:
            del self.assets[key]
        return 200, {"deleted": {key.split("/", 2)[2]: "deleted" for key in gone}, "partial": False}

    def _upload(
        self, resource_type: str, params: dict[str, str], data: bytes, headers: dict[str, str]
    ) -> tuple[int, dict[str, Any]]:
        public_id = params["public_id"]
        content_range = next((v for k, v in headers.items() if k.lower() == "content-range"), None)
        if content_range:
            upload_id = next(v for k, v in headers.items() if k.lower() == "x-unique-upload-id")
            span, total = content_range.removeprefix("bytes ").split("/")
            start, end = (int(x) for x in span.split("-"))
            if end - start + 1 != len(data):
                return 400, {"error": {"message": "chunk size does not match Content-Range"}}
            chunks = self._chunks.setdefault(upload_id, {})
            chunks[start] = data
            if sum(len(c) for c in chunks.values()) < int(total):
                return 200, {"done": False, "public_id": public_id}
            data = b"".join(chunks[k] for k in sorted(chunks))
            del self._chunks[upload_id]
        kind = params.get("type", "upload")
        fmt = public_id.rsplit(".", 1)[-1] if "." in public_id else "bin"
        self.assets[f"{resource_type}/{kind}/{public_id}"] = Asset(public_id, resource_type, kind, data, fmt)
        return 200, {
            "public_id": public_id,
            "version": 1,
            "resource_type": resource_type,
            "type": kind,
            "bytes": len(data),
            "secure_url": f"{self.url}/{self.cloud}/{resource_type}/{kind}/s--sig--/v1/{public_id}",
        }

    def _download(self, path: str, params: dict[str, str]) -> tuple[int, Any]:
        parts = path.strip("/").split("/")
        if len(parts) != 4 or parts[3] != "download":
            return 404, {"error": {"message": "not found"}}
        problem = self._check(params)
        if problem:
            self.rejected.append(problem)
            return 401, {"error": {"message": problem}}
        if int(params.get("expires_at", 0)) < time.time():
            return 401, {"error": {"message": "expired"}}
        key = f"{parts[2]}/{params.get('type', 'upload')}/{params['public_id']}"
        asset = self.assets.get(key)
        return (200, asset.data) if asset else (404, {"error": {"message": "not found"}})
