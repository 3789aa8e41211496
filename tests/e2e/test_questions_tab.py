"""The Questions tab in Chromium: bad input inline, then generate, grouped results, downloads,
and "rehearse with these" switching to the Rehearse tab (real embedded model, n kept small)."""


def open_tab(page):
    page.get_by_role("tab", name="Questions").click()
    page.locator("#cc-q-role textarea, #cc-q-role input").first.wait_for()


def test_an_empty_role_is_an_inline_message(page):
    open_tab(page)
    page.locator("#cc-q-generate").click()
    status = page.locator("#cc-q-status")
    status.get_by_text("the role is empty").wait_for(timeout=30_000)
    assert "Traceback" not in page.content()


def test_generate_group_download_and_rehearse(page):
    open_tab(page)
    page.locator("#cc-q-role textarea, #cc-q-role input").first.fill("ICU nurse")
    page.locator("#cc-q-company textarea, #cc-q-company input").first.fill("a regional hospital")
    page.locator("#cc-q-goals textarea").first.fill("what the first year in critical care is like")
    number = page.locator("#cc-q-n input[type=number]").first
    number.fill("1")
    number.press("Tab")
    page.locator("#cc-q-generate").click()
    results = page.locator("#cc-q-results")
    page.wait_for_function(
        "() => (document.querySelector('#cc-q-results')?.innerText || '').includes('Questions for ICU nurse')"
        " || (document.querySelector('#cc-q-status')?.innerText || '').includes('⚠')",
        timeout=600_000,
    )
    assert "⚠" not in page.locator("#cc-q-status").inner_text(), page.locator("#cc-q-status").inner_text()
    text = results.inner_text()
    assert any(theme in text for theme in ("Insights", "Trends", "Advice", "Resources", "Assignments")), text
    assert "why:" in text and "source:" in text and "(adapted)" not in text
    assert "I'm trying to understand what the first year in critical care is like" in text  # the goal, in the user's voice
    assert text.count("?") >= 1
    for button in ("#cc-q-download-md", "#cc-q-download-csv"):
        page.locator(button).wait_for()
        with page.expect_download(timeout=30_000) as download:
            page.locator(button).click()
        assert download.value.suggested_filename.startswith("questions-icu-nurse")
    page.locator("#cc-q-rehearse").click()
    page.locator("#cc-q-status").get_by_text("handed to the Rehearse tab").wait_for(state="attached", timeout=30_000)
    rehearse_tab = page.get_by_role("tab", name="Rehearse")
    page.wait_for_function("() => [...document.querySelectorAll('[role=tab]')].some(t => t.textContent.trim() === 'Rehearse' && t.getAttribute('aria-selected') === 'true')", timeout=30_000)
    assert rehearse_tab.get_attribute("aria-selected") == "true"
