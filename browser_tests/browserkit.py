"""The browser test's machinery: JupyterLab on loopback and the processes it leaves behind.

Everything runs in one scratch folder; its path is in the command line of every process
started here (JupyterLab, its kernels, Chromium), so teardown can find and end exactly those.
"""
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from instructor import course  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO / "browser-screenshots"
SELF_CHECK_CELL = "from utils.selfcheck import self_check\nself_check()"


def runs_self_check(source):
    """True for the source of a code cell that runs the students' self-check (a release notebook may end with one)."""
    return "utils.selfcheck" in source and "self_check(" in source


def released_assignments():
    return [a for a in course.assignments() if (REPO / "release" / a.name / a.notebook).exists()]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_json(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1))


class JupyterLab:
    def __init__(self, scratch, root_dir, extra_env=None):
        self.scratch = scratch
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = scratch / "jupyterlab.log"
        config, settings = scratch / "jupyter-config", scratch / "lab-settings"
        # No news, no update check, no extension manager; every cell in the page (no virtual scrolling).
        write_json(config / "labconfig" / "page_config.json", {"disabledExtensions": {
            "@jupyterlab/apputils-extension:announcements": True,
            "@jupyterlab/extensionmanager-extension:plugin": True}})
        write_json(settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings",
                   {"windowingMode": "none", "scrollPastEnd": False})
        write_json(settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings",
                   {"checkForUpdates": False, "fetchNews": "false"})
        env = {k: v for k, v in os.environ.items()
               if k not in ("NBGRADER_EXECUTION", "MPLBACKEND", "PYTHONPATH", "JPY_SESSION_NAME")}
        env.update(JUPYTER_CONFIG_DIR=str(config), JUPYTER_RUNTIME_DIR=str(scratch / "jupyter-runtime"),
                   JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTERLAB_WORKSPACES_DIR=str(scratch / "workspaces"),
                   JUPYTER_PLATFORM_DIRS="1", PYTHONWARNINGS="ignore")
        env.update(extra_env or {})  # e.g. the course folder and gradebook nbgrader is to read
        command = [str(Path(sys.executable).parent / "jupyter-lab"), "--no-browser", "--ip=127.0.0.1",
                   f"--port={self.port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
                   f"--ServerApp.root_dir={root_dir}", "--allow-root", "--LabApp.expose_app_in_browser=True",
                   "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                   "--ServerApp.shutdown_no_activity_timeout=3600", "--MappingKernelManager.cull_idle_timeout=0"]
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, env=env,
                                        cwd=str(root_dir), start_new_session=True)
        self.wait_ready()

    def api(self, method, path, timeout=30):
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def wait_ready(self, timeout=180):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited ({self.process.returncode}):\n{self.log_path.read_text()}")
            try:
                self.api("GET", "/api/status", timeout=5)
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.5)
        raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n{self.log_path.read_text()}")

    def shutdown_kernels(self):
        try:
            for session in self.api("GET", "/api/sessions"):
                self.api("DELETE", f"/api/sessions/{session['id']}")
            for kernel in self.api("GET", "/api/kernels"):
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
        except (urllib.error.URLError, OSError):
            pass

    def stop(self):
        self.shutdown_kernels()
        try:
            self.api("POST", "/api/shutdown", timeout=10)
        except (urllib.error.URLError, OSError):
            pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
        self.log.close()


def processes_mentioning(text):
    """PIDs of live processes (not this one) whose command line contains `text`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = next((l for l in (entry / "status").read_text().splitlines() if l.startswith("State:")), "")
        except OSError:
            continue
        if text in cmdline and "zombie" not in state:
            found.append(int(entry.name))
    return found


def end_leftovers(scratch):
    """Ends the processes this session started that are still running; returns how many there were."""
    leftovers = processes_mentioning(str(scratch))
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in leftovers:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        time.sleep(2)
        leftovers = [pid for pid in leftovers if pid in processes_mentioning(str(scratch))]
    return leftovers


