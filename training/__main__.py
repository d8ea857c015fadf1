"""The network lab's engine from the command line.

``python -m training torch-script 'QUERY'`` writes the PyTorch script of a lab link's run to stdout
(:mod:`training.torch_script`; QUERY is the lab's URL query string, ``data=xor&opt1=sgd:lr=0.1&steps=300``);
``--config 2`` picks the second configuration of a comparison. A link with values it cannot use gets
no script: what it could not use goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import parse_qsl

from . import lab, torch_script


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("torch-script", help="the PyTorch script of a lab link's run")
    export.add_argument("query", help="the lab's URL query string (what follows '?')")
    export.add_argument("--config", type=int, default=1, help="which configuration (1 or 2)")
    arguments = parser.parse_args(argv)
    state, notices = lab.from_query(dict(parse_qsl(arguments.query.lstrip("?"), keep_blank_values=True)))
    if notices:  # a script of something else than the link asks for would be a wrong script
        for notice in notices:
            print(f"error: {notice}", file=sys.stderr)
        return 2
    if not 1 <= arguments.config <= len(state.configs):
        print(
            f"error: the link has {len(state.configs)} configuration(s), not {arguments.config}",
            file=sys.stderr,
        )
        return 2
    try:
        sys.stdout.write(torch_script.script(state, arguments.config - 1))
    except torch_script.UnsupportedError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
