"""The Outreach tab in Chromium: paste, live counter, critique with flags and score, rewrite."""

MESSAGE = "Hello, I am interested in your company. Please reply ASAP!!"
FLAWLESS = "Hi Priya, I'm a nursing student at Georgia State. Your post on NICU night shifts stayed with me. Would you be open to a 15-minute chat? Thank you, Dana"


def paste_a_note(page, text):
    """Open the Outreach tab, pick the LinkedIn connection note and paste `text`."""
    page.get_by_role("tab", name="Outreach").click()
    box = page.locator("#cc-outreach-message textarea")
    box.wait_for()
    page.get_by_label("LinkedIn connection note (300 characters)").check()
    box.fill(text)


def test_outreach_critique_in_the_browser(page):
    paste_a_note(page, MESSAGE)
    counter = page.locator("#cc-outreach-counter")
    page.wait_for_function(
        "expected => document.querySelector('#cc-outreach-counter').innerText.includes(expected)", arg=f"{len(MESSAGE)} / 300", timeout=15_000
    )
    assert "300" in counter.inner_text()
    page.locator("#cc-outreach-critique").click()
    page.wait_for_function("() => document.querySelector('#cc-outreach-score').innerText.includes('Score')", timeout=240_000)
    score = page.locator("#cc-outreach-score").inner_text()
    assert "/100" in score and "100/100" not in score
    flags = page.locator("#cc-outreach-flags").inner_text()
    assert "pushy_tone" in flags and "no_sender_context" in flags
    assert page.locator("#cc-outreach-highlight mark").count() >= 1
    assert "ASAP" in page.locator("#cc-outreach-highlight mark").first.inner_text() or page.locator("#cc-outreach-highlight mark[data-flag='pushy_tone']").count()
    page.wait_for_function("() => document.querySelector('#cc-outreach-rewrite textarea').value.length > 20", timeout=240_000)
    rewrite = page.locator("#cc-outreach-rewrite textarea").input_value()
    assert "ASAP" not in rewrite and len(rewrite) <= 300
    assert page.locator("#cc-outreach-diff ins").count() >= 1
    assert page.locator("#cc-outreach-error").inner_text().strip() == ""


def test_outreach_bad_input_is_inline(page):
    page.get_by_role("tab", name="Outreach").click()
    page.locator("#cc-outreach-critique").click()
    page.wait_for_function("() => document.querySelector('#cc-outreach-error').innerText.includes('empty')", timeout=30_000)


def test_a_flawless_message_gets_nothing_to_fix(page):
    paste_a_note(page, FLAWLESS)
    page.locator("#cc-outreach-critique").click()
    page.wait_for_function("() => document.querySelector('#cc-outreach-notes').innerText.includes('Nothing to fix')", timeout=120_000)
    assert "100/100" in page.locator("#cc-outreach-score").inner_text()
    assert page.locator("#cc-outreach-rewrite textarea").input_value() == ""
