"""Pipeline benchmark: milliseconds per resume for each stage and end to end, against a floor.

For every labelled corpus resume (or the bundled examples when the corpus is absent), after
one warm-up run, ``--repeat`` runs interleaved with the floor so machine load hits both alike:

- ``ours``: :func:`pipeline.process.run_inprocess` (kind ``generate``, PDF, rule improver,
  parsed in-process: the child-process isolation costs a process start, not parsing work).
  Stages: parse, analyze, improve, analyze_after (scoring the result), render.
  "end to end" = parse + analyze + improve + render, the issue's target (< 50 ms median per
  two-page resume on one core); "total" adds analyze_after and run_inprocess overhead.
- ``floor``: ``page.get_text("dict")`` on every page plus a bare reportlab build of the same
  content (the parsed resume's lines as Helvetica paragraphs, no fonts embedded, no layout).

Also prints round-trip recall: the share of printed fields (name, e-mail, phone, section
kinds and titles, entry fields, bullets) our parser reads back from our rendered PDF.
Run: ``.venv/bin/python bench/pipeline.py [--repeat 5] [--corpus ../shared/corpus]``.
One process, one thread: the figures are single-core.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, Python puts bench/ first on sys.path, where sibling benchmarks (email.py...)
# would shadow standard modules: import from the project root instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from xml.sax.saxutils import escape  # noqa: E402

import pymupdf  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from pipeline.errors import ResumeError  # noqa: E402
from pipeline.improve import RuleImprover  # noqa: E402
from pipeline.model import Resume  # noqa: E402
from pipeline.parse import parse_document  # noqa: E402
from pipeline.process import run_inprocess  # noqa: E402
from pipeline.render import render_pdf  # noqa: E402
from pipeline.render.content import plan  # noqa: E402
from pipeline.render.roundtrip import recall  # noqa: E402

STAGES = ("parse", "analyze", "improve", "analyze_after", "render")
END_TO_END = ("parse", "analyze", "improve", "render")


def inputs(corpus: Path) -> list[Path]:
    """Labelled corpus resumes (outcome "resume"), else the bundled examples."""
    labels = corpus / "labels"
    if labels.is_dir():
        files = []
        for label in sorted(labels.glob("*.json")):
            meta = json.loads(label.read_text())
            path = corpus / "resumes" / meta["file"]
            if meta.get("outcome") == "resume" and path.exists():
                files.append(path)
        if files:
            return files
    examples = ROOT / "examples"
    return sorted([*examples.glob("sample-*.pdf"), *examples.glob("sample-*.docx")])


def floor(data: bytes, resume: Resume, is_pdf: bool) -> float:
    """ms for raw extraction (PDFs only) plus a bare reportlab build of the same lines."""
    style = getSampleStyleSheet()["Normal"]
    start = time.perf_counter()
    if is_pdf:
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            for page in doc:
                page.get_text("dict")
    story = [Paragraph(escape(line), style) for line in resume.plain_text().splitlines()]
    SimpleDocTemplate(io.BytesIO()).build(story)
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per file (default 3)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()

    improver = RuleImprover()
    rows = []
    matched = printed = 0
    for path in inputs(args.corpus):
        data = path.read_bytes()
        try:
            warm = run_inprocess(data, path.name, isolate=False, improver=improver)
        except ResumeError as exc:
            print(f"{path.name}: refused ({exc.code}), skipped")  # noqa: T201
            continue
        runs: dict[str, list[float]] = {k: [] for k in (*STAGES, "end_to_end", "total", "floor")}
        for _ in range(args.repeat):
            t = run_inprocess(data, path.name, isolate=False, improver=improver).timings
            for stage in STAGES:
                runs[stage].append(t[stage])
            runs["end_to_end"].append(sum(t[s] for s in END_TO_END))
            runs["total"].append(t["total"])
            runs["floor"].append(floor(data, warm.resume, path.suffix.lower() == ".pdf"))
        med = {k: statistics.median(v) for k, v in runs.items()}
        rows.append((path.name, warm.resume.pages, med))
        back = parse_document(render_pdf(warm.resume), "rendered.pdf", isolate=False)
        got, total = recall(plan(warm.resume), back)
        matched, printed = matched + got, printed + total

    cols = (*STAGES, "end_to_end", "floor")
    print(f"{'file':44} {'pages':>5} " + " ".join(f"{c:>13}" for c in cols))  # noqa: T201
    for name, pages, med in rows:
        cells = " ".join(f"{med[c]:13.1f}" for c in cols)
        print(f"{name[:44]:44} {pages:5d} {cells}")  # noqa: T201

    def summary(label: str, selected: list) -> None:
        if not selected:
            return
        med = {c: statistics.median(m[c] for _, _, m in selected) for c in (*cols, "total")}
        stages = ", ".join(f"{s} {med[s]:.1f}" for s in STAGES)
        print(  # noqa: T201
            f"\n{label} ({len(selected)} files), median ms: {stages}\n"
            f"  end to end (parse+analyze+improve+render) {med['end_to_end']:.1f} ms "
            f"(target < 50), total with re-analysis {med['total']:.1f} ms\n"
            f"  floor (raw get_text('dict') + bare reportlab build) {med['floor']:.1f} ms; "
            f"ratio ours/floor {med['end_to_end'] / med['floor']:.2f}x"
        )

    summary("all resumes", rows)
    summary("two-page resumes", [r for r in rows if r[1] == 2])
    if printed:
        print(  # noqa: T201
            f"\nround-trip recall: {matched}/{printed} printed fields read back "
            f"({100 * matched / printed:.1f}%, target 100%)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
