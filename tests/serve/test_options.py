"""The server's settings: loopback, the token, the link; and the subcommand without the extra."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tui_nn import cli
from tui_nn.serve import cli as serve_cli
from tui_nn.serve.options import ServeOptions, default_max_running, is_loopback


@pytest.mark.parametrize("host", ["127.0.0.1", "127.3.2.1", "::1", "[::1]", "localhost"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org", ""])
def test_other_hosts_are_not_loopback(host: str) -> None:
    assert not is_loopback(host)


def test_loopback_needs_no_token_but_any_other_host_gets_one() -> None:
    assert ServeOptions().resolved().token is None
    token = ServeOptions(host="0.0.0.0").resolved().token
    assert token is not None and len(token) >= 16
    assert ServeOptions(host="0.0.0.0").resolved().token != token  # generated, not fixed


def test_a_given_token_is_kept_and_required() -> None:
    options = ServeOptions(token="class-7b-secret").resolved()
    assert options.token == "class-7b-secret"
    assert options.token_ok("class-7b-secret")
    assert not options.token_ok("class-7b-secreT")
    assert not options.token_ok("")
    assert not options.token_ok(None)
    assert ServeOptions().token_ok(None)  # no token set on loopback: open


def test_the_link_carries_the_token() -> None:
    options = ServeOptions(port=8123, token="abcdefgh12").resolved()
    assert options.link() == "http://127.0.0.1:8123/?token=abcdefgh12"
    assert options.link(9000) == "http://127.0.0.1:9000/?token=abcdefgh12"
    assert ServeOptions().link() == "http://127.0.0.1:8000/"


def test_max_running_is_one_turn_per_core_by_default() -> None:
    assert [default_max_running(cores) for cores in (1, 2, 4, 8)] == [1, 2, 4, 8]
    assert ServeOptions().resolved().max_running == default_max_running()
    assert ServeOptions(max_running=3).resolved().max_running == 3


@pytest.mark.parametrize(
    ("options", "word"),
    [
        (ServeOptions(port=70000), "--port"),
        (ServeOptions(max_sessions=0), "--max-sessions"),
        (ServeOptions(token="short"), "--token"),
        (ServeOptions(token="has space in it"), "--token"),
    ],
)
def test_bad_settings_are_named(options: ServeOptions, word: str) -> None:
    problems = options.problems()
    assert len(problems) == 1 and word in problems[0]


def test_bad_settings_exit_2_without_starting(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", "--token", "short"]) == 2
    assert "--token" in capsys.readouterr().err


def test_without_textual_serve_a_sentence_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = serve_cli.importlib.util.find_spec
    monkeypatch.setattr(
        serve_cli.importlib.util, "find_spec",
        lambda name, *a: None if name == "textual_serve" else real(name, *a),
    )
    assert cli.main(["serve"]) == 1
    err = capsys.readouterr().err
    assert "pip install 'tui-nn[serve]'" in err
    assert "Traceback" not in err


def test_help_names_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--max-sessions", "--max-running", "--token"):
        assert option in out


def test_building_the_command_line_loads_no_web_server() -> None:
    code = (
        "import sys; from tui_nn import cli; cli.build_parser();"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in"
        " {'aiohttp', 'textual_serve'} or m.startswith('tui_nn.serve.server')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("package", ["tui_nn.engine", "tui_nn.data"])
def test_engine_and_data_never_import_the_server(package: str) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in"
        " {'aiohttp', 'textual_serve', 'textual'} or m.startswith('tui_nn.serve')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_servers_words_are_in_korean_with_lang_ko(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tui_nn.i18n import set_language
    from tui_nn.serve import pages

    try:
        assert cli.main(["--lang", "ko", "serve", "--token", "short"]) == 2
        err = capsys.readouterr().err
        assert "--token은" in err and "must be" not in err
        refusal = pages.refused()
        assert 'lang="ko"' in refusal and "토큰" in refusal and "token" not in refusal
        assert "30자리" in pages.full(30) and "30자리" in pages.full_terminal(30).decode()
    finally:
        set_language("en")
    assert "missing its token" in pages.refused() and 'lang="en"' in pages.refused()
