"""The explorer's web-layer protections: security headers on every response; Host, Origin, size and
CSRF checks on every write.

- Headers: a Content-Security-Policy that allows only the explorer's own scripts (no inline script,
  no CDN), `X-Frame-Options: DENY`, `X-Content-Type-Options: nosniff`.
- Writes (POST, PUT, PATCH, DELETE): the `Host` header must name an allowed host (which defeats DNS
  rebinding), an `Origin` header, when sent, must be one of them too (which defeats cross-site posts),
  and the body must declare its length and stay under the upload limit (413 otherwise).
- The add form carries a CSRF token (`csrf_token`, or the `X-CSRF-Token` header for scripts), an HMAC of
  the explorer's secret, which another site cannot read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024  # bytes of one request body
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
SAFE_SCHEMES = ("http", "https")


def safe_url(url: object) -> str | None:
    """The URL if its scheme is http or https (any case), else None: no `javascript:` or `data:` link is rendered."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return None
    return text if scheme in SAFE_SCHEMES and not any(ord(c) < 32 for c in text) else None


def host_name(value: str) -> str:
    """The host of a Host header or an origin's netloc, without the port, lower-cased ('[::1]:8000' -> '::1')."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    """The write rules and the CSRF secret of one explorer."""

    def __init__(self, allowed_hosts: Iterable[str] = (), max_upload: int = DEFAULT_MAX_UPLOAD, secret: str | None = None):
        self.allowed_hosts = {*LOCAL_HOSTS, *(host_name(h) for h in allowed_hosts if h)}
        self.max_upload = max_upload
        self._secret = (secret or secrets.token_hex(32)).encode()

    def csrf_token(self) -> str:
        return hmac.new(self._secret, b"dragoman add form", hashlib.sha256).hexdigest()

    def check_csrf(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(str(token), self.csrf_token())

    def refuse_write(self, headers: dict[str, str]) -> tuple[int, str] | None:
        """Why a write with these headers is refused (status, message), or None."""
        host = host_name(headers.get("host", ""))
        if host not in self.allowed_hosts:
            return 403, f"host {host!r} is not allowed to write here (start the explorer with --allowed-host {host or 'NAME'})"
        origin = headers.get("origin")
        if origin is not None:
            parts = urlsplit(origin)
            if origin == "null" or parts.scheme not in SAFE_SCHEMES or host_name(parts.netloc) not in self.allowed_hosts:
                return 403, f"cross-site write refused: origin {origin!r} is not an allowed host"
        length = headers.get("content-length")
        if length is None:
            return 411, "a write must declare its Content-Length"
        if not length.isdigit():
            return 400, f"Content-Length {length!r} is not a number"
        if int(length) > self.max_upload:
            return 413, f"the upload is {int(length):,} bytes; the limit is {self.max_upload:,} (start with --max-upload-mb)"
        return None


class SecurityMiddleware:
    """Adds the security headers to every response and applies `Guard.refuse_write` before a write reaches a route."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        if scope["method"] in WRITE_METHODS:
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
            refused = self.guard.refuse_write(headers)
            if refused:
                status, message = refused
                body = json.dumps({"error": message}).encode()
                await send_with_headers(
                    {
                        "type": "http.response.start",
                        "status": status,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
            receive = _bounded(receive, self.guard.max_upload)
        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(Exception):
    """A body sent more bytes than its Content-Length or the limit allows."""


def _bounded(receive: Receive, limit: int) -> Receive:
    """A receive that stops a body running past the limit, whatever its headers said."""
    seen = 0

    async def bounded() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(f"the upload exceeds the limit of {limit:,} bytes")
        return message

    return bounded
