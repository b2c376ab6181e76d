"""Logging pieces the settings' LOGGING refers to."""

import logging


class ClientErrorAsOneLine(logging.Filter):
    """Turn a record about a client's bad request into one WARNING line without a traceback.

    Django logs a refused Host header at ERROR with the exception's traceback; scanners send
    thousands of them, and each would fill the log with a traceback that says nothing about our
    code (and, at ERROR, would mail the admins). The message already names the host.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno = logging.WARNING
        record.levelname = logging.getLevelName(logging.WARNING)
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
