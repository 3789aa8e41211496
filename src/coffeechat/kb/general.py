"""General profiles: for a role with no profile of its own or of its occupation, a profile
built from what is true of its whole job family, never from a cousin role's specifics.

Built from three things: the occupation's O*NET description (what the work is), its job
family (the SOC major group: curated/job_families.yaml, insights and question ideas written
to hold for every occupation in it) and its industry page (knowledge/industries/, chosen by
meaning; only the headline of a shift that is close to the occupation is used).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from coffeechat.config import Settings, get_settings
from coffeechat.kb.occupations import Occupation, cached_vectors, description_text, text_vector
from coffeechat.kb.pages import Page, load_pages, markdown_sections
from coffeechat.kb.profiles import THEMES, Insight, QuestionIdea, RoleProfile
from coffeechat.text import with_article

FAMILIES_SOURCE = "curated/job_families.yaml"
# Of a minor group's several industries (curated/job_families.yaml), the page at least this
# close (cosine, MiniLM) to the occupation's title and description is its industry; below it,
# none. Measured on 29 occupations: right picks ran 0.31-0.60 (wildlife biologists ->
# environment and conservation 0.60), wrong ones included 0.26 (court reporters -> marketing,
# now fixed by industries_by_code).
INDUSTRY_MIN = 0.3
# A shift on the industry page this close to the occupation is worth asking about, unless its
# headline names a profiled role ("Pilot and controller pipelines" is not a flight attendant's).
# On 18 occupations, fitting ones ran 0.34-0.50 (wildlife biologists: remote sensing and data
# 0.41), unrelated or another role's ran 0.11-0.33 (probation officers: licensure compacts 0.33);
# one is enough beside the family's two trend questions.
SHIFT_MIN = 0.34
SHIFTS_USED = 1
# A task from the description longer than this is cut at the last comma within it, so a list
# in it ends whole ("... in both office and field settings"); 20 keeps a question under the
# checks' 40 words with its frame and a three-word role.
TASK_WORDS = 20
# A family idea sharing this share (and at least SAME_ASK_WORDS) of its content words with an
# insider point's "ask about" asks what the question made from that point asks: it is left out
# (the shipped file has none; tests/unit/test_general_profile.py keeps it so).
SAME_ASK_OVERLAP = 0.6
SAME_ASK_WORDS = 2
DESCRIPTION_IDEAS = 3  # questions made from the description's own sentences


@dataclass(frozen=True)
class JobFamily:
    code: str  # the SOC major group, e.g. "19"
    name: str
    people: str
    skills: str
    paths: str
    insights: tuple[Insight, ...]
    questions: tuple[QuestionIdea, ...]


def families_path() -> Path:
    return Path(__file__).resolve().parents[1] / FAMILIES_SOURCE


@lru_cache(maxsize=1)
def _families_data() -> dict:
    return yaml.safe_load(families_path().read_text(encoding="utf-8"))


def _insights_and_questions(data: dict, source: str) -> tuple[tuple[Insight, ...], tuple[QuestionIdea, ...]]:
    insights = tuple(Insight(label=i["label"], text=i["text"], ask_about=i["ask_about"], source=source) for i in data.get("insights") or [])
    questions = []
    for line in data.get("questions") or []:
        match = re.match(r"\[(\w+)\]\s*(.+)", line)
        if match and match.group(1) in THEMES:
            questions.append(QuestionIdea(match.group(1), match.group(2).strip(), source=source))
    return insights, tuple(questions)


@lru_cache(maxsize=1)
def job_families() -> dict[str, JobFamily]:
    """Every job family, by its two-digit code."""
    families = {}
    for code, data in _families_data()["families"].items():
        insights, questions = _insights_and_questions(data, FAMILIES_SOURCE)
        families[str(code)] = JobFamily(
            code=str(code), name=data["name"], people=data["people"],
            skills=" ".join(data["skills"].split()), paths=" ".join(data["paths"].split()), insights=insights, questions=questions,
        )
    return families


GROUPS_DIR = "curated/family_answers"  # <family>.yaml answer banks; <group>.yaml: a minor group unlike the rest of its family ("39-2" animal care)


@lru_cache(maxsize=64)
def group_content(group: str) -> tuple[tuple[Insight, ...], tuple[QuestionIdea, ...]]:
    """A SOC minor group's own insights and question ideas, when its work differs from the rest
    of its family (curated/family_answers/<group>.yaml); empty when the family's fit it."""
    path = Path(__file__).resolve().parents[1] / GROUPS_DIR / f"{group}.yaml"
    if not path.is_file():
        return (), ()
    return _insights_and_questions(yaml.safe_load(path.read_text(encoding="utf-8")) or {}, f"{GROUPS_DIR}/{group}.yaml")


def family_for(occupation: Occupation) -> JobFamily:
    """The occupation's job family, with its minor group's own insights and question ideas
    in place of the family's when the group has them."""
    family = job_families()[occupation.family]
    insights, questions = group_content(occupation.code[:4])
    return replace(family, insights=insights or family.insights, questions=questions or family.questions)


def group_people(occupation: Occupation) -> str:
    """The workers of the occupation's minor group, as a message says them ("life scientists")."""
    group = (_families_data().get("groups") or {}).get(occupation.group) or {}
    family = job_families().get(occupation.family)
    return group.get("people") or (family.people if family else "workers in this field")


def industries_of(occupation: Occupation) -> list[str]:
    """The industries whose pages may describe the occupation: its own (industries_by_code), else its group's."""
    own = _families_data().get("industries_by_code") or {}
    if occupation.code[:7] in own:
        return [own[occupation.code[:7]]] if own[occupation.code[:7]] else []
    return list(((_families_data().get("groups") or {}).get(occupation.group) or {}).get("industries") or [])


# ------------------------------------------------------------------ the industry page


def _industry_pages() -> list[Page]:
    pages, _ = load_pages()
    return [page for page in pages if page.meta.topic == "industries" and page.meta.industry]


def _industry_text(page: Page) -> str:
    sections = dict(markdown_sections(page.body))
    roles = next((text for heading, text in sections.items() if heading.lower().startswith("main roles")), "")
    organised = next((text for heading, text in sections.items() if heading.lower().startswith("how the industry")), "")
    plain = re.sub(r"[*_`#>]|\(.*?\)", "", roles or organised)  # links' targets say nothing
    return f"{page.meta.title}: {plain}"[:1200]


def industry_for(occupation: Occupation, settings: Settings | None = None) -> Page | None:
    """The industry page for the occupation: its only candidate, else the candidate closest
    in meaning to its title and description (INDUSTRY_MIN), else None."""
    import numpy as np

    wanted = industries_of(occupation)
    pages = [p for p in _industry_pages() if p.meta.industry in wanted]
    if len(pages) <= 1:
        return pages[0] if pages else None
    vectors = cached_vectors("industries", [_industry_text(p) for p in pages], settings)
    query = text_vector(description_text(occupation), settings)
    scores = vectors @ query
    best = int(np.argmax(scores))
    return pages[best] if float(scores[best]) >= INDUSTRY_MIN else None


def lookup_texts() -> list[str]:
    """Every text this module embeds to match an occupation with industry pages and shifts:
    kb/ship.py ships their vectors."""
    pages = _industry_pages()
    return [_industry_text(p) for p in pages] + [f"{h}. {t}" for p in pages for h, t in industry_shifts(p)]


def industry_shifts(page: Page) -> list[tuple[str, str]]:
    """(headline, text) of each shift on an industry page ("Current shifts" bullets)."""
    sections = dict(markdown_sections(page.body))
    text = next((t for heading, t in sections.items() if heading.lower().startswith("current shifts")), "")
    found = []
    for line in text.splitlines():
        match = re.match(r"^\s*[-*]\s+\*\*(.+?)\*\*\s*(.*)$", line)
        if match:
            found.append((match.group(1).strip(" ."), match.group(2).strip()))
    return found


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    """The head nouns of profiled roles' names ("pilot", "controller", "nurse"), for headlines that name one."""
    from coffeechat.kb.profiles import all_profiles

    generic = {"manager", "analyst", "specialist", "officer", "coordinator", "director", "assistant", "worker", "lead", "executive"}
    words = set()
    for profile in all_profiles():
        for name in (profile.role, *profile.aliases):
            head = re.findall(r"[a-z]+", re.sub(r"\(.*?\)", "", name).lower())
            if head and len(head[-1]) >= 4 and head[-1] not in generic:
                words.add(head[-1].rstrip("s"))
    return frozenset(words)


def _names_a_role(headline: str) -> bool:
    return any(w.rstrip("s") in _role_words() for w in re.findall(r"[a-z]{4,}", headline.lower()))


def _shift_ideas(occupation: Occupation, page: Page, a_role: str, settings: Settings | None) -> list[QuestionIdea]:
    import numpy as np

    shifts = [(h, t) for h, t in industry_shifts(page) if not _names_a_role(h)]
    if not shifts:
        return []
    vectors = cached_vectors("industry-shifts", [f"{h}. {t}" for h, t in shifts], settings)
    query = text_vector(description_text(occupation), settings)
    scores = vectors @ query
    ideas = []
    for index in np.argsort(-scores)[:SHIFTS_USED]:
        if float(scores[index]) < SHIFT_MIN:
            break
        headline = shifts[int(index)][0]
        headline = headline if headline[:2].isupper() else headline[0].lower() + headline[1:]
        ideas.append(QuestionIdea("trends", f"People in {page.meta.title.lower()} point to {headline}: how is that affecting your work as {a_role}?", source=page.source))
    return ideas


# ------------------------------------------------------------------ the description


TASK_MIN_WORDS = 5  # a task cut shorter than this ("use geological") says nothing: the sentence is skipped
TRAILING_WORDS = frozenset("for of to and or the a an in with by on as at from".split())


def _task(sentence: str) -> str:
    """A description sentence as a task clause, lower-cased; a long one is cut at its last
    comma within TASK_WORDS, else there without a dangling "for"; "" when the cut says too little."""
    sentence = sentence.strip().rstrip(".")
    words = sentence.split()
    if len(words) > TASK_WORDS:
        cut = " ".join(words[:TASK_WORDS])
        sentence = cut[: cut.rfind(",")] if "," in cut else cut
        kept = sentence.split()
        while kept and kept[-1].lower() in TRAILING_WORDS:
            kept.pop()
        sentence = " ".join(kept) if len(kept) >= TASK_MIN_WORDS else ""
    sentence = re.sub(r",?\s+(and|or)$", "", sentence.strip().rstrip(","))
    return sentence[:1].lower() + sentence[1:]


def description_ideas(occupation: Occupation, a_role: str) -> list[QuestionIdea]:
    """Questions about the work as the O*NET description states it: its main task, what some
    people in the occupation do ("May ..."), whom it includes ("Includes ..."); asked, never
    asserted. A sentence the checks reject (it names pay or a referral) is left to the picker."""
    sentences = [s.strip() for s in re.split(r"(?<=\.)\s+", occupation.description) if s.strip()]
    # "All education administrators not listed separately." says nothing about the work
    sentences = [s for s in sentences if not re.match(r"^(Excludes|Includes (only|both|all)\b|All\b)", s)]
    ideas: list[QuestionIdea] = []
    for number, sentence in enumerate(sentences):
        if sentence.startswith("Includes "):  # "Includes stenocaptioners who operate ..."
            task = _task(sentence[9:])
            text = f"The occupation includes {task}: how close is that to your own work as {a_role}?"
            theme = "insights"
        elif sentence.startswith("May "):
            task = _task(sentence[4:])
            text = f"Some people in this work {task}: how much of that is part of your work as {a_role}?"
            theme = "insights"
        elif number == 0:
            task = _task(sentence)
            text = f"What does it look like in practice to {task}, in your work as {a_role}?"
            theme = "assignments"
        else:
            task = _task(sentence)
            text = f"Which parts of your week as {a_role} go to tasks like these: {task}?"
            theme = "assignments"
        if task:
            ideas.append(QuestionIdea(theme, text, source=occupation.source))
        if len(ideas) >= DESCRIPTION_IDEAS:
            break
    return ideas


# ------------------------------------------------------------------ the profile


STOP_WORDS = frozenset("a an the and or of to in on for with as how what which their they them your you do does did is are be that this it at from by when where who".split())


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3 and w not in STOP_WORDS)


def same_ask(idea: frozenset[str], ask: frozenset[str]) -> bool:
    shared = len(idea & ask)
    return bool(ask) and shared >= SAME_ASK_WORDS and shared >= SAME_ASK_OVERLAP * min(len(idea), len(ask))


def employers_for(code: str) -> list[str]:
    """The kind of organisation that employs an occupation: curated for the occupation, else its
    SOC minor group, else its family (military roles); [] leaves it to the industry's list."""
    curated_employers = _families_data().get("employers_by_code") or {}
    for key in (code[:7], code[:4], code[:2]):
        if curated_employers.get(key):
            return list(curated_employers[key])
    return []


def general_profile(name: str, occupation: Occupation, role: str = "", settings: Settings | None = None) -> RoleProfile:
    """A profile for a role named `name` in `occupation`, from its description, family and industry.

    role: the role as it reads mid-sentence ("wildlife biologist"), default from name.
    Raises KeyError when the occupation's family is not in curated/job_families.yaml.
    """
    family = family_for(occupation)
    role = role or " ".join(name.split()).lower()
    a_role = with_article(role)
    page = industry_for(occupation, settings)
    ideas = description_ideas(occupation, a_role)
    if page is not None:
        ideas += _shift_ideas(occupation, page, a_role, settings)
    asks = [content_words(i.ask_about) for i in family.insights]
    for idea in family.questions:
        words = content_words(idea.text.format(role="", a_role=""))
        if not any(same_ask(words, ask) for ask in asks):
            ideas.append(QuestionIdea(idea.theme, idea.text.format(role=role, a_role=a_role), source=idea.source))
    # the insider points' questions name the role too ("... as a court reporter")
    insights = tuple(Insight(i.label, i.text, f"{i.ask_about} as {a_role}", i.source) for i in family.insights)
    sections = {
        "The work day to day": f"{occupation.description} ({occupation.title}, O*NET)",
        "Skills and credentials": family.skills,
        "Paths in and out": family.paths,
    }
    display = " ".join(name.split())
    return RoleProfile(
        role=display[:1].upper() + display[1:],
        industry=page.meta.industry if page is not None and page.meta.industry else "",
        source=occupation.source,
        aliases=(),
        sections=sections,
        insights=insights,
        vocabulary=(),
        questions=tuple(ideas),
        extra={
            "kind": "general", "occupation": occupation.code, "occupation_title": occupation.title, "family": family.name,
            "people": group_people(occupation), "industry_page": page.source if page is not None else "",
            "employers": employers_for(occupation.code),
        },
    )
