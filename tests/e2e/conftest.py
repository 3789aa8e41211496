"""A running app (a real `coffeechat app` process) and a headless Debian Chromium."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from coffeechat.testing import ServerFailed, app_env, free_port, start_server, stop_server

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """Start the app once for the e2e session, on loopback, with its own data dir."""
    data = tmp_path_factory.mktemp("app-data")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    try:
        process, _ = start_server([sys.executable, "-m", "coffeechat.cli", "app", "--port", str(port)], url, data / "app.log", env=app_env(data, HOME=str(data)), timeout_s=90)
    except ServerFailed as exc:
        pytest.fail(f"the app did not start: {exc}")
    yield {"url": url, "data": data, "process": process}
    stop_server(process, timeout_s=15)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium): browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(app_url["url"], wait_until="domcontentloaded")
    page.wait_for_selector("text=coffeechat")
    yield page
    context.close()
