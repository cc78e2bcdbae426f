"""Reads a W&B run file (run-*.wandb) back with wandb's own protobuf classes: an independent reader of its framing
(LevelDB log: 7-byte file header, 32 KiB blocks, chunk header CRC-32 + length + type) checks ours."""
from __future__ import annotations

import json
import struct
import zlib

from wandb.proto import wandb_internal_pb2

import sextant


def records(path):
    data = open(path, "rb").read()
    assert data[:7] == b":W&B\xe1\xbe\x00", "not a W&B run log"
    position, pieces = 7, None
    while position + 7 <= len(data):
        left = 32768 - position % 32768
        if left < 7:
            position += left
            continue
        checksum, length, kind = struct.unpack("<IHB", data[position:position + 7])
        chunk = data[position + 7:position + 7 + length]
        assert zlib.crc32(chunk, zlib.crc32(bytes([kind]))) == checksum, f"bad checksum at {position}"
        position += 7 + length
        if kind == 1:
            yield _parse(chunk)
        elif kind == 2:
            pieces = chunk
        elif kind == 3:
            pieces += chunk
        elif kind == 4:
            yield _parse(pieces + chunk)


def _parse(data):
    record = wandb_internal_pb2.Record()
    record.ParseFromString(data)
    return record


def _key(item):
    return item.key or ".".join(item.nested_key)


def view(path):
    """The run as W&B recorded it: run record, config (after updates), history points per key, summary, exit code."""
    run, config, summary, points, exit_code = None, {}, {}, {}, None
    for record in records(path):
        kind = record.WhichOneof("record_type")
        if kind == "run":
            run = record.run
            config.update({_key(i): json.loads(i.value_json) for i in record.run.config.update})
        elif kind == "config":
            config.update({_key(i): json.loads(i.value_json) for i in record.config.update})
        elif kind == "summary":
            summary.update({_key(i): json.loads(i.value_json) for i in record.summary.update})
        elif kind == "exit":
            exit_code = record.exit.exit_code
        elif kind == "history":
            row = {_key(i): json.loads(i.value_json) for i in record.history.item}
            for key, value in row.items():
                if not key.startswith("_") and isinstance(value, (int, float)) and not isinstance(value, bool):
                    points.setdefault(key, []).append((row["_step"], sextant.milliseconds(row["_timestamp"]), float(value)))
    return run, config, summary, points, exit_code
