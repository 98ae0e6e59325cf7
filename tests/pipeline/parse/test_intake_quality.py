"""The unreadable-text gate: garbage from fonts without a ToUnicode map is refused, real text in
any script is not."""

from __future__ import annotations

import io

import docx
import pytest

from pipeline.errors import UnreadableText
from pipeline.parse import parse_document
from pipeline.parse.quality import check_quality, measure

RESUME = [
    "Jane Roe",
    "jane.roe@example.org +1 206 555 0100",
    "Experience",
    "Senior Engineer at Acme Corporation, Portland 2019 - 2024",
    "Designed and built the billing platform used by two million customers",
    "Reduced deployment time from two hours to ten minutes with automated pipelines",
    "Education",
    "Bachelor of Science in Computer Science, Portland State University 2011 - 2015",
    "Skills",
    "Python, PostgreSQL, Kubernetes, Terraform, leadership and mentoring",
]


def _shift(text: str, offset: int) -> str:
    """What an extractor returns when codes are glyph ids offset from Unicode."""
    return "".join(chr(ord(c) + offset) if 32 < ord(c) + offset and c != " " else c for c in text)


def type3_pdf(lines: list[str]) -> bytes:
    """A PDF whose only font is a Type3 font with opaque glyph names and no ToUnicode map.

    Each glyph draws a box, so the page looks like text while the extractor can only return
    the raw character codes of the content stream, which is what we control here.
    """
    first, last = 32, 126
    names = " ".join(f"/glyph{c}" for c in range(first, last + 1))
    procs = " ".join(f"/glyph{c} 9 0 R" for c in range(first, last + 1))

    def literal(s: str) -> str:
        return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"

    content = "BT /F1 11 Tf 16 TL 72 720 Td " + " ".join(literal(s) for s in lines) + " ET"
    box = "600 0 0 0 500 700 d1 0 0 500 700 re f"
    widths = " ".join(["600"] * (last - first + 1))
    objs = {
        1: "<< /Type /Catalog /Pages 2 0 R >>",
        2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        4: f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        5: "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 600 700] "
        "/FontMatrix [0.001 0 0 0.001 0 0] "
        f"/CharProcs << {procs} >> /Encoding << /Type /Encoding /Differences [{first} {names}] >> "
        f"/FirstChar {first} /LastChar {last} /Widths [{widths}] >>",
        9: f"<< /Length {len(box)} >>\nstream\n{box}\nendstream",
    }
    out = b"%PDF-1.4\n"
    offsets: dict[int, int] = {}
    for number, body in objs.items():
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += b"xref\n0 10\n0000000000 65535 f \n"
    for number in range(1, 10):
        entry = (
            f"{offsets[number]:010d} 00000 n \n" if number in offsets else "0000000000 65535 f \n"
        )
        out += entry.encode()
    out += f"trailer\n<< /Size 10 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


@pytest.mark.parametrize("offset", [-29, -31, -3, -1])
def test_caesar_shifted_font_pdf_is_refused(offset: int) -> None:
    data = type3_pdf([_shift(line, offset) for line in RESUME])
    with pytest.raises(UnreadableText) as err:
        parse_document(data, "cv.pdf")
    assert "cannot be read" in err.value.message


def test_same_font_machinery_unshifted_is_accepted() -> None:
    """Control for the test above: the fixture itself is readable when codes are Unicode."""
    resume = parse_document(type3_pdf(RESUME), "cv.pdf")
    assert resume.contact.email == "jane.roe@example.org"


def test_private_use_docx_is_refused() -> None:
    """Symbol-font text typed into Word: private-use code points, not letters."""
    document = docx.Document()
    for line in RESUME:
        document.add_paragraph("".join(chr(0xF000 + (ord(c) % 200)) for c in line))
    buf = io.BytesIO()
    document.save(buf)
    with pytest.raises(UnreadableText) as err:
        parse_document(buf.getvalue(), "cv.docx")
    assert "Word document" in err.value.message
    assert "PDF" not in err.value.message


def _docx(lines: list[str], bullets: tuple[int, ...] = ()) -> bytes:
    document = docx.Document()
    for i, line in enumerate(lines):
        document.add_paragraph(line, style="List Bullet" if i in bullets else None)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_with_a_long_repetitive_bullet_is_parsed() -> None:
    """DOCX text is real Unicode: "very very very..." skews letter statistics (the Caesar test
    prefers a shift) but is what the person wrote, not glyph ids."""
    bullet = "Made the service " + "very " * 400 + "fast"
    lines = [*RESUME[:5], bullet, *RESUME[5:]]
    assert measure(lines).shifted  # the PDF gate would refuse this text
    resume = parse_document(_docx(lines, bullets=(4, 5, 6)), "cv.docx")
    texts = [b.text for _, _, b in resume.iter_bullets()]
    assert bullet in texts


def test_docx_skips_the_caesar_test_but_not_the_garbage_test() -> None:
    shifted = [_shift(line, -29) for line in RESUME]
    with pytest.raises(UnreadableText):
        check_quality(shifted)
    assert check_quality(shifted, source="docx").shifted
    with pytest.raises(UnreadableText) as err:
        check_quality(["\ufffd" * 60 + " Jane Roe"], source="docx")
    assert "PDF" not in err.value.message


@pytest.mark.parametrize(
    "text",
    [
        "\ufffd" * 60 + " Jane Roe",
        "\ue001\ue002\ue003 " * 30 + "Engineer at Acme",
        "\x01\x02\x03\x04" * 20 + "Jane",
    ],
    ids=["replacement-chars", "private-use", "control-codes"],
)
def test_mostly_bad_characters_are_unreadable(text: str) -> None:
    with pytest.raises(UnreadableText):
        check_quality([text])


def test_a_few_icon_glyphs_are_fine() -> None:
    lines = ["\uf0e0 jane.roe@example.org  \uf095 +1 206 555 0100", *RESUME]
    assert not measure(lines).unreadable


GENUINE = {
    "english": " ".join(RESUME),
    "all-caps": " ".join(RESUME).upper(),
    "acronyms": "Skills: AWS GCP SQL K8S CI/CD REST gRPC JSON XML HTTP TCP UDP DNS LDAP SAML "
    "OIDC JWT PKI TLS SSH VPN VPC IAM EKS GKE AKS ECS EC2 S3 RDS SQS SNS KMS WAF CDN NGINX "
    "Kafka Redis PostgreSQL MySQL Linux Bash Terraform Ansible Jenkins TDD BDD DDD CQRS MVC",
    "spanish": "Experiencia profesional Desarrollador de software en Madrid responsable del "
    "diseño y la implementación de servicios bancarios Formación académica Universidad "
    "Politécnica de Madrid Ingeniería Informática Habilidades trabajo en equipo",
    "german": "Berufserfahrung Softwareentwickler bei der Musterfirma GmbH in München "
    "Verantwortlich für die Entwicklung von Zahlungssystemen Ausbildung Technische "
    "Universität München Informatik Kenntnisse Teamarbeit Englisch fließend",
    "polish": "Doświadczenie zawodowe Programista Warszawa odpowiedzialny za rozwój systemów "
    "bankowych w języku Java Wykształcenie Politechnika Warszawska Umiejętności znajomość "
    "języka angielskiego praca zespołowa",
    "vietnamese": "Nguyễn Văn An Kỹ sư phần mềm Kinh nghiệm làm việc Công ty Cổ phần Công nghệ "
    "Hà Nội phát triển hệ thống quản lý khách hàng sử dụng Python và Django Học vấn Đại học "
    "Bách khoa Hà Nội Kỹ năng lập trình giao tiếp làm việc nhóm" * 2,
    "chinese": "张三 软件工程师 工作经历 2019年–2024年 北京某科技有限公司 负责支付系统的设计与开发 "
    "教育背景 北京大学 计算机科学 技能 Python Java Kubernetes" * 3,
    "japanese": "履歴書 書太郎 学歴 20XX年 東京大学 工学部 卒業 職歴 20XX年 株式会社サンプル 入社 "
    "XX XX XX XX XX XX XX XX" * 3,
    "russian": "Иван Петров Инженер-программист Опыт работы ООО Ромашка Москва 2019–2024 "
    "Разработка платёжных сервисов Образование МГУ Навыки Python Django" * 3,
    "greek": "Γιάννης Παπαδόπουλος Μηχανικός λογισμικού Εμπειρία Αθήνα 2018–2024 Εκπαίδευση "
    "Πανεπιστήμιο Αθηνών Δεξιότητες Python" * 3,
    "arabic": "محمد أحمد مهندس برمجيات الخبرة العملية شركة المثال الرياض 2019–2024 التعليم "
    "جامعة الملك سعود المهارات Python" * 3,
    "hebrew": "ישראל ישראלי מהנדס תוכנה ניסיון תעסוקתי חברת דוגמה תל אביב 2019–2024 השכלה "
    "אוניברסיטת תל אביב כישורים Python" * 3,
    "short": "Jane Roe jane@example.org Engineer",
}


@pytest.mark.parametrize("name", list(GENUINE))
def test_genuine_text_is_not_refused(name: str) -> None:
    quality = check_quality([GENUINE[name]])
    assert quality.shift_gain < 0.05 or quality.ascii_letters < 150
