"""Script and HTML typed into the app are shown as text and never run (headless Chromium).

Each payload sets a window flag if it ever runs; the flag must stay unset, no element the
payload describes may appear in the page, and the payload's text must be visible as text.
"""

import pytest

SCRIPT = "<script>window.__xss='script'</script>"
IMG = "<img src=x onerror=\"window.__xss='img'\">"
SVG = "<svg onload=\"window.__xss='svg'\"></svg>"


def type_into(page, elem_id, text):
    page.locator(f"#{elem_id} textarea, #{elem_id} input").first.fill(text)


def assert_inert(page):
    page.wait_for_timeout(800)  # an <img src=x> fails and fires onerror within milliseconds
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("svg[onload]").count() == 0
    assert page.evaluate("() => document.querySelectorAll('script:not([src])').length") == page.evaluate("() => window.__scripts_at_load")


@pytest.fixture
def clean_page(page):
    page.evaluate("() => { window.__xss = undefined; window.__scripts_at_load = document.querySelectorAll('script:not([src])').length; }")
    return page


def test_rehearsal_role_goals_and_message_are_text(clean_page):
    page = clean_page
    type_into(page, "cc-role", f"nurse {IMG}")
    type_into(page, "cc-goals", f"{SCRIPT}\n{IMG} pay")
    page.click("#cc-start")
    page.wait_for_selector("#cc-persona h3")
    card = page.locator("#cc-persona").inner_text()
    assert "<img src=x onerror=" in card or "<script>" in card
    type_into(page, "cc-message", f"What is it like? {IMG} {SVG}")
    page.click("#cc-send")
    page.wait_for_function("() => document.querySelectorAll('#cc-chat .bot-row').length >= 1", timeout=240_000)
    page.wait_for_function("() => !document.querySelector('#cc-chat .wrap:not(.hide)')", timeout=240_000)
    chat = page.locator("#cc-chat").inner_text()
    assert "<img src=x onerror=" in chat and "<svg onload=" in chat, chat
    assert_inert(page)


def test_outreach_message_and_draft_name_are_text(clean_page):
    page = clean_page
    page.get_by_role("tab", name="Outreach").click()
    box = page.locator("#cc-outreach-message textarea")
    box.wait_for()
    box.fill(f"Hi Dana, I'm a student {IMG}. ASAP!! {SCRIPT} Would you talk for 15 minutes? Thanks")
    page.locator("#cc-outreach-critique").click()
    page.wait_for_function("() => document.querySelector('#cc-outreach-score').innerText.includes('Score')", timeout=240_000)
    shown = page.locator("#cc-outreach-highlight").inner_text()
    assert "<img src=x onerror=" in shown and "<script>" in shown
    assert_inert(page)


def test_history_note_role_and_person_are_text(clean_page):
    page = clean_page
    page.get_by_role("tab", name="History").click()
    type_into(page, "cc-note-role", f"Actuary {SCRIPT}")
    type_into(page, "cc-note-person", f"Dana {IMG}")
    type_into(page, "cc-note-text", f"{IMG} She said exams take years. {SVG}")
    page.click("#cc-note-save")
    page.wait_for_function("() => document.querySelector('#cc-note-status').innerText.includes('Saved note')", timeout=60_000)
    page.wait_for_function("() => document.querySelector('#cc-history-learned').innerText.includes('exams take years')", timeout=60_000)
    learned = page.locator("#cc-history-learned").inner_text()
    assert "<script>" in learned and "<img src=x onerror=" in learned
    assert_inert(page)
