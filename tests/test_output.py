"""Where writes go (provenance.output): atomically, through links, into devices,
never over a read-only file or an input."""

from __future__ import annotations

import json
import os

import pytest

import provenance
from provenance import ProvenanceError
from provenance.output import write_atomic
from tests.files.documents import good


def test_a_crash_mid_save_leaves_the_old_file_intact(tmp_path):
    out = tmp_path / "story.json"
    out.write_text("old content", "utf-8")

    def crash(handle):
        handle.write(b"half a fil")
        raise KeyboardInterrupt  # the process dies mid-write

    with pytest.raises(KeyboardInterrupt):
        write_atomic(out, crash)
    assert out.read_text("utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["story.json"]


def _read_fifo_in_background(path):
    import threading

    got: list[bytes] = []

    def read():
        with open(path, "rb") as handle:
            got.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader, got


def test_a_write_onto_a_fifo_goes_into_it(tmp_path):
    import stat

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader, got = _read_fifo_in_background(fifo)
    write_atomic(fifo, b"through the pipe")
    reader.join(10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_a_write_onto_a_character_device_goes_into_it(tmp_path):
    import stat

    null = tmp_path / "null"
    try:  # a /dev/null of our own: the real one is never touched
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs CAP_MKNOD")
    try:
        open(null, "wb").close()
    except OSError:
        pytest.skip("device nodes cannot be opened on this file system (nodev)")
    provenance.save(provenance.loads(json.dumps(good())), null)
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert os.lstat(null).st_rdev == os.makedev(1, 3)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="no /proc/self/fd here")
def test_a_write_to_dev_stdout_goes_into_the_redirected_file(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "out.txt"
    # A /dev/stdout of our own (the same link): a regression must not replace the real one.
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    code = ("from provenance.output import write_atomic; "
            f"write_atomic({str(stdout)!r}, b'hello')")
    with open(out, "wb") as handle:
        inode = os.fstat(handle.fileno()).st_ino
        done = subprocess.run([sys.executable, "-c", code], stdout=handle, stderr=subprocess.PIPE,
                              timeout=60)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == b"hello"
    assert os.stat(out).st_ino == inode  # written into, not replaced


def test_a_write_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old", "utf-8")
    os.chmod(target, 0o640)
    (tmp_path / "sub").mkdir()
    alias = tmp_path / "sub" / "alias.json"
    alias.symlink_to(os.path.join("..", "real.json"))
    write_atomic(alias, b"new")
    assert alias.is_symlink() and os.readlink(alias) == os.path.join("..", "real.json")
    assert target.read_bytes() == b"new"
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["alias.json", "real.json", "sub"]


def test_a_dangling_symlink_creates_its_target(tmp_path):
    alias = tmp_path / "alias.json"
    alias.symlink_to("made.json")
    write_atomic(alias, b"x")
    assert alias.is_symlink() and (tmp_path / "made.json").read_bytes() == b"x"


def test_a_read_only_file_is_refused_even_for_root(tmp_path):
    out = tmp_path / "story.json"
    out.write_text("keep me", "utf-8")
    os.chmod(out, 0o444)
    with pytest.raises(ProvenanceError, match="read-only"):
        provenance.save(provenance.loads(json.dumps(good())), out)
    assert out.read_text("utf-8") == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["story.json"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="giving a file to another owner needs root")
def test_the_old_files_owner_is_kept(tmp_path):
    out = tmp_path / "story.json"
    out.write_text("{}", "utf-8")
    os.chown(out, 4321, 4322)
    os.chmod(out, 0o664)
    provenance.save(provenance.loads(json.dumps(good())), out)
    st = os.stat(out)
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (4321, 4322, 0o664)
    assert provenance.load(out).title == "Test story"


@pytest.mark.parametrize("name, reason", [("", "empty"), ("sub/", "folder"), ("sub", "folder"),
                                          ("missing/x.json", "no folder")])
def test_a_name_that_is_no_file_is_a_clear_error(tmp_path, monkeypatch, name, reason):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    with pytest.raises(ProvenanceError, match=reason):
        write_atomic(name, b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["sub"]
    assert list((tmp_path / "sub").iterdir()) == []


def test_the_input_file_is_refused_however_it_is_named(tmp_path, monkeypatch):
    from provenance.output import check_output, write_file

    story = tmp_path / "s.json"
    story.write_text("{}", "utf-8")
    (tmp_path / "link.json").symlink_to("s.json")
    os.link(story, tmp_path / "hard.json")
    monkeypatch.chdir(tmp_path)
    for name in ["s.json", "./s.json", str(story), "link.json", "hard.json",
                 f"../{tmp_path.name}/s.json"]:
        with pytest.raises(ProvenanceError, match="is the input file"):
            check_output(name, inputs=[str(story)])
        with pytest.raises(ProvenanceError, match="is the input file"):
            write_file(name, b"x", inputs=["link.json"])
    assert story.read_text("utf-8") == "{}"
    check_output("other.json", inputs=[str(story)])  # a new file is fine
