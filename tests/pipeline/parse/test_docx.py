"""DOCX line extraction: body order, tables, text boxes (once, no EMU numbers), list numbering,
styles, links, and what is left out (headers, footers, hidden and deleted text)."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.shared import Pt

from config.settings import LimitSettings
from pipeline.errors import Empty, NoTextLayer, TooLarge, TooManyPages, UnsupportedType
from pipeline.parse import parse_document
from pipeline.parse.docx import extract_docx
from pipeline.parse.lines import ExtractedDocument
from tests.conftest import CORPUS, CORPUS_MISSING

LIMITS = LimitSettings()
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _text_box_run(text: str) -> str:
    """A run anchoring a floating text box, as Word writes it: DrawingML in mc:Choice and the
    same box again as VML in mc:Fallback, with EMU offsets in the anchor."""
    para = f"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{text}</w:t></w:r></w:p>"
    return (
        f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>685800</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>183837</wp:posOffset></wp:positionV>'
        '<wp:extent cx="5943600" cy="274320"/><wp:wrapNone/><wp:docPr id="7" name="Text Box 7"/>'
        "<a:graphic><a:graphicData "
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx><w:txbxContent>{para}</w:txbxContent></wps:txbx>"
        "<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        '</mc:Choice><mc:Fallback><w:pict><v:shape style="position:absolute;margin-left:54pt">'
        f"<v:textbox><w:txbxContent>{para}</w:txbxContent></v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


def build_docx() -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "CONFIDENTIAL HEADER Jane Roe"
    section.footer.paragraphs[0].text = "Page 1 of 2 footer"

    document.add_paragraph("Jane Roe", style="Title")
    contact = document.add_paragraph("jane.roe@example.org | +1 206 555 0100 | ")
    rid = document.part.relate_to("https://github.com/janeroe", RT.HYPERLINK, is_external=True)
    contact._p.append(
        parse_xml(
            f'<w:hyperlink xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships" r:id="{rid}"><w:r><w:t>GitHub</w:t></w:r>'
            "</w:hyperlink>"
        )
    )
    anchor = document.add_paragraph()
    anchor._p.append(parse_xml(_text_box_run("SKILLS IN A BOX")))

    document.add_heading("Experience", level=1)
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "Senior Engineer, Acme Corp"
    table.rows[0].cells[1].text = "2019 – 2024"
    left = table.rows[1].cells[0]
    left.text = "Left cell first paragraph"
    left.add_paragraph("Left cell second paragraph")
    table.rows[1].cells[1].text = "Right cell"
    document.add_paragraph("Built the billing service", style="List Bullet")
    typed = document.add_paragraph("• Typed bullet glyph")
    big = typed.add_run(" and big bold words")
    big.bold, big.font.size = True, Pt(16)

    tab_line = document.add_paragraph("Staff Engineer\tMarch 2015 – July 2016")
    tab_line.runs[0].bold = True
    mixed = document.add_paragraph("Visible text")
    mixed._p.append(
        parse_xml(f'<w:r xmlns:w="{W}"><w:rPr><w:vanish/></w:rPr><w:t> hidden</w:t></w:r>')
    )
    mixed._p.append(
        parse_xml(
            f'<w:del xmlns:w="{W}" w:id="1" w:author="x">'
            "<w:r><w:delText> deleted</w:delText></w:r></w:del>"
        )
    )
    mixed._p.append(
        parse_xml(
            f'<w:ins xmlns:w="{W}" w:id="2" w:author="x"><w:r><w:t> inserted</w:t></w:r></w:ins>'
        )
    )
    mixed._p.append(
        parse_xml(
            f'<w:sdt xmlns:w="{W}"><w:sdtContent><w:r><w:t> in a content control</w:t></w:r>'
            "</w:sdtContent></w:sdt>"
        )
    )
    field = document.add_paragraph("Portfolio: ")
    field._p.append(
        parse_xml(
            f'<w:fldSimple xmlns:w="{W}" w:instr=\' HYPERLINK "https://janeroe.dev" \'>'
            "<w:r><w:t>janeroe.dev</w:t></w:r></w:fldSimple>"
        )
    )
    document.add_page_break()
    document.add_heading("Education", level=1)
    document.add_paragraph("BSc Computer Science, Portland State University, 2011 – 2015")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def extracted() -> ExtractedDocument:
    return extract_docx(build_docx(), LIMITS)


def test_lines_in_reading_order(extracted: ExtractedDocument) -> None:
    assert [line.text for line in extracted.lines] == [
        "Jane Roe",
        "jane.roe@example.org | +1 206 555 0100 | GitHub",
        "SKILLS IN A BOX",
        "Experience",
        "Senior Engineer, Acme Corp\t2019 – 2024",
        "Left cell first paragraph",
        "Left cell second paragraph",
        "Right cell",
        "Built the billing service",
        "Typed bullet glyph and big bold words",
        "Staff Engineer\tMarch 2015 – July 2016",
        "Visible text inserted in a content control",
        "Portfolio: janeroe.dev",
        "Education",
        "BSc Computer Science, Portland State University, 2011 – 2015",
    ]
    assert extracted.source == "docx"


def test_text_box_read_once_without_emu_numbers(extracted: ExtractedDocument) -> None:
    text = "\n".join(line.text for line in extracted.lines)
    assert text.count("SKILLS IN A BOX") == 1
    assert "685800" not in text and "183837" not in text
    assert next(ln for ln in extracted.lines if ln.text == "SKILLS IN A BOX").bold


def test_headers_footers_hidden_and_deleted_text_are_left_out(extracted: ExtractedDocument) -> None:
    text = "\n".join(line.text for line in extracted.lines)
    for absent in ("CONFIDENTIAL", "footer", "hidden", "deleted"):
        assert absent not in text


def test_typography_styles_and_bullets(extracted: ExtractedDocument) -> None:
    by_text = {line.text: line for line in extracted.lines}
    assert by_text["Jane Roe"].heading_hint and by_text["Jane Roe"].style == "Title"
    assert by_text["Experience"].heading_hint and by_text["Experience"].style == "Heading 1"
    assert by_text["Jane Roe"].size > by_text["Built the billing service"].size
    assert not by_text["Built the billing service"].heading_hint
    assert by_text["Built the billing service"].bullet  # w:numPr from the List Bullet style
    assert by_text["Built the billing service"].indent > 0
    assert by_text["Typed bullet glyph and big bold words"].bullet  # glyph removed from text
    assert by_text["Staff Engineer\tMarch 2015 – July 2016"].bold
    assert not by_text["Right cell"].bold


def test_links_and_pages(extracted: ExtractedDocument) -> None:
    assert extracted.links == ["https://github.com/janeroe", "https://janeroe.dev"]
    contact = extracted.lines[1]
    assert contact.links == ["https://github.com/janeroe"]
    assert extracted.pages == 2
    assert [line.page for line in extracted.lines][-2:] == [1, 1]
    ys = [line.y0 for line in extracted.lines if line.page == 0]
    assert ys == sorted(ys)


def test_parse_document_end_to_end() -> None:
    resume = parse_document(build_docx(), "cv.docx")
    assert resume.pages == 2
    assert resume.contact.email == "jane.roe@example.org"


def _save(document: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_too_many_pages_from_breaks() -> None:
    document = docx.Document()
    for i in range(12):
        document.add_paragraph(f"Chapter {i} of a thesis, not a resume")
        document.add_page_break()
    with pytest.raises(TooManyPages) as err:
        extract_docx(_save(document), LIMITS)
    assert "13 pages" in err.value.message


def test_empty_docx_and_picture_only_docx() -> None:
    with pytest.raises(Empty):
        extract_docx(_save(docx.Document()), LIMITS)
    import pymupdf

    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 50, 70), False)
    pix.clear_with(180)
    document = docx.Document()
    document.add_picture(io.BytesIO(pix.tobytes("png")))
    with pytest.raises(NoTextLayer):
        extract_docx(_save(document), LIMITS)


def _rewrite(data: bytes, name: str, change: object) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            dst.writestr(info.filename, change(content) if info.filename == name else content)  # type: ignore[operator]
    return out.getvalue()


def test_macro_enabled_document_is_unsupported() -> None:
    data = _rewrite(
        build_docx(),
        "[Content_Types].xml",
        lambda b: b.replace(
            b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
        ),
    )
    with pytest.raises(UnsupportedType):
        parse_document(data, "cv.docx")


def test_zip_bomb_is_too_large() -> None:
    data = _rewrite(build_docx(), "word/document.xml", lambda b: b + b" " * 3_000_000)
    assert len(data) < 100_000
    with pytest.raises(TooLarge):
        extract_docx(data, LimitSettings(max_file_bytes=200_000))


def test_zip_without_document_xml_named_docx() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<w:styles/>")
    with pytest.raises(UnsupportedType):
        parse_document(out.getvalue(), "cv.docx")


# --- the two corpus DOCX files --------------------------------------------------------------

needs_corpus = pytest.mark.skipif(not (CORPUS / "resumes").is_dir(), reason=CORPUS_MISSING)


@needs_corpus
def test_corpus_text_boxes_docx() -> None:
    data = (CORPUS / "resumes" / "word365-mickey-textboxes.docx").read_bytes()
    doc = extract_docx(data, LIMITS)
    texts = [line.text for line in doc.lines]
    joined = "\n".join(texts)
    for heading in ("PROFESSIONAL SUMMARY", "AREAS OF EXPERTISE", "WORK EXPERIENCE"):
        assert texts.count(heading) == 1, heading  # only in text boxes, read once
    assert not re.search(r"\b(685800|183837)\b", joined)
    assert "Page 2 of 3" not in joined  # page header furniture
    assert texts[0] == "Mickey Mouse"
    assert doc.pages == 3


@needs_corpus
def test_corpus_numbering_bullets_docx() -> None:
    data = (CORPUS / "resumes" / "word365-accountant-resume.docx").read_bytes()
    doc = extract_docx(data, LIMITS)
    bullets = [line.text for line in doc.lines if line.bullet]
    assert "Compute taxes for clients during tax season" in bullets
    assert len(bullets) == 18  # 5 + 3 + 3 duties, 2 certifications, 5 skills
    headings = [ln.text for ln in doc.lines if ln.bold and ln.text in ("Summary", "Experience")]
    assert headings == ["Summary", "Experience"]
