"""The engine's command line: record traces from real models, list and check them.

python -m engine record points_diffusion
python -m engine check renders/traces/points_diffusion.npz
python -m engine list
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from engine.core import trace
from engine.core.config_args import ConfigError, apply_overrides
from engine.core.kinds import KINDS
from engine.core.needs import needs_markdown, report
from engine.core.paths import TRACES_DIR
from engine.core.pretrained import PretrainedError
from engine.core.recorders import RECORDERS


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments get one line and exit 2, not a usage dump."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(
        prog="python -m engine",
        description="Train small real generative models and record what they do "
        "into trace files that the scenes render.",
    )
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=OneLineParser
    )

    rec = sub.add_parser("record", help="train (or reuse) a model and record its trace")
    rec.add_argument("kind", help=f"trace kind: {', '.join(RECORDERS)}")
    rec.add_argument(
        "--out", type=Path, help="trace file (default: renders/traces/<kind>.npz)"
    )
    rec.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a config field, e.g. --set seed=1 --set train_iters=2000",
    )
    rec.add_argument(
        "--no-cache",
        action="store_true",
        help="retrain even if a matching checkpoint is cached",
    )
    rec.add_argument("--quiet", action="store_true", help="no progress bar")

    chk = sub.add_parser("check", help="validate trace files; exit 1 if any is bad")
    chk.add_argument("files", nargs="+", type=Path)

    sub.add_parser("list", help="list trace kinds and the traces under renders/traces")

    kinds = sub.add_parser("kinds", help="describe every trace kind's arrays as "
                           "Markdown (docs/trace-kinds.md is made by this)")
    kinds.add_argument("--markdown", action="store_true", help="(the only format)")

    args = parser.parse_args(argv)
    if args.command == "record":
        return cmd_record(args)
    if args.command == "check":
        return cmd_check(args.files)
    if args.command == "kinds":
        print(kinds_markdown(), end="")
        return 0
    return cmd_list()


def dataset_notes(cfg) -> list[str]:
    """One line for each points CSV of the config with lines left out as far
    outside the rest (engine/data/points_csv.py), so the user hears of it."""
    from dataclasses import asdict

    from engine.data import points_csv

    values = [v for v in asdict(cfg).values() if isinstance(v, str)]
    return [n for v in values if points_csv.is_csv(v) and (n := points_csv.note(v))]


def cmd_record(args) -> int:
    if args.kind not in RECORDERS:
        print(
            f"engine: unknown trace kind {args.kind!r} (known: {', '.join(RECORDERS)})",
            file=sys.stderr,
        )
        return 2
    config_class, record = RECORDERS[args.kind].load()
    try:
        cfg = apply_overrides(config_class, args.overrides)
    except ConfigError as err:
        print(f"engine: {err}", file=sys.stderr)
        return 2
    out = args.out or TRACES_DIR / f"{args.kind}.npz"
    for said in dataset_notes(cfg):
        print(f"engine: {said}", file=sys.stderr)
    print(f"engine: recording {args.kind} -> {out}", file=sys.stderr)
    try:
        record(cfg, out, progress=not args.quiet, use_cache=not args.no_cache)
    except OSError as err:  # a full disk, a folder that cannot be written
        where = err.filename or out
        print(f"engine: cannot write {where}: {err.strerror or err}", file=sys.stderr)
        return 1
    except trace.TraceError as err:  # what was recorded breaks the trace format
        print(f"engine: not written: {err}", file=sys.stderr)
        return 1
    except PretrainedError as err:  # weights from set-up missing or altered
        print(f"engine: not written: {err}", file=sys.stderr)
        return 1
    print(f"engine: wrote {out}", file=sys.stderr)
    return 0


def cmd_check(files: list[Path]) -> int:
    bad = 0
    for path in files:
        try:
            t = trace.load(path)
        except trace.TraceError as err:
            print(f"BAD {err}")
            bad += 1
        else:
            n = sum(a.size for a in t.arrays.values())
            print(f"ok  {path}: {t.kind}, {len(t.arrays)} arrays, {n:,} values")
            for key, value in sorted(t.stats.items()):
                print(f"      {key}: {value}")
            for line in report(t):  # which scenes can draw it, or what they lack
                print(f"    {line}")
    return 1 if bad else 0


def kinds_markdown() -> str:
    """Every kind's arrays as Markdown tables, from each chapter's kinds.py."""
    out = ["# Trace kinds", "",
           "Made by `python -m engine kinds --markdown` from each chapter's "
           "`engine/<chapter>/kinds.py`; "
           "see trace-format.md for the file itself.", ""]
    for name, spec in KINDS.items():
        out += [f"## `{name}`", "", spec.description, "",
                "| array | dims | units | dtype | meaning |", "|---|---|---|---|---|"]
        for array, a in spec.arrays.items():
            dtype = {"f": "float", "iu": "int"}.get(a.dtype_kinds, a.dtype_kinds)
            optional = " (optional)" if a.optional else ""
            out.append(f"| `{array}`{optional} | {', '.join(a.dims)} | {a.units} | "
                       f"{dtype} | {a.meaning} |")
        out.append("")
        drawn = needs_markdown(name)
        out += [*drawn, ""] if drawn else []
    return "\n".join(out)


def cmd_list() -> int:
    print("trace kinds:")
    for kind, spec in KINDS.items():
        print(f"  {kind:<20} {spec.description}")
    found = sorted(TRACES_DIR.glob("*.npz")) if TRACES_DIR.exists() else []
    print(f"traces in {TRACES_DIR}:" if found else f"no traces in {TRACES_DIR} yet")
    for path in found:
        print(f"  {path.name}")
    return 0


def _stop(signum, frame):
    # SIGTERM (what make sends its jobs when killed) and SIGHUP stop a recording
    # as Ctrl-C does, so its temporary files are removed on the way out.
    raise KeyboardInterrupt(signum)


if __name__ == "__main__":
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _stop)
    try:
        sys.exit(main())
    except KeyboardInterrupt as stop:
        print("engine: interrupted", file=sys.stderr)
        sys.stderr.flush()
        # The temporary files are gone by now (removed as the stop unwound).
        # Leave at once, as a stopped render does: after a stop, a normal exit
        # sometimes ended by SIGINT instead of with our exit code (2 of 8
        # SIGTERMs to a recording one second in); os._exit never did (0 of 16).
        os._exit(128 + (stop.args[0] if stop.args else signal.SIGINT))
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
        sys.stderr.close()
        sys.exit(0)
