"""Client: synchronous reads (and a few writes) against the native API, for scripts and tests."""
from __future__ import annotations

from typing import Any, Dict, Iterator, List, Optional

from ._http import Transport, quote_path
from ._settings import Settings


class Client:
    """Talks to one Sextant server; URL and token come from arguments or SEXTANT_URL / SEXTANT_TOKEN."""

    def __init__(self, url: Optional[str] = None, token: Optional[str] = None, timeout_s: float = 30.0) -> None:
        settings = Settings.resolve(url=url, token=token)
        self.url = settings.url
        self._transport = Transport(settings.url, settings.token, timeout_s)

    def get_run(self, run_id: str) -> Dict[str, Any]:
        """The run as JSON: status, times, config (nested), params (flat), tags, metric summaries."""
        return self._transport.request("GET", f"/api/v1/runs/{run_id}")

    def metric_points(self, run_id: str, key: str, page_size: int = 50_000) -> List[Dict[str, Any]]:
        """Every stored point of a series in (step, timestamp) order, all pages; NaN/±inf as floats."""
        return list(self.iter_metric_points(run_id, key, page_size))

    def iter_metric_points(self, run_id: str, key: str, page_size: int = 50_000) -> Iterator[Dict[str, Any]]:
        token = None
        while True:
            page = self._transport.request("GET", f"/api/v1/runs/{run_id}/metrics/{quote_path(key)}",
                                           query={"raw": "true", "max_results": page_size, "page_token": token})
            for point in page["points"]:
                if isinstance(point["value"], str):
                    point["value"] = float(point["value"].replace("Infinity", "inf"))
                yield point
            token = page.get("next_page_token")
            if not token:
                return

    def metric_envelope(self, run_id: str, key: str, buckets: int = 1000) -> Dict[str, Any]:
        """The downsampled series: per bucket min / max / mean / first / last / count."""
        return self._transport.request("GET", f"/api/v1/runs/{run_id}/metrics/{quote_path(key)}",
                                       query={"buckets": buckets})

    def download_artifact(self, run_id: str, path: str) -> bytes:
        return self._transport.download(f"/api/v1/runs/{run_id}/artifacts/{quote_path(path)}")

    def create_sweep(self, config: Dict[str, Any], experiment_id: str = "0", name: Optional[str] = None) -> Dict[str, Any]:
        """Creates a sweep (W&B-shaped config: method, metric, parameters, ...); returns it, with its sweep_id."""
        body: Dict[str, Any] = {"experiment_id": experiment_id, "config": config}
        if name:
            body["name"] = name
        return self._transport.request("POST", "/api/v1/sweeps", body)

    def get_sweep(self, sweep_id: str) -> Dict[str, Any]:
        """The sweep: config, state, trial counts by status, best run so far."""
        return self._transport.request("GET", f"/api/v1/sweeps/{sweep_id}")

    def sweep_trials(self, sweep_id: str) -> List[Dict[str, Any]]:
        """Every trial in order: run_id, config, run_status, metric_value, stop_reason."""
        return self._transport.request("GET", f"/api/v1/sweeps/{sweep_id}/trials")["trials"]

    def health(self) -> Dict[str, Any]:
        return self._transport.request("GET", "/health")
