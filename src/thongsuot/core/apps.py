from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thongsuot.core"
    verbose_name = "Dùng chung"

    def ready(self):
        # Before any command or request opens the SQLite file or stores an upload.
        from thongsuot.core import validators
        from thongsuot.core.runtime import ensure_runtime_folders

        ensure_runtime_folders()
        # Every form and API text field refuses control characters (core/validators.py).
        validators.install()
