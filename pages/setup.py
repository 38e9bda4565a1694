"""New interview: describe the interview, see the questions chosen for it, start."""

import streamlit as st
from pydantic import ValidationError

from interview_core.domain import (
    MAX_QUESTIONS,
    MIN_QUESTIONS,
    Difficulty,
    InterviewMode,
    InterviewSetup,
    InterviewType,
    Level,
)
from interview_core.errors import CoachError, validation_message
from interview_core.interview.flow import plan_interview, start_interview
from interview_core.resume.store import asked_about, job_fit
from interview_core.skills import SKILLS
from interview_core.storage import repository
from interview_core.storage.models import row_id
from pages.common import (
    INTERVIEW_PAGE,
    SETUP_PAGE,
    current_owner_id,
    database_session,
    follow_navigation,
    navigate_to,
    plain,
    services,
    through_the_app,
)
from pages.resume_panel import resume_panel

through_the_app(SETUP_PAGE)

LABELS = {
    "job_role": "Job role",
    "level": "Level",
    "interview_type": "Interview type",
    "difficulty": "Difficulty",
    "tech_stack": "Tech stack",
    "focus_areas": "Focus areas",
    "company": "Company",
    "job_description": "Job description",
    "question_count": "Number of questions",
    "planned_duration_min": "Planned duration (minutes)",
}
FOCUS_SUGGESTIONS = ["System design", "Leadership", "Communication", "Performance", "Security", "Testing"]


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


# The form's widget for each setup field: the one place a setup field meets the page.
WIDGETS = {
    "job_role": "setup_role",
    "company": "setup_company",
    "level": "setup_level",
    "interview_type": "setup_type",
    "difficulty": "setup_difficulty",
    "question_count": "setup_count",
    "tech_stack": "setup_stack",
    "focus_areas": "setup_focus",
    "job_description": "setup_job_description",
    "planned_duration_min": "setup_duration",
    "mode": "setup_mode",
    "audio_enabled": "setup_audio",
    "video_enabled": "setup_video",
    "interviewer_voice": "setup_voice",
    "conversation": "setup_conversation",
    "patience_s": "setup_patience",
}


def _apply_template(template_id: int) -> None:
    """Fill the form's widgets from a saved template (before they are drawn)."""
    with database_session() as session:
        template = repository.get_template(session=session, owner_id=current_owner_id(), template_id=template_id)
    setup = InterviewSetup.model_validate(template.setup)
    st.session_state.update({key: getattr(setup, field) for field, key in WIDGETS.items()})
    st.session_state.setup_template_id = template.id


def _quick_practice(owner_id: int) -> None:
    """One click to a first try: three general questions, typed, in practice mode (hints, retries)."""
    setup = InterviewSetup(job_role="Software Engineer", question_count=3, audio_enabled=False, conversation=False)
    try:
        with services().database.session() as session:
            interview = plan_interview(session=session, engine=services().engine, owner_id=owner_id, setup=setup)
            start_interview(session=session, owner_id=owner_id, interview_id=interview.id)
    except CoachError as error:
        st.session_state.setup_notice = str(error)
        return
    navigate_to(INTERVIEW_PAGE, row_id(interview))


st.title("New interview")
follow_navigation()

owner_id = current_owner_id()
with st.container(border=True, key="setup_welcome"):
    intro, quick = st.columns([3, 1], vertical_alignment="center")
    intro.markdown(
        "Practise a job interview out loud or in writing. Set up the role below (a resume makes the "
        "questions yours), answer each question, and get a score per criterion with the evidence "
        "quoted from your own answer, what you missed, and a strong answer to compare with."
    )
    quick.button(
        "Try 3 questions now",
        type="primary",
        key="setup_quick",
        on_click=_quick_practice,
        args=(owner_id,),
        help="Three general software questions, typed, with hints. No setup.",
    )
if notice := st.session_state.pop("setup_notice", None):
    st.error(notice)
with database_session() as session:
    templates = repository.list_templates(session=session, owner_id=owner_id)
if templates:
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    choice = left.selectbox(
        "Start from a template",
        templates,
        index=None,
        format_func=lambda t: t.name,
        key="setup_template",
        placeholder="Choose a saved setup…",
    )
    if right.button("Use template", key="setup_use_template", disabled=choice is None):
        _apply_template(choice.id)
        st.rerun()

resume = resume_panel(owner_id)

# Each widget starts at the setup's own default, given through Session State only: a widget given a
# default as well as a value through Session State (a template, "Fill in from the resume") makes
# Streamlit warn, and the two could disagree.
for _field, _key in WIDGETS.items():
    if _field != "job_role":
        st.session_state.setdefault(_key, InterviewSetup.model_fields[_field].get_default(call_default_factory=True))

with st.form("setup_form"):
    left, right = st.columns(2)
    left.text_input(LABELS["job_role"], key="setup_role", placeholder="e.g. Backend Engineer")
    right.text_input(LABELS["company"], key="setup_company")
    left.selectbox(LABELS["level"], list(Level), format_func=_label, key="setup_level")
    right.selectbox(LABELS["interview_type"], list(InterviewType), format_func=_label, key="setup_type")
    left.selectbox(LABELS["difficulty"], list(Difficulty), format_func=_label, key="setup_difficulty")
    right.slider(LABELS["question_count"], MIN_QUESTIONS, MAX_QUESTIONS, key="setup_count")
    st.multiselect(
        LABELS["tech_stack"],
        sorted({skill.name for skill in SKILLS}),
        key="setup_stack",
        accept_new_options=True,
        help="Pick from the list or type your own.",
    )
    st.multiselect(LABELS["focus_areas"], FOCUS_SUGGESTIONS, key="setup_focus", accept_new_options=True)
    st.text_area(LABELS["job_description"], key="setup_job_description", height=120)
    left, right = st.columns(2)
    left.radio(
        "Mode",
        list(InterviewMode),
        format_func=_label,
        key="setup_mode",
        horizontal=True,
        help="Practice: hints on request and retries. Mock: timed, no hints, one attempt — like the real thing.",
    )
    right.number_input(
        LABELS["planned_duration_min"],
        min_value=5,
        max_value=180,
        step=5,
        key="setup_duration",
        placeholder="From the questions",
    )
    options = st.columns(3)
    options[0].checkbox("Record audio", key="setup_audio")
    options[1].checkbox("Record video", key="setup_video")
    options[2].checkbox("Interviewer reads questions aloud", key="setup_voice")
    talk, patience = st.columns([2, 1])
    talk.checkbox(
        "Conversation: the interviewer speaks, listens and moves on by itself (with audio)",
        key="setup_conversation",
        help="After one Start, no clicks: say 'repeat the question', 'give me a moment', 'skip' or 'I'm done'.",
    )
    patience.slider(
        "Pause that ends an answer (s)",
        1.0,
        6.0,
        step=0.5,
        key="setup_patience",
        help="How long a silence the interviewer waits before taking your answer as finished. A pause "
        "mid-sentence waits twice as long.",
    )
    save_template = st.text_input(
        "Save this setup as a template (name)", key="setup_template_name", placeholder="Leave empty to not save"
    )
    submitted = st.form_submit_button("Choose questions", type="primary")

if submitted:
    try:
        setup = InterviewSetup(**{field: st.session_state.get(key) for field, key in WIDGETS.items()})
        with database_session() as session:
            template_id = st.session_state.get("setup_template_id")
            if save_template.strip():
                template_id = repository.create_template(
                    session=session, owner_id=owner_id, name=save_template, setup=setup
                ).id
            with st.spinner("Choosing questions…"):
                interview = plan_interview(
                    session=session,
                    engine=services().engine,
                    owner_id=owner_id,
                    setup=setup,
                    template_id=template_id,
                    resume_text=resume.text if resume else "",
                )
        st.session_state.setup_interview_id = interview.id
    except ValidationError as error:
        st.error(validation_message(error, LABELS))
    except CoachError as error:
        st.error(str(error))

interview_id = st.session_state.get("setup_interview_id")
if interview_id is not None:
    try:
        with database_session() as session:
            interview = repository.get_interview(session=session, owner_id=owner_id, interview_id=interview_id)
            questions = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview_id)
    except CoachError as error:
        st.error(str(error))
    else:
        minutes = sum(question.time_allocation_s for question in questions) / 60
        st.subheader(plain(interview.title))
        if interview.question_note:
            st.info(plain(interview.question_note), icon=":material/cloud_off:")
        elif interview.question_engine == "gemini":
            st.caption(":material/auto_awesome: Questions written for this setup by Gemini.")
        if interview.job_description.strip():
            asked, gaps = job_fit(interview.job_description, resume)
            covered, uncovered = asked_about(gaps, [(q.text, list(q.tags)) for q in questions])
            if gaps:
                # Only what is true of these questions: they ask about a gap, or they do not.
                parts = ["The job asks for " + plain(", ".join(gaps)) + ", which your resume does not show."]
                if covered:
                    parts.append("These questions ask about " + plain(", ".join(covered)) + ".")
                if uncovered:
                    parts.append("None asks about " + plain(", ".join(uncovered)) + ": prepare for that on your own.")
                st.info(" ".join(parts))
            elif resume is None and asked:
                st.caption("The job asks for: " + plain(", ".join(asked)))
        st.markdown(f"**{len(questions)} questions**, about **{minutes:.0f} minutes** ({interview.mode} mode).")
        for number, question in enumerate(questions, 1):
            with st.container(border=True, key=f"setup_question_{number}"):
                origin = " · from your resume" if question.source == "resume" else ""
                st.caption(f"{number}. {_label(question.question_type)} · {question.difficulty}{origin}")
                st.markdown(plain(question.text))
        if st.button("Start interview", type="primary", key="setup_start"):
            with database_session() as session:
                start_interview(session=session, owner_id=owner_id, interview_id=interview_id)
            del st.session_state["setup_interview_id"]
            st.switch_page(INTERVIEW_PAGE, query_params={"interview": str(interview_id)})
