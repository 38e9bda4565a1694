"""Speech: speech to text (faster-whisper with the shipped tiny.en model), the live audio
pipeline that turns a stream of frames into transcribed segments, when a speaker's turn is over
(`turns`), and the interviewer's voice (`voice`).

May import: the foundation modules.
"""
