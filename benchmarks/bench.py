"""Measure backhandout against a fair plain-ReportLab yardstick, like for like.

    python benchmarks/bench.py            # the full run (about 15 minutes on 2 cores)
    python benchmarks/bench.py --quick    # fewer repeats, 200 and 2,000 rows (about 3 minutes)
    python benchmarks/bench.py --cold     # only the cold build and --help rows (about a minute)
    python benchmarks/bench.py --help     # this text

Prints one table: each figure, its goal, and whether it is met. All timings
are medians of interleaved runs (a busy moment slows both sides alike), from
cold processes, as a user runs them; the machine's load is printed too.

- Cold build: `backhandout build desk-worker` against fair_ref.py (a plain
  ReportLab script, beside this file) drawing the same texts, pictures and
  diary fields from fair_content.py's CONTENT.json, with and without pikepdf
  finishing (--compact; backhandout always finishes its files). backhandout
  does more than the yardstick (tagging, alt text, the urgent-help strip,
  contact blanks, unhinted fonts), so the comparison favours the yardstick.
- --help over a bare `python -c pass`.
- A realistic roster (write_roster): the three profiles, both sides, flags,
  English and Spanish, A4, Letter and large print, a few weeks settings, in
  random order, 10% of rows with a note of their own; with --jobs 2.
- Worker memory: the largest worker's peak on the same mix at 1,000 and at
  20,000 rows: resident (VmHWM, which counts pages shared with the batch
  process that holds the roster) and its own (private pages, smaps_rollup).

This is not a test: nothing here fails a build.
"""

from __future__ import annotations

import csv
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
FAIR_REF = HERE / "fair_ref.py"
DAY = "2026-01-05"


def command() -> list[str]:
    """How a user runs backhandout: the console script beside this Python."""
    script = Path(sys.executable).parent / "backhandout"
    return [str(script)] if script.exists() else [sys.executable, "-m", "backhandout"]


def once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def interleaved(commands: dict[str, list[str]], repeats: int) -> dict[str, float]:
    """Median wall time of each command, run in turn repeats times."""
    runs: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, argv in commands.items():
            runs[name].append(once(argv))
    return {name: statistics.median(times) for name, times in runs.items()}


# A realistic clinic roster: (profile, side, flags, lang, layout, weeks) kinds with weights.
KINDS = [
    ("desk-worker", "", "", "en", "", ""), ("desk-worker", "", "", "en", "", ""),
    ("desk-worker", "", "arthritis", "en", "", ""), ("desk-worker", "", "", "es", "", ""),
    ("desk-worker", "", "", "en", "large-print", ""), ("desk-worker", "", "", "en", "letter", "6"),
    ("one-sided-pain", "left", "", "en", "", ""), ("one-sided-pain", "right", "", "en", "", ""),
    ("one-sided-pain", "left", "", "es", "", ""), ("one-sided-pain", "right", "osteoporosis", "en", "", ""),
    ("one-sided-pain", "left", "", "en", "large-print", "6"),
    ("post-workout-soreness", "", "", "en", "", ""), ("post-workout-soreness", "", "", "en", "", "2"),
    ("post-workout-soreness", "", "", "es", "", ""), ("post-workout-soreness", "", "", "en", "letter", ""),
]
NOTES = ("Walk 10 minutes after lunch.", "Use a cushion at work.", "Review in 2 weeks with your physio.",
         "Stop the bridge if your knee hurts.")


def write_roster(path: Path, rows: int, seed: int = 7) -> int:
    """A mixed roster in random order; returns how many kinds of handout it holds."""
    pick = random.Random(seed)
    kinds: Counter = Counter()
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["name", "profile", "side", "flags", "lang", "layout", "weeks", "date", "notes"])
        for i in range(rows):
            kind = pick.choice(KINDS)
            note = pick.choice(NOTES) + f" ({i})" if pick.random() < 0.10 else ""
            kinds[kind] += 1
            out.writerow([f"Patient Núñez {i}", *kind[:5], kind[5], DAY, note])
    return len(kinds)


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _private_kb(pid: int) -> int:
    """A process's own memory (kB): pages not shared with its parent (smaps_rollup)."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]
    except OSError:
        return 0
    return sum(int(line.split()[1]) for line in lines if line.startswith("Private_"))


def run_roster(folder: Path, rows: int, jobs: int) -> tuple[float, float, int, int, int]:
    """Wall time, CPU time, the largest worker's peak memory (kB: resident, and its own,
    not shared with the batch process that holds the roster) and the kinds of handout."""
    roster = folder / f"roster-{rows}.csv"
    kinds = write_roster(roster, rows)
    argv = command() + ["batch", "--roster", str(roster), "--out-dir", str(folder / f"out-{rows}"),
                        "--jobs", str(jobs)]
    start = time.perf_counter()
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    peaks: dict[int, int] = {}
    private: dict[int, int] = {}
    while process.poll() is None:
        for child in _children(process.pid):
            peaks[child] = max(peaks.get(child, 0), _peak_kb(child))
            private[child] = max(private.get(child, 0), _private_kb(child))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode:
        raise SystemExit(f"batch failed: {argv}")
    cpu_seconds = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    return (seconds, cpu_seconds, max(peaks.values(), default=0),
            max(private.values(), default=0), kinds)


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def main() -> None:
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__.strip())
        return
    quick = "--quick" in sys.argv
    repeats = 7 if quick or "--cold" in sys.argv else 21
    small, big = (200, 2000) if quick else (1000, 20000)
    import backhandout

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(backhandout.__file__).parent),
                    str(HERE)], check=True, stdout=subprocess.DEVNULL)  # as an installed package has them
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        content = folder / "content.json"
        subprocess.run([sys.executable, str(HERE / "fair_content.py"), str(content), "--date", DAY],
                       check=True)
        cold = interleaved({
            "build": command() + ["build", "desk-worker", "--date", DAY, "-o", str(folder / "b.pdf")],
            "fair": [sys.executable, str(FAIR_REF), str(folder / "f.pdf"), str(content)],
            "fair_compact": [sys.executable, str(FAIR_REF), str(folder / "fc.pdf"), str(content),
                             "--compact"],
            "help": command() + ["--help"],
            "bare": [sys.executable, "-c", "pass"],
        }, repeats)
        size = {name: (folder / f"{name}.pdf").stat().st_size / 1024 for name in ("b", "f", "fc")}
        pages = {name: _pages(folder / f"{name}.pdf") for name in ("b", "f")}
        rosters = "--cold" not in sys.argv
        if rosters:
            small_s, small_cpu, small_kb, small_own, kinds = run_roster(folder, small, 2)
            big_s, big_cpu, big_kb, big_own, _ = run_roster(folder, big, 2)

    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    vs_compact, vs_plain = cold["build"] / cold["fair_compact"], cold["build"] / cold["fair"]
    help_over = cold["help"] - cold["bare"]
    rows = [
        ("fair_ref.py (plain ReportLab)", ms(cold["fair"]), f"{pages['f']} pages",
         f"{size['f']:.0f} kB"),
        ("fair_ref.py --compact (+ pikepdf)", ms(cold["fair_compact"]), "", f"{size['fc']:.0f} kB"),
        ("backhandout build (cold)", ms(cold["build"]),
         f"<= 1.0x compact: {vs_compact:.2f}x {verdict(vs_compact <= 1.0)}; <= 1.2x plain: "
         f"{vs_plain:.2f}x {verdict(vs_plain <= 1.2)}; {pages['b']} pages", f"{size['b']:.0f} kB"),
        ("backhandout --help over python -c pass", ms(help_over),
         f"<= 50 ms {verdict(help_over <= 0.050)}", ""),
    ]
    if rosters:
        growth = big_kb / small_kb - 1 if small_kb else 0.0
        own_growth = big_own / small_own - 1 if small_own else 0.0
        rows += [
        (f"roster {small} rows, {kinds} kinds, --jobs 2", f"{small_s:.1f} s",
         (f"< 25 s {verdict(small_s < 25)}; " if small == 1000 else "")
         + f"CPU {small_cpu / small * 1000:.0f} ms a row; worker peak {small_kb / 1024:.0f} MB "
         f"(own {small_own / 1024:.0f} MB)", ""),
        (f"roster {big} rows, --jobs 2", f"{big_s:.1f} s",
         f"worker peak {big_kb / 1024:.0f} MB ({growth:+.0%}), own {big_own / 1024:.0f} MB "
         f"({own_growth:+.0%}): within 10% {verdict(max(growth, own_growth) <= 0.10)}", ""),
        ]
    print(f"backhandout {backhandout.__version__} benchmarks, {time.strftime('%Y-%m-%d')}, "
          f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, load average {load_before[0]:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after; medians of {repeats} interleaved cold runs")
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'time':>9}  {'goal / note':<72}  size")
    for what, value, note, file_size in rows:
        print(f"{what:<{width}}  {value:>9}  {note:<72}  {file_size}")


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


if __name__ == "__main__":
    main()
