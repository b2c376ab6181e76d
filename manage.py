#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cco_council.settings")
    # A checkout with no SECRET_KEY in the environment is a developer's: run in debug mode
    # there. Production always sets SECRET_KEY, so DEBUG stays off there unless asked for.
    if "SECRET_KEY" not in os.environ:
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
