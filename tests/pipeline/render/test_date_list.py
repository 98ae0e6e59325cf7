"""An entry dated with a list of dates ("Sep. 2019, Feb. 2016 - Jul. 2016") prints every date,
not only the range kept as start/end, and the printed list parses back (fictional)."""

from __future__ import annotations

import io

import docx
import pymupdf

from pipeline.model import Entry, Resume, SectionKind
from pipeline.parse import parse_document
from pipeline.render import render_docx, render_pdf
from pipeline.render.content import format_dates, plan
from pipeline.render.roundtrip import differences
from tests.pipeline.render.samples import sample_resume

LIST = "Sep. 2019, Feb. 2016 - Jul. 2016"
PRINTED = "Sep 2019, Feb 2016 – Jul 2016"


def _listed(dates: str = LIST, start: str = "2016-02", end: str = "2016-07") -> Entry:
    return Entry(title="Contract Data Auditor", organization="Harbor Analytics", dates=dates,
                 start=start, end=end)  # fmt: skip


def _resume() -> Resume:
    resume = sample_resume(bullets=2)
    exp = next(s for s in resume.sections if s.kind is SectionKind.EXPERIENCE)
    exp.entries[1] = exp.entries[1].model_copy(
        update={"dates": LIST, "start": "2016-02", "end": "2016-07"}
    )
    return resume


def test_every_date_of_a_list_is_printed_in_order() -> None:
    assert format_dates(_listed(), "en") == PRINTED
    # Non-English months print numerically, the list as well.
    assert format_dates(_listed(), "es") == "09/2019, 02/2016 – 07/2016"
    # The range first, a lone date after it.
    later = _listed("Mar. 2012 - Oct. 2012, 2015", "2012-03", "2012-10")
    assert format_dates(later, "en") == "Mar 2012 – Oct 2012, 2015"


def test_a_single_range_prints_as_before() -> None:
    assert format_dates(_listed("Feb. 2016 - Jul. 2016"), "en") == "Feb 2016 – Jul 2016"
    assert format_dates(_listed("2016", "2016", None), "en") == "2016"
    # start/end not among the printed dates: only the normalised range is printed.
    assert format_dates(_listed("Sep. 2019, Jan. 2014", "2016-02", "2016-07"), "en") == (
        "Feb 2016 – Jul 2016"
    )


def test_the_pdf_and_docx_print_the_whole_list() -> None:
    resume = _resume()
    with pymupdf.open(stream=render_pdf(resume), filetype="pdf") as doc:
        text = " ".join(page.get_text() for page in doc)
    assert PRINTED in " ".join(text.split())
    document = docx.Document(io.BytesIO(render_docx(resume)))
    assert any(PRINTED in p.text for p in document.paragraphs)


def test_the_printed_list_parses_back_exactly() -> None:
    resume = _resume()
    # The sample's skills rows (entries without a heading) are not this test's subject.
    resume.sections = [s for s in resume.sections if s.kind is not SectionKind.SKILLS]
    back = parse_document(render_pdf(resume), "rendered.pdf", isolate=False)
    assert differences(plan(resume), back) == []
    exp = next(s for s in back.sections if s.kind is SectionKind.EXPERIENCE)
    listed = exp.entries[1]
    assert (listed.dates, listed.start, listed.end) == (PRINTED, "2016-02", "2016-07")
