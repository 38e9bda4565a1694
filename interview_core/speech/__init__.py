"""Speech: speech to text (faster-whisper with the shipped tiny.en model) and the live audio
pipeline that turns a stream of frames into transcribed segments.

May import: the foundation modules.
"""
