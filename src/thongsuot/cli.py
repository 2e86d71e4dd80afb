"""The `thongsuot` console script: Django's manage.py, with hyphenated command names.

`thongsuot seed-demo` and `thongsuot seed_demo` are the same command; the hyphenated
spelling is the documented one.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongsuot.config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
