"""A running app (a real `coffeechat app` process) and a headless Debian Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """Start the app once for the e2e session, on loopback, with its own data dir."""
    data = tmp_path_factory.mktemp("app-data")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "COFFEECHAT_"))}
    env.update({"COFFEECHAT_DATA_DIR": str(data), "GRADIO_ANALYTICS_ENABLED": "False", "HOME": str(data)})
    log = open(data / "app.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "coffeechat.cli", "app", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 90
    while time.time() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app exited: {(data / 'app.log').read_text()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("the app did not start in 90 s")
    yield {"url": url, "data": data, "process": process}
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


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
