"""Every script prints with embedded fonts and extracts back exactly (no boxes, no U+FFFD)."""

from __future__ import annotations

import pymupdf
import pytest

from pipeline.render import render_pdf
from pipeline.render.fonts import FALLBACK_CHAIN, printable, runs, sole_family
from tests.pipeline.render.samples import with_summary

SCRIPTS = {
    "latin-diacritics": "Łukasz Żółć, François Müller, Şükrü Çelik, Nguyễn Thị Hương, Ångström",
    "cyrillic": "Инженер-программист, Київ, Ўзбекистон, Беларусь",
    "greek": "Μηχανικός λογισμικού στην Αθήνα, Ωμέγα",
    "chinese": "高级软件工程师，北京",
    "japanese": "ソフトウェアエンジニア、東京都",
    "korean": "소프트웨어 엔지니어, 서울",
    "mixed": "Python 开发 and Go разработка για Kubernetes",
}


def _extract(pdf: bytes) -> tuple[str, list[tuple]]:
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    text = "".join(page.get_text() for page in doc)
    fonts = [f for page in doc for f in page.get_fonts(full=True)]
    return text, fonts


@pytest.mark.parametrize("text", SCRIPTS.values(), ids=SCRIPTS.keys())
def test_script_renders_and_extracts_exactly(text: str) -> None:
    pdf = render_pdf(with_summary(text))
    extracted, fonts = _extract(pdf)
    lines = [line.strip() for line in extracted.splitlines()]
    assert text in lines
    assert "\ufffd" not in extracted and "■" not in extracted
    # ext "n/a" means a non-embedded base-14 font; every font here must travel in the file.
    assert fonts and all(f[1] == "ttf" for f in fonts), fonts


def test_cjk_uses_the_embedded_fallback_font() -> None:
    _, fonts = _extract(render_pdf(with_summary(SCRIPTS["mixed"])))
    names = {f[3].split("+")[-1] for f in fonts}
    assert "Droid-Sans-Fallback" in names
    assert "NotoSans-Regular" in names


def test_ligatures_are_expanded() -> None:
    extracted, _ = _extract(render_pdf(with_summary("Led ﬁnance and workﬂow eﬀorts")))
    assert "Led finance and workflow efforts" in extracted


def test_unprintable_characters_are_dropped_not_boxed() -> None:
    # U+F0E0 is a FontAwesome envelope (private use), U+FFFD the replacement character.
    raw = "\uf0e0 Contact\ufffd me\u200b here\x07"
    assert printable(raw) == "Contact me here"
    extracted, _ = _extract(render_pdf(with_summary(raw)))
    assert "Contact me here" in extracted
    assert "\ufffd" not in extracted and "\uf0e0" not in extracted


def test_pdf_title_is_the_persons_name() -> None:
    doc = pymupdf.open(stream=render_pdf(with_summary("Hello", name="Αλέξης Παπαδόπουλος")))
    assert doc.metadata["title"] == "Αλέξης Παπαδόπουλος"


def test_digits_and_punctuation_stay_in_the_surrounding_script_run() -> None:
    # Each font switch is markup reportlab must parse; CJK dates must not switch per digit.
    assert [(f.name, t) for f, t in runs("1543年1月31日")] == [
        ("ReNotoSans", "1543"),
        ("ReCJK", "年1月31日"),
    ]
    assert sole_family("東京都千代田区") is FALLBACK_CHAIN[-1]
    assert sole_family("Zürich 2021") is None  # the primary font needs no override
    # Latin letters after CJK go back to Noto Sans: one Latin typeface on the page
    assert [f.name for f, _ in runs("北京 Python")] == ["ReCJK", "ReNotoSans"]
