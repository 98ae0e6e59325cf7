"""Known skills and their aliases, shared by the keyword match and the fact guard.

Each canonical skill lists the spellings that mean the same thing ("js" and "javascript",
"k8s" and "kubernetes", "postgres" and "postgresql"). Matching is on lower-cased token
sequences, so multi-word skills ("accounts payable") are found as n-grams.
"""

from __future__ import annotations

import re
from functools import lru_cache

# canonical: aliases (the canonical name is always an alias of itself)
SKILLS: dict[str, tuple[str, ...]] = {
    "javascript": ("js", "ecmascript"),
    "typescript": ("ts",),
    "kubernetes": ("k8s", "kube"),
    "postgresql": ("postgres", "psql"),
    "python": (),
    "java": (),
    "golang": ("go lang",),
    "rust": (),
    "c++": ("cpp",),
    "c#": ("csharp", "c sharp"),
    "ruby": (),
    "php": (),
    "scala": (),
    "kotlin": (),
    "swift": (),
    "sql": (),
    "mysql": (),
    "sqlite": (),
    "mongodb": ("mongo",),
    "redis": (),
    "kafka": ("apache kafka",),
    "rabbitmq": (),
    "elasticsearch": ("elastic search",),
    "graphql": (),
    "rest": ("restful", "rest api", "rest apis"),
    "grpc": (),
    "docker": (),
    "terraform": (),
    "ansible": (),
    "aws": ("amazon web services",),
    "gcp": ("google cloud", "google cloud platform"),
    "azure": ("microsoft azure",),
    "linux": (),
    "git": (),
    "ci/cd": ("cicd", "continuous integration", "continuous delivery"),
    "react": ("reactjs", "react.js"),
    "vue": ("vuejs", "vue.js"),
    "angular": (),
    "node.js": ("nodejs", "node"),
    "django": (),
    "flask": (),
    "fastapi": (),
    "spring": ("spring boot",),
    "pandas": (),
    "numpy": (),
    "pytorch": (),
    "tensorflow": (),
    "machine learning": ("ml",),
    "deep learning": (),
    "microservices": ("microservice",),
    "distributed systems": (),
    "html": (),
    "css": (),
    "excel": ("microsoft excel", "ms excel"),
    "quickbooks": (),
    "sap": (),
    "oracle": (),
    "netsuite": (),
    "tableau": (),
    "power bi": ("powerbi",),
    "jira": (),
    "confluence": (),
    "figma": (),
    "salesforce": (),
    "hubspot": (),
    "gaap": ("us gaap",),
    "ifrs": (),
    "cpa": ("certified public accountant",),
    "cfa": ("chartered financial analyst",),
    "accounts payable": ("ap",),
    "accounts receivable": ("ar",),
    "general ledger": (),
    "payroll": (),
    "bookkeeping": (),
    "auditing": ("audit", "audits"),
    "tax preparation": ("tax returns",),
    "financial reporting": ("financial reports",),
    "financial analysis": (),
    "forecasting": (),
    "budgeting": (),
    "reconciliation": ("reconciliations", "account reconciliation"),
    "agile": (),
    "scrum": (),
    "kanban": (),
    "a/b testing": ("ab testing", "a/b tests"),
    "product roadmap": ("roadmap", "roadmaps", "product roadmaps"),
    "user research": (),
    "okrs": ("okr",),
    "stakeholder management": (),
    "data analysis": ("data analytics",),
    "latex": (),
    "matlab": (),
    "r": (),
}

# Aliases that are ordinary English words or letters in most sentences: they count as a skill
# only when printed in capitals or as a distinct token in a skills list ("AP", "AR", "R", "TS").
CASE_SENSITIVE_ALIASES = frozenset(
    {
        "ap",
        "ar",
        "r",
        "ts",
        "node",
        "rest",
        "spring",
        "swift",
        "go lang",
        "oracle",
        "audit",
        "audits",
        "roadmap",
        "roadmaps",
        "kube",
        "flask",
        "ml",
    }
)

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#./'-]*[A-Za-z0-9+#]|[A-Za-z0-9]")


def tokens(text: str) -> list[str]:
    """Word tokens as printed ("C++", "node.js", "CI/CD" stay whole); no trailing dots."""
    return _TOKEN.findall(text)


@lru_cache(maxsize=1)
def alias_index() -> dict[tuple[str, ...], str]:
    """Lower-cased alias token tuple -> canonical skill."""
    index: dict[tuple[str, ...], str] = {}
    for canonical, aliases in SKILLS.items():
        for alias in (canonical, *aliases):
            index[tuple(tokens(alias.lower())) or (alias,)] = canonical
    return index


MAX_ALIAS_WORDS = max(len(k) for k in alias_index())


def find_skills(text: str) -> set[str]:
    """Canonical skills named in ``text`` (aliases resolved: "k8s" -> "kubernetes")."""
    words = tokens(text)
    lower = [w.lower() for w in words]
    index = alias_index()
    found: set[str] = set()
    for i in range(len(lower)):
        for n in range(min(MAX_ALIAS_WORDS, len(lower) - i), 0, -1):
            key = tuple(lower[i : i + n])
            canonical = index.get(key)
            if canonical is None:
                continue
            alias = " ".join(key)
            # "AP"/"R" count; "ap"/"r"/"rest" in running text do not.
            if alias in CASE_SENSITIVE_ALIASES and not all(w.isupper() for w in words[i : i + n]):
                if not (alias == canonical and words[i][:1].isupper() and len(alias) > 2):
                    continue
            found.add(canonical)
            break
    return found
