"""The command line: ``etablering`` or ``python -m etableringsmodell``.

Exit codes: 0 success, 2 a usage error (argparse), 3 invalid input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date

from etableringsmodell.errors import EtableringsmodellError

__all__ = ["main"]

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INVALID = 3


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2004-06-01") from None


def _parser() -> argparse.ArgumentParser:
    from etableringsmodell.demo import DEFAULT_ON, DEFAULT_SIZE

    parser = argparse.ArgumentParser(
        prog="etablering",
        description="Eligibility, goals and outcomes for the establishment of newly arrived people.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="check a synthetic cohort against the Göteborg agreement and show the AMS goal progress",
    )
    demo.add_argument(
        "--on", type=_iso_date, default=DEFAULT_ON, help=f"reference date (default {DEFAULT_ON})"
    )
    demo.add_argument("--size", type=int, default=DEFAULT_SIZE, help=f"cohort size (default {DEFAULT_SIZE})")
    demo.add_argument("--seed", type=int, default=2004, help="random seed of the synthetic cohort")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            from etableringsmodell.demo import run_demo

            if args.size < 1:
                print("etablering: --size must be at least 1", file=sys.stderr)
                return EXIT_USAGE
            run_demo(sys.stdout, on=args.on, size=args.size, seed=args.seed)
    except EtableringsmodellError as error:
        print(f"etablering: {error}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        # The reader went away (``| head``): not an error of ours. Point
        # stdout at devnull so the interpreter's final flush stays quiet.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    return EXIT_OK
