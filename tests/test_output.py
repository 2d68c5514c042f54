"""Where writes go (provenance.output): atomically, through links, into devices,
never over a read-only file or an input."""

from __future__ import annotations

import json
import os

import pytest

import provenance
from provenance import ProvenanceError
from provenance.output import WriteCancelled, cancellable, write_atomic
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


# ----------------------------------------------------------------- cancellable writes
def test_a_write_cancelled_before_it_goes_into_place_leaves_no_file(tmp_path):
    out = tmp_path / "chain.png"
    wrote = []

    def render(handle):
        handle.write(b"the whole drawing")
        wrote.append(True)

    with pytest.raises(WriteCancelled), cancellable(lambda: True):
        write_atomic(out, render)
    assert wrote == [True]  # the work was done, then the file was not put in place
    assert list(tmp_path.iterdir()) == []  # nor its temporary file


def test_a_cancelled_write_keeps_the_old_file(tmp_path):
    out = tmp_path / "page.html"
    out.write_text("the old page", "utf-8")
    with pytest.raises(WriteCancelled), cancellable(lambda: True):
        write_atomic(out, b"the new page")
    assert out.read_text("utf-8") == "the old page"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_the_check_comes_after_the_content_is_written(tmp_path):
    out = tmp_path / "chain.svg"
    stopped = []  # the user presses Cancel while the drawing renders

    def render(handle):
        handle.write(b"<svg/>")
        stopped.append(True)

    with pytest.raises(WriteCancelled), cancellable(lambda: bool(stopped)):
        write_atomic(out, render)
    assert not out.exists()


def test_a_write_not_cancelled_is_written_and_the_check_ends_with_the_block(tmp_path):
    out = tmp_path / "story.json"
    asked = []
    with cancellable(lambda: asked.append(1) or False):
        write_atomic(out, b"{}")
    assert out.read_bytes() == b"{}" and asked == [1]
    with pytest.raises(WriteCancelled), cancellable(lambda: True):
        with cancellable(lambda: False):  # the innermost check decides
            write_atomic(out, b"inner")
        write_atomic(out, b"outer")
    assert out.read_bytes() == b"inner"
    write_atomic(out, b"after")  # outside any block: never cancelled
    assert out.read_bytes() == b"after"


def test_a_check_that_raises_removes_the_temporary_file(tmp_path):
    out = tmp_path / "chain.png"
    out.write_bytes(b"old")

    class Stop(Exception):
        pass

    def stop():
        raise Stop

    with pytest.raises(Stop), cancellable(stop):
        write_atomic(out, b"new")
    assert out.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["chain.png"]


def test_a_cancelled_write_into_a_fifo_writes_nothing_into_it(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(WriteCancelled), cancellable(lambda: True):
        write_atomic(fifo, b"data")  # refused before it opens (a FIFO would block)


def test_each_thread_has_its_own_check(tmp_path):
    import threading

    out = tmp_path / "other.json"
    with cancellable(lambda: True):  # this thread's job was cancelled, not the other's
        writer = threading.Thread(target=write_atomic, args=(out, b"{}"))
        writer.start()
        writer.join()
    assert out.read_bytes() == b"{}"
