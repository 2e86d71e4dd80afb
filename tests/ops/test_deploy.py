"""The production files in deploy/ and docs/deploy.md agree with each other and with the code."""

import configparser
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
DOC = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
SETTINGS = "".join((ROOT / "src" / "thongsuot" / "config" / name).read_text(encoding="utf-8")
                   for name in ("settings.py", "api_settings.py"))
UNITS = sorted((DEPLOY / "systemd").iterdir())
SCHEDULED = ("escalate-overdue", "remind", "recompute-allowances", "backup", "audit-checkpoint",
             "dossier-partitions")


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def thongsuot_command(exec_start: str) -> tuple[str, list[str]]:
    """Return the command name and arguments of `…/venv/bin/thongsuot <command> …`."""
    words = exec_start.split()
    assert words[0] == "/srv/thongsuot/venv/bin/thongsuot", exec_start
    return words[1], words[2:]


def production_env(tmp_path) -> dict:
    # A clean environment: the test run's own (DJANGO_ALLOW_ASYNC_UNSAFE, set for the browser tests,
    # is itself a deploy error) must not leak into what a server would see.
    return {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "HOME": str(tmp_path), "THONGSUOT_PRODUCTION": "1", "THONGSUOT_SECRET_KEY": secrets.token_urlsafe(50),
            "THONGSUOT_AUDIT_KEY": secrets.token_urlsafe(48),
            "THONGSUOT_ALLOWED_HOSTS": "thongsuot.example.gov.vn",
            "THONGSUOT_CSRF_TRUSTED_ORIGINS": "https://thongsuot.example.gov.vn",
            "THONGSUOT_VAR_DIR": str(tmp_path / "var"), "PYTHONPATH": str(ROOT / "src")}


def test_check_deploy_prints_no_warning_with_the_readme_variables(tmp_path):
    """`check --deploy` with the README's production variables finds no issue (W021 is a decision)."""
    result = subprocess.run([sys.executable, "-m", "thongsuot", "check", "--deploy"], cwd=ROOT,
                            env=production_env(tmp_path), capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (1 silenced)." in output, output
    assert "WARNING" not in output


def test_check_deploy_warns_nothing_when_preload_is_chosen(tmp_path):
    """With THONGSUOT_HSTS_PRELOAD=1 nothing needs silencing."""
    env = {**production_env(tmp_path), "THONGSUOT_HSTS_PRELOAD": "1"}
    result = subprocess.run([sys.executable, "-m", "thongsuot", "check", "--deploy"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert "System check identified no issues (0 silenced)." in result.stdout + result.stderr


def test_every_file_the_doc_names_is_shipped():
    """Each deploy/… path in docs/deploy.md exists, and each file in deploy/ is in the doc."""
    named = set(re.findall(r"deploy/([\w./*-]*[\w*])", DOC)) - {"md"}  # not docs/deploy.md itself
    # The table's first column, relative to deploy/; "`systemd/x.service`, `.timer`" names both.
    file_table = DOC.split("| file in `deploy/` |")[1].split("\n\n")[0]
    for cell in re.findall(r"^\| (`[^|]+`) \|", file_table, re.MULTILINE):
        names = re.findall(r"`([^`]+)`", cell)
        named |= {names[0], *(names[0].rsplit(".", 1)[0] + suffix for suffix in names[1:])}
    assert len(named) > 10, named
    shipped = {str(path.relative_to(DEPLOY)) for path in DEPLOY.rglob("*") if path.is_file()}
    for name in named:
        if "*" in name:  # cp deploy/systemd/thongsuot-* …
            assert list(DEPLOY.glob(name)), f"docs/deploy.md copies deploy/{name}, which matches nothing"
        else:
            assert name in shipped, f"docs/deploy.md names deploy/{name}, which is not shipped"
    assert shipped - named == set(), "files in deploy/ the doc does not describe"


def test_services_run_real_commands_as_the_service_user():
    """Every unit runs a real command of the project, as `thongsuot`, with /etc/thongsuot/env."""
    commands = get_commands()
    missing = []
    for path in UNITS:
        if path.suffix != ".service":
            continue
        service = unit(path)["Service"]
        assert service["User"] == "thongsuot", path.name
        assert service["EnvironmentFile"] == "/etc/thongsuot/env", path.name
        assert service["NoNewPrivileges"] == "yes" and service["ProtectSystem"] == "strict", path.name
        assert service["PrivateTmp"] == "yes", path.name
        assert "/srv/thongsuot/var" in service["ReadWritePaths"].split(), path.name
        if path.name == "thongsuot-web.service":
            assert "gunicorn thongsuot.config.wsgi:application" in service["ExecStart"]
            continue
        name, _ = thongsuot_command(service["ExecStart"])
        if name.replace("-", "_") not in commands:
            missing.append(name)
    assert not missing, f"units run commands that do not exist: {missing}"


def test_each_scheduled_job_has_a_timer_and_a_cron_line_with_the_same_time():
    """The timers and the crontab run the same jobs at the same times."""
    cron = {}
    for line in (DEPLOY / "crontab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "thongsuot-manage" in line:
            minute, hour, dom, month, dow, user, *command = line.split()
            assert user == "thongsuot"
            cron[command[1]] = (minute, hour, dom, month, dow, command[1:command.index("2>&1")])
    for job in SCHEDULED:
        timer = unit(DEPLOY / "systemd" / f"thongsuot-{job}.timer")["Timer"]
        assert timer["Unit"] == f"thongsuot-{job}.service"
        assert timer["Persistent"] == "true"
        date, time, zone = timer["OnCalendar"].split()
        assert zone == "Asia/Ho_Chi_Minh"
        hour, minute, _ = time.split(":")
        day = date.split("-")[2]
        minute_c, hour_c, dom_c, month_c, dow_c, command = cron[job]
        assert (int(minute_c), int(hour_c)) == (int(minute), int(hour)), job
        assert dom_c == ("*" if day == "*" else str(int(day))) and month_c == dow_c == "*", job
        service_command = unit(DEPLOY / "systemd" / f"thongsuot-{job}.service")["Service"]["ExecStart"].split()[1:]
        assert command == service_command, job
    assert "send-mail" in cron, "cron replaces thongsuot-mail.service"
    assert unit(DEPLOY / "systemd" / "thongsuot-mail.service")["Service"]["ExecStart"].split()[1:] == [
        "send-mail", "--watch"]


def test_the_doc_enables_every_unit_it_ships():
    for path in UNITS:
        if path.suffix == ".timer" or path.name in ("thongsuot-web.service", "thongsuot-mail.service"):
            assert path.name in DOC, f"docs/deploy.md does not enable {path.name}"


def test_every_variable_in_env_example_is_read_by_settings():
    """A variable in /etc/thongsuot/env that settings.py never reads would be a setting that does nothing."""
    names = re.findall(r"^#?(THONGSUOT_[A-Z0-9_]+)=", (DEPLOY / "env.example").read_text(encoding="utf-8"),
                       re.MULTILINE)
    assert "THONGSUOT_SECRET_KEY" in names and "THONGSUOT_HSTS_PRELOAD" in names
    for name in names:
        assert f'"{name}"' in SETTINGS, f"{name} is not read in the settings"


def test_env_example_sets_what_the_units_and_nginx_expect():
    env = dict(re.findall(r"^(THONGSUOT_[A-Z0-9_]+)=(\S*)$", (DEPLOY / "env.example").read_text(encoding="utf-8"),
                          re.MULTILINE))
    assert env["THONGSUOT_PRODUCTION"] == "1"
    assert env["THONGSUOT_VAR_DIR"] == "/srv/thongsuot/var"
    assert env["THONGSUOT_STATIC_ROOT"] == "/srv/thongsuot/static"
    # nginx on the same server forwards from loopback; its X-Forwarded-For must be believed.
    assert set(env["THONGSUOT_TRUSTED_PROXIES"].split(",")) >= {"127.0.0.1", "::1"}


def test_nginx_site_matches_the_platform():
    """Upload limit just above THONGSUOT_UPLOAD_MAX_BYTES; /healthz not redirected; hashed static cached for a year."""
    from django.conf import settings

    site = (DEPLOY / "nginx" / "thongsuot.conf").read_text(encoding="utf-8")
    limit_mb = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))
    assert settings.UPLOAD_MAX_BYTES <= limit_mb * 1024 * 1024 <= settings.UPLOAD_MAX_BYTES + 2 * 1024 * 1024
    plain_http = site.split("listen 443")[0]
    assert "location = /healthz" in plain_http and "return 301 https://" in plain_http
    assert 'Cache-Control "public, max-age=31536000, immutable"' in site
    for header in ("X-Forwarded-Proto $scheme", "X-Forwarded-For $proxy_add_x_forwarded_for", "Host $host"):
        assert f"proxy_set_header {header};" in site
    assert re.search(r"gzip_types[^;]*application/json[^;]*text/css[^;]*javascript[^;]*image/svg\+xml", site)
    assert "proxy_pass http://thongsuot_app;" in site and "server 127.0.0.1:8000;" in site
    web = unit(DEPLOY / "systemd" / "thongsuot-web.service")["Service"]["ExecStart"]
    assert "--bind 127.0.0.1:8000" in web
    gunicorn_timeout = int(re.search(r"--timeout (\d+)", web).group(1))
    assert f"proxy_read_timeout {gunicorn_timeout}s;" in site
    assert re.search(r"^server_tokens off;$", site, re.M), "nginx must not announce its version (ASVS 14.3.3)"


#: What Debian 12's /etc/nginx/nginx.conf sets in `http {}` around `include sites-enabled/*`: the site
#: must not repeat any of it at the same level (nginx refuses a duplicate `gzip on;`).
DEBIAN_HTTP = """ sendfile on;
 tcp_nopush on;
 types_hash_max_size 2048;
 default_type application/octet-stream;
 ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
 ssl_prefer_server_ciphers on;
 gzip on;
"""


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_site(tmp_path):
    """`nginx -t` on the shipped site, with a throwaway certificate in place of the real one."""
    site = (DEPLOY / "nginx" / "thongsuot.conf").read_text(encoding="utf-8")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=thongsuot.example.gov.vn", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    site = (site.replace("/etc/ssl/thongsuot/fullchain.pem", str(cert))
            .replace("/etc/ssl/thongsuot/privkey.pem", str(key))
            .replace("/var/log/nginx/", f"{tmp_path}/"))
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    temp_paths = "".join(f" {kind}_temp_path {tmp_path}/{kind};\n"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n access_log {tmp_path}/access.log;\n{temp_paths}{DEBIAN_HTTP}"
        f" include {tmp_path}/site.conf;\n}}\n", encoding="utf-8")
    result = subprocess.run(["nginx", "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "[warn]" not in result.stderr, result.stderr


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units(tmp_path):
    """`systemd-analyze verify` on every unit, with the paths they name stubbed out in a scratch root."""
    root = tmp_path / "root"
    for executable in ("srv/thongsuot/venv/bin/gunicorn", "srv/thongsuot/venv/bin/thongsuot", "bin/kill"):
        path = root / executable
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
    units = root / "etc" / "systemd" / "system"
    units.mkdir(parents=True)
    for path in UNITS:
        text = path.read_text(encoding="utf-8")
        text = text.replace("/srv/thongsuot/venv/bin/", f"{root}/srv/thongsuot/venv/bin/")
        (units / path.name).write_text(text, encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *sorted(str(p) for p in units.iterdir())],
                            capture_output=True, text=True,
                            env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"})
    # Outside a booted systemd (containers, CI), verify cannot reach the manager; skip then.
    if "Failed to" in result.stderr and "bus" in result.stderr.lower():
        pytest.skip(f"systemd-analyze cannot run here: {result.stderr.strip()[:200]}")
    problems = [line for line in result.stderr.splitlines()
                if line.strip() and "network-online.target" not in line and "postgresql.service" not in line
                and "/etc/thongsuot/env" not in line]
    assert result.returncode == 0 and not problems, result.stderr


@pytest.mark.django_db
def test_sqlite_commits_wait_for_the_disk():
    """Embedded mode: synchronous=FULL (2), so a power cut cannot take back an acknowledged commit."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2
