"""Parser benchmark: speed against two references, and accuracy on the labelled corpus.

Speed (resume PDFs of the corpus, each timed ``--repeat`` times, interleaved so machine load
hits all three alike; median per file). Times are CPU time of this process
(``time.process_time``): the work is CPU-bound and in-process (MuPDF is C inside it), and CPU
time is not inflated by other jobs on a shared machine the way wall time is.

- ``ours``: ``pymupdf.open`` + :func:`pipeline.parse.pdf.extract_pdf` + ``build_resume``;
- ``raw``: ``pymupdf.open`` + ``page.get_text("dict")`` on every page (the floor);
- ``pdfplumber``: ``pdfplumber.open`` + ``page.extract_text()`` on every page.

Accuracy (every labelled corpus file, through ``pipeline.parse.parse_document`` in-process):
exact-match rates per field, compared as the labels' README says (NFKC + case folding,
whitespace ignored; phones as digit strings; sections as ordered lists of kinds).

Run: ``.venv/bin/python bench/parse.py [--repeat 3] [--corpus ../shared/corpus]``.
Targets (issue 2): name/email/phone >= 95%; section kinds >= 90%; experience count >= 90%
single-column and >= 80% two-column; every refusal with its code; median time <= 3x raw.
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
import logging  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import unicodedata  # noqa: E402

import pdfplumber  # noqa: E402
import pymupdf  # noqa: E402

from pipeline.errors import ResumeError  # noqa: E402
from pipeline.parse import parse_document  # noqa: E402
from pipeline.parse.pdf import extract_pdf  # noqa: E402
from pipeline.parse.sections import build_resume  # noqa: E402


def _raw(data: bytes) -> None:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for page in doc:
            page.get_text("dict")


def _ours(data: bytes) -> None:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        build_resume(extract_pdf(doc))


def _plumber(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def _norm(value: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "").casefold())


def speed(files: list[Path], repeat: int) -> None:
    runners = {"ours": _ours, "raw": _raw, "pdfplumber": _plumber}
    times: dict[str, dict[str, list[float]]] = {n: {f.name: [] for f in files} for n in runners}
    blobs = {f.name: f.read_bytes() for f in files}
    pages = {}
    for name, data in blobs.items():
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            pages[name] = doc.page_count
    for _ in range(repeat):
        for name, data in blobs.items():
            for runner, fn in runners.items():
                t0 = time.process_time()
                fn(data)
                times[runner][name].append(time.process_time() - t0)
    med = {r: {f: statistics.median(v) * 1000 for f, v in d.items()} for r, d in times.items()}
    print(f"\n## Speed: median CPU ms per file over {repeat} runs (interleaved)\n")
    print(f"| {'file':<44} | pages | {'ours':>7} | {'raw':>7} | {'plumber':>8} | ours/raw |")
    print(f"|{'-' * 46}|-------|---------|---------|----------|----------|")
    for f in files:
        n = f.name
        print(
            f"| {n[:44]:<44} | {pages[n]:>5} | {med['ours'][n]:7.1f} | {med['raw'][n]:7.1f} | "
            f"{med['pdfplumber'][n]:8.1f} | {med['ours'][n] / med['raw'][n]:8.2f} |"
        )
    total_pages = sum(pages.values())
    print("\n| runner     | median ms/file | pages/s | ratio to raw |")
    print("|------------|----------------|---------|--------------|")
    raw_median = statistics.median(med["raw"].values())
    for runner in runners:
        per_file = statistics.median(med[runner].values())
        pps = total_pages / (sum(med[runner].values()) / 1000)
        print(f"| {runner:<10} | {per_file:14.1f} | {pps:7.1f} | {per_file / raw_median:12.2f} |")
    ours_m = statistics.median(med["ours"].values())
    plumber_m = statistics.median(med["pdfplumber"].values())
    paired = statistics.median(med["ours"][n] / med["raw"][n] for n in med["ours"])
    print(
        f"\nours / raw = {ours_m / raw_median:.2f}x by median ms per file, {paired:.2f}x as the "
        f"median of per-file ratios (target <= 3x); pdfplumber / ours = "
        f"{plumber_m / ours_m:.2f}x (target >= 5x)"
    )


def accuracy(corpus: Path) -> None:
    labels = sorted((corpus / "labels").glob("*.json"))
    rows: dict[str, list[bool]] = {
        k: []
        for k in (
            "refusal code",
            "name",
            "email",
            "phone",
            "section kinds in order",
            "experience count (1 col)",
            "experience count (2 col)",
            "education count",
            "language",
            "links",
        )
    }
    fields: dict[str, list[bool]] = {"title": [], "organization": [], "dates": []}
    for path in labels:
        label = json.loads(path.read_text())
        data = (corpus / "resumes" / label["file"]).read_bytes()
        try:
            resume = parse_document(data, label["file"], isolate=False)
        except ResumeError as err:
            rows["refusal code"].append(err.code == label["error_code"])
            continue
        if label["outcome"] == "error":
            rows["refusal code"].append(False)
            continue
        c = resume.contact
        rows["name"].append(_norm(c.name) == _norm(label["name"]))
        rows["email"].append((c.email or "").lower() == (label["email"] or "").lower())
        rows["phone"].append(re.sub(r"\D", "", c.phone or "") == (label["phone_digits"] or ""))
        rows["section kinds in order"].append(
            [s.kind.value for s in resume.sections] == label["sections"]
        )
        jobs = [e for s in resume.sections if s.kind == "experience" for e in s.entries]
        two_col = bool(re.search(r"(?i)two-column|sidebar", label["notes"]))
        key = "experience count (2 col)" if two_col else "experience count (1 col)"
        rows[key].append(len(jobs) == len(label["experience"]))
        edu = next((s.entries for s in resume.sections if s.kind == "education"), [])
        rows["education count"].append(len(edu) == label["education_count"])
        rows["language"].append(resume.language == label["language"])
        got = {u.lower().removeprefix("www.") for u in c.links}
        rows["links"].append(all(u.lower().removeprefix("www.") in got for u in label["links"]))
        for entry, want in zip(jobs, label["experience"], strict=False):
            for field in fields:
                if want[field] is not None:
                    fields[field].append(_norm(getattr(entry, field)) == _norm(want[field]))
    print(f"\n## Accuracy on {len(labels)} labelled corpus files (exact match)\n")
    print("| field                       | right | of | rate   |")
    print("|-----------------------------|-------|----|--------|")
    for name, results in [*rows.items(), *((f"experience {k}", v) for k, v in fields.items())]:
        if results:
            rate = sum(results) / len(results)
            print(f"| {name:<27} | {sum(results):>5} | {len(results):>2} | {rate:6.1%} |")
    print(
        "\nEducation count is the first education section's entries (moderncv's 'Master "
        "thesis' section is education but its label does not count it)."
    )


def main() -> None:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings on every TeX file
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not (args.corpus / "labels").is_dir():
        sys.exit(f"no labelled corpus at {args.corpus}")
    pdfs = []
    for path in sorted((args.corpus / "labels").glob("*.pdf.json")):
        if json.loads(path.read_text())["outcome"] == "resume":
            pdfs.append(args.corpus / "resumes" / path.name.removesuffix(".json"))
    speed(pdfs, max(1, args.repeat))
    accuracy(args.corpus)


if __name__ == "__main__":
    main()
