"""The criteria each question type is scored on. Every engine scores the same criteria, so
scores from the offline evaluator and from Gemini can be compared and charted together."""

from interview_core.domain import QuestionType

CRITERIA: dict[QuestionType, tuple[str, ...]] = {
    QuestionType.TECHNICAL: ("relevance", "key_point_coverage", "depth", "clarity"),
    QuestionType.CODING: ("relevance", "key_point_coverage", "depth", "clarity"),
    QuestionType.SYSTEM_DESIGN: ("relevance", "key_point_coverage", "depth", "structure", "clarity"),
    QuestionType.BEHAVIORAL: ("relevance", "key_point_coverage", "structure", "specificity", "clarity"),
    QuestionType.HR: ("relevance", "key_point_coverage", "specificity", "clarity"),
}


def criteria_for(question_type: QuestionType) -> list[str]:
    return list(CRITERIA[question_type])
