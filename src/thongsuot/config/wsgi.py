import os
import sys

from django.core.wsgi import get_wsgi_application

from thongsuot.core.runtime import RuntimeFolderError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongsuot.config.settings")
try:
    application = get_wsgi_application()
except RuntimeFolderError as error:
    sys.stderr.write(f"Thông Suốt: {error}\n")
    sys.exit(1)
