import subprocess
import sys
from pathlib import Path

import pytest

from interview_core.config import Settings, get_settings, load_settings
from interview_core.errors import ConfigurationError

ROOT = Path(__file__).resolve().parents[2]


def write_secrets(path: Path, monkeypatch: pytest.MonkeyPatch, content: str) -> None:
    path.write_text(content, encoding="utf-8")
    monkeypatch.setenv("INTERVIEW_COACH_SECRETS_FILE", str(path))


def test_root_keys_of_secrets_toml_are_settings(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("INTERVIEW_COACH_DATA_DIR")
    write_secrets(
        tmp_path / "secrets.toml",
        monkeypatch,
        f"""
DATABASE_URL = "postgresql://coach:s3cret@db.example/coach"
interview_coach_data_dir = "{tmp_path / "from-secrets"}"

[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "not a setting of ours"
""",
    )
    settings = Settings()
    assert settings.database_url.get_secret_value() == "postgresql://coach:s3cret@db.example/coach"
    assert settings.data_dir == tmp_path / "from-secrets"


def test_environment_wins_over_secrets_file(tmp_path: Path, monkeypatch) -> None:
    write_secrets(tmp_path / "secrets.toml", monkeypatch, 'INTERVIEW_COACH_LOG_LEVEL = "DEBUG"\n')
    monkeypatch.setenv("INTERVIEW_COACH_LOG_LEVEL", "error")
    assert Settings().log_level == "ERROR"


def test_defaults_need_no_configuration(isolated_settings: Path) -> None:
    settings = Settings()
    assert settings.database_url is None
    assert settings.sqlite_path == isolated_settings / "interview_coach.db"
    assert settings.log_level == "WARNING"


def test_blank_database_url_means_the_default(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "  ")
    assert Settings().database_url is None


def test_secrets_never_show_in_repr_or_dumps(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://coach:hunter2@db/coach")
    settings = Settings()
    for shown in (repr(settings), str(settings), settings.model_dump_json(), str(settings.model_dump())):
        assert "hunter2" not in shown


def test_invalid_setting_names_the_setting_not_the_value(monkeypatch) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_LOG_LEVEL", "chatty-hunter2")
    with pytest.raises(ConfigurationError, match="INTERVIEW_COACH_LOG_LEVEL") as raised:
        load_settings()
    assert "hunter2" not in str(raised.value)


def test_ice_servers_default_to_none_and_come_from_secrets_unshown(tmp_path: Path, monkeypatch) -> None:
    assert Settings().rtc_configuration() == {"iceServers": []}  # explicit: no public STUN fallback
    write_secrets(
        tmp_path / "secrets.toml",
        monkeypatch,
        "INTERVIEW_COACH_ICE_SERVERS = "
        """'[{"urls": "turn:turn.example:3478", "username": "u", "credential": "hunter2"}]'\n""",
    )
    settings = Settings()
    assert settings.rtc_configuration() == {
        "iceServers": [{"urls": "turn:turn.example:3478", "username": "u", "credential": "hunter2"}]
    }
    assert "hunter2" not in repr(settings) and "hunter2" not in settings.model_dump_json()


@pytest.mark.parametrize("value", ["turn:hunter2@x", '{"urls": "turn:x"}', '[{"username": "hunter2"}]'])
def test_malformed_ice_servers_are_a_clear_error_without_the_value(monkeypatch, value: str) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_ICE_SERVERS", value)
    with pytest.raises(ConfigurationError, match="INTERVIEW_COACH_ICE_SERVERS") as raised:
        load_settings()
    assert "hunter2" not in str(raised.value)


def test_malformed_secrets_file_is_a_clear_error_without_its_content(tmp_path: Path, monkeypatch) -> None:
    write_secrets(tmp_path / "secrets.toml", monkeypatch, 'DATABASE_URL = "postgresql://u:hunter2@h/d\n')
    with pytest.raises(ConfigurationError, match="secrets file") as raised:
        load_settings()
    assert "hunter2" not in str(raised.value)


def test_settings_are_built_on_first_use_and_cached(monkeypatch) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_LOG_LEVEL", "INFO")
    first = get_settings()
    monkeypatch.setenv("INTERVIEW_COACH_LOG_LEVEL", "ERROR")
    assert get_settings() is first
    get_settings.cache_clear()
    assert get_settings().log_level == "ERROR"


def test_importing_the_core_reads_no_settings(tmp_path: Path) -> None:
    """A broken secrets file must not break `import`: settings are built when first needed."""
    broken = tmp_path / "secrets.toml"
    broken.write_text("this is = = not toml", encoding="utf-8")
    code = (
        "import pkgutil, importlib, interview_core\n"
        "for m in pkgutil.walk_packages(interview_core.__path__, 'interview_core.'):\n"
        "    if '.migrations' not in m.name and m.name != 'interview_core.__main__':\n"
        "        importlib.import_module(m.name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin", "INTERVIEW_COACH_SECRETS_FILE": str(broken), "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr


def test_the_interviewers_voice_is_a_setting(monkeypatch) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_INTERVIEWER_VOICE", "browser")
    assert load_settings().interviewer_voice == "browser"
    monkeypatch.setenv("INTERVIEW_COACH_INTERVIEWER_VOICE", "robot")
    with pytest.raises(ConfigurationError, match="INTERVIEW_COACH_INTERVIEWER_VOICE"):
        load_settings()


def test_streamlit_reads_our_config_no_file_watching_no_collection_after_each_run() -> None:
    """`.streamlit/config.toml` as Streamlit itself parses it: nothing watches the repository (its
    .venv included) while the app runs, and no full garbage collection stalls audio frames."""
    read = (
        "from streamlit import config; config.get_config_options(force_reparse=True); "
        "print(config.get_option('server.fileWatcherType'), config.get_option('runner.postScriptGC'))"
    )
    result = subprocess.run([sys.executable, "-c", read], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["none", "False"]
