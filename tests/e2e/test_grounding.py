"""Say what was used (issue 14): the Questions and Rehearse tabs tell the user which profile
grounded the result, or that none exists yet and general guidance was used."""


def test_questions_tab_says_a_general_profile_was_used(page):
    page.get_by_role("tab", name="Questions").click()
    page.locator("#cc-q-role textarea, #cc-q-role input").first.fill("wildlife biologist")
    number = page.locator("#cc-q-n input[type=number]").first
    number.fill("2")
    number.press("Tab")
    page.locator("#cc-q-generate").click()
    page.wait_for_function(
        "() => (document.querySelector('#cc-q-results')?.innerText || '').includes('Questions for wildlife biologist')"
        " || (document.querySelector('#cc-q-status')?.innerText || '').includes('⚠')",
        timeout=600_000,
    )
    text = page.locator("#cc-q-results").inner_text()
    assert "No profile yet for wildlife biologist: using general guidance for life scientists." in text, text


def test_rehearse_card_says_which_profile_grounds_the_professional(page):
    page.locator("#cc-role textarea, #cc-role input").first.fill("court reporter")
    page.click("#cc-start")
    page.wait_for_selector("#cc-persona h3")
    card = page.locator("#cc-persona").inner_text()
    assert "No profile yet for court reporter: using general guidance for media and communication workers." in card, card
    page.locator("#cc-role textarea, #cc-role input").first.fill("ICU nurse")
    page.click("#cc-start")
    page.wait_for_function("() => (document.querySelector('#cc-persona')?.innerText || '').includes('Registered Nurse profile')", timeout=120_000)
