"""The resume pipeline: pure steps (parse, analyze, improve, render) and the actors running them."""

import sys

# PyMuPDF 2.0 imports its optional ``pymupdf.layout`` analyser (onnxruntime, numpy) on import,
# which costs 1.5 s per process; we read spans with get_text("dict") and never use it. Marking
# it absent before anything imports pymupdf keeps CLI, worker and parse-child start-up fast.
sys.modules.setdefault("pymupdf.layout", None)  # type: ignore[arg-type]
