"""Folders a grading worker keeps for its whole life, under the system's temporary folder.

A worker of the local pool can end without cleaning up (it is stopped, or killed with its job), so each
folder is named after its worker's process id, and a new one first removes those of workers that are gone.
"""
import atexit
import os
import shutil
import tempfile
from pathlib import Path


def worker_folder(prefix):
    """A new folder `<prefix><process id>-<random>`, removed when this process exits normally."""
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*-*"):
        pid = folder.name[len(prefix):].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
    folder = tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-")
    os.chmod(folder, 0o755)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True
