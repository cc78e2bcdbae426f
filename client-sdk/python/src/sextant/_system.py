"""System metrics from the standard library: /proc for CPU and memory, nvidia-smi for GPUs when present."""
from __future__ import annotations

import os
import shutil
import subprocess
import threading
from typing import Callable, Dict, Optional, Tuple

_GPU_FIELDS = ("utilization.gpu", "memory.used", "memory.total", "temperature.gpu", "power.draw")
_GPU_NAMES = ("utilization_percent", "memory_used_mb", "memory_total_mb", "temperature_c", "power_w")


class SystemSampler:
    """Reads one sample of system/* values; CPU percentages are averages since the previous sample."""

    def __init__(self) -> None:
        self._ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        self._cpus = os.cpu_count() or 1
        self._last_system: Optional[Tuple[int, int]] = self._system_cpu()
        self._last_process: Optional[Tuple[float, float]] = self._process_cpu()
        self._nvidia_smi = shutil.which("nvidia-smi")

    def sample(self) -> Dict[str, float]:
        values: Dict[str, float] = {}
        system = self._system_cpu()
        if system and self._last_system:
            busy, total = system[0] - self._last_system[0], system[1] - self._last_system[1]
            if total > 0:
                values["system/cpu_percent"] = 100.0 * busy / total
        self._last_system = system
        process = self._process_cpu()
        if process and self._last_process:
            cpu_s, wall_s = process[0] - self._last_process[0], process[1] - self._last_process[1]
            if wall_s > 0:
                values["system/process_cpu_percent"] = 100.0 * cpu_s / wall_s
        self._last_process = process
        values.update(self._memory())
        if self._nvidia_smi:
            values.update(self._gpus(self._nvidia_smi))
        return values

    @staticmethod
    def _system_cpu() -> Optional[Tuple[int, int]]:
        try:
            with open("/proc/stat") as stream:
                fields = [int(v) for v in stream.readline().split()[1:]]
        except (OSError, ValueError):
            return None
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return sum(fields) - idle, sum(fields)

    @staticmethod
    def _process_cpu() -> Tuple[float, float]:
        times = os.times()
        return times.user + times.system, times.elapsed

    @staticmethod
    def _memory() -> Dict[str, float]:
        values: Dict[str, float] = {}
        try:
            with open("/proc/self/status") as stream:
                for line in stream:
                    if line.startswith("VmRSS:"):
                        values["system/process_rss_mb"] = int(line.split()[1]) / 1024.0
            info = {}
            with open("/proc/meminfo") as stream:
                for line in stream:
                    name, _, rest = line.partition(":")
                    info[name] = int(rest.split()[0])
            total, available = info["MemTotal"], info.get("MemAvailable", info.get("MemFree", 0))
            values["system/memory_used_mb"] = (total - available) / 1024.0
            values["system/memory_percent"] = 100.0 * (total - available) / total
        except (OSError, ValueError, KeyError, IndexError):
            pass
        return values

    @staticmethod
    def _gpus(nvidia_smi: str) -> Dict[str, float]:
        try:
            output = subprocess.run([nvidia_smi, "--query-gpu=" + ",".join(_GPU_FIELDS),
                                     "--format=csv,noheader,nounits"], capture_output=True, text=True, timeout=5)
        except (OSError, subprocess.SubprocessError):
            return {}
        values: Dict[str, float] = {}
        for index, line in enumerate(output.stdout.strip().splitlines()):
            for name, raw in zip(_GPU_NAMES, line.split(",")):
                try:
                    values[f"system/gpu/{index}/{name}"] = float(raw.strip())
                except ValueError:
                    pass  # "[N/A]" on GPUs that do not report a field
        return values


class SystemMonitor:
    """A daemon thread that samples every interval_s and hands the values (and a sample index) to sink."""

    def __init__(self, interval_s: float, sink: Callable[[Dict[str, float], int], None]) -> None:
        self._interval_s = interval_s
        self._sink = sink
        self._stop = threading.Event()
        self._sampler = SystemSampler()
        self._thread = threading.Thread(target=self._loop, name="sextant-system-metrics", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        index = 0
        while not self._stop.wait(self._interval_s):
            values = self._sampler.sample()
            if values:
                self._sink(values, index)
                index += 1

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10.0)

