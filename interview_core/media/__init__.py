"""Recordings and files: the `MediaStore` protocol with the local folder (`store`) and Cloudinary
(`cloudinary`) beside it, and moving recordings kept locally up to Cloudinary (`sync`).

May import: the foundation modules and storage.
"""
