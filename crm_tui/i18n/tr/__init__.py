"""Turkish catalog: every module here defines ``MESSAGES = {english: turkish}``."""
