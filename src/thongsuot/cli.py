"""The `thongsuot` console script: Django's manage.py, with hyphenated command names.

`thongsuot seed-demo` and `thongsuot seed_demo` are the same command; the hyphenated
spelling is the documented one.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongsuot.config.settings")
    from django.core.management import execute_from_command_line

    from thongsuot.core.runtime import RuntimeFolderError, ensure_runtime_folders

    argv = list(sys.argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    try:
        # Checked here too, not only in CoreConfig.ready(): runserver's reloader runs ready() in a
        # thread whose error it prints as a traceback and then waits.
        ensure_runtime_folders()
        execute_from_command_line(argv)
    except RuntimeFolderError as error:
        # A setup problem the user fixes with one variable: say it, without a traceback.
        sys.stderr.write(f"Thông Suốt: {error}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
