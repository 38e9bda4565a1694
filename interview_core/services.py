"""The one place that decides which implementation of each outside service is used.

`build_services(settings)` reads the settings and wires the defaults (offline engine, SQLite) or
the configured services. Pages build it once (`st.cache_resource`); the command line per run.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from interview_core.config import Settings, get_settings
from interview_core.engines import InterviewEngine
from interview_core.engines.offline import OfflineEngine
from interview_core.media.store import LocalMediaStore, MediaStore

if TYPE_CHECKING:
    from interview_core.speech.transcription import WhisperTranscriber
    from interview_core.speech.voice import Voice
    from interview_core.storage.database import Database


@dataclass
class Services:
    settings: Settings
    engine: InterviewEngine
    media: MediaStore
    _database: Database | None = field(default=None, repr=False)
    _opening: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def database(self) -> Database:
        """Opened (and migrated) on first use: commands that need no database never touch it.
        The app's sessions share one Services, so the first use is guarded: one opener."""
        if self._database is None:
            with self._opening:
                if self._database is None:
                    from interview_core.storage.database import open_database  # SQLAlchemy loads only when needed

                    self._database = open_database(self.settings)
        return self._database

    @property
    def transcriber(self) -> WhisperTranscriber:
        """The speech model, loaded on first use and shared by every session."""
        from interview_core.speech.transcription import shared_transcriber

        return shared_transcriber(self.settings.whisper_model)

    @property
    def voice(self) -> Voice:
        """The interviewer's voice in conversation mode (loaded on first use, shared)."""
        from interview_core.speech.voice import interviewer_voice

        return interviewer_voice(self.settings.interviewer_voice)

    def describe(self) -> dict[str, str]:
        """What is active, for the sidebar and `--help` — never a secret."""
        from interview_core.storage.database import database_url, redacted

        url = database_url(self.settings)
        where = Path(url.database or "memory").name if url.get_backend_name() == "sqlite" else redacted(url)
        return {
            "questions and evaluation": f"{self.engine.name} ({self.engine.version})"
            + (", offline engine as fallback" if self.engine.name != "offline" else ""),
            "database": f"{url.get_backend_name()} ({where})",
            "recordings": "Cloudinary (private)" if self.media.name == "cloudinary" else "local folder",
            "speech to text": f"faster-whisper {self.settings.whisper_model} (on this machine)",
            "interviewer's voice": "the browser's speech synthesis"
            if self.settings.interviewer_voice == "browser"
            else "Piper en_US-joe-medium (on this machine; the browser's where it is not installed)",
        }


def build_engine(settings: Settings) -> InterviewEngine:
    """Gemini when a key is set (with the offline engine as each step's fallback), else offline."""
    if settings.gemini_api_key is None:
        return OfflineEngine()
    from interview_core.engines.gemini import GeminiClient, GeminiEngine  # the SDK loads only when used

    client = GeminiClient(
        api_key=settings.gemini_api_key,
        model=settings.gemini_model,
        base_url=settings.gemini_base_url,
        timeout_s=settings.gemini_timeout_s,
        deadline_s=settings.gemini_deadline_s,
    )
    return GeminiEngine(client)


def build_media(settings: Settings) -> MediaStore:
    """Cloudinary when configured (with the local folder for uploads that keep failing), else local."""
    local = LocalMediaStore(settings.data_dir / "recordings")
    account = settings.cloudinary_account()
    if account is None:
        return local
    from interview_core.media.cloudinary import CloudinaryAccount, CloudinaryMediaStore

    return CloudinaryMediaStore(
        CloudinaryAccount(*account, upload_prefix=settings.cloudinary_upload_prefix), local=local
    )


def build_services(settings: Settings | None = None) -> Services:
    settings = settings or get_settings()
    logging.getLogger("interview_core").setLevel(settings.log_level)
    return Services(settings=settings, engine=build_engine(settings), media=build_media(settings))
