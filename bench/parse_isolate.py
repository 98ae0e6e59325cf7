"""What the killable child process costs a parse (pipeline.parse.isolate).

Measured in one run, medians over N rounds:
  - round trip of a no-op call through a warm worker (the fixed per-call overhead);
  - the first call in a fresh pool (forkserver start + preload + fork) and a replacement worker
    after a kill (fork from the warm forkserver);
  - parse_document(isolate=True) beside the peer parse_document(isolate=False) on the same
    files, and their ratio.

Target (issue 2 brief): per-call overhead small beside a parse (a 1-2 page PDF parses in tens
of ms here). Files: the corpus PDFs/DOCX when ../shared/corpus is present, else a generated
two-page PDF. Usage: python bench/parse_isolate.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, bench/ is sys.path[0], and bench/email.py would shadow the stdlib package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from pipeline.errors import ResumeError  # noqa: E402
from pipeline.parse import parse_document  # noqa: E402
from pipeline.parse.isolate import IsolatedPool  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "resumes"


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:8.2f} ms"


def _files() -> list[tuple[str, bytes]]:
    if CORPUS.is_dir():
        found = sorted(p for p in CORPUS.iterdir() if p.suffix in (".pdf", ".docx"))
        files = [(p.name, p.read_bytes()) for p in found]
    else:
        import pymupdf

        doc = pymupdf.open()
        for page_no in range(2):
            page = doc.new_page()
            lines = ["Jane Roe", "jane@example.org", "Experience", "Engineer, Acme, 2020 - 2024"]
            for i, text in enumerate(lines * 10):
                page.insert_text((72, 72 + 16 * i), f"{text} {page_no}")
        files = [("generated.pdf", doc.tobytes())]
    usable = []
    for name, data in files:
        try:
            parse_document(data, name, isolate=False)
        except ResumeError:
            continue  # refusals are not what this measures
        usable.append((name, data))
    return usable


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    t0 = time.perf_counter()
    pool = IsolatedPool(max_idle=1)
    pool.run(os.getpid, timeout=60)
    cold = time.perf_counter() - t0

    noop = []
    for _ in range(args.rounds * 4):
        t = time.perf_counter()
        pool.run(os.getpid, timeout=10)
        noop.append(time.perf_counter() - t)

    respawn = []
    for _ in range(5):
        pool.close()  # forces a new worker (fork from the warm forkserver)
        t = time.perf_counter()
        pool.run(os.getpid, timeout=10)
        respawn.append(time.perf_counter() - t)
    pool.close()

    files = _files()
    parse_document(files[0][1], isolate=True)  # warm the default pool
    inproc: list[float] = []
    isolated: list[float] = []
    paired: list[float] = []  # isolated - in-process, same file, back to back
    for round_no in range(args.rounds):
        for name, data in files:
            # Alternate which runs first, so neither always gets the warmer cache.
            order = (False, True) if round_no % 2 == 0 else (True, False)
            took = {}
            for isolate in order:
                t = time.perf_counter()
                parse_document(data, name, isolate=isolate)
                took[isolate] = time.perf_counter() - t
            inproc.append(took[False])
            isolated.append(took[True])
            paired.append(took[True] - took[False])

    print(f"files: {len(files)} ({', '.join(n for n, _ in files)}), rounds: {args.rounds}")
    print(f"first call, new pool (forkserver start + preload): {cold * 1000:8.1f} ms")
    print(f"replacement worker after close (fork)             : {_ms(respawn)}")
    print(f"no-op round trip, warm worker                     : {_ms(noop)}")
    print(f"parse_document isolate=False (peer), per file     : {_ms(inproc)}")
    print(f"parse_document isolate=True, per file             : {_ms(isolated)}")
    ratio = statistics.median(isolated) / statistics.median(inproc)
    print(f"paired overhead (isolated - in-process, same file)  : {_ms(paired)}")
    print(f"ratio of medians isolated / in-process: {ratio:.2f}x")


if __name__ == "__main__":
    main()
