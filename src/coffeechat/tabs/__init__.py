"""The app's tabs, one module each. A tab only collects input, calls a chain, shows output."""

from coffeechat.tabs.common import Shared, startup_banner
from coffeechat.tabs.history import history_tab
from coffeechat.tabs.outreach import outreach_tab
from coffeechat.tabs.questions import questions_tab
from coffeechat.tabs.rehearse import rehearse_tab
from coffeechat.tabs.settings import settings_tab

__all__ = ["Shared", "startup_banner", "history_tab", "outreach_tab", "questions_tab", "rehearse_tab", "settings_tab"]
