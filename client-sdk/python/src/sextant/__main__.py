"""`python -m sextant sync [DIR]`: upload spooled runs; `agent SWEEP_ID -- cmd`: run a sweep's trials; `sweep ...`."""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional

from ._sync import sync


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sextant", description="Sextant client tools")
    commands = parser.add_subparsers(dest="command", required=True)
    sync_parser = commands.add_parser("sync", help="upload offline / spooled runs to the server")
    sync_parser.add_argument("directory", nargs="?", help="spool folder (default SEXTANT_SPOOL_DIR or ~/.sextant/spool)")
    sync_parser.add_argument("--url", help="server URL (default SEXTANT_URL or http://127.0.0.1:5055)")
    agent_parser = commands.add_parser("agent", help="run a command for each trial of a sweep",
                                       usage="python -m sextant agent SWEEP_ID [--count N] -- COMMAND ${name} ...")
    agent_parser.add_argument("sweep_id")
    agent_parser.add_argument("--count", type=int, help="run at most this many trials (default: until the sweep is done)")
    agent_parser.add_argument("--url", help="server URL (default SEXTANT_URL or http://127.0.0.1:5055)")
    agent_parser.add_argument("trial_command", nargs=argparse.REMAINDER, metavar="command",
                              help="after --: the command; ${name} is a parameter, ${args} all of them")
    sweep_parser = commands.add_parser("sweep", help="create or control a sweep")
    sweep_parser.add_argument("action", choices=["create", "pause", "resume", "stop"])
    sweep_parser.add_argument("target", help="create: a JSON or YAML config file; otherwise the sweep id")
    sweep_parser.add_argument("--experiment-id", default="0", help="create: the experiment (default 0, Default)")
    sweep_parser.add_argument("--name", help="create: the sweep's name")
    sweep_parser.add_argument("--url", help="server URL (default SEXTANT_URL or http://127.0.0.1:5055)")
    args = parser.parse_args(argv)
    if args.command == "agent":
        from ._sweep_command import run_agent
        return run_agent(args.sweep_id, _after_dashes(args), count=args.count, url=args.url)
    if args.command == "sweep":
        from ._sweep_cli import sweep_command
        return sweep_command(args.action, args.target, args.experiment_id, args.name, args.url)
    results = sync(args.directory, url=args.url)
    synced = sum(r.status == "synced" for r in results)
    print(f"{synced} of {len(results)} spooled runs synced", file=sys.stderr)
    return 0 if all(r.status != "failed" for r in results) else 1


def _after_dashes(args: argparse.Namespace) -> List[str]:
    command = list(args.trial_command or [])
    return command[1:] if command[:1] == ["--"] else command


if __name__ == "__main__":
    sys.exit(main())
