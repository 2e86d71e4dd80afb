"""Runtime folders are made on start-up; a path that cannot be made is named in one sentence."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from thongsuot.core.runtime import RuntimeFolderError, ensure_runtime_folders

SRC = str(Path(__file__).resolve().parents[2] / "src")


def test_missing_folders_are_created(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "fresh" / "var"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "fresh" / "var" / "media"
    ensure_runtime_folders()
    assert settings.VAR_DIR.is_dir() and settings.PRIVATE_MEDIA_ROOT.is_dir()


def test_a_file_where_a_folder_should_be_is_named(settings, tmp_path):
    blocker = tmp_path / "var"
    blocker.write_text("")
    settings.VAR_DIR = blocker
    with pytest.raises(RuntimeFolderError, match="không phải là thư mục") as raised:
        ensure_runtime_folders()
    assert str(blocker) in str(raised.value)


def _cli(var_dir: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "THONGSUOT_VAR_DIR": var_dir, "PYTHONPATH": SRC}
    env.pop("THONGSUOT_DATABASE_URL", None)
    env.pop("THONGSUOT_MEDIA_ROOT", None)
    return subprocess.run([sys.executable, "-m", "thongsuot", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_command_line_says_which_folder_cannot_be_made_without_a_traceback(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    result = _cli(str(blocker / "var"), "check")
    assert result.returncode == 1
    assert "Không tạo được thư mục dữ liệu" in result.stderr and str(blocker / "var") in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fresh_var_folder_is_made_by_the_first_command(tmp_path):
    var = tmp_path / "clone" / "var"
    result = _cli(str(var), "migrate", "--no-input", "-v0")
    assert result.returncode == 0, result.stderr
    assert (var / "thongsuot.sqlite3").is_file() and (var / "media").is_dir()
