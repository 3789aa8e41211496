"""Our everyday job titles (curated/occupation_titles.yaml): each names a real occupation of the
shipped O*NET list, once, under its job family, and adds what O*NET lacks; a name equal to one
resolves to its occupation without the model; the titles' vectors are embedded, not read from
a cache of the labels before them. Fakes only."""

import re
from pathlib import Path

import yaml

from coffeechat.kb import occupations
from coffeechat.kb.occupations import TITLES_SOURCE, by_code, everyday_titles, title_key, title_labels
from coffeechat.kb.roles import all_profiles, role_names

PATH = Path(occupations.__file__).resolve().parents[1] / TITLES_SOURCE
FAMILY_RE = re.compile(r"^\s+# (\d\d) ")
ENTRY_RE = re.compile(r"^\s+([^#\s].*?):\s")


def listed_pairs() -> list[tuple[str, str]]:
    """(title, code) as written, duplicates kept (yaml.safe_load would keep the last silently)."""
    root = yaml.compose(PATH.read_text(encoding="utf-8"))
    titles = next(value for key, value in root.value if key.value == "titles")
    return [(key.value, value.value) for key, value in titles.value]


def test_every_code_is_an_occupation_in_the_shipped_list():
    codes = {o.code for o in occupations.occupations()}
    missing = [(title, code) for title, code in listed_pairs() if code not in codes]
    assert not missing


def test_no_title_is_listed_twice():
    keys = [title_key(title) for title, _ in listed_pairs()]
    assert len(listed_pairs()) >= 300
    assert not sorted({k for k in keys if keys.count(k) > 1})


def test_each_title_sits_under_its_job_family_and_every_family_has_some():
    family, misplaced, seen = None, [], set()
    for line in PATH.read_text(encoding="utf-8").splitlines():
        if found := FAMILY_RE.match(line):
            family = found.group(1)
        elif (entry := ENTRY_RE.match(line)) and entry.group(1) in everyday_titles():
            code = everyday_titles()[entry.group(1)]
            seen.add(code[:2])
            if code[:2] != family:
                misplaced.append((entry.group(1), code, family))
    assert not misplaced
    assert seen == {o.family for o in occupations.occupations()}  # all 23 SOC major groups


def test_no_title_repeats_a_title_of_its_own_occupation_or_a_profile_name():
    """Those match already: O*NET's titles and their parts, and profiles' names and aliases."""
    own = {(title_key(label), o.code) for o in occupations.occupations() for label in title_labels(o.title)}
    profile_names = {title_key(name) for profile in all_profiles() for name in role_names(profile)}
    assert not [(title, code) for title, code in listed_pairs() if (title_key(title), code) in own]
    assert not [title for title, _ in listed_pairs() if title_key(title) in profile_names]


def test_a_name_equal_to_a_listed_title_is_its_occupation_without_the_model(monkeypatch):
    from coffeechat import embeddings

    def no_model(settings=None):
        raise AssertionError("a listed title needs no embedding")

    monkeypatch.setattr(embeddings, "default_embedder", no_model)
    for name in ("zookeeper", "Zookeepers", "  ZOOKEEPER  "):
        match = occupations.match_occupation(name)
        assert match.occupation == by_code("39-2021.00") and match.occupation.title == "Animal Caretakers"
        assert match.score == occupations.LISTED_TITLE_SCORE and match.label == "zookeeper"
    assert occupations.match_occupation("landscapers").occupation.title == "Landscaping and Groundskeeping Workers"


def test_the_titles_join_the_label_table_and_are_embedded_not_read_from_an_older_cache(fake_embedder, tmp_path, monkeypatch):
    monkeypatch.setattr(occupations, "_memory", {})  # vectors other tests kept in memory
    labels, codes = occupations._label_table(())
    assert labels.count("zookeeper") == 1 and codes[labels.index("zookeeper")] == "39-2021.00"
    onet_only = [label for label in labels if label not in everyday_titles()]
    before = occupations.cached_vectors("onet-labels", onet_only)
    after = occupations.cached_vectors("onet-labels", labels)
    assert after.shape[0] == len(labels) > before.shape[0] == len(onet_only)
    assert len(list((tmp_path / "data" / "vectors").glob("onet-labels-*.npy"))) == 2
