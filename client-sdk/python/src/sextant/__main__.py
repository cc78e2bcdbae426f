"""`python -m sextant sync [DIR]`: upload spooled runs."""
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
    args = parser.parse_args(argv)
    results = sync(args.directory, url=args.url)
    synced = sum(r.status == "synced" for r in results)
    print(f"{synced} of {len(results)} spooled runs synced", file=sys.stderr)
    return 0 if all(r.status != "failed" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
