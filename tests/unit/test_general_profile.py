"""Any role a person names: its own profile, a profile of its occupation, or a general profile
of its job family built from the O*NET description, never a cousin role's specifics; and the
result says which (issue 14). Fakes only: the hashed bag-of-words embedder and, for the
resolution rules, a small fixture of occupations."""

import json
import re

import pytest
import yaml

from coffeechat.kb import general, occupations, roles
from coffeechat.kb.occupations import Occupation, included_titles, title_labels
from coffeechat.kb.pages import load_pages
from coffeechat.kb.roles import THEMES, all_profiles, find_role, profile_occupations, resolve_role
from coffeechat.questions.checks import text_problems

FIXTURE = (
    Occupation("15-2011.00", "Actuaries", "Analyze statistical data, such as mortality, accident, sickness, disability, and retirement rates and construct probability tables to forecast risk and liability."),
    Occupation("23-1011.00", "Lawyers", "Represent clients in criminal and civil litigation and other legal proceedings, draw up legal documents, or manage or advise clients on legal transactions."),
    Occupation("27-3092.00", "Court Reporters and Simultaneous Captioners", "Use verbatim methods and equipment to capture, store, retrieve, and transcribe pretrial and trial proceedings or other information. May provide closed captions for television broadcasts."),
    Occupation("29-1141.00", "Registered Nurses", "Assess patient health problems and needs, develop and implement nursing care plans, and maintain medical records."),
    Occupation("29-1141.03", "Critical Care Nurses", "Provide specialized nursing care for patients in critical or coronary care units."),
    Occupation("19-1023.00", "Zoologists and Wildlife Biologists", "Study the origins, behavior, diseases, genetics, and life processes of animals and wildlife. May specialize in wildlife research and management. May collect and analyze biological data."),
)
LAW_SPECIALTIES = ("Public Defender", "Prosecutor", "In-House Counsel", "Lawyer (Associate Attorney)")


@pytest.fixture
def fixture_occupations(monkeypatch, fake_embedder):
    monkeypatch.setattr(occupations, "occupations", lambda path=None: FIXTURE)
    return FIXTURE


# ------------------------------------------------------------------ the occupation list


def test_the_onet_list_is_read_from_the_installed_wheel():
    listed = occupations.occupations()
    assert len(listed) > 900
    assert all(re.match(r"^\d\d-\d{4}\.\d\d$", o.code) and o.title and o.description for o in listed)
    wildlife = occupations.by_code("19-1023.00")
    assert wildlife.title == "Zoologists and Wildlife Biologists" and wildlife.family == "19" and wildlife.group == "19-1"


def test_title_labels_name_each_kind_of_worker():
    assert "Court Reporters" in title_labels("Court Reporters and Simultaneous Captioners")
    assert "Simultaneous Captioners" in title_labels("Court Reporters and Simultaneous Captioners")
    assert "Landscaping Workers" in title_labels("Landscaping and Groundskeeping Workers")
    assert "Automotive Service Mechanics" in title_labels("Automotive Service Technicians and Mechanics")
    labels = title_labels("Bus Drivers, Transit and Intercity")
    assert "Bus Drivers" in labels and "Transit" not in labels and "Intercity" not in labels
    assert title_labels("Zoologists and Wildlife Biologists")[1:] == ["Zoologists", "Wildlife Biologists"] or "Zoologists" in title_labels("Zoologists and Wildlife Biologists")


def test_a_description_s_includes_line_gives_extra_titles():
    found = included_titles("Study the Earth. Includes mineralogists, paleontologists, stratigraphers, and seismologists.")
    assert found == ["mineralogists", "paleontologists", "stratigraphers", "seismologists"]
    assert included_titles("Includes both teachers primarily engaged in teaching and those who do research.") == []


# ------------------------------------------------------------------ resolution rules


def test_a_role_s_own_name_alias_or_seniority_finds_its_profile(fixture_occupations):
    for name in ("Actuary", "actuarial analyst", "senior actuary", "  ACTUARY "):
        match = resolve_role(name)
        assert match.kind == "profile" and match.profile.role == "Actuary", name
        assert match.message == "Grounded in the Actuary profile."
    assert find_role("pricing actuary").role == "Actuary"


def test_another_title_of_an_occupation_a_profile_speaks_for_finds_that_profile(fixture_occupations):
    match = resolve_role("critical care nurses")
    assert match.kind == "occupation" and match.profile.role == "Registered Nurse"
    assert match.occupation.code == "29-1141.03"
    assert "Registered Nurse profile" in match.message and "Critical Care Nurses" in match.message
    assert find_role("critical care nurses").role == "Registered Nurse"


def test_a_specialty_never_grounds_another_title_of_its_occupation(fixture_occupations):
    match = resolve_role("trial lawyers")
    assert match.occupation.code == "23-1011.00"
    assert match.kind == "general" and find_role("trial lawyers") is None
    assert match.message == "No profile yet for trial lawyers: using general guidance for lawyers, judges and related workers."
    cousins = [p for p in all_profiles() if p.role in LAW_SPECIALTIES]
    assert len(cousins) == len(LAW_SPECIALTIES)
    general_text = " ".join([i.label + " " + i.text + " " + i.ask_about for i in match.profile.insights] + [q.text for q in match.profile.questions])
    for cousin in cousins:
        for insight in cousin.insights:
            assert insight.label not in general_text
        for idea in cousin.questions:
            assert idea.text not in general_text
    assert not re.search(r"\b(billable|partners?|your firm|redlines?)\b", general_text, re.I)


def test_no_close_occupation_means_no_profile(fixture_occupations):
    match = resolve_role("zzyzx quorble")
    assert match.kind == "none" and match.profile is None and match.occupation is None
    assert "no standard occupation matches it" in match.message
    assert find_role("zzyzx quorble") is None


def test_grounding_is_the_json_the_results_carry(fixture_occupations):
    grounding = resolve_role("court reporters").grounding()
    assert grounding["kind"] == "general" and grounding["profile"] == ""
    assert grounding["occupation"] == {"code": "27-3092.00", "title": "Court Reporters and Simultaneous Captioners"}
    assert grounding["family"] == "Arts, Design, Entertainment, Sports, and Media"
    assert grounding["industry"] == "law"  # industries_by_code: court reporters work in law
    assert grounding["message"] == "No profile yet for court reporters: using general guidance for media and communication workers."
    assert json.loads(json.dumps(grounding)) == grounding
    own = resolve_role("actuary").grounding()
    assert own["kind"] == "profile" and own["profile"] == "Actuary" and own["source"].endswith("actuary.md")


# ------------------------------------------------------------------ the general profile


def test_a_general_profile_is_built_from_the_description_family_and_industry(fixture_occupations):
    profile = resolve_role("wildlife biologists").profile
    family = general.job_families()["19"]
    assert profile.extra["kind"] == "general" and profile.extra["people"] == "life scientists"
    assert [(i.label, i.text) for i in profile.insights] == [(i.label, i.text) for i in family.insights]
    assert all(i.ask_about.endswith("as a wildlife biologists") for i in profile.insights)  # their questions name the role
    assert "Study the origins, behavior" in profile.section("The work day to day")
    from_description = [q for q in profile.questions if q.source == "onet:19-1023.00"]
    assert any("animals and wildlife" in q.text for q in from_description)
    assert any(q.text.startswith("Some people in this work specialize in wildlife research") for q in from_description)
    assert all("{" not in q.text and "wildlife biologists" in q.text for q in profile.questions)  # every idea names the role
    assert {q.theme for q in profile.questions} == set(THEMES)


def own_groups() -> list[str]:
    """Minor groups with a file of their own (curated/family_answers/<group>.yaml)."""
    from pathlib import Path

    return sorted(p.stem for p in (Path(general.__file__).resolve().parents[1] / general.GROUPS_DIR).glob("*-*.yaml"))


def idea_sets():
    """(code, insights, question ideas) of every job family and of every group with its own."""
    sets = [(code, family.insights, family.questions) for code, family in general.job_families().items()]
    return sets + [(group, *general.group_content(group)) for group in own_groups()]


def test_no_family_idea_asks_what_an_insider_point_already_asks():
    for code, insights, questions in idea_sets():
        for idea in questions:
            words = general.content_words(idea.text.format(role="", a_role=""))
            assert not [i.ask_about for i in insights if general.same_ask(words, general.content_words(i.ask_about))], (code, idea.text)


def test_every_family_question_idea_passes_the_question_checks():
    for code, _, questions in idea_sets():
        for idea in questions:
            text = idea.text.format(role="court reporter", a_role="a court reporter")
            assert text_problems(text) == [], (code, text, text_problems(text))


def test_description_ideas_pass_the_question_checks_for_every_occupation():
    failing = []
    for occupation in occupations.occupations():
        for idea in general.description_ideas(occupation, "a court reporter"):
            if text_problems(idea.text):
                failing.append((occupation.code, idea.text, text_problems(idea.text)))
    assert len(failing) <= len(occupations.occupations()) // 50, failing[:5]  # a handful of odd descriptions at most


def test_the_job_families_file_covers_every_family_and_group():
    data = yaml.safe_load(open(general.families_path(), encoding="utf-8"))
    families = general.job_families()
    industries = {p.meta.industry for p in load_pages()[0] if p.meta.topic == "industries"}
    for occupation in occupations.occupations():
        assert occupation.family in families, occupation.code
        assert occupation.group in data["groups"], occupation.code
    for code, family in families.items():
        assert len(family.insights) >= 6 and all(i.label and i.text and i.ask_about for i in family.insights), code
        assert len(family.questions) >= 8 and {q.theme for q in family.questions} == set(THEMES), code
        assert family.people == family.people.lower()
    for group, entry in data["groups"].items():
        assert entry["people"] and set(entry["industries"]) <= industries, group
    assert set(v for v in data["industries_by_code"].values() if v) <= industries


# ------------------------------------------------------------------ profiles mapped to occupations


def test_every_profile_is_mapped_to_an_occupation_in_the_list():
    mapping = profile_occupations()
    sources = {p.source for p in all_profiles()}
    missing = sorted(sources - set(mapping))
    assert not missing, f"run `make occupations` and review the proposals for: {missing}"
    assert not set(mapping) - sources, "mapped profiles that no longer exist"
    codes = {o.code for o in occupations.occupations()}
    for source, entry in mapping.items():
        assert entry.scope in roles.SCOPES, source
        assert entry.codes and set(entry.codes) <= codes, (source, set(entry.codes) - codes)


def test_specialties_of_the_lawyers_occupation_are_not_its_spokesman():
    mapping = profile_occupations()
    for profile in all_profiles():
        if profile.role in LAW_SPECIALTIES:
            assert mapping[profile.source].codes[0] == "23-1011.00" and mapping[profile.source].scope == "specialty"


# ------------------------------------------------------------------ say what was used


def test_questions_for_a_role_without_a_profile_say_so_and_use_no_cousin(fixture_occupations):
    from coffeechat.questions.drafting import generate_questions
    from coffeechat.questions.models import QuestionRequest
    from coffeechat.questions.render import questions_markdown, results_markdown
    from coffeechat.testing import fake_chat

    result = generate_questions(QuestionRequest.from_user(role="court reporters", n=10), model=fake_chat(["x"] * 40))
    assert len(result.questions) == 10 and result.profile == ""
    assert result.grounding["kind"] == "general" and result.grounding["occupation"]["code"] == "27-3092.00"
    message = "No profile yet for court reporters: using general guidance for media and communication workers."
    assert message in questions_markdown(result) and message in results_markdown(result)
    authored = {idea.text for p in all_profiles() for idea in p.questions}
    assert not [q.text for q in result.questions if q.text in authored]
    sources = {s for q in result.questions for s in q.sources}
    assert sources <= {"onet:27-3092.00", "curated/job_families.yaml", "knowledge/industries/law.md", "knowledge/guide/tiara-question-framework.md", "curated/questions_templates.yaml"}
    assert any(s.startswith("onet:") for s in sources) and "curated/job_families.yaml" in sources
    assert json.loads(result.model_dump_json())["grounding"]["message"] == message


def test_questions_for_a_profiled_role_name_its_profile(fixture_occupations):
    from coffeechat.questions.drafting import generate_questions
    from coffeechat.questions.models import QuestionRequest
    from coffeechat.questions.render import questions_markdown
    from coffeechat.testing import fake_chat

    result = generate_questions(QuestionRequest.from_user(role="critical care nurses", n=5), model=fake_chat(["x"] * 20))
    assert result.profile == "Registered Nurse" and result.grounding["kind"] == "occupation"
    assert "grounded in the Registered Nurse profile" in questions_markdown(result)


def test_a_rehearsal_without_a_profile_uses_the_family_and_industry_and_says_so(fixture_occupations):
    from coffeechat.rehearsal import render
    from coffeechat.rehearsal.answers import family_bank
    from coffeechat.rehearsal.persona import curated
    from coffeechat.rehearsal.session import Rehearsal, run_script
    from coffeechat.testing import fake_chat

    rehearsal = Rehearsal.start("court reporters", model=fake_chat(["x"] * 100), seed="g", save=False)
    persona = rehearsal.state.persona
    assert rehearsal.bank.source.startswith("family:27")  # the family's answers, not the bank for any job
    assert [i.label for i in persona.insights] == [i.label for i in general.job_families()["27"].insights]
    assert persona.industry == "law"
    court_employers = yaml.safe_load(open(general.families_path(), encoding="utf-8"))["employers_by_code"]["27-3092"]
    assert any(persona.organisation == o.replace("{city}", persona.city) for o in court_employers)  # a court, not a law firm
    lawyer = Rehearsal.start("trial lawyers", model=fake_chat(["x"] * 10), seed="g", save=False).state.persona
    assert lawyer.industry == "law" and any(lawyer.organisation == o.replace("{city}", lawyer.city) for o in curated()["organisations"]["law"])
    assert persona.grounding["kind"] == "general"
    assert persona.grounding["message"] in render.persona_markdown(persona.model_dump(), [])
    reply = rehearsal.reply("How did you get into this work?")
    assert "{" not in reply and reply.strip()
    out = run_script(["What does a typical week look like?"], role="court reporters", model=fake_chat(["x"] * 100), save=False)
    assert out["grounding"]["kind"] == "general" and out["grounding"]["occupation"]["title"].startswith("Court Reporters")


def test_the_cli_says_what_grounded_the_questions(fixture_occupations, capsys):
    from coffeechat.cli import main

    assert main(["questions", "--role", "court reporters", "--n", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["grounding"]["kind"] == "general" and data["role"] == "court reporters" and len(data["questions"]) == 3
    assert main(["questions", "--role", "court reporters", "--n", "3"]) == 0
    assert "No profile yet for court reporters: using general guidance for media and communication workers." in capsys.readouterr().out


# ------------------------------------------------------------------ who employs them


def test_every_minor_group_has_employers_of_its_own_kind():
    """A role with no profile works somewhere of its group's kind (a flight attendant at an
    airline, not "the Millbrook office of Summit Group"): every SOC minor group has 3+ distinct
    fictional employers whose only slot is {city}; the military groups share their family's."""
    data = yaml.safe_load(open(general.families_path(), encoding="utf-8"))
    employers = data["employers_by_code"]
    for group in data["groups"]:
        listed = employers.get(group) or employers.get(group[:2])
        assert listed and len(set(listed)) == len(listed) >= 3, group
        for employer in listed:
            assert isinstance(employer, str) and employer.strip(), group
            assert set(re.findall(r"\{(\w*)\}", employer)) <= {"city"}, employer
            assert not re.search(r"[{}]", employer.replace("{city}", "")), employer
    for occupation in occupations.occupations():
        if occupation.code[:7] not in employers:
            assert general.employers_for(occupation.code) == (employers.get(occupation.group) or employers[occupation.family]), occupation.code


def test_a_persona_without_a_profile_works_for_an_employer_of_its_group(fixture_occupations):
    from coffeechat.rehearsal.persona import build_persona

    life_scientists = yaml.safe_load(open(general.families_path(), encoding="utf-8"))["employers_by_code"]["19-1"]
    for seed in ("a", "b", "c"):
        persona = build_persona("wildlife biologists", seed=seed)
        assert persona.grounding["kind"] == "general" and persona.grounding["occupation"]["code"] == "19-1023.00"
        assert any(persona.organisation == e.replace("{city}", persona.city) for e in life_scientists), persona.organisation


def test_a_minor_group_with_its_own_file_has_insights_and_questions_of_its_own():
    """A group file (curated/family_answers/<group>.yaml) replaces its family's insider points
    and question ideas, so it carries a full set, to the family file's rules (the checks on
    each idea run over families and groups alike, above)."""
    data = yaml.safe_load(open(general.families_path(), encoding="utf-8"))
    groups = own_groups()
    assert groups
    for group in groups:
        assert group in data["groups"], group
        insights, questions = general.group_content(group)
        assert len(insights) >= 6 and all(i.label and i.text and i.ask_about for i in insights), group
        assert len(questions) >= 8 and {q.theme for q in questions} == set(THEMES), group
