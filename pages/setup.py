"""New interview: the candidate describes the interview; the core picks the questions."""

import streamlit as st
from pydantic import ValidationError

from interview_core import repository
from interview_core.domain import MAX_QUESTIONS, MIN_QUESTIONS, Difficulty, InterviewSetup, InterviewType, Level
from interview_core.errors import CoachError, validation_message
from interview_core.practice import plan_interview
from interview_core.skills import SKILLS
from pages.common import current_owner_id, plain, services

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
}


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


st.title("New interview")

with st.form("setup_form"):
    left, right = st.columns(2)
    job_role = left.text_input(LABELS["job_role"], key="setup_role", placeholder="Backend Engineer")
    company = right.text_input(LABELS["company"], key="setup_company")
    level = left.selectbox(LABELS["level"], list(Level), index=1, format_func=_label, key="setup_level")
    interview_type = right.selectbox(
        LABELS["interview_type"], list(InterviewType), format_func=_label, key="setup_type"
    )
    difficulty = left.selectbox(
        LABELS["difficulty"], list(Difficulty), index=1, format_func=_label, key="setup_difficulty"
    )
    question_count = right.slider(LABELS["question_count"], MIN_QUESTIONS, MAX_QUESTIONS, 5, key="setup_count")
    tech_stack = st.multiselect(
        LABELS["tech_stack"],
        sorted({skill.name for skill in SKILLS}),
        key="setup_stack",
        accept_new_options=True,
        help="Pick from the list or type your own.",
    )
    focus_areas = st.multiselect(
        LABELS["focus_areas"],
        ["System design", "Leadership", "Communication", "Performance", "Security", "Testing"],
        key="setup_focus",
        accept_new_options=True,
    )
    job_description = st.text_area(LABELS["job_description"], key="setup_job_description", height=120)
    submitted = st.form_submit_button("Choose questions", type="primary")

if submitted:
    try:
        setup = InterviewSetup(
            job_role=job_role,
            level=level,
            interview_type=interview_type,
            difficulty=difficulty,
            tech_stack=tech_stack,
            focus_areas=focus_areas,
            company=company,
            job_description=job_description,
            question_count=question_count,
        )
        with services().database.session() as session:
            interview = plan_interview(
                session=session, engine=services().engine, owner_id=current_owner_id(), setup=setup
            )
        st.session_state.setup_interview_id = interview.id
    except ValidationError as error:
        st.error(validation_message(error, LABELS))
    except CoachError as error:
        st.error(str(error))

interview_id = st.session_state.get("setup_interview_id")
if interview_id is not None:
    try:
        with services().database.session() as session:
            interview = repository.get_interview(
                session=session, owner_id=current_owner_id(), interview_id=interview_id
            )
            questions = repository.list_questions(
                session=session, owner_id=current_owner_id(), interview_id=interview_id
            )
    except CoachError as error:
        st.error(str(error))
    else:
        minutes = sum(question.time_allocation_s for question in questions) / 60
        st.subheader(interview.title)
        st.markdown(f"**{len(questions)} questions**, about **{minutes:.0f} minutes**.")
        for number, question in enumerate(questions, 1):
            with st.container(border=True, key=f"setup_question_{number}"):
                st.caption(f"{number}. {_label(question.question_type)} · {question.difficulty}")
                st.markdown(plain(question.text))
