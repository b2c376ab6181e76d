"""./dev's virtualenv: one left by another Python, or whose interpreter is gone, is replaced; a
current one is kept (and with it the install stamp that saves a reinstall)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
THIS_PYTHON = "{}.{}".format(*sys.version_info[:2])


def dev(function: str, *, venv: Path, python: str = sys.executable):
    """Call one of ./dev's shell functions (./dev defines them and runs nothing when sourced)."""
    return subprocess.run(
        ["bash", "-c", f'cd "$1" && source ./dev && {function}', "bash", str(ROOT)],
        env=dict(os.environ, VENV=str(venv), PYTHON=python),
        capture_output=True,
        text=True,
        timeout=300,
    )


def venv_python_version(venv: Path) -> str:
    return subprocess.run(
        [venv / "bin" / "python", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def real_venv(venv: Path) -> None:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True, timeout=120)


def fake_venv(venv: Path, interpreter_text: str | None) -> None:
    """A venv whose bin/python is a script (another Python) or, with None, a dangling link."""
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text(f"home = {venv.parent / 'gone'}\n")
    (venv / ".install-stamp").write_text("stamp of the old install\n")
    python = venv / "bin" / "python"
    if interpreter_text is None:
        python.symlink_to(venv.parent / "gone" / "python3.9")
    else:
        python.write_text(interpreter_text)
        python.chmod(0o755)


def test_venv_of_the_same_python_is_kept_with_its_stamp(tmp_path):
    venv = tmp_path / ".venv"
    created = dev("ensure_venv", venv=venv)
    (venv / ".install-stamp").write_text("stamp\n")

    again = dev("ensure_venv && venv_is_current", venv=venv)

    assert created.returncode == 0, created.stderr
    assert again.returncode == 0, again.stderr
    assert "Replacing" not in again.stdout
    assert (venv / ".install-stamp").read_text() == "stamp\n"


def test_venv_made_by_another_python_version_is_replaced(tmp_path):
    venv = tmp_path / ".venv"
    fake_venv(venv, '#!/bin/sh\necho "2.7 /opt/python2.7"\n')
    assert dev("venv_is_current", venv=venv).returncode == 1

    result = dev("ensure_venv", venv=venv)

    assert result.returncode == 0, result.stderr
    assert "Replacing" in result.stdout
    assert venv_python_version(venv) == THIS_PYTHON
    assert not (venv / ".install-stamp").exists()


def test_venv_whose_interpreter_was_removed_is_replaced(tmp_path):
    venv = tmp_path / ".venv"
    fake_venv(venv, None)
    assert dev("venv_is_current", venv=venv).returncode == 1

    result = dev("ensure_venv", venv=venv)

    assert result.returncode == 0, result.stderr
    assert "Replacing" in result.stdout
    assert venv_python_version(venv) == THIS_PYTHON
    assert not (venv / ".install-stamp").exists()


def test_venv_is_stale_when_another_python_is_asked_for(tmp_path):
    venv = tmp_path / ".venv"
    real_venv(venv)
    other = tmp_path / "python3.99"
    other.write_text('#!/bin/sh\necho "3.99 /opt/python3.99"\n')
    other.chmod(0o755)

    assert dev("venv_is_current", venv=venv).returncode == 0
    assert dev("venv_is_current", venv=venv, python=str(other)).returncode == 1


def test_unrunnable_python_is_an_error_that_names_it(tmp_path):
    venv = tmp_path / ".venv"
    dev("ensure_venv", venv=venv)

    missing = tmp_path / "no-such-python"
    result = dev("venv_is_current", venv=venv, python=str(missing))

    assert result.returncode == 1
    assert result.stderr.startswith(f"error: PYTHON={missing} does not run;")
