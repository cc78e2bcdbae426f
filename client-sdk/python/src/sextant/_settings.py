"""Client settings: explicit arguments win over environment variables, which win over defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

DEFAULT_URL = "http://127.0.0.1:5055"


@dataclass(frozen=True)
class Settings:
    """Where and how a run reports. mode is "online" or "offline"."""

    url: str = DEFAULT_URL
    token: Optional[str] = None
    mode: str = "online"
    spool_dir: Path = Path.home() / ".sextant" / "spool"
    batch_points: int = 5000
    flush_interval_s: float = 1.0
    queue_size: int = 10_000
    system_metrics_interval_s: Optional[float] = 10.0
    finish_timeout_s: float = 30.0
    request_timeout_s: float = 30.0

    @staticmethod
    def resolve(url: Optional[str] = None, token: Optional[str] = None, mode: Optional[str] = None,
                spool_dir: Union[str, os.PathLike, None] = None, system_metrics_interval_s: Optional[float] = -1.0,
                **overrides) -> "Settings":
        """Arguments, else SEXTANT_URL / SEXTANT_TOKEN / SEXTANT_MODE / SEXTANT_SPOOL_DIR /
        SEXTANT_SYSTEM_METRICS_INTERVAL (seconds; 0 turns sampling off), else defaults."""
        env = os.environ
        mode = (mode or env.get("SEXTANT_MODE") or "online").lower()
        if mode not in ("online", "offline"):
            raise ValueError(f"mode must be 'online' or 'offline', got {mode!r}")
        if system_metrics_interval_s == -1.0:
            raw = env.get("SEXTANT_SYSTEM_METRICS_INTERVAL")
            system_metrics_interval_s = float(raw) if raw else 10.0
        if system_metrics_interval_s is not None and system_metrics_interval_s <= 0:
            system_metrics_interval_s = None
        return Settings(
            url=url or env.get("SEXTANT_URL") or DEFAULT_URL,
            token=token or env.get("SEXTANT_TOKEN") or None,
            mode=mode,
            spool_dir=Path(spool_dir or env.get("SEXTANT_SPOOL_DIR") or Path.home() / ".sextant" / "spool"),
            system_metrics_interval_s=system_metrics_interval_s,
            **overrides,
        )
