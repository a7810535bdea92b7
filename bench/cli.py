"""How fast the `vernly` command starts: median of 10 runs of `vernly --help` and of a
`vernly sweep` with nothing to do, next to `python -c pass` (the interpreter's own start)
measured in the same run.

The sweep runs in a small demo workspace (`vernly demo --no-serve --subjects 50`) after a
first sweep has removed what was due, so it loads the policy, opens the ledger and every
system, and finds nothing to delete. Goals (issue 13): `--help` <= 0.3 s, sweep <= 0.45 s.

When the environment forbids writing bytecode (PYTHONDONTWRITEBYTECODE, as some shells and
containers set), every run compiles vernly's own modules from source, which an installed
vernly (pip writes the bytecode at install) never does; the idle sweep is then measured a
second time with bytecode cached in a temporary folder, and both rows are printed.

    make bench-cli
    python bench/cli.py --runs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VERNLY = Path(sys.executable).parent / "vernly"
GOALS = {"vernly --help": 0.3, "vernly sweep (nothing to do)": 0.45,
         "  same, bytecode cached": 0.45}


def vernly() -> list[str]:
    return [str(VERNLY)] if VERNLY.exists() else [sys.executable, "-m", "vernly"]


def median_seconds(command: list[str], runs: int, cwd: Path, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vernly-bench-cli-") as tmp:
        ws = Path(tmp) / "ws"
        env = {k: v for k, v in os.environ.items() if not k.startswith("VERNLY_")}
        env["VERNLY_SWEEP_INTERVAL"] = "0"
        subprocess.run([*vernly(), "demo", str(ws), "--no-serve", "--subjects", "50"],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([*vernly(), "sweep"], cwd=ws, env=env, stdout=subprocess.DEVNULL,
                       check=False)  # removes what was due: the measured sweeps find nothing
        cached = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        rows = [("python -c pass", [sys.executable, "-c", "pass"], env),
                ("vernly --help", [*vernly(), "--help"], env),
                ("vernly sweep (nothing to do)", [*vernly(), "sweep"], env)]
        if env.get("PYTHONDONTWRITEBYTECODE"):
            subprocess.run([*vernly(), "sweep"], cwd=ws, env=cached,  # writes the bytecode
                           stdout=subprocess.DEVNULL, check=False)
            rows.append(("  same, bytecode cached", [*vernly(), "sweep"], cached))
        print(f"{'command':<30}{'median s':>10}{'goal s':>8}   (median of {args.runs})")
        for name, command, run_env in rows:
            seconds = median_seconds(command, args.runs, ws, run_env)
            goal = GOALS.get(name)
            verdict = "" if goal is None else ("  ok" if seconds <= goal else "  over")
            print(f"{name:<30}{seconds:>10.3f}{goal or '':>8}{verdict}", flush=True)


if __name__ == "__main__":
    main()
