"""`python -m sextant sweep create config.yaml|config.json` and `sweep pause|resume|stop SWEEP_ID`."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

from ._http import ApiError, Transport
from ._settings import Settings


def load_config(path: str) -> Any:
    """A sweep config from JSON, or from YAML when PyYAML is installed (the SDK itself needs only the stdlib)."""
    text = Path(path).read_text(encoding="utf-8")
    if path.endswith(".json"):
        return json.loads(text)
    try:
        import yaml  # type: ignore[import-not-found]
    except ImportError:
        try:
            return json.loads(text)
        except ValueError:
            raise SystemExit(f"{path}: YAML configs need PyYAML (pip install pyyaml); or write the config as JSON")
    return yaml.safe_load(text)


def sweep_command(action: str, target: str, experiment_id: str, name: Optional[str], url: Optional[str]) -> int:
    settings = Settings.resolve(url=url)
    transport = Transport(settings.url, settings.token, settings.request_timeout_s)
    try:
        if action == "create":
            body = {"experiment_id": experiment_id, "config": load_config(target)}
            if name:
                body["name"] = name
            sweep = transport.request("POST", "/api/v1/sweeps", body)
            print(sweep["sweep_id"])
            print(f"sextant: sweep {sweep['name']} created; run agents with "
                  f"`python -m sextant agent {sweep['sweep_id']} -- python train.py ...`", file=sys.stderr)
        else:
            sweep = transport.request("POST", f"/api/v1/sweeps/{target}/{action}")
            print(f"sweep {target}: {sweep['state']}", file=sys.stderr)
    except ApiError as error:
        print(f"sextant: {error}", file=sys.stderr)
        return 1
    return 0
