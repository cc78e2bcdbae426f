"""The only module that talks HTTP: JSON requests to the native API over urllib."""
from __future__ import annotations

import http.client
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, BinaryIO, Mapping, Optional, Union


class SextantError(Exception):
    """Base class of every error the SDK raises."""


class ApiError(SextantError):
    """The server refused a request (4xx): retrying the same request cannot succeed."""

    def __init__(self, status: int, error_code: str, message: str) -> None:
        super().__init__(f"{status} {error_code}: {message}")
        self.status = status
        self.error_code = error_code
        self.message = message


class ServerUnavailable(SextantError):
    """The server could not be reached, timed out, or failed (5xx): the request may be retried."""


class Transport:
    """Sends JSON requests to one Sextant server; thread-safe (one urllib request per call)."""

    def __init__(self, url: str, token: Optional[str] = None, timeout_s: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.timeout_s = timeout_s
        self._headers = {"Accept": "application/json", "User-Agent": "sextant-python/0.1.0"}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"

    def request(self, method: str, path: str, body: Any = None, *, query: Optional[Mapping[str, Any]] = None,
                timeout_s: Optional[float] = None) -> Any:
        """Sends body as JSON and returns the decoded JSON answer (None when the answer is empty)."""
        data = None if body is None else json.dumps(body, allow_nan=False, separators=(",", ":")).encode("utf-8")
        return self._send(method, path, data, "application/json", query, timeout_s)

    def request_encoded(self, method: str, path: str, data: bytes, timeout_s: Optional[float] = None) -> Any:
        """Like request, with a body that is already JSON bytes (spooled requests are sent as they were written)."""
        return self._send(method, path, data, "application/json", None, timeout_s)

    def upload(self, path: str, source: Union[str, os.PathLike], content_type: str,
               timeout_s: Optional[float] = None) -> Any:
        """PUTs a file's bytes, streamed from disk, to path."""
        size = os.path.getsize(source)
        with open(source, "rb") as stream:
            return self._send("PUT", path, stream, content_type, None, timeout_s, size)

    def download(self, path: str, timeout_s: Optional[float] = None) -> bytes:
        """GETs raw bytes (for artifacts)."""
        return self._send("GET", path, None, None, None, timeout_s, raw=True)

    def _send(self, method: str, path: str, data: Union[None, bytes, BinaryIO], content_type: Optional[str],
              query: Optional[Mapping[str, Any]], timeout_s: Optional[float], length: Optional[int] = None,
              raw: bool = False) -> Any:
        url = self.url + path
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        headers = dict(self._headers)
        if data is not None and content_type:
            headers["Content-Type"] = content_type
        if length is not None:
            headers["Content-Length"] = str(length)
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout_s or self.timeout_s) as response:
                payload = response.read()
        except urllib.error.HTTPError as error:
            raise _error_from(error) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
            # A server killed mid-response surfaces as a reset, an IncompleteRead or a ValueError.
            raise ServerUnavailable(f"{method} {url}: {getattr(error, 'reason', error)}") from None
        if raw:
            return payload
        return json.loads(payload) if payload.strip() else None


def quote_path(path: str) -> str:
    """Percent-encodes each segment of a relative path (keeps the '/' separators)."""
    return "/".join(urllib.parse.quote(part, safe="") for part in path.split("/"))


def _error_from(error: urllib.error.HTTPError) -> SextantError:
    try:
        text = error.read().decode("utf-8", "replace")
    except OSError:
        text = ""
    try:
        body = json.loads(text)
        code, message = body.get("error_code", "HTTP_" + str(error.code)), body.get("message", text)
    except (ValueError, AttributeError):
        code, message = "HTTP_" + str(error.code), text[:500]
    if error.code >= 500 or error.code in (408, 429):
        return ServerUnavailable(f"{error.code} {code}: {message}")
    return ApiError(error.code, code, message)
