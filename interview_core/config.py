"""Settings: one object, read from environment variables and `.streamlit/secrets.toml`.

Root-level keys of the secrets file are read exactly like environment variables, so the same
`secrets.toml` works locally and on Streamlit Community Cloud. Environment variables win over the
file. Settings are built on first use (`get_settings()`), never at import time, so tests and the
command line can set the environment first.
"""

from __future__ import annotations

import json
import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from interview_core.errors import ConfigurationError

APP_NAME = "interview-coach"
SECRETS_FILE_ENV = "INTERVIEW_COACH_SECRETS_FILE"


def secrets_files() -> list[Path]:
    """The secrets files to read, lowest precedence first (Streamlit's own order)."""
    override = os.environ.get(SECRETS_FILE_ENV)
    if override:
        return [Path(override)]
    return [Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"]


class StreamlitSecretsSource(PydanticBaseSettingsSource):
    """Root-level scalar keys of Streamlit's secrets files; tables such as `[auth]` are left alone."""

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls)
        self._values: dict[str, Any] = {}
        for path in secrets_files():
            if not path.is_file():
                continue
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
                # The position helps; the file's content (which holds secrets) is never echoed.
                raise ConfigurationError(f"Cannot read the secrets file {path}: {error}") from None
            for key, value in data.items():
                if not isinstance(value, dict):
                    self._values[key.lower()] = value

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        names = [field_name]
        if isinstance(field.validation_alias, AliasChoices):
            names = [str(choice) for choice in field.validation_alias.choices]
        for name in names:
            if name.lower() in self._values:
                return self._values[name.lower()], field_name, False
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for field_name, field in self.settings_cls.model_fields.items():
            value, key, _ = self.get_field_value(field, field_name)
            if value is not None:
                found[key] = value
        return found


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    """Every setting of the app. The README's configuration table lists the same names."""

    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False, populate_by_name=True)

    data_dir: Path = Field(
        default_factory=lambda: Path(user_data_dir(APP_NAME, appauthor=False)),
        validation_alias=_env("INTERVIEW_COACH_DATA_DIR", "data_dir"),
        description="Folder for the SQLite database and local recordings.",
    )
    database_url: SecretStr | None = Field(
        default=None,
        validation_alias=_env("DATABASE_URL", "database_url"),
        description="SQLAlchemy URL of a PostgreSQL database; empty means a SQLite file in data_dir.",
    )
    whisper_model: str = Field(
        default="tiny.en",
        validation_alias=_env("INTERVIEW_COACH_WHISPER_MODEL", "whisper_model"),
        description="Speech-to-text model: tiny.en ships with the app; base.en, small.en… are downloaded "
        "by faster-whisper on first use (needs a network), or give a local model folder.",
    )
    ice_servers: SecretStr | None = Field(
        default=None,
        validation_alias=_env("INTERVIEW_COACH_ICE_SERVERS", "ice_servers"),
        description='WebRTC ICE servers as JSON, e.g. [{"urls": "turn:turn.example.com:3478", "username": "…", '
        '"credential": "…"}]. Empty: none, which is right on one machine; a hosted deployment '
        "(Streamlit Community Cloud) needs a TURN server.",
    )
    gemini_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=_env("GEMINI_API_KEY", "GOOGLE_API_KEY", "gemini_api_key"),
        description="Gemini API key (GOOGLE_API_KEY works too). Set: Gemini writes the questions and scores "
        "the answers; empty: the built-in bank and the offline evaluator.",
    )
    gemini_model: str = Field(
        default="gemini-2.5-flash",
        validation_alias=_env("GEMINI_MODEL", "gemini_model"),
        description="Gemini model name.",
    )
    gemini_base_url: str | None = Field(
        default=None,
        validation_alias=_env("GEMINI_BASE_URL", "gemini_base_url"),
        description="Another address for the Gemini API (a proxy, or a local test server).",
    )
    gemini_timeout_s: float = Field(
        default=20.0,
        gt=0,
        le=120,
        validation_alias=_env("GEMINI_TIMEOUT_S", "gemini_timeout_s"),
        description="Seconds one Gemini call may take; after retries the step falls back to the offline "
        "engine within GEMINI_DEADLINE_S.",
    )
    gemini_deadline_s: float = Field(
        default=50.0,
        gt=0,
        le=300,
        validation_alias=_env("GEMINI_DEADLINE_S", "gemini_deadline_s"),
        description="Seconds one step (questions, one evaluation) may spend on Gemini, retries included.",
    )
    cloudinary_url: SecretStr | None = Field(
        default=None,
        validation_alias=_env("CLOUDINARY_URL", "cloudinary_url"),
        description="Recordings on Cloudinary: cloudinary://API_KEY:API_SECRET@CLOUD_NAME (or the three settings "
        "below). Empty: the local folder.",
    )
    cloudinary_cloud_name: str | None = Field(
        default=None,
        validation_alias=_env("CLOUDINARY_CLOUD_NAME", "cloudinary_cloud_name"),
        description="Cloudinary cloud name.",
    )
    cloudinary_api_key: str | None = Field(
        default=None,
        validation_alias=_env("CLOUDINARY_API_KEY", "cloudinary_api_key"),
        description="Cloudinary API key.",
    )
    cloudinary_api_secret: SecretStr | None = Field(
        default=None,
        validation_alias=_env("CLOUDINARY_API_SECRET", "cloudinary_api_secret"),
        description="Cloudinary API secret.",
    )
    cloudinary_upload_prefix: str | None = Field(
        default=None,
        validation_alias=_env("CLOUDINARY_UPLOAD_PREFIX", "cloudinary_upload_prefix"),
        description="Another address for Cloudinary's API (a proxy, or a local test server).",
    )
    recording_retention_days: int | None = Field(
        default=None,
        ge=1,
        validation_alias=_env("INTERVIEW_COACH_RECORDING_RETENTION_DAYS", "recording_retention_days"),
        description="Delete recordings older than this many days (transcripts and scores stay). Empty: keep them.",
    )
    follow_ups: bool = Field(
        default=True,
        validation_alias=_env("INTERVIEW_COACH_FOLLOW_UPS", "follow_ups"),
        description="Ask one follow-up after an answer that missed key points or stayed vague.",
    )
    max_follow_ups: int = Field(
        default=2,
        ge=0,
        le=10,
        validation_alias=_env("INTERVIEW_COACH_MAX_FOLLOW_UPS", "max_follow_ups"),
        description="At most this many follow-up questions per interview.",
    )
    interviewer_voice: Literal["piper", "browser"] = Field(
        default="piper",
        validation_alias=_env("INTERVIEW_COACH_INTERVIEWER_VOICE", "interviewer_voice"),
        description="Conversation mode's voice: 'piper' (rendered on this server, natural) or 'browser' "
        "(the candidate's browser speaks; no server time). Without the voice package: 'browser'.",
    )
    log_level: str = Field(
        default="WARNING",
        validation_alias=_env("INTERVIEW_COACH_LOG_LEVEL", "log_level"),
        description="Python logging level of the core.",
    )

    @field_validator(
        "database_url",
        "gemini_api_key",
        "gemini_base_url",
        "cloudinary_url",
        "cloudinary_cloud_name",
        "cloudinary_api_key",
        "cloudinary_api_secret",
        "cloudinary_upload_prefix",
        "recording_retention_days",
        mode="before",
    )
    @classmethod
    def _blank_means_default(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("gemini_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/") if value else value

    @field_validator("ice_servers", mode="before")
    @classmethod
    def _ice_servers_are_json(cls, value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        try:
            servers = json.loads(raw) if isinstance(raw, str) else raw
        except json.JSONDecodeError:
            raise ValueError("must be a JSON list of ICE servers") from None  # never echo: holds credentials
        if not isinstance(servers, list) or not all(isinstance(s, dict) and s.get("urls") for s in servers):
            raise ValueError('must be a JSON list of objects, each with "urls"')
        return json.dumps(servers)

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, StreamlitSecretsSource(settings_cls))

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "interview_coach.db"

    @property
    def spool_dir(self) -> Path:
        """Recordings being written, before they are stored (local folder or Cloudinary)."""
        return self.data_dir / "spool"

    def cloudinary_account(self) -> tuple[str, str, str] | None:
        """(cloud name, API key, API secret) when Cloudinary is configured, else None."""
        if self.cloudinary_url is not None:
            from urllib.parse import unquote, urlsplit

            parts = urlsplit(self.cloudinary_url.get_secret_value())
            if parts.scheme != "cloudinary" or not (parts.hostname and parts.username and parts.password):
                # The URL holds the secret: name the setting, never echo it.
                raise ConfigurationError("CLOUDINARY_URL must look like cloudinary://API_KEY:API_SECRET@CLOUD_NAME")
            return parts.hostname, unquote(parts.username), unquote(parts.password)
        pieces = (self.cloudinary_cloud_name, self.cloudinary_api_key, self.cloudinary_api_secret)
        if any(pieces) and not all(pieces):
            raise ConfigurationError(
                "Cloudinary needs CLOUDINARY_CLOUD_NAME, CLOUDINARY_API_KEY and CLOUDINARY_API_SECRET together "
                "(or CLOUDINARY_URL)"
            )
        if self.cloudinary_cloud_name and self.cloudinary_api_key and self.cloudinary_api_secret:
            return self.cloudinary_cloud_name, self.cloudinary_api_key, self.cloudinary_api_secret.get_secret_value()
        return None

    def rtc_configuration(self) -> dict[str, Any]:
        """For WebRTC. No servers by default: both ends are on this machine, and an empty list
        must be explicit, or both sides fall back to a public STUN server."""
        servers = json.loads(self.ice_servers.get_secret_value()) if self.ice_servers else []
        return {"iceServers": servers}


def load_settings(**overrides: Any) -> Settings:
    """Build settings now, turning pydantic's errors into one message that names the setting."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in issue['loc']) or 'settings'}: {issue['msg']}"
            for issue in error.errors(include_input=False, include_url=False)
        )
        raise ConfigurationError(f"Invalid settings: {problems}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, built on first use."""
    return load_settings()


def setting_docs() -> list[tuple[str, str]]:
    """(variable name, what it does) for every setting: for help text, never values."""
    docs = []
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        variable = str(alias.choices[0]) if isinstance(alias, AliasChoices) else name.upper()
        docs.append((variable, field.description or ""))
    return docs
