"""Exposure: loopback by default; another address needs --auth user:password or --insecure (warned).
Nothing is bound: the decision function, and serve() with a stub app."""

import pytest

from coffeechat import ui
from coffeechat.cli import main
from coffeechat.errors import InputError


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_needs_nothing(host):
    assert ui.exposure(host) == (None, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_another_address_without_auth_is_refused(host):
    with pytest.raises(InputError, match="--auth user:password, or --insecure"):
        ui.exposure(host)


def test_insecure_is_allowed_with_a_warning():
    credentials, warning = ui.exposure("0.0.0.0", insecure=True)
    assert credentials is None and warning.startswith("WARNING") and "without a password" in warning


def test_auth_is_accepted_without_a_warning():
    assert ui.exposure("0.0.0.0", auth="dana:s3cret:with:colons") == (("dana", "s3cret:with:colons"), None)


@pytest.mark.parametrize("auth", ["dana", ":pw", "dana:", ""])
def test_malformed_auth_is_refused(auth):
    if not auth:
        with pytest.raises(InputError):
            ui.exposure("0.0.0.0", auth=auth)
        return
    with pytest.raises(InputError, match="user:password"):
        ui.exposure("0.0.0.0", auth=auth)


class StubApp:
    def __init__(self):
        self.launched = None

    def queue(self, **kwargs):
        return self

    def launch(self, **kwargs):
        self.launched = kwargs


@pytest.fixture
def stub(monkeypatch):
    app = StubApp()
    monkeypatch.setattr(ui, "build_app", lambda: app)
    return app


def test_cli_insecure_prints_the_warning_and_launches_without_auth(stub, capsys):
    assert main(["app", "--host", "0.0.0.0", "--insecure", "--port", "7999"]) == 0
    err = capsys.readouterr().err
    assert "WARNING: serving on 0.0.0.0 without a password" in err
    assert stub.launched["server_name"] == "0.0.0.0" and stub.launched["auth"] is None


def test_cli_auth_passes_gradio_credentials(stub, capsys):
    assert main(["app", "--host", "0.0.0.0", "--auth", "dana:pw", "--port", "7999"]) == 0
    assert "WARNING" not in capsys.readouterr().err
    assert stub.launched["auth"] == ("dana", "pw")


def test_cli_default_is_loopback(stub, capsys):
    assert main(["app", "--port", "7999"]) == 0
    assert stub.launched["server_name"] == "127.0.0.1" and stub.launched["auth"] is None


def test_cli_refuses_exposure_without_auth(stub, capsys):
    assert main(["app", "--host", "0.0.0.0"]) == 2
    assert stub.launched is None and "--insecure" in capsys.readouterr().err
