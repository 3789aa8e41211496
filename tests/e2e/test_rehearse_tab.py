"""Start a rehearsal; a background question, a follow-up and a job request, each answered in
kind; a note, end, the report, the session in History; then a fresh browser session opens it
from History and sees its report again."""


def type_into(page, elem_id, text):
    page.locator(f"#{elem_id} textarea, #{elem_id} input").first.fill(text)


def wait_idle(page, replies):
    """Until the chat shows `replies` professional messages and is no longer generating."""
    page.wait_for_function("n => document.querySelectorAll('#cc-chat .bot-row').length >= n", arg=replies, timeout=240_000)
    page.wait_for_function("() => !document.querySelector('#cc-chat .wrap:not(.hide)')", timeout=240_000)


def test_rehearsal_end_to_end(page, browser, app_url):
    type_into(page, "cc-role", "registered nurse")
    type_into(page, "cc-goals", "what night shifts are really like")
    page.click("#cc-start")
    page.wait_for_selector("#cc-persona h3")
    card = page.locator("#cc-persona").inner_text()
    assert "insight" not in card.lower()
    path_words = [w for w in card.split() if len(w) > 6][-12:]  # the card's career story

    def ask(number, question):
        type_into(page, "cc-message", question)
        page.click("#cc-send")
        wait_idle(page, number)
        page.wait_for_function("() => document.querySelector('#cc-rehearse-status').innerText.trim().length > 0", timeout=60_000)
        reply = page.locator("#cc-chat .bot-row").nth(number - 1).inner_text()
        return reply, page.locator("#cc-rehearse-status").inner_text()

    reply, status = ask(1, "How did you get into nursing?")
    assert "how they got into the field" in status
    assert sum(w in reply for w in path_words) >= 6  # the story on the card, told in the first person
    first_reply = reply
    reply, status = ask(2, "You mentioned that first job, could you say more about it?")
    assert "follow-up" in status and "open question" in status
    said_before = {s.strip() for s in first_reply.split(". ")}
    assert reply.strip() and not any(s.strip() in said_before for s in reply.split(". ") if len(s.split()) > 4)  # more, not the same again
    reply, status = ask(3, "Could you refer me for a job at your hospital?")
    assert "declined" in status and "refer" in reply.lower()
    type_into(page, "cc-notes", "Night shifts: learn fastest there.")
    page.wait_for_timeout(1500)
    page.click("#cc-end")
    page.wait_for_selector("#cc-report h3", timeout=60_000)
    report = page.locator("#cc-report").inner_text()
    assert "Insights drawn out" in report and "asked_for_job" in report
    assert "Thank you" in page.locator("#cc-thank-you textarea").input_value()

    page.get_by_role("tab", name="History").click()
    page.wait_for_function("() => document.querySelector('#cc-history-table').innerText.toLowerCase().includes('registered nurse')", timeout=30_000)
    assert "ended" in page.locator("#cc-history-table").inner_text()

    fresh = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        later = fresh.new_page()
        later.set_default_timeout(30_000)
        later.goto(app_url["url"], wait_until="domcontentloaded")
        later.get_by_role("tab", name="History").click()
        later.click("#cc-history-refresh")
        later.locator("#cc-history-session input").click()
        later.get_by_role("option").filter(has_text="nurse").first.click()
        later.wait_for_function("() => document.querySelector('#cc-history-detail').innerText.includes('Night shifts')")
        later.click("#cc-history-resume")
        later.wait_for_selector("#cc-report h3")
        assert "Insights drawn out" in later.locator("#cc-report").inner_text()
        assert "refer" in later.locator("#cc-chat").inner_text().lower()
    finally:
        fresh.close()
