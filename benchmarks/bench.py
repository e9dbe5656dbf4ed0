"""Measure backhandout against a plain ReportLab script and WeasyPrint, on the same content.

    python benchmarks/bench.py            # the full run (3 to 5 minutes on 2 cores)
    python benchmarks/bench.py --quick    # fewer repeats and a 200-row roster
    python benchmarks/bench.py --help     # this text

Prints one table: each figure, its goal, and whether it is met. Timings are
medians of several runs; the machine's load is printed too, since other
processes on a shared machine slow every figure. WeasyPrint is optional
(pip install weasyprint; it needs Pango: apt-get install libpango-1.0-0
libpangoft2-1.0-0); without it that row says so and the rest still runs.
Its row renders html_for's HTML: the same 13 pages as the real handout, with
the same text in the Vera fonts, the pictures as inline SVG from the shape
data the plain script draws, and the diary's 271 form fields as HTML inputs
(write_pdf(..., pdf_forms=True)).
This is not a test: nothing here fails a build.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import os
import platform
import resource
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLAIN = HERE / "plain_reportlab.py"
DAY = "2026-11-21"
PATIENT = "Ana Núñez"
PROFILES = ("desk-worker", "one-sided-pain", "post-workout-soreness")


def command() -> list[str]:
    """How a user runs backhandout: the console script beside this Python."""
    script = Path(sys.executable).parent / "backhandout"
    return [str(script)] if script.exists() else [sys.executable, "-m", "backhandout"]


def timed(argv: list[str], repeats: int) -> float:
    """Median wall time of a command, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_process(work, repeats: int) -> float:
    """Median time of a function after two warm-up calls, in seconds."""
    work()
    work()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# The stylesheet; html_for fills in $left, $right, $footer (the running texts) and the bands.
HTML_CSS = string.Template("""
@page { size: A4; margin: 18mm 18mm 16.7mm; padding: 4mm 0 3.3mm;
        border-top: 0.6pt solid #444; border-bottom: 0.6pt solid #444; background-origin: border-box;
        @top-left { content: $left; font: bold 10.5pt Vera; color: #444; vertical-align: bottom;
                    padding-bottom: 1.8mm }
        @top-right { content: $right; font: 10.5pt Vera; color: #444; vertical-align: bottom;
                     padding-bottom: 1.8mm }
        @bottom-left { content: $footer; font: 10.5pt Vera; color: #444; vertical-align: top;
                       padding-top: 1.5mm }
        @bottom-right { content: 'Page ' counter(page) ' of ' counter(pages); font: 10.5pt Vera;
                        color: #444; vertical-align: top; padding-top: 1.5mm } }
@page danger { background: $red_band -18mm -18mm / 210mm 7mm no-repeat }
@page diary { background: $blue_band -18mm -18mm / 210mm 7mm no-repeat }
.danger-pages { page: danger }  .diary-pages { page: diary }
body { font: 13pt/17.55pt Vera; margin: 0 }
p { margin: 0 0 4.55pt }  b { font-weight: bold }
h1 { font-size: 26pt; line-height: 31pt; color: #1B4F72; margin: 0 0 8pt }
h2 { font-size: 18pt; line-height: 22.5pt; color: #1B4F72; margin: 11.7pt 0 5.2pt;
     break-after: avoid }
h2.red { color: #A50E0E; margin-top: 7.8pt }
ul { margin: 0; padding-left: 17pt }  li { margin-bottom: 3.9pt }
h2.break { margin-top: 0 }
.keep { break-inside: avoid }  .break { break-before: page }
table { border-collapse: collapse; width: 100% }  td, th { padding: 0; vertical-align: top }
.facts td { font-size: 14.3pt; line-height: 19.3pt; padding-bottom: 1pt }
.glance { table-layout: fixed }
.glance td, .glance th { border-bottom: 0.6pt solid #444; padding: 4pt 4pt 5pt; text-align: left }
.glance th { background: #E3EEF6 }
.card { border: 1.5pt solid #1B4F72; padding: 7.3pt 10.4pt 0; margin-bottom: 14pt;
        break-inside: avoid }
.card h3 { font-size: 18pt; line-height: 21.6pt; margin: 0 0 4.55pt }
.dose { background: #E3EEF6; padding: 4pt 6pt 5pt; margin-bottom: 6pt }
.card svg { display: block; margin-bottom: 6pt }
.steps td { padding-bottom: 4.55pt }  .steps td:first-child { width: 26pt }
.emergency { border: 3pt solid #A50E0E; background: #FBE9E7; padding: 8pt 10.4pt 0 }
.guide td { width: 33.3%; font-size: 12pt; line-height: 13.8pt; padding: 3pt 8pt 4pt;
            border-left: 5pt solid }
.diary { table-layout: fixed; margin: 11pt 0 14pt; break-inside: avoid }
.diary td, .diary th { border: 0.8pt solid black; padding: 1pt 1pt 2pt 3pt;
                       font-size: 12pt; line-height: 13.8pt; vertical-align: middle; text-align: left }
.diary th { background: #E3EEF6 }  .diary col.label { width: 38% }
.diary td.field { padding: 2pt; text-align: center }  .diary .pain { background: #F2F2F2 }
.diary tr.notes td { vertical-align: top }
input, textarea { border: 0; padding: 0; margin: 0; background: none; font-family: Vera;
                  box-sizing: border-box; display: block }
input[type=text] { width: 100%; height: 17.54pt }
input[type=checkbox] { width: 17.54pt; height: 17.54pt; margin: auto }
textarea { width: 100%; height: 34.8pt; font-size: 10pt }
input.plan { width: 0; height: 0; position: absolute }
""")


def css_text(text: str) -> str:
    """A CSS string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def band(colour: str) -> str:
    """A page's colour band as a CSS image: one square of colour, stretched."""
    square = (f'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect width="1" height="1" '
              f'fill="{colour}"/></svg>')
    return "url('data:image/svg+xml," + square.replace("#", "%23") + "')"


def svg_for(figure: dict) -> str:
    """An exercise's row of picture panels as inline SVG, from the same shapes the plain script draws.

    The shapes are in PDF points with y going up, so each y is flipped; the
    SVG's user unit is the point, so the picture is the size the real card draws.
    """
    width, height = figure["width"], figure["height"]

    def points(shape: dict) -> str:
        return " ".join(f"{x:.2f},{height - y:.2f}" for x, y in shape["points"])

    panels = []
    for panel in figure["panels"]:
        top = height - panel["y"] - panel["height"]  # the panel's top edge, from the top
        frame = (f'<rect x="0.5" y="{top + 0.5:.2f}" width="{panel["width"] - 1:.2f}" '
                 f'height="{panel["height"] - 1:.2f}" rx="4" fill="white" stroke="{figure["frame"]}" '
                 'stroke-width="0.6"/>')
        items = [frame]
        for shape in panel["shapes"]:
            paint = f'fill="{shape["fill"] or "none"}" stroke="{shape["stroke"] or "none"}"'
            if shape["kind"] == "circle":  # its width is the radius
                (x, y), = shape["points"]
                items.append(f'<circle cx="{x:.2f}" cy="{height - y:.2f}" r="{shape["width"]:.2f}" '
                             f'{paint} stroke-width="{shape["stroke_width"]:.2f}"/>')
                continue
            dash = f' stroke-dasharray="{" ".join(map(str, shape["dash"]))}"' if shape["dash"] else ""
            tag = "polygon" if shape["kind"] == "polygon" else "polyline"
            items.append(f'<{tag} points="{points(shape)}" {paint} '
                         f'stroke-width="{shape["width"] or shape["stroke_width"]:.2f}"{dash}/>')
        for label in panel["labels"]:
            weight = "bold" if label["bold"] else "normal"
            items.append(f'<text x="{label["x"]:.2f}" y="{height - label["y"]:.2f}" font-family="Vera" '
                         f'font-weight="{weight}" font-size="{label["size"]}" fill="{label["colour"]}" '
                         f'text-anchor="{label["anchor"]}">{html.escape(label["text"])}</text>')
        panels.append(f'<g transform="translate({panel["x"]:.2f} 0)">{"".join(items)}</g>')
    return (f'<svg width="{width:.2f}pt" height="{height:.2f}pt" viewBox="0 0 {width:.2f} {height:.2f}" '
            f'stroke-linecap="round" stroke-linejoin="round">{"".join(panels)}</svg>')


def diary_week(plan: dict, week: int) -> str:
    """One diary week as a form: a date field, a tick box per started exercise, two pain fields a day; notes.

    The fields have the real handout's names (w1_d3_date, w1_d3_ex_cat-cow, w1_d3_pain_during...).
    """
    e = html.escape
    days = range(1, 8)

    def texts(label: str, key: str, size: int, maxlen: int, cls: str = "") -> str:
        return (f'<tr><td{cls}>{e(label)}</td>' + "".join(
            f'<td class="field"><input type="text" name="w{week}_d{d}_{key}" maxlength="{maxlen}" '
            f'style="font-size: {size}pt" title="Week {week}, day {d}: {e(label)}"></td>' for d in days)
            + "</tr>")

    rows = [(f"<tr><th>Week {week}</th>" + "".join(f"<th>Day {d}</th>" for d in days) + "</tr>"),
            texts("Date", "date", 8, 10)]
    rows += [f"<tr><td>{i}. {e(x['name'])}</td>" + "".join(
        f'<td class="field"><input type="checkbox" name="w{week}_d{d}_ex_{x["id"]}" '
        f'title="Week {week}, day {d}: {e(x["name"])} done"></td>' for d in days) + "</tr>"
        for i, x in enumerate(plan["exercises"], 1) if x["start_week"] <= week]
    rows += [texts("Pain during (0-10)", "pain_during", 12, 2, ' class="pain"'),
             texts("Pain next morning (0-10)", "pain_morning", 12, 2, ' class="pain"'),
             (f'<tr class="notes"><td>Notes</td><td class="field" colspan="7"><textarea name="w{week}_notes" '
              f'title="Week {week}: notes"></textarea></td></tr>')]
    return f'<table class="diary"><col class="label">{"".join(rows)}</table>'


def html_for(plan: dict) -> str:
    """The handout as HTML and CSS for WeasyPrint: the pages the plain script draws.

    The same text and blocks in the Vera fonts (the cover with the plan at a
    glance, one card a page, the warnings pages, the diary two weeks a page,
    the running heads and colour bands), the same pictures as inline SVG from
    plan["figures"], and the same diary form fields as HTML inputs, which
    WeasyPrint writes as PDF fields with write_pdf(pdf_forms=True). The plan
    field, hidden in the real handout, is a zero-size text field here:
    WeasyPrint cannot mark a field hidden or read-only.
    """
    import reportlab
    # the plain script's wording and colours (imported here: it registers fonts on import)
    from plain_reportlab import EQUIPMENT, TRAFFIC, long_date, session_lines

    fonts = Path(reportlab.__file__).parent / "fonts"
    e = html.escape
    ul = lambda lines: "<ul>" + "".join(f"<li>{e(x)}</li>" for x in lines) + "</ul>"  # noqa: E731
    staged = len(plan["stages"]) > 1
    session = session_lines(plan)
    glance = [('<table class="glance"><tr><th style="width: 18pt">#</th>'
               '<th style="width: 143pt">Exercise</th><th>How much</th>'
               + ('<th style="width: 57pt">Start</th>' if staged else "")
               + '<th style="width: 39pt">Page</th></tr>')]  # ReportLab's widths less the padding
    glance += [f"<tr><td>{i}</td><td><b>{e(x['name'])}</b></td><td>{e(x['dose_line'])}</td>"
               + (f"<td>Week {x['start_week']}</td>" if staged else "")
               + f"<td>{i + 2}</td></tr>"  # two cover pages, then one card a page
               for i, x in enumerate(plan["exercises"], 1)]
    parts = [f"<h1>{e(plan['title'])}</h1>",
             (f'<table class="facts"><tr><td style="width: 55%"><b>For:</b> {e(plan["patient"] or "")}</td>'
              f"<td><b>Date:</b> {long_date(plan)}</td></tr></table>"),
             f'<div class="keep"><h2>Your plan at a glance</h2>{"".join(glance)}</table></div>',
             f"<h2>About your back</h2>{ul(plan['explanation'])}",
             f"<h2>How to use this handout</h2>{ul(session + plan['how_to_use'])}"]
    parts += [f'<div class="keep"><h2>{e(t["title"])}</h2>{ul(t["lines"])}</div>' for t in plan["tips"]]

    parts.append('<h1 class="break">Your exercises</h1>')
    for i, x in enumerate(plan["exercises"], 1):
        card = [f"<h3>{i}. {e(x['name'])}</h3><p>{e(x['purpose'])}</p>"]
        if x["start_week"] > 1:
            card.append(f"<p><b>Start this in week {x['start_week']}, once the other moves feel easy and "
                        "do not hurt.</b></p>")
        card.append(f'<div class="dose"><b>How much: {e(x["dose_line"])}</b></div>')
        if x["id"] in plan.get("figures", {}):
            card.append(svg_for(plan["figures"][x["id"]]))
        card.append('<table class="steps">' + "".join(f"<tr><td><b>{n}.</b></td><td>{e(s)}</td></tr>"
                                                      for n, s in enumerate(x["steps"], 1)) + "</table>")
        needs = [EQUIPMENT[item] for item in x["equipment"]]
        if needs:
            needs = " and ".join([", ".join(needs[:-1]), needs[-1]] if len(needs) > 1 else needs)
            card.append(f"<p><b>You need:</b> {e(needs)}</p>")
        card += [f"<p><b>Take care:</b> {e(c)}</p>" for c in x["cautions"]]
        parts.append(f'<div class="card{" break" if i > 1 else ""}">{"".join(card)}</div>')

    owners: dict = {}  # each caution once, under the exercises it belongs to
    for x in plan["exercises"]:
        for caution in x["cautions"]:
            owners.setdefault(caution, []).append(x["name"])
    grouped: dict = {}
    for caution, names in owners.items():
        grouped.setdefault(", ".join(names), []).append(caution)
    parts += ['<div class="danger-pages"><h1 class="break">When to stop and get help</h1>',
              ('<h2 class="red">Get help the same day</h2><div class="emergency"><p><b>Do you have back pain '
               "and any of these? Go to a hospital now, or call your emergency number.</b></p>"
               f"{ul(plan['emergency'])}</div>"),
              ('<h2 class="red">See your doctor soon</h2>'
               f"{ul(plan['see_doctor'] + plan['profile_warnings'] + plan['ask_first'])}"),
              f"<h2>Safe exercise rules</h2>{ul(plan['general_rules'])}"]
    if plan["avoid_while_painful"]:
        parts.append(f"<h2>While your back hurts, do not do these</h2>{ul(plan['avoid_while_painful'])}")
    if grouped:
        parts.append("<h2>Take care with your exercises</h2><ul>" + "".join(
            f"<li><b>{e(names)}:</b> {e(' '.join(lines))}</li>" for names, lines in grouped.items())
            + "</ul>")
    parts.append("</div>")

    about = {"version": 1, "profile": plan["profile_id"], "profile_name": plan["profile_name"],
             "title": plan["title"], "patient": plan["patient"], "date": plan["date"],
             "weeks": plan["weeks"], "exercises": [{"id": x["id"], "name": x["name"],
                                                    "start_week": x["start_week"]}
                                                   for x in plan["exercises"]]}  # as the real field holds it
    guide = "".join(f'<td style="background: {fill}; border-color: {edge}">{e(plan["pain_guide"][name])}</td>'
                    for name, fill, edge in TRAFFIC)
    parts.append(f'<div class="diary-pages"><input type="text" class="plan" name="backhandout_plan" '
                 f'value="{e(json.dumps(about, sort_keys=True, separators=(",", ":")))}">')
    for week in range(1, plan["weeks"] + 1):
        if week % 2:
            parts.append(f'<h2 class="break">Your exercise diary</h2><p>Tick the box on each day you do the '
                         "exercise. Write your pain as a number from 0 (no pain) to 10 (the worst pain).</p>"
                         f'<table class="guide"><tr>{guide}</tr></table>')
        parts.append(diary_week(plan, week))
    parts.append("</div>")

    faces = "".join(  # a file: URI, since the HTML has no base URL
        f"@font-face {{ font-family: Vera; src: url('{(fonts / f).with_suffix('.ttf').as_uri()}'); "
        f"font-weight: {w}; font-style: {s} }}\n"
        for f, w, s in (("Vera", 400, "normal"), ("VeraBd", 700, "normal"), ("VeraIt", 400, "italic"),
                        ("VeraBI", 700, "italic")))
    css = HTML_CSS.substitute(left=css_text(f"Back care: {plan['profile_name']}"),
                              right=css_text(plan["patient"] or long_date(plan)),
                              footer=css_text(plan["disclaimer"]), red_band=band("#A50E0E"),
                              blue_band=band("#1B4F72"))
    return (f'<html lang="en-GB"><head><title>{e(plan["title"])}</title><style>{faces}{css}</style>'
            f"</head><body>{''.join(parts)}</body></html>")


def _figure_rows(flowable):
    """The FigureRows inside a card, in tables within tables (a cell: a flowable or a list)."""
    from backhandout.render.figures import FigureRow

    if isinstance(flowable, FigureRow):
        yield flowable
    for cells in getattr(flowable, "_cellvalues", ()):
        for cell in cells:
            for part in cell if isinstance(cell, (list, tuple)) else [cell]:
                yield from _figure_rows(part)


def card_figures(request, catalogue) -> dict:
    """Each exercise's picture as plain shapes, at the size the real card draws it, by exercise id.

    This is the plain script's input data, like the SVG or JSON path data a
    script would draw from: it draws the shapes but does not pose the bodies.
    The size comes from the real card (a too-tall card shrinks its picture).
    Per panel: where it sits (x, y from the bottom left), its size, its shapes
    ('line', 'polygon' or 'circle' with colours and widths) and its labels (the step tag).
    """
    from dataclasses import asdict

    from backhandout.api import plan_for
    from backhandout.figures.scene import Palette
    from backhandout.layouts import DEFAULT, load_layout
    from backhandout.render.figures import FigureRow
    from backhandout.render.handout import fitted_card
    from backhandout.render.styles import make_styles

    plan, layout = plan_for(request, catalogue), load_layout(DEFAULT)
    styles, palette = make_styles(layout), Palette()
    width = layout.page_width - layout.margin_left - layout.margin_right
    figures = {}
    for number, exercise in enumerate(plan.exercises, 1):
        card = fitted_card(number, exercise, plan, styles, layout, width)._content[0]
        rows = list(_figure_rows(card))
        if not rows:
            continue
        row = rows[0]  # wrapped by fitted_card: its width and height are the card's
        row.wrap(row.width, row.height)
        panels = row.panels()  # laid out as the card lays them out (one row or a grid)
        height = max(panel.y + panel.height for panel in panels)
        figures[exercise.id] = {"width": row.width, "height": height, "frame": palette.frame,
                                "panels": [{"x": panel.x, "y": panel.y, "width": panel.width,
                                            "height": panel.height,
                                            "shapes": [asdict(shape) for shape in panel.shapes],
                                            "labels": [asdict(label) for label in panel.labels]}
                                           for panel in panels]}
    return figures


def weasyprint_row(plan: dict, folder: Path, repeats: int) -> tuple[str, float | None, int | None]:
    """Time WeasyPrint on the same content, or say why it cannot run."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        return (f"not run ({type(exc).__name__}: pip install weasyprint; "
                "apt-get install libpango-1.0-0 libpangoft2-1.0-0)", None, None)
    text = html_for(plan)
    target = folder / "weasy.pdf"
    seconds = in_process(lambda: HTML(string=text).write_pdf(target, pdf_forms=True), repeats)
    return "WeasyPrint (in-process, same content)", seconds, target.stat().st_size


def write_roster(path: Path, rows: int) -> None:
    """A typical roster: the three profiles, some one-sided, default weeks, a fixed date."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["name", "profile", "side", "date"])
        for i in range(rows):
            profile = PROFILES[i % 3]
            side = ("left", "right")[i % 2] if profile == "one-sided-pain" else ""
            out.writerow([f"Patient Núñez {i}", profile, side, DAY])


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


def run_roster(folder: Path, rows: int, jobs: int) -> tuple[float, float, int]:
    """Wall time and CPU time of a roster batch, and the largest worker's peak memory (kB)."""
    roster = folder / f"roster-{rows}.csv"
    write_roster(roster, rows)
    argv = command() + ["batch", "--roster", str(roster), "--out-dir", str(folder / f"out-{rows}"),
                        "--jobs", str(jobs)]
    start = time.perf_counter()
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    peaks: dict[int, int] = {}
    while process.poll() is None:
        for child in _children(process.pid):
            peaks[child] = max(peaks.get(child, 0), _peak_kb(child))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode:
        raise SystemExit(f"batch failed: {argv}")
    cpu_seconds = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    return seconds, cpu_seconds, max(peaks.values(), default=0)


def main() -> None:
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__.strip())
        return
    quick = "--quick" in sys.argv
    repeats = 5 if quick else 15
    big = 200 if quick else 1000
    import backhandout

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(backhandout.__file__).parent)],
                   check=True, stdout=subprocess.DEVNULL)  # as an installed package has them
    load_before = os.getloadavg()
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan_json = folder / "plan.json"
        plan_json.write_bytes(subprocess.run(
            command() + ["plan", "desk-worker", "--json", "--date", DAY, "--patient", PATIENT],
            check=True, capture_output=True).stdout)
        plan = json.loads(plan_json.read_text(encoding="utf-8"))
        from backhandout.catalogue import load_catalogue
        from backhandout.model import Request

        catalogue = load_catalogue()
        request = Request(profile="desk-worker", patient=PATIENT, date=dt.date.fromisoformat(DAY))
        plan["figures"] = card_figures(request, catalogue)  # the pictures as data, before any timing
        plan_json.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")

        plain_cmd = [sys.executable, str(PLAIN), str(plan_json), str(folder / "plain.pdf")]
        build_cmd = command() + ["build", "desk-worker", "--date", DAY, "--patient", PATIENT,
                                 "-o", str(folder / "build.pdf")]
        plain_runs, build_runs = [], []
        for _ in range(repeats * 2):  # interleaved, so a busy moment slows both alike
            plain_runs.append(timed(plain_cmd, 1))
            build_runs.append(timed(build_cmd, 1))
        plain_s, build_s = statistics.median(plain_runs), statistics.median(build_runs)
        size = (folder / "build.pdf").stat().st_size
        plain_size = (folder / "plain.pdf").stat().st_size

        from backhandout.api import build_pdf, write_atomic

        target = folder / "in-process.pdf"
        build_in = in_process(lambda: write_atomic(target, build_pdf(request, catalogue)), repeats * 2)
        namespace: dict = {"__name__": "plain"}
        exec(compile(PLAIN.read_text(encoding="utf-8"), str(PLAIN), "exec"), namespace)
        from reportlab import rl_config

        from backhandout.render import speed

        speed.tune(enabled=False)  # the plain script without backhandout's memos
        rl_config.useA85 = 0
        plain_in = in_process(lambda: namespace["main"](str(plan_json), str(folder / "p.pdf")),
                              repeats * 2)
        speed.tune()
        weasy_label, weasy_s, weasy_size = weasyprint_row(plan, folder, max(3, repeats // 3))

        help_times, bare_times = [], []
        for _ in range(repeats * 3):
            help_times.append(timed(command() + ["--help"], 1))
            bare_times.append(timed([sys.executable, "-c", "pass"], 1))
        help_over = statistics.median(help_times) - statistics.median(bare_times)

        small_s, small_cpu, small_kb = run_roster(folder, 100, 2)
        big_s, big_cpu, big_kb = run_roster(folder, big, 2)

    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    rows += [
        ("plain ReportLab script (subprocess)", ms(plain_s), "", f"{plain_size / 1024:.0f} kB"),
        ("backhandout build (subprocess)", ms(build_s), f"<= 1.3x plain: {build_s / plain_s:.2f}x "
         + ("OK" if build_s <= 1.3 * plain_s else "MISSED"), f"{size / 1024:.0f} kB"),
        ("plain ReportLab script (in-process)", ms(plain_in), "", ""),
        ("backhandout build (in-process)", ms(build_in), f"{build_in / plain_in:.2f}x plain", ""),
        (weasy_label, ms(weasy_s) if weasy_s else "-", f"{weasy_s / build_in:.1f}x backhandout"
         if weasy_s else "", f"{weasy_size / 1024:.0f} kB" if weasy_size else ""),
        ("backhandout --help minus python -c pass", ms(help_over),
         "< 60 ms " + ("OK" if help_over < 0.060 else "MISSED"), ""),
        ("batch 100 rows, --jobs 2", f"{small_s:.1f} s",
         f"CPU {small_cpu:.1f} s; worker peak {small_kb / 1024:.0f} MB", ""),
        (f"batch {big} rows, --jobs 2", f"{big_s:.1f} s",
         (f"< 20 s {'OK' if big_s < 20 else 'MISSED'}; " if big == 1000 else "")
         + f"CPU {big_cpu:.1f} s ({big_cpu / big * 1000:.0f} ms a row); worker peak "
         f"{big_kb / 1024:.0f} MB " + ("(flat)" if big_kb <= small_kb * 1.15 else "(GROWS)"), ""),
        ("typical handout size", f"{size / 1024:.0f} kB",
         "< 80 kB " + ("OK" if size < 80 * 1024 else "MISSED"), ""),
    ]
    print(f"backhandout {backhandout.__version__} benchmarks, {dt.date.today()}, "
          f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, load average {load_before[0]:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after")
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'time':>9}  {'goal / note':<60}  size")
    for what, value, note, file_size in rows:
        print(f"{what:<{width}}  {value:>9}  {note:<60}  {file_size}")


if __name__ == "__main__":
    main()
