"""Resumes and job descriptions: PDF text read safely in a child process (`pdf_text`), the
profile read from it (`profile`), and resumes kept per owner (`store`).

May import: the foundation modules, storage and media.
"""
