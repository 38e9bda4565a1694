"""The setup page's resume panel: upload or paste a resume, see what was read, reuse or delete it."""

from __future__ import annotations

import streamlit as st

from interview_core.errors import CoachError
from interview_core.resume.store import PASTED, delete_resume, list_resumes, profile_of, read_resume, save_resume
from interview_core.storage.models import Resume
from pages.common import database_session, plain, services


def _import(owner_id: int, *, name: str, data: bytes | None = None, text: str = "", keep: bool = False) -> None:
    try:
        read = read_resume(data=data, text=text)
        with database_session() as session:
            resume = save_resume(
                session=session,
                media=services().media,
                owner_id=owner_id,
                name=name,
                read=read,
                file=data if keep else None,
            )
    except CoachError as error:
        st.session_state.resume_error = str(error)
        return
    st.session_state.resume_choice = resume.id
    st.session_state.resume_error = None
    st.session_state.resume_just_read = True  # keep the panel open on what was read


def _fill_form(resume: Resume) -> None:
    """Pre-fill role, level and stack (a callback: it runs before the form's widgets are drawn)."""
    profile = profile_of(resume)
    if profile.roles:
        st.session_state.setup_role = profile.roles[0][:120]
    if profile.seniority:
        st.session_state.setup_level = profile.seniority
    if profile.skills:
        st.session_state.setup_stack = profile.skills[:30]


def _delete(owner_id: int, resume_id: int) -> None:
    with services().database.session() as session:
        delete_resume(session=session, media=services().media, owner_id=owner_id, resume_id=resume_id)
    st.session_state.resume_choice = None


def resume_panel(owner_id: int) -> Resume | None:
    """The resume chosen for this interview, or None."""
    with database_session() as session:
        saved = {resume.id: resume for resume in list_resumes(session=session, owner_id=owner_id)}
    just_read = st.session_state.pop("resume_just_read", False)
    with st.expander("Resume (optional): questions about your own experience", expanded=not saved or just_read):
        upload_tab, paste_tab = st.tabs(["Upload a PDF", "Paste the text"])
        with upload_tab:
            upload = st.file_uploader("Resume (PDF)", type=["pdf"], key="resume_file")
            keep = st.checkbox(
                "Also keep the PDF file (otherwise only its text and what was read from it are kept)",
                key="resume_keep",
            )
            if st.button("Read the resume", key="resume_read", disabled=upload is None) and upload is not None:
                with st.spinner("Reading the resume…"):
                    _import(owner_id, name=upload.name, data=upload.getvalue(), keep=keep)
                st.rerun()
        with paste_tab:
            pasted = st.text_area("Resume text", key="resume_text", height=160)
            if st.button("Read the pasted text", key="resume_read_text", disabled=not pasted.strip()):
                _import(owner_id, name=PASTED, text=pasted)
                st.rerun()
        if st.session_state.get("resume_error"):
            st.error(st.session_state.resume_error)
        if not saved:
            return None
        if st.session_state.get("resume_choice") not in saved:
            st.session_state.resume_choice = None
        chosen_id = st.selectbox(
            "Use a saved resume for this interview",
            list(saved),
            format_func=lambda rid: f"{saved[rid].name} ({saved[rid].created_at:%Y-%m-%d})",
            index=None,
            key="resume_choice",
            placeholder="No resume",
        )
        if chosen_id is None:
            return None
        resume = saved[chosen_id]
        profile = profile_of(resume)
        years = f"{profile.years_experience:g} years" if profile.years_experience is not None else "years not stated"
        if just_read:
            st.success(
                f"Read {plain(resume.name)}: {years}, {len(profile.skills)} skills, "
                f"{len(profile.achievements)} achievements. Its questions come with this interview.",
                icon=":material/task_alt:",
            )
        st.markdown(
            f"**{plain(', '.join(profile.roles[:2]) or 'No job title found')}** · {years} · "
            f"seniority: {profile.seniority or '—'}"
        )
        st.markdown("**Skills:** " + (plain(", ".join(profile.skills)) or "none recognised"))
        if profile.achievements:
            st.markdown(f"**Achievements the interview can ask about ({len(profile.achievements)}):**")
            for achievement in profile.achievements[:4]:
                st.markdown(f"- {plain(achievement)}")
        left, right = st.columns(2)
        left.button("Fill in role, level and stack from it", key="resume_fill", on_click=_fill_form, args=(resume,))
        right.button("Delete this resume", key="resume_delete", on_click=_delete, args=(owner_id, resume.id))
        return resume
