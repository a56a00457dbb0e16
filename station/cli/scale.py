"""`python -m station scale simulate|watch`: a simulated scale on a PTY, and a live reading printer.

simulate: prints the device path, then reads commands from stdin (one per line):
  `+N [G]` put N pieces of G grams (default 2.5), `w G` put G grams, `0` empty the pan,
  `o` overload, `u` unplug, `r` replug, `q` quit.
watch: prints one reading per line (`--json` for JSON objects) until Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from dataclasses import asdict

from station.devices.scale import PROTOCOLS, ScaleError, ScaleService, load_profile
from station.devices.scale.simulator import ScaleSimulator
from station.domain.weighing import Reading

DEFAULT_PIECE_G = 2.5


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "scale", help="counting-scale tools (simulator, watch)", description=__doc__
    )
    commands = parser.add_subparsers(dest="scale_command", metavar="SCALE_COMMAND", required=True)

    simulate = commands.add_parser("simulate", help="a simulated scale on a pseudo-terminal")
    simulate.add_argument("--protocol", required=True, choices=PROTOCOLS)
    simulate.add_argument("--link", help="symlink to expose the PTY at (default: a temporary path)")
    simulate.add_argument(
        "--stream", action="store_true", default=None, help="continuous output from the start"
    )
    simulate.add_argument("--pieces", type=int, default=0, help="pieces on the pan at start")
    simulate.add_argument("--piece-weight", type=float, default=DEFAULT_PIECE_G, help="grams per piece")
    simulate.set_defaults(handler=run_simulate)

    watch = commands.add_parser("watch", help="print the readings of a scale")
    watch.add_argument(
        "--profile", required=True, help="profile name in firmware_config/scales/ or a .toml path"
    )
    watch.add_argument("--port", help="serial device (default: the profile's)")
    watch.add_argument("--piece-weight", type=float, help="grams per piece, to count from weight")
    watch.add_argument("--json", action="store_true", help="one JSON object per line")
    watch.set_defaults(handler=run_watch)


def run_simulate(args: argparse.Namespace) -> int:
    sim = ScaleSimulator(args.protocol, link=args.link, stream=args.stream)
    path = sim.start()
    try:
        if args.pieces:
            sim.put_pieces(args.pieces, args.piece_weight)
        print(f"{args.protocol} scale on {path} (pty {sim.pts_path})", flush=True)
        for line in sys.stdin:
            if not _simulator_command(sim, line.split(), args.piece_weight):
                break
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


def _simulator_command(sim: ScaleSimulator, words: list[str], piece_g: float) -> bool:
    """Applies one stdin command; False to quit."""
    if not words:
        return True
    head = words[0]
    try:
        if head == "q":
            return False
        if head.startswith("+"):
            sim.put_pieces(int(head[1:] or 1), float(words[1]) if len(words) > 1 else piece_g)
        elif head == "w" and len(words) > 1:
            sim.put_weight(float(words[1]))
        elif head == "0":
            sim.remove_all()
        elif head == "o":
            sim.overload()
        elif head == "u":
            sim.unplug()
        elif head == "r":
            sim.replug()
            print(f"replugged: {sim.path} -> {sim.pts_path}", flush=True)
        else:
            print("commands: +N [G] | w G | 0 | o | u | r | q", file=sys.stderr, flush=True)
    except ValueError:
        print(f"not understood: {' '.join(words)}", file=sys.stderr, flush=True)
    return True


def format_reading(reading: Reading, as_json: bool) -> str:
    if as_json:
        return json.dumps({**asdict(reading), "status": str(reading.status)}, ensure_ascii=False)
    weight = "-" if reading.weight_g is None else f"{reading.weight_g:g} g"
    count = "" if reading.count is None else f"  {reading.count} pcs"
    detail = f"  ({reading.detail})" if reading.detail else ""
    return f"{reading.status:<12} {'stable' if reading.stable else 'moving':<6} {weight}{count}{detail}"


def run_watch(args: argparse.Namespace) -> int:
    try:
        profile = load_profile(args.profile)
    except ScaleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    done = threading.Event()

    def show(reading: Reading) -> None:
        try:
            print(format_reading(reading, args.json), flush=True)
        except BrokenPipeError:
            done.set()

    signal.signal(signal.SIGTERM, lambda *_: done.set())
    if args.piece_weight is not None and not args.piece_weight > 0:
        print(f"error: --piece-weight must be positive, got {args.piece_weight}", file=sys.stderr)
        return 2
    service = ScaleService(profile, args.port, on_reading=show)
    try:
        service.set_piece_weight(args.piece_weight)
        service.start()
        while not done.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        service.stop()
    return 0
