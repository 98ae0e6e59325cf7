"""Job-description keyword match: aliases, stems, n-grams, weights, stuffing."""

from __future__ import annotations

from pipeline.analyze.keywords import extract_terms, match_keywords, stem
from pipeline.analyze.skills import find_skills
from tests.pipeline.resume_factory import entry, resume

JD = """Backend Engineer
We are looking for a backend engineer to build distributed systems in Python and Go.
You will run services on Kubernetes and PostgreSQL, write REST APIs, and improve on-call
tooling. Experience with JavaScript is a plus. You will own incident response and mentor
engineers on incident response practices.
"""


def test_aliases_resolve_to_one_skill():
    assert find_skills("Deployed k8s clusters") == {"kubernetes"}
    assert find_skills("postgres and JS") == {"postgresql", "javascript"}
    assert find_skills("We took a rest") == set()  # ordinary word, not the REST skill
    assert find_skills("Designed REST APIs") == {"rest"}


def test_stems():
    assert stem("services") == stem("service")
    assert stem("managing") == stem("manage")


def test_terms_are_weighted_skills_first():
    terms = extract_terms(JD)
    labels = [t.label for t in terms]
    assert {"python", "kubernetes", "postgresql", "javascript"} <= set(labels)
    assert "incident response" in labels  # repeated two-word phrase
    skill_weights = [t.weight for t in terms if t.key[0].startswith("skill:")]
    other_weights = [t.weight for t in terms if not t.key[0].startswith("skill:")]
    assert min(skill_weights) >= 3 > max(w for w in other_weights if w < 3)


def test_match_with_aliases_and_stems():
    r = resume(
        entry(
            "Ran k8s clusters serving 20 services",
            "Wrote postgres migrations",
            "Owned incident response for 3 teams",
        ),
        skills="Python, JS",
    )
    k = match_keywords(r, JD)
    assert {"kubernetes", "postgresql", "javascript", "python", "incident response"} <= set(
        k.matched
    )
    assert "Go" in k.missing or "golang" in k.missing or any("go" == m.lower() for m in k.missing)
    assert k.total == len(k.matched) + len(k.missing)
    assert 0 < k.coverage < 1
    assert k.summary == f"matched {len(k.matched)} of {k.total}"


def test_stuffing_flag():
    honest = resume(entry("Built 4 services in Python", "Led 3 engineers"))
    assert not match_keywords(honest, JD).stuffing
    stuffed = resume(
        entry("Built 4 services in Python", "Led 3 engineers"), skills=", ".join(["Python"] * 12)
    )
    assert match_keywords(stuffed, JD).stuffing
    # A profession word used naturally in many bullets is not stuffing.
    natural = resume(
        entry(*[f"Ran {n} accounting reviews for clients" for n in range(2, 11)]),
        skills="Excel",
    )
    assert not match_keywords(
        natural, "Accounting clerk: accounting and accounting software"
    ).stuffing


def test_empty_overlap():
    r = resume(entry("Prepared 40 tax returns"), skills="Excel")
    k = match_keywords(r, "Kubernetes and Terraform engineer")
    assert k.matched == [] and k.coverage == 0.0


BOILERPLATE_JD = """Senior Backend Engineer (Remote)

IMPORTANT: Please read the whole posting before you APPLY.
NOTE: Only applicants with EU work authorization will be considered. URGENT!

Responsibilities
- Build and run Python services on Kubernetes and own the billing API
- Keep our SOX, HIPAA and PCI controls in order

Requirements
- MUST HAVE 5+ years of backend work; Terraform is a plus
PLEASE READ CAREFULLY BEFORE SUBMITTING

Benefits: Equity. Apply now, hiring ASAP. Deadline TBD. See the FAQ.
"""


def test_posting_boilerplate_and_emphasis_are_not_keywords():
    labels = {t.label for t in extract_terms(BOILERPLATE_JD, limit=100)}
    for word in ("IMPORTANT", "NOTE", "URGENT", "APPLY", "MUST", "HAVE", "ASAP", "TBD", "FAQ"):
        assert word not in labels
    for word in ("PLEASE", "READ", "CAREFULLY", "SUBMITTING", "Benefits", "Requirements"):
        assert word not in labels
    lowered = {label.lower() for label in labels}
    assert not lowered & {"responsibilities", "requirements", "benefits", "apply", "deadline"}
    # Acronyms in a list and known skills stay terms.
    assert {"SOX", "HIPAA", "PCI", "EU", "API"} <= labels
    assert {"python", "kubernetes", "terraform"} <= labels


def test_a_shouted_line_with_a_skill_keeps_the_skill():
    labels = {t.label for t in extract_terms("MUST KNOW AWS AND KUBERNETES WELL")}
    assert {"aws", "kubernetes"} <= labels
    assert "MUST" not in labels


def test_boilerplate_does_not_count_as_missing():
    r = resume(entry("Built Python services on Kubernetes"), skills="Python, Terraform")
    k = match_keywords(r, BOILERPLATE_JD)
    assert not {"IMPORTANT", "NOTE", "URGENT"} & set(k.missing)
    assert "python" in k.matched


UX_JD = """Junior UX Researcher
We are hiring a junior UX researcher. You will plan and run usability studies and present
findings to the UX team.
Requirements: experience with survey design; Figma and Qualtrics.
"""


def test_a_term_used_naturally_five_times_is_not_stuffing():
    r = resume(
        entry(
            "Ran 8 moderated UX usability tests",
            "Wrote the UX findings report for 2 nonprofits",
            prefix="p",
        ),
        skills="Figma, Qualtrics, survey design",
    )
    r.sections[0].entries[0].text = (
        "Former teacher moving into UX research. Completed the Google UX Design Certificate "
        "and ran UX studies for two nonprofit websites."
    )
    k = match_keywords(r, UX_JD)
    assert "UX" in k.matched
    assert not k.stuffing


def test_runs_and_padded_lines_are_stuffing():
    run = resume(entry("Ran 8 usability tests", prefix="p"), skills="Figma, UX, UX, UX, Miro")
    assert match_keywords(run, UX_JD).stuffing
    padded = resume(
        entry("Ran 8 usability tests", prefix="p"), skills="UX research UX design UX writing UX"
    )
    assert match_keywords(padded, UX_JD).stuffing


def test_a_phrase_the_job_and_resume_share_is_matched_once_mentioned():
    r = resume(entry("Ran 8 usability studies", prefix="p"), skills="Figma, survey design")
    k = match_keywords(r, UX_JD)
    assert "survey design" in k.matched
    assert "usability studies" in k.matched
    # Only shared phrases are added: one-off wording the resume lacks is never "missing".
    assert "survey design" not in k.missing
    assert not [
        m for m in k.missing if " " in m and m not in {t.label for t in extract_terms(UX_JD)}
    ]
    # "plan and run usability studies": "run usability" is a verb and its object, no phrase.
    r2 = resume(entry("Run usability studies weekly", prefix="p"))
    assert "run usability" not in match_keywords(r2, UX_JD).matched


def test_capitalised_list_items_are_separate_terms():
    labels = [t.label for t in extract_terms("You will run studies with Figma, Miro and Dovetail.")]
    assert {"Miro", "Dovetail"} <= set(labels)
    labels = [t.label for t in extract_terms("We use Miro, Dovetail & Lookback every week.")]
    assert {"Miro", "Dovetail", "Lookback"} <= set(labels)
    # A name without separators is still one name, not terms.
    labels = [t.label for t in extract_terms("Join Lakeshore Freight Labs, a logistics startup.")]
    assert not {"Lakeshore", "Freight", "Labs"} & set(labels)
