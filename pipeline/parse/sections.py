"""Lines from either extractor -> the :class:`~pipeline.model.Resume` model.

Steps:

1. Headings: a standalone short line whose text is in the heading vocabulary (en, es, fr, de,
   pt, ru, zh, ja; numbering such as "1 " or "2." ignored), plus every other short standalone
   line in the typography (size, weight, slant, colour) that two or more vocabulary headings
   share ("Extra 1", "Program Committees"). Without any vocabulary heading, lines clearly bigger
   than the body text are headings.
2. Contact zone: the lines before the first heading (page furniture comes first, see
   :mod:`pipeline.parse.pdf`) and the lines under a "Contact"/"Links" heading.
3. Entries: inside a section, a head line (not a bullet and not in the section's body style, or
   holding a date, or a tab-separated row) that follows body text or bullets starts an entry, and
   so does a dated head line when the entry already has dates (unless it sits tight under a
   "Title<TAB>Dates" row as its organization line), the entry's first head style coming back,
   or a line in the style of an entry's lone head line that is set apart from it (lists of
   certificates or awards without text). A section without bullets takes the document's
   running-text style (its bullets') as its body, since its own most common style may be a
   head style. A line continuing wrapped running text is text even when it holds a date, and
   running text opening a section is text, not a title. Right-aligned asides and date-only
   lines never start an entry; smaller lines in the headings' colour are sub-headings
   ("Vocational") and are dropped. Japanese 履歴書 rows are events: 卒業/退職/現在にいたる close
   the entry above, 以上 ends the list.
4. Fields: dates from the head lines (normalised by :mod:`pipeline.parse.dates`), preferring
   dates printed apart (an aside or a cell) and never cutting a date out of the middle of text
   ("(ICML 2022)" stays); title and organization from the head text ("Title, Org", "Org, City,
   ST, Title", "Org • City", "Title — Org", separate lines; commas inside brackets do not
   split, abbreviations keep their final point), preferring the part that names a role for the
   title.
5. List-like sections (skills, languages, interests, references) hold one entry whose bullets
   are the items; the summary's lines become its text.

Bullet ids are ``s{section}-e{entry}-b{bullet}`` (0-based), stable for the same input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.errors import NotAResume
from pipeline.model import Bullet, Entry, Resume, Section, SectionKind
from pipeline.parse.contact import extract_contact, strip_icons
from pipeline.parse.dates import DateRange, find_range, is_open_end, normalize_point
from pipeline.parse.language import detect_language
from pipeline.parse.layout import Columns, Style, body_color, body_style, style_of
from pipeline.parse.lines import ExtractedDocument, Line

K = SectionKind
CONTACT = "contact"  # pseudo-kind: the lines under it are contact details, not a section

# fmt: off
VOCABULARY: dict[str, list[str]] = {
    K.SUMMARY: [
        "summary", "professional summary", "profile", "professional profile", "about me", "about",
        "objective", "career objective", "career summary", "executive summary", "overview",
        "introduction", "resumen", "perfil", "perfil profesional", "sobre mí", "objetivo",
        "résumé", "profil", "profil professionnel", "à propos", "zusammenfassung", "profil",
        "über mich", "kurzprofil", "resumo", "sobre mim", "о себе", "резюме", "профиль", "цель",
        "个人简介", "自我评价", "个人总结", "简介", "概要", "自己pr", "自己ＰＲ", "職務要約",
    ],
    K.EXPERIENCE: [
        "experience", "work experience", "professional experience", "employment",
        "employment history", "work history", "career history", "relevant experience",
        "experiencia", "experiencia laboral", "experiencia profesional", "expérience",
        "expérience professionnelle", "expériences professionnelles", "expériences",
        "berufserfahrung", "erfahrung", "berufliche erfahrung", "werdegang", "experiência",
        "experiência profissional", "опыт работы", "опыт", "工作经历", "工作经验", "实习经历",
        "职歴", "職歴", "職務経歴", "経歴",
    ],
    K.EDUCATION: [
        "education", "academic background", "education and training", "qualifications",
        "academic qualifications", "master thesis", "thesis", "educación", "formación",
        "formación académica", "estudios", "tesis de maestría", "formation", "études",
        "ausbildung", "bildung", "studium", "bildungsweg", "educação", "formação",
        "formação acadêmica", "образование", "教育背景", "教育经历", "学历", "学歴",
    ],
    K.SKILLS: [
        "skills", "technical skills", "computer skills", "core competencies", "competencies",
        "areas of expertise", "expertise", "key skills", "skills & abilities", "technologies",
        "tools", "habilidades", "competencias", "conocimientos", "conocimientos de computación",
        "aptitudes", "compétences", "compétences techniques", "kenntnisse", "fähigkeiten",
        "kompetenzen", "it-kenntnisse", "competências", "habilidades técnicas", "навыки",
        "ключевые навыки", "技能", "专业技能", "技能特长", "スキル", "特技",
    ],
    K.PROJECTS: [
        "projects", "personal projects", "selected projects", "side projects", "proyectos",
        "projets", "projekte", "projetos", "проекты", "项目经验", "项目经历", "项目",
        "プロジェクト",
    ],
    K.CERTIFICATIONS: [
        "certifications", "certificates", "certification", "licenses & certifications",
        "licenses and certifications", "licenses", "certificaciones", "certificados",
        "certifications professionnelles", "zertifikate", "zertifizierungen", "certificações",
        "сертификаты", "证书", "资格证书", "免許・資格", "資格", "免許",
    ],
    K.AWARDS: [
        "awards", "honors", "honors & awards", "honours", "honors and awards", "achievements",
        "selected honors", "premios", "reconocimientos", "distinctions", "prix", "auszeichnungen",
        "prêmios", "награды", "获奖情况", "荣誉奖项", "受賞歴",
    ],
    K.PUBLICATIONS: [
        "publications", "patents", "selected publications", "research", "publicaciones",
        "publications scientifiques", "publikationen", "veröffentlichungen", "publicações",
        "публикации", "论文", "发表论文", "論文",
    ],
    K.LANGUAGES: [
        "languages", "language skills", "idiomas", "lenguas", "langues", "sprachen",
        "sprachkenntnisse", "línguas", "языки", "语言", "语言能力", "語学",
    ],
    K.INTERESTS: [
        "interests", "hobbies", "hobbies & interests", "interests & hobbies", "intereses",
        "aficiones", "centres d'intérêt", "loisirs", "interessen", "hobbys", "interesses",
        "интересы", "хобби", "兴趣爱好", "爱好", "趣味", "趣味・特技",
    ],
    K.VOLUNTEERING: [
        "volunteering", "volunteer experience", "volunteer work", "voluntariado", "bénévolat",
        "ehrenamt", "ehrenamtliches engagement", "voluntariado", "волонтерство", "志愿者经历",
        "ボランティア",
    ],
    K.REFERENCES: [
        "references", "referees", "referencias", "références", "referenzen", "referências",
        "рекомендации",
    ],
    K.OTHER: [
        "extracurricular activity", "extracurricular activities", "activities", "presentation",
        "presentations", "talks", "invited talks", "writing", "program committees", "leadership",
        "miscellaneous", "other", "otros", "autres", "sonstiges", "outros", "другое", "其他",
        "志望動機", "本人希望記入欄",
    ],
    CONTACT: [
        "contact", "contact information", "contact details", "contacts", "links",
        "personal details", "personal information", "contacto", "datos personales", "coordonnées",
        "kontakt", "persönliche daten", "contato", "контакты", "联系方式", "連絡先",
    ],
}
# fmt: on


def _norm_heading(text: str) -> str:
    t = unicodedata.normalize("NFKC", strip_icons(text)).casefold()
    t = re.sub(r"^\s*(\d{1,2}|[ivx]{1,4})\s*[.)]?\s+", "", t)  # "1 教育背景", "2. Skills"
    t = t.strip(" :：-–—|.")
    t = re.sub(r"\s+", " ", t)
    if any("\u3040" <= ch <= "\u9fff" for ch in t):
        t = t.replace(" ", "")
    return t.replace(" and ", " & ")


_LOOKUP: dict[str, str] = {}
for _kind, _words in VOCABULARY.items():
    for _w in _words:
        _LOOKUP.setdefault(_norm_heading(_w), str(_kind))


def heading_kind(text: str) -> str | None:
    """The section kind a heading's text names (or ``"contact"``); None when not a heading word.

    >>> heading_kind("1 教育背景"), heading_kind("WORK EXPERIENCE"), heading_kind("Bob")
    ('education', 'experience', None)
    """
    norm = _norm_heading(text)
    kind = _LOOKUP.get(norm)
    if kind is None:
        kind = _qualified_kind(norm)
    return kind


# "UX Projects", "Relevant Experience", "Teaching Experience": a short qualifier before a
# vocabulary word. Three words at most, no digits, no "of/in/with/for/years", so "Years of
# experience" or "10 years experience" in running text never becomes a heading.
_QUALIFIED = re.compile(
    r"^(?!.*\b(?:of|in|with|for|years?|months?)\b)[^\d]{1,30}? (projects|experience)$"
)


def _qualified_kind(norm: str) -> str | None:
    if len(norm.split()) > 3:
        return None
    m = _QUALIFIED.match(norm)
    return _LOOKUP.get(m.group(1)) if m else None


def _standalone_text(line: Line) -> str | None:
    """The heading text of a line that could be a heading, else None.

    Tab rows qualify only when every other cell is tiny (a number before the heading, or the
    年/月 column labels of a Japanese form's table header).
    """
    if line.bullet:
        return None
    cells = [c.strip() for c in line.text.split("\t") if c.strip()]
    if not cells:
        return None
    if len(cells) > 1:
        big = [c for c in cells if len(c) > 2 or (len(c) == 2 and heading_kind(c))]
        if len(big) != 1:
            return None
        text = big[0]
    else:
        text = cells[0]
    if len(text) > 48 or len(text.split()) > 6 or text.endswith((".", ",", ";")):
        return None
    return text


@dataclass(frozen=True)
class _Context:
    """What entry building needs to know about the whole document."""

    columns: Columns
    heading_style: Style | None  # typography of the first section heading
    heading_color: int | None
    body_color: int  # colour of the running text
    body: Style  # typography of the document's running text
    wraps: bool  # True for PDF: a field may wrap over lines; a DOCX line is a whole paragraph
    explain: list[str] | None


@dataclass
class _Entry:
    lines: list[Line] = field(default_factory=list)
    has_date: bool = False
    in_body: bool = False
    text_first: bool = False  # opens with running text, not a head line: an entry without one


_ROLE = re.compile(
    r"(?i)\b(engineer|developer|programmer|manager|intern|researcher|director|analyst|"
    r"accountant|designer|scientist|consultant|lead|head|officer|specialist|architect|founder|"
    r"co-founder|cto|ceo|cfo|coo|vp|president|member|trainee|tester|associate|assistant|"
    r"coordinator|administrator|technician|teacher|professor|lecturer|student|writer|editor|"
    r"owner|partner|sre|devops|title|puesto|ingeniero|desarrollador|gerente|ingénieur|"
    r"développeur|ingenieur|entwickler|leiter|engenheiro|desenvolvedor|инженер|разработчик)\b"
)


# Japanese 履歴書 rows are events in a 年 / 月 / text table: joining (入学, 入社) opens an
# entry; graduating (卒業, 修了), leaving (退職, 退社) or "still there" (現在にいたる) closes
# the one above.
_END_EVENT = re.compile(r"(卒業|修了|退職|退社|中退|満期退学|退学)\s*$")
_START_EVENT = re.compile(r"\s*(入学|入社|就職|編入学|転入)\s*$")
_YEAR_CELL = re.compile(r"^(?:19|20)(?:\d{2}|XX)$")
_MONTH_CELL = re.compile(r"^\d{1,2}$")


def _event_fields(head: list[Line]) -> dict[str, str | None] | None:
    """Fields of a 履歴書 entry made of event rows ("20XX<TAB>4<TAB>株式会社履歴書入社",
    then "...退職" or "現在にいたる"); None when the head is not such a table.

    The organization is the opening row's text without its event word; the dates are built
    from the 年/月 cells because no date string is printed ("20XX年4月 – 20XX年10月").
    """
    rows: list[tuple[str, str, str]] = []
    open_end = None
    for ln in head:
        cells = _cells(ln)
        if len(cells) == 3 and _YEAR_CELL.match(cells[0]) and _MONTH_CELL.match(cells[1]):
            rows.append((cells[0], cells[1], cells[2]))
        elif len(cells) == 1 and is_open_end(cells[0]):
            open_end = cells[0]
        else:
            return None
    if not rows:
        return None
    year, month, text = rows[0]
    dates = f"{year}年{month}月"
    start = normalize_point(dates)
    end = None
    if open_end:
        dates, end = f"{dates} – {open_end}", "present"
    elif len(rows) > 1:
        last = f"{rows[-1][0]}年{rows[-1][1]}月"
        dates, end = f"{dates} – {last}", normalize_point(last)
    return {
        "title": None,
        "organization": _START_EVENT.sub("", text).strip() or None,
        "location": None,
        "dates": dates,
        "start": start,
        "end": end,
    }


def _split_fields(head: list[Line], columns: Columns, wraps: bool) -> dict[str, str | None]:
    """Title, organization, location and dates from an entry's head lines.

    The leftmost text cell of each head line is the entry's text (a leading date cell, as in
    moderncv's date margin, is skipped); other cells and right-aligned aside lines hold the
    dates and the location. Consecutive lines in one style and colour are one wrapped field.
    """
    events = _event_fields(head)
    if events is not None:
        return events
    dates = start = end = None
    location = None
    asides: list[str] = []
    runs: list[tuple[Style, int, list[str]]] = []
    # Dates printed apart (a right-aligned aside or cell) are the entry's; a date inside a
    # text cell then belongs to that text ("2016 CODEGATE Final" under "Writer<TAB>2016").
    dated_apart = False
    for ln in head:
        cells = _cells(ln)
        main_idx = -1 if columns.is_aside(ln) else _main_cell(cells)
        if any(find_range(c) for ci, c in enumerate(cells) if ci != main_idx):
            dated_apart = True
            break
    for ln in head:
        cells = _cells(ln)
        if columns.is_aside(ln):
            asides.extend(cells)
            continue
        main_idx = _main_cell(cells)
        for ci, cell in enumerate(cells):
            if ci != main_idx:
                asides.append(cell)
                continue
            found = find_range(cell)
            span = _date_span(cell, found) if found else None
            rest = _cut(cell, span) if span else cell
            # A date already taken leaves a second one in its text ("(NeurIPS 2022)"): text
            # is never cut to drop a date that goes nowhere.
            if found and span and ((dates is None and not dated_apart) or not rest):
                if dates is None:
                    dates, start, end = found.text, found.start, found.end
                if rest and location is None and len(runs) > 0:
                    if not (len(runs) == 1 and _org_before_dates(cell, span)):
                        location = rest  # "April 2019 - current / Birmingham, AL"
                        continue
                    # "Kootenai Health | Jun 2016 – Jul 2019" under a lone title: the
                    # organization (its city, if any, is split off below), not a place.
                cell = rest
                if not cell:
                    continue
            st = style_of(ln)
            if wraps and runs and runs[-1][0].same(st) and runs[-1][1] == ln.color:
                runs[-1][2].append(cell)
            else:
                runs.append((st, ln.color, [cell]))
    k = 0
    late: list[str] = []  # text printed after the dates in the same cell
    while k < len(asides):
        text = asides[k]
        found = find_range(text)
        if found and k + 1 < len(asides):
            joined = find_range(text + " " + asides[k + 1])
            if joined and len(joined.text) > len(found.text) + 1:
                text = text + " " + asides[k + 1]
                found, k = joined, k + 1  # a date wrapped over two aside lines
        if found and dates is None:
            dates, start, end = found.text, found.start, found.end
            rest = (text[: found.begin] + text[found.stop :]).strip(" |/,–—-·")
            if rest:
                late.append(rest)  # Word: "Title<TAB>Dates Organization – City" in one line
        elif not found and location is None and not _ROLE.search(text):
            location = text
        k += 1
    texts = [_join(parts) for _, _, parts in runs] + late
    title = org = None
    if len(texts) == 1 and _TITLE_ORG.search(texts[0]):
        # "Title — Organization" / "Title @ Organization"
        title, org = (p.strip() for p in _TITLE_ORG.split(texts[0], maxsplit=1))
        if _is_all_dates(org):
            title, org = texts[0], None  # "Title — Mar 2021 – Present": dates, not a place
        else:
            org, _, loc = org.partition(" – ")
            location = location or loc.strip() or None
    elif len(texts) == 1:
        parts = re.split(r"\s+[•|·]\s+", texts[0])
        if len(parts) > 1:
            org, location = parts[0], location or parts[1]
        else:
            main, _, loc = texts[0].partition(" – ")
            pieces = [p for p in (_strip_stop(p) for p in _split_commas(main)) if p]
            if loc and len(pieces) < 2 and ", " not in loc:
                # No "Title, Organization" and no "City, ST" after the dash: the dash is part
                # of a name ("AWS Certified Developer – Associate"), not a place separator.
                pieces, loc = [_strip_stop(texts[0])], ""
            if loc and location is None:
                location = _strip_stop(loc)
            if len(pieces) >= 2:
                role_idx = next((i for i, p in enumerate(pieces) if _ROLE.search(p)), 0)
                title = pieces[role_idx]
                org = pieces[1] if role_idx == 0 else pieces[0]
            elif pieces:
                title = pieces[0]
    elif len(texts) >= 2:
        first, second = texts[0], texts[1]
        for sep in (" • ", " | ", " · ", " – "):
            if sep in second:
                second, _, loc = second.partition(sep)
                location = location or loc
        if _ROLE.search(second) and not _ROLE.search(first):
            title, org = second, first
        else:
            title, org = first, second
    if org and location is None:
        m = _ORG_CITY_STATE.match(org)
        if m:  # "Lumen Parcel Co., Portland, OR"
            org, location = m.group(1), m.group(2)
    return {
        "title": title,
        "organization": org,
        "location": location,
        "dates": dates,
        "start": start,
        "end": end,
    }


def _main_cell(cells: list[str]) -> int:
    """Index of a head row's text cell: the first one past a date margin ("2016<TAB>Title")."""
    idx = 0
    while idx < len(cells) - 1 and _is_date_only(cells[idx]):
        idx += 1
    return idx


def _split_commas(text: str) -> list[str]:
    """``text`` split at ", " outside brackets: "Paper (ICLR 2021, Oral)" stays one piece."""
    out, depth, begin = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(depth - 1, 0)
        elif ch == "," and depth == 0 and text[i + 1 : i + 2] == " ":
            out.append(text[begin:i])
            begin = i + 2
    out.append(text[begin:])
    return out


_ABBREVIATION = re.compile(r"(?:\w{1,4}|\w+(?:\.\w+)+)\.")


def _strip_stop(text: str) -> str:
    """``text`` without surrounding spaces and a sentence's final "."; an abbreviation keeps
    its point ("B.S.", "Inc.", "Ph.D.")."""
    text = text.strip()
    if text.endswith(".") and not _ABBREVIATION.fullmatch(text.rsplit(None, 1)[-1]):
        text = text[:-1].rstrip()
    return text.lstrip(".").strip()


_TITLE_ORG = re.compile(r"\s+(?:—|@)\s+")
_ORG_CITY_STATE = re.compile(r"^(.+?),\s*([A-Z][\w .'-]+,\s*[A-Z]{2})\.?$")


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" or "\uf900" <= ch <= "\ufaff"


def _join(lines: list[str]) -> str:
    """Wrapped lines as one text: a space between them, none between two CJK characters
    (they are written without spaces), and a word hyphenated at a line's end made whole."""
    out = ""
    for text in lines:
        if not out:
            out = text
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and text[:1].islower():
            out = out[:-1] + text
        elif _is_cjk(out[-1]) and _is_cjk(text[:1]):
            out += text
        else:
            out += " " + text
    return out


_LIST_KINDS = {K.SKILLS, K.LANGUAGES, K.INTERESTS, K.SUMMARY, K.REFERENCES}


def _cells(line: Line) -> list[str]:
    return [c.strip() for c in line.text.split("\t") if c.strip()]


def _list_entry(kind: SectionKind, lines: list[Line], section_idx: int, ctx: _Context) -> Entry:
    """One entry for a list-like section: the summary's text, or one bullet per item.

    Items are bullets, table rows ("DevOps<TAB>AWS, Docker" -> "DevOps: AWS, Docker" when the
    label is bold, else cells joined by commas) or lines; a line that runs to the column's
    right edge continues into the next one.
    """
    texts: list[str] = []
    bullets: list[str] = []
    if kind == K.SUMMARY:
        for ln in lines:
            (bullets if ln.bullet else texts).append(" ".join(_cells(ln)))
            _say(ctx.explain, ln, "bullet" if ln.bullet else "text")
    else:
        prev: Line | None = None
        for ln in lines:
            cells = _cells(ln)
            if len(cells) == 2 and ln.bold:
                item = f"{cells[0].rstrip(':')}: {cells[1]}"
            else:
                item = ", ".join(cells)
            if ln.paragraph_start is not None:  # DOCX: a paragraph break is a real break
                # A manual line break continues the item only mid-phrase ("Python,<br>Go",
                # "pipelines<br>for billing"); "SQL<br>Tableau<br>Python" are three items.
                wrapped = (
                    not ln.paragraph_start
                    and bool(bullets)
                    and (bullets[-1].endswith((",", ";", "&", "-", "/")) or item[:1].islower())
                )
            else:
                wrapped = (
                    prev is not None
                    and not ln.bullet
                    and len(cells) == 1
                    and "\t" not in prev.text
                    and ctx.columns.reaches_right(prev)
                    and bool(bullets)
                )
            if wrapped:
                bullets[-1] = _join([bullets[-1], item])
                _say(ctx.explain, ln, "bullet (continued)")
            else:
                bullets.append(item)
                _say(ctx.explain, ln, "bullet")
            prev = ln
    return Entry(
        text=_join(texts) or None,
        bullets=[Bullet(id=f"s{section_idx}-e0-b{i}", text=t) for i, t in enumerate(bullets)],
    )


def _is_event_row(line: Line) -> bool:
    cells = _cells(line)
    return len(cells) == 3 and bool(_YEAR_CELL.match(cells[0]) and _MONTH_CELL.match(cells[1]))


def _is_subheading(line: Line, has_date: bool, ctx: _Context) -> bool:
    """A short line in the section headings' colour but smaller ("Vocational", "Domestic")."""
    return (
        not has_date
        and ctx.heading_style is not None
        and ctx.heading_color is not None
        and ctx.heading_color != ctx.body_color
        and line.color == ctx.heading_color
        and line.size < ctx.heading_style.size
        and "\t" not in line.text
        and len(line.text.split()) <= 4
    )


def _build_entries(
    kind: SectionKind, lines: list[Line], section_idx: int, ctx: _Context
) -> list[Entry]:
    """Entries of one section (list-like sections get one entry holding every line)."""
    columns, explain = ctx.columns, ctx.explain
    if not lines:
        return []
    if kind in _LIST_KINDS:
        return [_list_entry(kind, lines, section_idx, ctx)]
    body = _section_body(lines, ctx)
    groups: list[_Entry] = [_Entry()]
    ended = False
    prev: Line | None = None
    for at, ln in enumerate(lines):
        cur = groups[-1]
        wrapped = _continues_text(prev, ln, body, ctx)
        prev = ln
        if ended or ln.text.strip() == "以上":
            # 以上 closes a 履歴書 list; what follows in the box is the form's own notes.
            _say(explain, ln, "dropped: end of a Japanese form's list (以上)")
            ended = True
            continue
        aside = columns.is_aside(ln)
        cells = _cells(ln)
        has_date = any(_dated_cell(c) for c in cells)
        closes = any(_END_EVENT.search(c) or is_open_end(c) for c in cells)
        head = (
            not ln.bullet
            and not wrapped
            and (
                aside
                or closes
                or not style_of(ln).same(body)
                or "\t" in ln.text
                or (has_date and len(ln.text) < 60)
            )
        )
        # DOCX, all in the body style: a short title paragraph right above a dated line
        # ("Medical-Surgical Nurse" over "Kootenai Health | Jun 2016 – Jul 2019") heads the
        # entry that line dates, not the text of the entry above.
        titles = (
            not head
            and not ctx.wraps
            and not wrapped
            and _is_plain_title(ln)
            and at + 1 < len(lines)
            and _leads_dated(lines[at + 1])
        )
        if titles:
            head = True
        if head and _is_subheading(ln, has_date, ctx):
            _say(explain, ln, "dropped: sub-heading inside a section")
            continue
        date_only = has_date and _is_date_only(ln.text)
        starts = (cur.in_body and not date_only) or (
            has_date and cur.has_date and not _is_own_subline(cur, ln, columns)
        )
        if head and not has_date and not aside and _repeats_head(cur, ln, columns):
            starts = True  # the head pattern starts again (an entry without bullets above)
        if head and not has_date and _follows_lone_head(cur, ln, ctx):
            starts = True  # "Certificate A" / "Certificate B": one title per entry
        if head and cur.lines and _is_event_row(cur.lines[0]) and not _is_event_row(ln):
            starts = not closes  # a different row after a 履歴書 event table
        if closes:
            starts = False  # 履歴書: "同 卒業", "...退職", "現在にいたる" close the entry above
        if titles:
            starts = cur.in_body or cur.has_date
        if head and not aside and not (date_only and not cur.has_date) and starts and cur.lines:
            groups.append(_Entry())
            cur = groups[-1]
            _say(explain, ln, "entry: new entry")
        elif head:
            _say(explain, ln, "entry: head line")
        else:
            _say(explain, ln, "bullet" if ln.bullet else "entry text")
        cur.lines.append(ln)
        if head:
            cur.has_date = cur.has_date or has_date
        else:
            cur.text_first = cur.text_first or len(cur.lines) == 1
            cur.in_body = True
    return [
        _entry(group, section_idx, ei, body, ctx)
        for ei, group in enumerate(g for g in groups if g.lines)
    ]


def _is_plain_title(line: Line) -> bool:
    """A short paragraph that reads like a title: not a bullet, cell row or sentence, no
    date, at most 8 words starting with a capital."""
    text = line.text.strip()
    return (
        bool(text)
        and not line.bullet
        and "\t" not in text
        and len(text) < 60
        and len(text.split()) <= 8
        and text[0].isupper()
        and not text.endswith((".", ";", ":", "!", "?", ","))
        and find_range(text) is None
    )


def _leads_dated(line: Line) -> bool:
    """A short dated line that is not a bullet: an entry's "Organization | Dates" line."""
    return not line.bullet and len(line.text) < 60 and any(_dated_cell(c) for c in _cells(line))


def _running_text_style(lines: list[Line], fallback: Style) -> Style:
    """The style of the document's running text: that of its bullets when it has any (a
    resume of many short head-only entries, like a Japanese form, has more characters in its
    head lines than in its text), else the style carrying most characters (``fallback``)."""
    bullets = [ln for ln in lines if ln.bullet]
    if sum(len(ln.text) for ln in bullets) >= 40:
        return body_style(bullets)
    return fallback


def _section_body(lines: list[Line], ctx: _Context) -> Style:
    """The running-text style of one section.

    A section with bullets has its own body (a sidebar may set its text smaller than the main
    column). One without bullets may hold only entry head lines (awards, degrees, publications):
    its most common style would then be a head style, and an organization or wrapped title line
    would be read as entry text, so the document's body style is used instead.
    """
    if any(ln.bullet for ln in lines):
        return body_style(lines)
    return ctx.body


def _entry(group: _Entry, section_idx: int, entry_idx: int, body: Style, ctx: _Context) -> Entry:
    """An Entry from its lines: the head lines give the fields, the rest bullets and text."""
    head_lines: list[Line] = []
    for ln in group.lines:
        if (
            ln.bullet
            or group.text_first
            or (
                style_of(ln).same(body)
                and "\t" not in ln.text
                and head_lines
                and not ctx.columns.is_aside(ln)
                and not _is_date_only(ln.text)
                and not is_open_end(ln.text)
                # "Kootenai Health | Jun 2016 – Jul 2019" under a title heads the entry too
                and not _is_title_over_org_dates([*head_lines, ln])
            )
        ):
            break
        head_lines.append(ln)
    if not ctx.wraps and head_lines:
        end = _docx_head_end(group.lines, len(head_lines))
        if end == 1 and _is_docx_org_line(group.lines[0], group.lines[1:2]):
            end = 2
        head_lines = group.lines[:end]
    rest = group.lines[len(head_lines) :]
    fields = _split_fields(head_lines, ctx.columns, ctx.wraps)
    if ctx.wraps:
        bullets = [ln.text for ln in rest if ln.bullet]
        text = _join([ln.text.replace("\t", " ") for ln in rest if not ln.bullet])
    else:
        bullets, text = _docx_body(rest, has_head=bool(head_lines))
    return Entry(
        title=fields["title"],
        organization=fields["organization"],
        location=fields["location"],
        dates=fields["dates"],
        start=fields["start"],
        end=fields["end"],
        text=text or None,
        bullets=[
            Bullet(id=f"s{section_idx}-e{entry_idx}-b{bi}", text=t) for bi, t in enumerate(bullets)
        ],
    )


def _docx_head_end(lines: list[Line], end: int) -> int:
    """DOCX: where an entry's head ends, past body-style lines that lead to a date line
    ("B.Sc. Physics" bold, then "Northfield University" and "2012 – 2016" in the body
    style). Every line up to the date must be short and not a sentence; a DOCX line is a
    whole paragraph, so such a line is a field, not wrapped running text."""
    for k in range(end, len(lines)):
        ln = lines[k]
        if ln.bullet or len(ln.text) >= 60 or ln.text.rstrip().endswith((".", ";", ":")):
            break
        if _is_date_only(ln.text) or is_open_end(ln.text):
            end = k + 1
    return end


_ORG_WORD_CONNECTORS = frozenset("of de da del di du la le and & for the at in und y".split())


def _is_docx_org_line(head: Line, after: list[Line]) -> bool:
    """DOCX: the plain paragraph right under a one-line "Title — Dates" head is the
    organization line ("Okra Foods, Chicago, IL", "University of Leeds") when it is short,
    not a bullet, a sentence or a date, and reads like a name: a comma-separated place or
    every word capitalised. "Built the pricing engine" stays running text."""
    if not after or "\t" in head.text or find_range(head.text) is None:
        return False
    line = after[0]
    text = line.text.strip()
    if line.bullet or "\t" in text or len(text) > 60 or len(text.split()) > 8 or not text:
        return False
    if text.endswith((".", ";", ":", "!", "?")) or find_range(text) is not None:
        return False
    words = [w.strip(",()") for w in text.split()]
    capitalised = all(
        w and (w[0].isupper() or w[0].isdigit() or w.lower() in _ORG_WORD_CONNECTORS) for w in words
    )
    return capitalised


def _docx_body(lines: list[Line], *, has_head: bool) -> tuple[list[str], str]:
    """DOCX: an entry's bullets and text from the lines under its head.

    Each paragraph is its own item (the part after a manual line break continues it). Under
    a head (a role, a degree) two or more plain paragraphs are bullets written without list
    formatting; a lone one is the entry's description text.
    """
    items: list[tuple[bool, str]] = []
    for ln in lines:
        text = ln.text.replace("\t", " ") if not ln.bullet else ln.text
        if items and ln.paragraph_start is False:
            items[-1] = (items[-1][0], _join([items[-1][1], text]))
        else:
            items.append((ln.bullet, text))
    plain = [t for is_bullet, t in items if not is_bullet]
    if has_head and len(plain) >= 2:
        return [t for _, t in items], ""
    return [t for is_bullet, t in items if is_bullet], _join(plain)


def _continues_text(prev: Line | None, line: Line, body: Style, ctx: _Context) -> bool:
    """``line`` is the wrapped continuation of the running text in ``prev``: both in the body
    style, ``prev`` not a bullet and filling its column, ``line`` right below it. Such a line
    is text even when it holds a date ("(2023) 1. Efficient Deep Learning")."""
    if prev is None or not ctx.wraps or prev.bullet or line.bullet:
        return False
    return (
        prev.page == line.page
        and prev.column == line.column
        and "\t" not in prev.text
        and "\t" not in line.text
        and style_of(prev).same(body)
        and style_of(line).same(body)
        and prev.color == line.color
        and abs(line.x0 - prev.x0) < 1.0
        and -0.2 * line.size <= line.y0 - prev.y1 < 0.5 * line.size
        and ctx.columns.reaches_right(prev)
    )


def _is_own_subline(cur: _Entry, line: Line, columns: Columns) -> bool:
    """``line`` is a second head line of the entry, not the next entry's first: it follows a
    dated first line without a gap (closer than a fifth of its size), in another typography,
    with the date as the start of its text ("2016 CODEGATE Final • Korea" under
    "Problem Writer<TAB>2016"), not in a cell or an aside of its own. DOCX positions are
    synthetic: there the line only has to be the next paragraph."""
    heads = [ln for ln in cur.lines if not columns.is_aside(ln)]
    if len(heads) != 1 or "\t" in line.text or columns.is_aside(line) or line.x1 <= 0:
        return False
    first = heads[0]
    found = find_range(line.text)
    tight = (
        cur.lines[-1] is first
        if line.paragraph_start is not None
        else line.y0 - first.y1 < 0.2 * line.size
    )
    return (
        first.page == line.page
        and "\t" in first.text
        and not style_of(first).same(style_of(line))
        and tight
        and found is not None
        and not _is_date_only(line.text)
    )


def _follows_lone_head(cur: _Entry, line: Line, ctx: _Context) -> bool:
    """``line`` repeats the style of the entry's only head line, which ends short of the
    column's right edge and is set apart from it by more than line spacing: it is the next
    entry's title, not the first one's wrapped end nor its organization line.

    Only for entries so far made of that one line (lists of certificates, awards or thesis
    rows without text); an entry with several head lines is left to the other rules.
    """
    if not ctx.wraps or cur.in_body or len(cur.lines) != 1:
        return False
    prev = cur.lines[0]
    # A "Title<TAB>Dates" row reaches the right edge through its dates, so only its spacing
    # can tell; a plain line that fills the column may continue below.
    wrapped = "\t" not in prev.text and ctx.columns.reaches_right(prev)
    return (
        not prev.bullet
        and not line.bullet
        and "\t" not in line.text
        and not ctx.columns.is_aside(prev)
        and not ctx.columns.is_aside(line)
        and style_of(prev).same(style_of(line))
        and prev.color == line.color
        and not wrapped
        and line.y0 - prev.y1 > 0.25 * line.size  # set apart: wrapped lines sit tight
        and prev.page == line.page
    )


def _repeats_head(cur: _Entry, line: Line, columns: Columns) -> bool:
    """True when ``line`` has the style of the entry's first line and other styles came since."""
    heads = [ln for ln in cur.lines if not columns.is_aside(ln)]
    if len(heads) < 2:
        return False
    first = style_of(heads[0])
    if not (first.same(style_of(line)) and heads[0].color == line.color):
        return False
    return any(not style_of(ln).same(first) for ln in heads[1:])


_SEPARATORS = " |/,–—-·•"


def _date_span(cell: str, found: DateRange) -> tuple[int, int] | None:
    """The span of ``cell`` to cut when its date ``found`` becomes the entry's dates; None when
    the date is part of the text and must stay in it.

    A date at either end of the cell is taken (brackets around it go too: "Award (2019)"), and
    one in the middle of a short cell only between separators ("Acme | 2019 | Berlin"), never
    one inside other words ("(ICML 2022)", "won in 2019 the cup").
    """
    begin, stop = found.begin, found.stop
    if 0 < begin and stop < len(cell) and cell[begin - 1] == "(" and cell[stop] == ")":
        begin, stop = begin - 1, stop + 1
    if begin == 0 or stop == len(cell):
        return begin, stop
    before, after = cell[:begin].rstrip()[-1:], cell[stop:].lstrip()[:1]
    strong = "—–|•·"  # separators that never sit inside a sentence, unlike "," or "-"
    if before in strong and after in strong + ",":
        return begin, stop
    if len(cell) < 40 and before in _SEPARATORS and after in _SEPARATORS:
        return begin, stop
    return None


_ORG_DATES_SEPARATORS = "|·•–—"
_WORK_MODES = frozenset({"remote", "hybrid", "on-site", "onsite", "on site", "home office"})


def _org_before_dates(cell: str, span: tuple[int, int]) -> bool:
    """``cell`` is an "Organization | Dates" line: the dates close it, set off by a strong
    separator ("|", "·", "•", "–", "—"), after a short name-like text that is no sentence
    ("St. Alphonsus Regional Medical Center | Aug 2019 – Present")."""
    if span[0] == 0 or span[1] != len(cell.rstrip()):
        return False
    before = cell[: span[0]].rstrip()
    if before[-1:] not in tuple(_ORG_DATES_SEPARATORS):
        return False
    name = before[:-1].strip()
    return (
        bool(name)
        and name[0].isupper()
        and len(name.split()) <= 10
        and not name.endswith((".", ";", ":", "!", "?", ","))
        and not _ROLE.search(name)
        # A place, not an organization: "Boston, MA | Apr 2021 – Present" ("Title,
        # Organization" above), "Remote | 2020 – 2022".
        and len(_split_commas(name)) != 2
        and name.lower() not in _WORK_MODES
    )


def _is_org_dates_line(line: Line) -> bool:
    """A plain "Organization | Dates" paragraph (not a bullet, no cells)."""
    text = line.text.strip()
    if line.bullet or "\t" in text or not text:
        return False
    found = find_range(text)
    span = _date_span(text, found) if found else None
    return span is not None and _org_before_dates(text, span)


def _is_title_over_org_dates(head: list[Line]) -> bool:
    """A title line directly over an "Organization | Dates" line: both head the entry."""
    return len(head) == 2 and _is_plain_title(head[0]) and _is_org_dates_line(head[1])


def _cut(cell: str, span: tuple[int, int]) -> str:
    """``cell`` without ``span``; a separator left on each side of the gap is kept once
    ("Developer — Mar 2021 – Present • Leeds" -> "Developer • Leeds")."""
    left, right = cell[: span[0]].rstrip(), cell[span[1] :].lstrip()
    if left[-1:] and left[-1] in _SEPARATORS and right[:1] and right[0] in _SEPARATORS:
        left = left[:-1].rstrip()
    return f"{left} {right}".strip(_SEPARATORS)


def _is_all_dates(text: str) -> bool:
    """``text`` is one date or range and nothing else ("Mar 2021 – Present.")."""
    found = find_range(text)
    return found is not None and not (text[: found.begin] + text[found.stop :]).strip(" .,;")


def _dated_cell(cell: str) -> bool:
    """A cell holding an entry's dates: short, or the dates open or close it."""
    found = find_range(cell)
    return found is not None and (
        len(cell) < 60 or found.begin == 0 or found.stop == len(cell.rstrip())
    )


def _is_date_only(text: str) -> bool:
    found = find_range(text)
    if found is None:
        return False
    rest = (text[: found.begin] + text[found.stop :]).strip(" \t|/,.-–")
    return len(rest) <= 3 or len(rest) < 0.6 * len(text) and "\t" not in text


def _say(explain: list[str] | None, line: Line, why: str) -> None:
    if explain is not None:
        shown = line.text.replace("\t", " | ")
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        explain.append(f"p{line.page + 1} {why}: {shown}")


def _find_headings(lines: list[Line], body: Style) -> dict[int, tuple[str, str]]:
    """Line index -> (kind, printed title) for every heading line (``body``: the document's
    running-text style)."""
    color = body_color(lines)
    vocab: dict[int, tuple[str, str]] = {}
    for i, ln in enumerate(lines):
        text = _standalone_text(ln)
        if text is None:
            continue
        kind = heading_kind(text)
        if kind is None and ln.section_label:
            kind = str(K.OTHER)
        if kind is None:
            continue
        distinct = not style_of(ln).same(body) or ln.caps or ln.color != color or ln.heading_hint
        # An undecorated vocabulary word counts only as a line of its own (a form's row title).
        if distinct or "\t" not in ln.text:
            vocab[i] = (kind, _clean_title(text))
    # Heading typography = (style, colour) shared by two or more vocabulary headings (a
    # two-column page may have one per column); one-off matches don't define a style.
    counts: dict[tuple[Style, int], int] = {}
    for i in vocab:
        key = (style_of(lines[i]), lines[i].color)
        if not key[0].same(body):
            counts[key] = counts.get(key, 0) + 1
    accepted = [key for key, n in counts.items() if n >= 2]

    def in_accepted(ln: Line) -> bool:
        return any(style_of(ln).same(st) and ln.color == col for st, col in accepted)

    headings: dict[int, tuple[str, str]] = {}
    for i, value in vocab.items():
        ln = lines[i]
        if not accepted or in_accepted(ln) or (ln.size >= body.size and (ln.bold or ln.caps)):
            headings[i] = value
    if accepted:
        # Headings all in capitals: a mixed-case line in their style is an entry's title in
        # bold (a job title under "EXPERIENCE"), not a heading.
        caps_only = all(
            lines[i].caps or lines[i].text.isupper() for i in vocab if in_accepted(lines[i])
        )
        for i, ln in enumerate(lines):
            if i in headings:
                continue
            text = _standalone_text(ln)
            if text is None or find_range(text) or "@" in text or not in_accepted(ln):
                continue
            if caps_only and not (ln.caps or text.isupper()):
                continue
            cjk = sum(1 for ch in text if "\u3040" <= ch <= "\u9fff")
            if re.search(r"\d{2}", text) or is_open_end(text) or cjk > 8:
                continue  # an address, a date or a sentence in the heading's size
            if len(text) >= 3 and sum(ch.isalpha() for ch in text) >= 3:
                headings[i] = (str(K.OTHER), _clean_title(text))
    elif not vocab:
        for i, ln in enumerate(lines):
            text = _standalone_text(ln)
            if text and ln.size >= 1.25 * body.size and len(text.split()) <= 4 and i > 0:
                headings[i] = (str(K.OTHER), _clean_title(text))
    return headings


def _clean_title(text: str) -> str:
    t = strip_icons(text)
    t = re.sub(r"^\s*\d{1,2}\s*[.)]?\s+", "", t)
    return t.strip(" :：")


def build_resume(doc: ExtractedDocument, *, explain: list[str] | None = None) -> Resume:
    """Turn extracted Lines into a Resume.

    Args:
        doc: Lines in reading order from :func:`pipeline.parse.pdf.extract_pdf` or the DOCX
            extractor.
        explain: when a list, one line is appended per input line saying what it became.

    Raises:
        NotAResume: no contact details (email/phone) and no standard section were found.
    """
    lines = [ln for ln in doc.lines if ln.text.strip()]
    doc_body = body_style(lines)
    headings = _find_headings(lines, doc_body)
    first = lines[min(headings)] if headings else None
    ctx = _Context(
        columns=Columns(lines),
        heading_style=style_of(first) if first else None,
        heading_color=first.color if first else None,
        body_color=body_color(lines),
        body=_running_text_style(lines, doc_body),
        wraps=doc.source != "docx",
        explain=explain,
    )

    zone: list[Line] = []
    sections: list[tuple[str, str, list[Line]]] = []
    current: list[Line] | None = None
    for i, ln in enumerate(lines):
        if i in headings:
            kind, title = headings[i]
            _say(explain, ln, f"heading ({kind})")
            if kind == CONTACT:
                current = None
                continue
            current = []
            sections.append((kind, title, current))
        elif current is None:
            zone.append(ln)
        else:
            current.append(ln)

    contact = extract_contact(zone, doc.links)
    for ln in zone:
        _say(explain, ln, "contact zone")
    resume_sections: list[Section] = []
    for idx, (kind, title, body) in enumerate(sections):
        entries = _build_entries(SectionKind(kind), body, idx, ctx)
        resume_sections.append(Section(kind=SectionKind(kind), title=title, entries=entries))

    standard = {K.EXPERIENCE, K.EDUCATION, K.SKILLS, K.SUMMARY, K.PROJECTS}
    if not (contact.email or contact.phone) and not any(
        s.kind in standard for s in resume_sections
    ):
        raise NotAResume()
    warnings = []
    if contact.name is None:
        warnings.append("no name found")
    if contact.email is None:
        warnings.append("no email address found")
    if not resume_sections:
        warnings.append("no section headings found")
    text = "\n".join(ln.text for ln in lines)
    return Resume(
        contact=contact,
        sections=resume_sections,
        language=detect_language(text),
        pages=doc.pages,
        warnings=warnings,
    )
