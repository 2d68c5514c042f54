"""The installed package: its samples, version, entry points, and the viewer's start-up
messages that need no PySide6."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

import provenance
from provenance import ProvenanceError, bundled

from .conftest import SAMPLES

try:
    DIST: importlib.metadata.Distribution | None = importlib.metadata.distribution(
        "provenance-tracer")
except importlib.metadata.PackageNotFoundError:  # a checkout on PYTHONPATH
    DIST = None
needs_install = pytest.mark.skipif(DIST is None, reason="provenance-tracer is not installed "
                                   "(pip install -e .)")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd)


def test_the_samples_are_the_samples_folder_s_stories():
    assert provenance.sample_names() == tuple(sorted(p.stem for p in SAMPLES.glob("*.json")))
    story = provenance.load(provenance.sample_path())
    assert story.title == "Reported US-Russian joint strike in Syria"
    assert provenance.sample_path("circular-sourcing.json").name == "circular-sourcing.json"


def test_an_unknown_sample_names_the_ones_there_are():
    with pytest.raises(ProvenanceError, match='no sample "nope"; the samples are circular'):
        provenance.sample_path("nope")


def test_a_checkout_without_an_install_finds_the_samples_beside_the_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "provenance.samples", None)  # not importable
    assert provenance.sample_path().parent == Path(bundled.__file__).resolve().parent.parent \
        / "samples"
    assert "syria-joint-strike" in provenance.sample_names()


def test_installed_samples_are_package_data():
    try:
        import provenance.samples as data
    except ImportError:
        pytest.skip("provenance is imported from a source tree, whose samples are the "
                    "samples/ folder (checked above), not from an install")
    assert provenance.sample_path().parent == Path(data.__file__).parent


@needs_install
def test_version_is_the_installed_distribution_s(tmp_path):
    assert DIST is not None
    assert provenance.__version__ == DIST.version
    done = run("-m", "provenance", "--version", cwd=tmp_path)
    assert done.stdout.strip() == f"provenance {DIST.version}"


@needs_install
def test_entry_points_resolve_to_this_project_s_packages():
    assert DIST is not None
    scripts = {ep.name: ep for ep in DIST.entry_points if ep.group == "console_scripts"}
    assert scripts["provenance-gui"].value == "provenance_gui.app:main"
    assert scripts["provenance"].value == "provenance.__main__:main"
    assert all(callable(ep.load()) for ep in scripts.values())
    assert DIST.metadata["License-Expression"] == "MIT"


def test_the_viewer_reports_its_version_without_qt(tmp_path):
    done = run("-c", "import sys; sys.modules['PySide6'] = None; import runpy; "
               "sys.argv = ['provenance-gui', '--version']; "
               "runpy.run_module('provenance_gui', run_name='__main__')", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"provenance-gui {provenance.__version__}"


def test_the_viewer_without_pyside6_names_the_extra(tmp_path):
    done = run("-c", "import sys; sys.modules['PySide6'] = None; import runpy; "
               "sys.argv = ['provenance-gui']; "
               "runpy.run_module('provenance_gui', run_name='__main__')", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == ("provenance-gui: the viewer needs PySide6, which is not installed: "
                           "pip install 'provenance-tracer[gui]'\n")


def test_the_licence_file_is_the_declared_one():
    text = (SAMPLES.parent / "LICENSE").read_text("utf-8")
    assert text.startswith("MIT License") and "the provenance authors" in text


def test_pyside6_that_cannot_load_a_system_library_names_the_debian_package(monkeypatch):
    import builtins

    from provenance_gui import startup

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name.startswith("PySide6"):  # what a machine without libEGL raises
            raise ImportError("libEGL.so.1: cannot open shared object file: No such file or "
                              "directory")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    assert startup.pyside_problem() == ("PySide6 cannot load: missing libEGL.so.1 "
                                        "(Debian/Ubuntu: sudo apt-get install libegl1)")


def test_the_wheel_declares_every_package_of_the_library():
    """A package folder missing from pyproject.toml's list works from a checkout and an
    editable install, and is absent from the wheel: every import of it fails there."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    root = Path(__file__).resolve().parent.parent
    declared = set(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
                   ["packages"])
    found = {".".join(path.parent.relative_to(root).parts)
             for path in (root / "provenance").rglob("__init__.py")
             if "__pycache__" not in path.parts}
    assert found <= declared, f"not declared in pyproject.toml: {sorted(found - declared)}"
