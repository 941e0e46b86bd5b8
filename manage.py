#!/usr/bin/env python
"""Django's command line. With DATABASE_URL unset, settings start the embedded PostgreSQL."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "psoas_tracker.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
