"""Long work off the GUI thread: reading, analysing and laying out a story, and exports,
with the phase in the status bar, a progress bar and Cancel.

The library's work is pure Python and runs in a worker thread (a :class:`QThread`); its
result comes back by signal and the scene is built on the GUI thread, a slice at a time
between events (:func:`build_scene`). The cycle collector is off while a worker runs
(:func:`_hold_collector`). Cancel
stops waiting at once: the story shown stays, and the result of a cancelled job, should it
still come, is dropped. The job itself stops at its next phase (Python code cannot be
interrupted in the middle of one).

>>> from provenance import sample_path
>>> opened = read_story(sample_path("syria-joint-strike"))  # what the worker does
>>> opened.story.title, opened.format, opened.picture.marked
('Reported US-Russian joint strike in Syria', 'story', 'ap-tweet')
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import time
import warnings
from collections.abc import Callable, Generator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRectF, QSizeF, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QPushButton

from provenance import ProvenanceError
from provenance.analysis import Analysis, analyze
from provenance.drawing.layout import Layout
from provenance.drawing.picture import (
    Picture,
    PictureChanges,
    Prepared,
    describe,
    picture_changes,
    prepare,
)
from provenance.files.registry import input_format, load_any
from provenance.model import Story
from provenance.output import cancellable
from provenance.view import ViewState
from provenance.wording.outline import AnalysisPage, analysis_page

from .chain import ChainScene

__all__ = ["Cancelled", "Opened", "Reanalysed", "Work", "keep_out_of_collections", "read_story",
           "reanalyse",
           "write_diagram", "write_graph", "export_task", "OPEN_PHASES", "EXPORT_PHASES",
           "wait_for_workers"]

#: A phase callback: names the phase starting; raises :class:`Cancelled` when cancelled.
Step = Callable[[str], None]

#: How many phases :func:`read_story` reports (the bar's length while a story opens).
OPEN_PHASES = 4


class Cancelled(Exception):
    """Raised in a worker at its next phase once its job was cancelled."""


@dataclass(frozen=True)
class Opened:
    """A story read and made ready to show: all the library's work the window needs."""

    path: Path
    #: The input format (:func:`~provenance.files.registry.input_format`).
    format: str
    story: Story
    ready: Prepared
    #: The picture of every claim, laid out (what the scene's items paint).
    picture: Picture
    page: AnalysisPage
    #: The scene of its chain, when it was built in slices on the GUI thread.
    scene: ChainScene | None = None
    #: What the viewer shows first (the replay's times sorted: 0.05 s at 10,000 reports).
    state: ViewState | None = None


#: A continuation on the GUI thread, run a slice at a time between events: it yields
#: between slices and returns what the job's ``done`` gets.
Slices = Generator[object, None, Any]
#: How long one slice of GUI-thread work runs before the events waiting are handled.
SLICE_SECONDS = 0.015


def build_scene(opened: Opened) -> Slices:
    """Build the chain's scene a slice at a time (:data:`Slices`), each slice's items
    entered in the scene's index of where items are (with their bounding boxes: a link's
    is its stroke's outline) before the next, so that neither the index nor the first
    frame does it for every item at once. Returns ``opened`` with the scene.

    The library's objects of a story just read (but from PROV) are first put out of the
    cycle collector's reach (:func:`keep_out_of_collections`), at once: before the
    collector, off while the worker ran, is back on."""
    if opened.format in FROZEN_FORMATS:
        keep_out_of_collections()
    return _build_scene(opened)


def _build_scene(opened: Opened) -> Slices:
    scene = ChainScene(opened.story, opened.ready.analysis, opened.ready.layout,
                       picture=opened.picture, later=True)
    corner = QRectF(scene.sceneRect().topLeft(), QSizeF(1, 1))
    for _ in scene.building:
        scene.items(corner)  # indexes the items added since the last slice
        yield 0
    scene.items(corner)
    return replace(opened, scene=scene)


#: The formats whose stories are frozen once read (:func:`keep_out_of_collections`):
#: their readers leave no cycles behind, or a few hundred small objects (a workbook's,
#: tests/test_no_cycles.py). The prov package's PROV-JSON documents are a web of cycles
#: (some 100 objects a report): freezing them would keep them for good.
FROZEN_FORMATS = frozenset({"story", "csv", "xlsx"})


def keep_out_of_collections() -> None:
    """Move every object alive now out of the cycle collector's reach (``gc.freeze``).

    A story of 10,000 reports is some 250,000 objects; each full collection would go
    through all of them (0.1-0.2 s, stopping every thread: the window with it), and
    collections come every time the heap has grown by a quarter, so a large story
    stalled the window while it opened and now and then after. Frozen objects are still
    freed when dropped, by reference counting: the library's results and the viewer's
    items of a story hold no reference cycles (tests/test_no_cycles.py and the viewer's
    test that an opened story replaced by another leaves none behind), so a story replaced
    is freed as before. Called on the GUI thread when a worker has read a story (whose
    objects are then all young, the collector being off while it ran), once a story is
    shown (opened in the background or not), and when an edited story was analysed again
    in the background (:func:`reanalyse`); for the formats of :data:`FROZEN_FORMATS`."""
    gc.freeze()


def _no_step(_phase: str) -> None:
    return None


def read_story(path: str | Path, step: Step = _no_step) -> Opened:
    """Read a story file (or workbook, CSV, PROV-JSON), analyse it, lay it out and
    describe its picture, naming each phase to ``step`` first. Pure library work: it
    runs in a worker thread, or inline. Raises ProvenanceError as the reader does."""
    path = Path(path)
    step(f"Reading {path.name}…")
    story = load_any(path)
    step(f"Analysing {len(story.reports):,} reports…")
    analysis = analyze(story)
    step("Laying out the chain…")
    ready = prepare(story, analysis)
    step("Drawing the chain…")
    picture = describe(story, ready.analysis, layout=ready.layout, estimate=ready.estimate)
    page = analysis_page(story, ready.analysis, ready.estimate, ready.words)
    state = ViewState(story, ready.analysis, estimate=ready.estimate)
    return Opened(path, input_format(path), story, ready, picture, page, state=state)


@dataclass(frozen=True)
class Reanalysed:
    """An edited story analysed again, laid out from the layout before the edit, and
    described: all the library's work the window needs to show it."""

    story: Story
    ready: Prepared
    #: The picture of every claim, and of the claim lens ``claim`` (None: no lens).
    picture: Picture
    claim: str | None
    lens: Picture | None
    #: What differs between ``shown`` (the picture on screen when the work began) and
    #: the new picture on screen (``lens`` or ``picture``).
    shown: Picture
    changes: PictureChanges
    page: AnalysisPage
    #: What the viewer shows of it before the view is restored (selection, lens).
    state: ViewState


def reanalyse(story: Story, previous: Layout | None, known: Layout | None,
              claim: str | None, shown: Picture) -> Reanalysed:
    """The library's work after an edit (:class:`Reanalysed`): analysed, laid out
    keeping the cards of ``previous`` where they were (or ``known``, the layout the story
    had: an undo), described, the claim lens ``claim`` too where the story still has it,
    compared with the picture ``shown``. Pure library work: it runs in a worker thread."""
    ready = prepare(story, previous=previous, layout=known)
    picture = describe(story, ready.analysis, layout=ready.layout, estimate=ready.estimate)
    lens = None
    if claim is not None and any(c.id == claim for c in story.claims):
        lens = describe(story, ready.analysis, layout=ready.layout, claim=claim,
                        estimate=None)
    changes = picture_changes(shown, lens if lens is not None else picture)
    page = analysis_page(story, ready.analysis, ready.estimate, ready.words)
    return Reanalysed(story, ready, picture, claim if lens is not None else None, lens,
                      shown, changes, page, ViewState(story, ready.analysis,
                                                      estimate=ready.estimate))


def write_diagram(story: Story | None, path: str | os.PathLike[str],
                  analysis: Analysis | None, claim: str | None) -> Path:
    """Write the diagram through the library's renderer (as `provenance draw` does)."""
    from provenance.drawing.mpl import save_drawing

    assert story is not None
    return Path(save_drawing(story, path, analysis, claim=claim))


def write_graph(story: Story | None, path: str | os.PathLike[str], fmt: str,
                analysis: Analysis | None) -> list[str]:
    """Write the graph in an interchange format (as `provenance export` does); returns
    what the export warned of (a Mermaid skeleton, a slow DOT file)."""
    from provenance.files.registry import ExportWarning, export_to

    assert story is not None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ExportWarning)
        export_to(story, fmt, path, analysis)
    return [str(w.message) for w in caught if issubclass(w.category, ExportWarning)]


#: How many phases :func:`export_task` reports: writing, then putting the file in place.
EXPORT_PHASES = 2


def export_task(path: str | os.PathLike[str], write: Callable[[], Any]) -> Callable[[Step], Any]:
    """The task of an export: ``write()``, which writes ``path`` through the library,
    in two phases, the second just before the file goes into place
    (:func:`provenance.output.cancellable`). That is the last moment Cancel stops the
    job: a cancelled export leaves no file and no temporary one, and an old file at
    ``path`` as it was."""
    name = Path(path).name

    def task(step: Step) -> Any:
        step(f"Writing {name}…")

        def cancelled() -> bool:
            step(f"Finishing {name}…")  # raises Cancelled once the job was cancelled
            return False

        with cancellable(cancelled):
            return write()

    return task


#: Every worker thread still running (a QThread must outlive its run, even cancelled).
_RUNNING: set[_Job] = set()


class _Job(QThread):
    """One task in its own thread. Its signals carry the job's number, so that the
    answer of a job the window stopped waiting for is recognised and dropped."""

    phase = Signal(int, int, str)  # number, phases done, phase
    done = Signal(int, object)
    failed = Signal(int, object)

    def __init__(self, number: int, task: Callable[[Step], Any]) -> None:
        super().__init__()
        self.number = number
        self.task = task
        self.cancelled = False
        self._phases = 0

    def run(self) -> None:
        try:
            result = self.task(self._step)
        except Cancelled:
            return
        except BaseException as err:  # noqa: BLE001 - handed to the GUI thread, which decides
            self.failed.emit(self.number, err)
            return
        self.done.emit(self.number, result)

    def _step(self, phase: str) -> None:
        if self.cancelled:
            raise Cancelled(phase)
        self.phase.emit(self.number, self._phases, phase)
        self._phases += 1


def wait_for_workers(timeout_ms: int = 30_000) -> bool:
    """Wait for every worker thread to end (at exit: a QThread destroyed while it runs
    aborts the process). True when none is left running."""
    for job in list(_RUNNING):
        job.cancelled = True
    for job in list(_RUNNING):
        job.wait(timeout_ms)
    _sweep()
    return not _RUNNING


def _sweep() -> None:
    """Forget the threads that have ended (their window may be gone)."""
    for job in [job for job in _RUNNING if job.isFinished()]:
        _RUNNING.discard(job)
    _release_collector()


#: Whether the cycle collector was on when the first running worker turned it off.
_collector_was: bool | None = None
#: The interpreter's switch interval before the first running worker shortened it.
_interval_was: float | None = None
#: The switch interval while a worker runs, in seconds (Python's default is 0.005).
WORKER_SWITCH_INTERVAL = 0.001


def _hold_collector() -> None:
    """The cycle collector off while a worker runs: a collection runs in the thread that
    happens to allocate, and garbage holding Qt objects (a closed window's) must be
    destroyed on the GUI thread, never in a worker. It also keeps the collector's long
    pauses, which stop both threads, out of the opening.

    And the interpreter's switch interval shortened: each of the GUI thread's calls into
    Python (a timer's slot, a paint) waits for the worker to let go of the interpreter,
    up to an interval each; with several such calls an event, the window stalled for a
    tenth of a second at a time while a large story was read."""
    global _collector_was, _interval_was
    if _collector_was is None:
        _collector_was = gc.isenabled()
        if _collector_was:
            # The young garbage gone first (a closed dialog's, say): what is left when
            # the worker's story is frozen (keep_out_of_collections) would stay.
            gc.collect(1)
        gc.disable()
    if _interval_was is None:
        _interval_was = sys.getswitchinterval()
        sys.setswitchinterval(min(_interval_was, WORKER_SWITCH_INTERVAL))


def _release_collector() -> None:
    """The collector and the switch interval back as they were, once no worker runs
    (called on the GUI thread)."""
    global _collector_was, _interval_was
    if not _RUNNING:
        if _collector_was:
            gc.enable()
        _collector_was = None
        if _interval_was is not None:
            sys.setswitchinterval(_interval_was)
        _interval_was = None


atexit.register(wait_for_workers)


@dataclass
class _Waiting:
    title: str
    phases: int
    done: Callable[[Any], None]
    failed: Callable[[ProvenanceError], None]
    then: Callable[[Any], Slices] | None = None
    then_phase: str = ""


class Work(QObject):
    """The window's background work: one job at a time, shown in the status bar (its
    phase, a progress bar, Cancel). A job started while another runs replaces it.

    ``progressed(phase)`` fires as each phase starts; ``finished(ok)`` when a job's
    answer has been handled (False: it failed); ``cancelled()`` when the user stopped
    waiting."""

    progressed = Signal(str)
    finished = Signal(bool)
    cancelled = Signal()

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop waiting: the story shown stays")
        self.cancel_button.clicked.connect(self.cancel)
        status = window.statusBar()
        for widget in (self.label, self.bar, self.cancel_button):
            status.addPermanentWidget(widget)
            widget.hide()
        self._job: _Job | None = None
        self._waiting: _Waiting | None = None
        self._count = 0
        #: The GUI-thread continuation of the job, run by ``_ticks``.
        self._slices: Slices | None = None
        self._ticks = QTimer(self)
        self._ticks.setInterval(0)
        self._ticks.timeout.connect(self._tick)

    @property
    def busy(self) -> bool:
        """True while the window waits for a job."""
        return self._job is not None

    @property
    def current(self) -> int | None:
        """The number of the job the window waits for (None: none); each job started
        gets a new one."""
        return self._job.number if self._job is not None else None

    @property
    def phase(self) -> str:
        """The phase the status bar names ("" when idle)."""
        return self.label.text() if self.busy else ""

    def start(self, title: str, task: Callable[[Step], Any], *,
              done: Callable[[Any], None], failed: Callable[[ProvenanceError], None],
              phases: int = 0, then: Callable[[Any], Slices] | None = None,
              then_phase: str = "", cancellable: bool = True) -> None:
        """Run ``task(step)`` in a worker thread; on the GUI thread then ``done(result)``,
        or ``failed(error)`` for a ProvenanceError (any other error is raised there, as
        it would have been without the thread). ``phases``: how many times the task
        calls ``step`` (0: an indeterminate bar). ``then(result)``: work that must be
        done on the GUI thread (Qt objects), in slices (:data:`Slices`), named
        ``then_phase``; ``done`` gets what it returns. ``cancellable``: whether the
        status bar offers Cancel."""
        if self._job is not None:
            self._job.cancelled = True  # replaced: its answer will be dropped
        self._stop_slices()
        _sweep()
        self._count += 1
        job = _Job(self._count, task)
        job.phase.connect(self._phase)
        job.done.connect(self._done)
        job.failed.connect(self._failed)
        job.finished.connect(self._ended)
        self._job = job
        self._waiting = _Waiting(title, phases, done, failed, then, then_phase)
        self.label.setText(title)
        self.bar.setRange(0, phases + (then is not None))
        self.bar.setValue(0)
        for widget in (self.label, self.bar):
            widget.show()
        self.cancel_button.setVisible(cancellable)
        _hold_collector()
        _RUNNING.add(job)
        job.start()

    def cancel(self) -> None:
        """Stop waiting for the job: what the window shows stays as it is."""
        if self._job is None or self._waiting is None:
            return
        self._job.cancelled = True
        title = self._waiting.title.rstrip("…")
        self._idle()
        self.window.statusBar().showMessage(f"Cancelled: {title}")
        self.cancelled.emit()

    def wait(self, timeout_ms: int = 120_000) -> bool:
        """Block until the job's answer has been handled (for --screenshot and tests);
        events are processed meanwhile. True when there is no job left."""
        if self._job is None:
            return True
        loop = QEventLoop()
        self.finished.connect(loop.quit)
        self.cancelled.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        if self._job is not None:
            loop.exec()
        self.finished.disconnect(loop.quit)
        self.cancelled.disconnect(loop.quit)
        return self._job is None

    @Slot()
    def _ended(self) -> None:
        job = self.sender()
        if isinstance(job, _Job):
            job.wait()  # it is past its last line: this returns at once
            _RUNNING.discard(job)
        _release_collector()

    def _stop_slices(self) -> None:
        self._ticks.stop()
        slices, self._slices = self._slices, None
        if slices is not None:
            slices.close()

    def _idle(self) -> None:
        self._stop_slices()
        self._job = self._waiting = None
        for widget in (self.label, self.bar, self.cancel_button):
            widget.hide()

    def _current(self, number: int) -> _Waiting | None:
        if self._job is None or self._job.number != number:
            return None  # a job the window stopped waiting for
        return self._waiting

    @Slot(int, int, str)
    def _phase(self, number: int, done: int, phase: str) -> None:
        if self._current(number) is not None:
            self.label.setText(phase)
            self.bar.setValue(done)
            self.progressed.emit(phase)

    @Slot(int, object)
    def _done(self, number: int, result: object) -> None:
        waiting = self._current(number)
        if waiting is None:
            return
        if waiting.then is not None:  # the GUI thread's part, between events
            self.label.setText(waiting.then_phase)
            self.bar.setValue(waiting.phases)
            self.progressed.emit(waiting.then_phase)
            self._slices = waiting.then(result)
            self._ticks.start()
            return
        self._finish(waiting, result)

    @Slot()
    def _tick(self) -> None:
        waiting, slices = self._waiting, self._slices
        if waiting is None or slices is None:
            self._ticks.stop()
            return
        end = time.perf_counter() + SLICE_SECONDS
        try:
            while time.perf_counter() < end:
                next(slices)
        except StopIteration as stop:
            self._slices = None
            self._finish(waiting, stop.value)
        except BaseException:
            self._idle()
            self.finished.emit(False)
            raise

    def _finish(self, waiting: _Waiting, result: object) -> None:
        self._idle()
        try:
            waiting.done(result)
        finally:
            self.finished.emit(True)

    @Slot(int, object)
    def _failed(self, number: int, error: object) -> None:
        waiting = self._current(number)
        if waiting is None:
            return
        self._idle()
        try:
            if not isinstance(error, ProvenanceError):
                assert isinstance(error, BaseException)
                raise error
            waiting.failed(error)
        finally:
            self.finished.emit(False)

    # ----------------------------------------------------------------- opening
    def open(self, path: str | Path, then: Callable[[], None] | None = None) -> None:
        """Read, analyse and lay out a story in the background, then show it in the
        window (``window.show_opened``), then ``then()``; a file that cannot be read
        shows the loader's message, as opening it in the foreground does."""
        path = Path(path)
        window: Any = self.window

        def shown(opened: Opened) -> None:
            if window.show_opened(opened) and then is not None:
                then()

        self.read(path, done=shown,
                  failed=lambda err: window.show_error(f"Cannot open {path.name}", str(err)))

    def read(self, path: str | Path, *, done: Callable[[Opened], None],
             failed: Callable[[ProvenanceError], None]) -> None:
        """Read, analyse and lay out a story in the background (:func:`read_story`) and
        build its scene, then ``done(opened)`` (which shows it: set ``ready`` to it
        first); ``failed(error)`` when the file cannot be read."""
        path = Path(path)
        self.start(f"Reading {path.name}…", lambda step: read_story(path, step),
                   done=done, failed=failed,
                   phases=OPEN_PHASES, then=build_scene, then_phase="Building the chain…")

    # ----------------------------------------------------------------- exports
    def export(self, path: str | os.PathLike[str], write: Callable[[], Any], *,
               done: Callable[[Any], None],
               failed: Callable[[ProvenanceError], None]) -> None:
        """Write an export in the background (:func:`export_task`), then ``done(what
        write returned)``; ``failed(error)`` when it cannot be written. Cancel writes
        no file and keeps an old one."""
        self.start(f"Writing {Path(path).name}…", export_task(path, write),
                   done=done, failed=failed, phases=EXPORT_PHASES)

    #: What the window's next new scene is built from (``take`` hands it over once).
    ready: Opened | None = None

    def take(self, story: Story) -> Opened | None:
        """The library's work done in the background for ``story``, if it is that story
        (None otherwise: the window computes it)."""
        ready, self.ready = self.ready, None
        return ready if ready is not None and ready.story is story else None
