def test_the_app_renders_every_tab(page):
    for name in ("Rehearse", "Questions", "Outreach", "History", "Settings"):
        assert page.get_by_role("tab", name=name).is_visible()
    page.get_by_role("tab", name="Settings").click()
    settings = page.locator("#cc-settings")
    settings.wait_for()
    assert "embedded" in settings.inner_text()
    assert "SmolLM2" in settings.inner_text()
