"""The ``provenance`` command line.

Exit codes (the same for every subcommand):

* 0: done (for ``validate``: the file is a valid story; warnings may be printed);
* 1: the input is not a valid story, or a file cannot be read or written, or
  standard output cannot take the output (the reason is printed on stderr, naming
  the JSON path where there is one);
* 2: the command line itself is wrong (unknown option, missing argument);
* 130: interrupted (Ctrl-C, SIGINT); 129 and 143: stopped by SIGHUP or SIGTERM
  (128 + the signal's number, as a shell reports it); a half-written output file
  is removed and any old file is left as it was;
* 141: the reader of standard output went away (``| head``), quietly.

Messages go to stderr, each line starting ``provenance: ``; ``-`` is standard input
or output, named ``<stdin>`` and ``<stdout>`` in messages. Everything printed that
comes from a story passes through :func:`provenance.terminal.inert`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from types import FrameType
from typing import IO, TYPE_CHECKING, Any

from .errors import ProvenanceError, StoryFormatError
from .model import Story
from .output import STDIN_NAME, STDOUT_NAME, check_output
from .terminal import inert, inert_json

if TYPE_CHECKING:
    from .analysis import Analysis
    from .files.registry import Format

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 128 + 13  # as a process killed by SIGPIPE

#: Signals that stop the command cleanly (temporary files removed), exit 128 + number.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


class _Stopped(BaseException):
    """A stop signal arrived; unwinds like KeyboardInterrupt so cleanups run."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _StdoutFailed(Exception):
    """Standard output refused the output (full disk, an encoding that cannot hold it)."""


#: The progress bars on the terminal now, cleared before a message is printed.
_BARS: list[Any] = []


def _say(message: str) -> None:
    """A message on stderr, in the one style: ``provenance: <message>`` (made inert)."""
    line = f"provenance: {inert(message)}"
    if sys.stderr is None:  # started with stderr closed: nowhere to say it
        return
    with contextlib.suppress(OSError, ValueError):
        if _BARS:  # above the bar, which is drawn again below
            from tqdm import tqdm

            tqdm.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr, flush=True)


def _name(path: str) -> str:
    """How messages name an input path (``-`` is ``<stdin>``)."""
    return STDIN_NAME if path == "-" else path


class Progress:
    """A live bar on stderr for long work: the phase, phases done, rate and time left.

    Shown only when stderr is a terminal and the job is long (tqdm draws it); each
    call names the next phase and counts the one before it as done.
    """

    def __init__(self, stream: IO[str], enabled: bool, phases: int = 2) -> None:
        self.stream = stream
        self.enabled = enabled
        self.bar: Any = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=phases, file=stream, leave=False, unit="phase",
                            dynamic_ncols=True,
                            bar_format="{desc}: {n_fmt}/{total_fmt} phases {bar} "
                                       "[{elapsed}<{remaining}, {rate_fmt}]")
            _BARS.append(self.bar)
            # tqdm redraws only when counted: tick the clock during a long phase.
            self.ticking = threading.Event()
            threading.Thread(target=self._tick, daemon=True).start()

    def _tick(self) -> None:
        while not self.ticking.wait(0.5):
            bar = self.bar
            if bar is None:
                break
            with contextlib.suppress(Exception):
                bar.refresh()

    def __call__(self, message: str) -> None:
        if self.bar is not None:
            if self.bar.desc:
                self.bar.update(1)
            self.bar.set_description_str(inert(message))

    def done(self) -> None:
        if self.bar is not None:
            self.ticking.set()
            _close_bar(self.bar)
            self.bar = None


def _close_bar(bar: Any) -> None:
    with contextlib.suppress(ValueError):
        _BARS.remove(bar)
    bar.close()


def _close_bars() -> None:
    """Take every bar off the terminal (the command ended, perhaps by an error)."""
    for bar in list(_BARS):
        with contextlib.suppress(Exception):
            _close_bar(bar)


def _progress_for(path: str, phases: int = 2) -> Progress:
    big = False
    if path != "-":
        try:
            big = os.path.getsize(path) > 2_000_000
        except OSError:
            big = False
    return Progress(sys.stderr, big and _is_terminal(sys.stderr), phases)


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError, AttributeError):
        return False


def _load(path: str, progress: Progress | None = None) -> Story:
    import warnings

    from .errors import StoryFormatWarning
    from .files.story import load

    if progress is not None:
        progress(f"loading {_name(path)}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", StoryFormatWarning)
        story = load(_stdin(), source=STDIN_NAME) if path == "-" else load(path)
    for warning in caught:
        if issubclass(warning.category, StoryFormatWarning):  # version 2 keys in version 1
            _say(f"warning: {warning.message}")
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename,
                                   warning.lineno)
    return story


def _stdin() -> IO[bytes]:
    if sys.stdin is None:  # started with standard input closed
        raise ProvenanceError(f"{STDIN_NAME}: cannot read (standard input is closed)")
    return sys.stdin.buffer


def _cmd_validate(args: argparse.Namespace) -> int:
    from .analysis import analyze

    progress = _progress_for(args.file)
    story = _load(args.file, progress)
    progress(f"checking {len(story.reports):,} reports")
    analysis = analyze(story)
    progress.done()
    counts = (f"{len(story.actors)} actors, {len(story.claims)} claims, "
              f"{len(story.reports)} reports, {len(story.links)} links")
    _write_stdout(inert(f"{_name(args.file)}: valid story ({counts})") + "\n")
    for warning in analysis.warnings:
        _say(f"warning: {warning.message}")
    return EXIT_OK


def _cmd_analyze(args: argparse.Namespace) -> int:
    from .analysis import analyze
    from .drift.estimate import estimate_point, has_unannotated_text_links
    from .files.analysis_json import analysis_to_data
    from .wording import account

    progress = _progress_for(args.file, phases=3)
    story = _load(args.file, progress)
    progress(f"analysing {len(story.reports):,} reports")
    if args.account is not None:
        story, analysis = _account(story, args.account)
    else:
        analysis = analyze(story)
    estimate = None
    if has_unannotated_text_links(story):
        progress("comparing the texts of unannotated linked reports")
        estimate = estimate_point(story)
    progress.done()
    if args.json:
        data = analysis_to_data(story, analysis, estimate)
        text = inert_json(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        text = inert(account(story, analysis, estimate))
    _emit(text + "\n", args.output, [args.file])
    return EXIT_OK


def _cmd_draw(args: argparse.Namespace) -> int:
    from .drawing.mpl import save_picture
    from .drawing.picture import check_claim, describe, prepare

    progress = _progress_for(args.file)
    story = _load(args.file, progress)
    progress(f"drawing {len(story.reports):,} reports")
    analysis = None
    if args.account is not None:
        story, analysis = _account(story, args.account)
    if args.claim is not None:
        check_claim(story, args.claim)
    ready = prepare(story, analysis)
    picture = describe(story, ready.analysis, layout=ready.layout, claim=args.claim,
                       estimate=ready.estimate)
    written = save_picture(picture, args.output, dpi=args.dpi)
    progress.done()
    _say(f"wrote {written}")
    return EXIT_OK


def _cmd_timeline(args: argparse.Namespace) -> int:
    from .analysis import analyze
    from .drawing.picture import check_claim
    from .drawing.timeline import describe_timeline
    from .drawing.timeline_mpl import save_timeline_picture, timeline_format

    timeline_format(args.output)  # a suffix it cannot write: said before any work
    progress = _progress_for(args.file)
    story = _load(args.file, progress)
    if args.claim is not None:
        check_claim(story, args.claim)  # before the analysis's work
    progress(f"placing {len(story.reports):,} reports in time")
    described = describe_timeline(story, analyze(story), claim=args.claim, weight=args.weight)
    written = save_timeline_picture(described, args.output, dpi=args.dpi)
    progress.done()
    _say(inert(f"wrote {written}"))
    if not described.has_dates:
        _say(described.empty_message.lower().replace("no report", "note: no report", 1))
    for note in described.notes:
        if note.startswith("Weighted by audience"):
            _say(f"note: {note}")
    return EXIT_OK


def _account(story: Story, account_id: str) -> tuple[Story, Analysis]:
    """The story as one of its accounts tells it, and that account's analysis
    (``--account``); an unknown account is an error listing the story's accounts."""
    from .drawing.accounts import account_view

    return account_view(story, account_id)


def _cmd_export(args: argparse.Namespace) -> int:
    import warnings

    from .analysis import analyze
    from .files.registry import FORMAT_SUFFIXES, SHEET_FORMATS, ExportWarning, export, format_for

    fmt = args.to
    if fmt is None:  # the output's suffix names it
        fmt = format_for(args.output) if args.output not in (None, "-") else None
        if fmt is None:
            endings = ", ".join([*FORMAT_SUFFIXES.values(), ".xlsx"])
            args.usage_error("the following arguments are required: --to (or an output file "
                             f"ending in {endings})")
    if fmt in SHEET_FORMATS:
        return _export_sheets(args, fmt)
    progress = _progress_for(args.file)
    story = _load(args.file, progress)
    progress(f"exporting {len(story.reports):,} reports")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ExportWarning)
        text = export(story, fmt, analyze(story))
    progress.done()
    for warning in caught:  # what the export left out, or what will be slow
        _say(f"warning: {warning.message}")
    if args.output in (None, "-") and _is_terminal(sys.stdout):
        text = inert(text)  # read by a person, not a tool
    _emit(text if text.endswith("\n") else text + "\n", args.output, [args.file])
    return EXIT_OK


def _export_sheets(args: argparse.Namespace, fmt: str) -> int:
    """``export --to xlsx -o OUT.xlsx`` and ``export --to csv -o DIR``: files, not text."""
    from .files.registry import export_to

    if args.output in (None, "-"):
        what = "a workbook file (-o story.xlsx)" if fmt == "xlsx" else "a folder (-o DIR)"
        args.usage_error(f"--to {fmt} writes {what}, not standard output")
    import warnings

    from .errors import ExportWarning

    progress = _progress_for(args.file)
    story = _load(args.file, progress)
    progress(f"exporting {len(story.reports):,} reports")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ExportWarning)
        export_to(story, fmt, args.output)
    progress.done()
    for warning in caught:
        _say(f"warning: {warning.message}")
    _say(f"wrote {args.output}")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from .files.registry import IMPORT_FORMATS, input_format

    files: list[str] = args.file
    fmt = args.source_format
    if fmt is None:
        found = {input_format(path) for path in files}
        fmt = found.pop() if len(found) == 1 else None
        if fmt not in IMPORT_FORMATS:
            args.usage_error("the following arguments are required: --from (or a file ending "
                             "in .prov.json, .xlsx or .csv, or a folder of CSV files)")
    if len(files) > 1 and fmt != "csv":
        args.usage_error(f"several files are read only as CSV tables, not as {fmt}")
    read: list[Any] = []  # the files a folder's CSV tables were read from
    if fmt == "prov-json":
        story = _import_prov(files[0], args.title)
    else:
        from .files.sheets import read_csv, read_workbook

        if "-" in files:
            args.usage_error(f"{fmt} is read from files, not from standard input")
        if fmt == "xlsx":
            story = read_workbook(files[0], title=args.title)
        else:
            story = read_csv(files[0] if len(files) == 1 else files, title=args.title,
                             read=read)
    from .files.story import dumps

    # Never over a file read: a folder's CSV files are inputs too.
    _emit(inert_json(dumps(story)), args.output, [*files, *map(str, read)])
    return EXIT_OK


def _import_prov(path: str, title: str | None) -> Story:
    import attrs

    from .files.prov import import_prov_json
    from .files.story import read_limited

    if path == "-":
        data = read_limited(_stdin(), STDIN_NAME)
    else:
        with _open_binary(path) as handle:
            data = read_limited(handle, path)
    try:
        story, notes = import_prov_json(data)
    except ProvenanceError as err:
        raise ProvenanceError(f"{_name(path)}: {err}") from None
    for note in notes:
        _say(f"note: {note}")
    return story if title is None else attrs.evolve(story, title=title)


def _cmd_suggest(args: argparse.Namespace) -> int:
    from .drift.estimate import apply_suggestions, suggest_mentions
    from .files.story import dumps

    story = _load(args.file)
    suggestions = suggest_mentions(story)
    for s in suggestions:
        _say(f"suggestion: {s.report} {s.stance.value} {s.claim} ({s.reason}; "
             f"match {s.match:.0%}): “{s.quote}”")
    if not suggestions:
        _say("suggest: nothing to suggest (no unannotated report mentions a claim of the "
             "story)")
    _emit(inert_json(dumps(apply_suggestions(story, suggestions))), args.output, [args.file])
    return EXIT_OK


def _cmd_drift(args: argparse.Namespace) -> int:
    from .drift.compare import drift

    name = _name(args.file)
    out_rows: list[str] = []
    gold: list[str] = []
    predicted: list[str] = []
    fields = (args.source_field, args.target_field)
    for number, row in _json_lines(args.file):
        where = f"{name}, line {number}"
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str) for k in fields):
            raise ProvenanceError(f'{where}: needs "{fields[0]}" and "{fields[1]}" strings')
        result = drift(row[args.source_field], row[args.target_field])
        if args.eval:
            label = row.get(args.label_field)
            if label not in ("same", "exaggerates", "downplays"):
                raise ProvenanceError(f'{where}: --eval needs a gold "{args.label_field}"'
                                      " of same, exaggerates or downplays")
            gold.append(label)
            predicted.append(result.label)
        out = dict(row)
        # With --eval the gold "label" stays; the verdict goes beside it.
        out["predicted" if args.eval else "label"] = result.label
        out.update(score=round(result.score, 4), source_strength=result.source_strength,
                   target_strength=result.target_strength, explanation=result.explanation)
        out_rows.append(inert_json(json.dumps(out, ensure_ascii=False, allow_nan=False)))
    if args.eval:
        _write_stdout(_f1_table(gold, predicted) + "\n")
        if args.output:
            _emit("\n".join(out_rows) + "\n", args.output, [args.file])
    else:
        _emit("\n".join(out_rows) + ("\n" if out_rows else ""), args.output, [args.file])
    return EXIT_OK


#: The longest line ``drift`` reads (one pair of texts with its fields): 64 MiB.
MAX_LINE_BYTES = 64 * 1024**2


def _json_lines(path: str) -> Iterator[tuple[int, Any]]:
    """The JSON value on each non-blank line of a JSON-lines file, with its line number.

    Strict JSON in UTF-8 (a BOM at the start is allowed): no NaN or infinite
    numbers, no lone surrogates, no repeated keys; a bad line is a ProvenanceError
    naming the file and the line. A bar shows the bytes read on a terminal.
    """
    from .files.story import _parse

    name = _name(path)
    stream = _stdin() if path == "-" else _open_binary(path)
    total = None
    with contextlib.suppress(OSError, ValueError):
        total = os.fstat(stream.fileno()).st_size or None
    bar: Any = None
    if _is_terminal(sys.stderr):
        from tqdm import tqdm

        bar = tqdm(total=total, file=sys.stderr, leave=False, unit="B", unit_scale=True,
                   unit_divisor=1024, delay=0.5, desc=f"comparing {inert(name)}")
        _BARS.append(bar)
    try:
        for number, raw in enumerate(iter(lambda: stream.readline(MAX_LINE_BYTES + 1), b""), 1):
            if len(raw) > MAX_LINE_BYTES:
                raise ProvenanceError(f"{name}, line {number}: longer than "
                                      f"{MAX_LINE_BYTES:,} bytes (the limit for one pair)")
            if bar is not None:
                bar.update(len(raw))
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                raise ProvenanceError(f"{name}, line {number}: not UTF-8 text (byte "
                                      f"0x{raw[err.start]:02x} at byte {err.start + 1} of "
                                      "the line)") from None
            if not line.strip():
                continue
            try:
                value = _parse(line)
            except StoryFormatError as err:
                reasons = "; ".join(str(issue) for issue in err.issues)
                raise ProvenanceError(f"{name}, line {number}: {reasons}") from None
            yield number, value
    finally:
        if bar is not None:
            _close_bar(bar)
        if path != "-":
            stream.close()


def _f1_table(gold: list[str], predicted: list[str]) -> str:
    from .drift.evaluate import evaluate

    evaluation = evaluate(gold, predicted, labels=("same", "exaggerates", "downplays"))
    rows = ["label        precision  recall  F1     n"]
    for score in evaluation.scores:
        rows.append(f"{score.label!s:<12} {score.precision:9.3f} {score.recall:7.3f} "
                    f"{score.f1:6.3f} {score.support:5d}")
    rows.append(f"macro-F1 {evaluation.macro_f1:.3f} over {evaluation.count} pairs")
    return "\n".join(rows)


def _open_binary(path: str) -> IO[bytes]:
    try:
        return open(path, "rb")
    except IsADirectoryError:
        raise ProvenanceError(f"{path}: is a directory, not a file to read") from None
    except OSError as err:
        raise ProvenanceError(f"{path}: cannot read ({err.strerror or err})") from None


def _emit(text: str, output: str | None, inputs: Sequence[str] = ()) -> None:
    if output is None or output == "-":
        _write_stdout(text)
        return
    from .output import write_file

    write_file(output, text.encode("utf-8", "surrogatepass"), inputs=inputs)
    _say(f"wrote {output}")


def _write_stdout(text: str) -> None:
    """Write to standard output now; a failure is :class:`_StdoutFailed` with the reason."""
    if sys.stdout is None:  # started with stdout closed
        if text:
            raise _StdoutFailed(f"{STDOUT_NAME}: cannot write (standard output is closed)")
        return
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except UnicodeEncodeError as err:
        bad = err.object[err.start]
        raise _StdoutFailed(
            f"{STDOUT_NAME} cannot take the output: its encoding ({err.encoding}) has no "
            f"U+{ord(bad):04X}; write to a file with -o, or set PYTHONIOENCODING=utf-8"
        ) from None
    except OSError as err:
        raise _StdoutFailed(f"{STDOUT_NAME}: cannot write ({err.strerror or err})") from None


def _dpi(text: str) -> float:
    """``--dpi``: a resolution from 10 to 1200 (anything else is a wrong command line)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 10 <= value <= 1200:
        raise argparse.ArgumentTypeError(f"must be between 10 and 1200, not {text}")
    return value


def _format_list(formats: Iterable[Format]) -> str:
    """The formats for ``export --help``: name, suffix and what each is, a line each."""
    return "formats:\n" + "\n".join(
        f"  {spec.name:<10} {spec.suffix or 'a folder':<11} {spec.description}"
        for spec in formats)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="provenance",
        description="Trace how a news story spread and find where it was distorted.",
        epilog="Exit codes: 0 done; 1 invalid input or unreadable/unwritable file; "
               "2 bad command line; 130 interrupted (Ctrl-C); 129/143 stopped by "
               "SIGHUP/SIGTERM; 141 the reader of the output went away. "
               "FILE - is standard input, -o - standard output.",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"provenance {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    validate = sub.add_parser("validate", help="check a story file and list every error",
                              description="Check a story file. Prints every error with its "
                                          "JSON path and exits 1, or prints warnings "
                                          "(cycles, dates) and exits 0.")
    validate.add_argument("file", help="story file (JSON), or - for standard input")
    validate.set_defaults(run=_cmd_validate)

    analyze = sub.add_parser("analyze", help="find the point of distortion",
                             description="Print where the story was distorted: the point "
                                         "of distortion first, then the other distortions, "
                                         "then data warnings.")
    analyze.add_argument("file", help="story file (JSON), or - for standard input")
    analyze.add_argument("--json", action="store_true",
                         help="print the analysis as a JSON document (see docs/format.md)")
    analyze.add_argument("-o", "--output", help="write to this file instead of standard output")
    analyze.add_argument("--account", metavar="ID",
                         help="analyse the story as this one of its competing accounts tells it")
    analyze.set_defaults(run=_cmd_analyze)

    draw = sub.add_parser("draw", help="draw the chain as PNG, SVG or PDF",
                          description="Draw the story: report cards coloured by actor kind, "
                                      "links by relation, every distortion in red and the "
                                      "point of distortion marked.")
    draw.add_argument("file", help="story file (JSON), or - for standard input")
    draw.add_argument("-o", "--output", required=True, metavar="OUT.{png,svg,pdf}",
                      help="the picture to write (its suffix picks the format)")
    draw.add_argument("--claim", metavar="ID",
                      help="the claim lens: colour reports by their stance on this claim")
    draw.add_argument("--dpi", type=_dpi, help="resolution of a PNG, 10 to 1200 (default 150)")
    draw.add_argument("--account", metavar="ID",
                      help="draw the story as this one of its competing accounts tells it")
    draw.set_defaults(run=_cmd_draw)

    timeline = sub.add_parser("timeline", help="chart the spread over time as PNG, SVG or PDF",
                              description="Chart each claim's spread over time: cumulative "
                                          "counts of the reports that state it, only imply or "
                                          "question it, carry a distorted version, and rebut "
                                          "it; the point of distortion, the planted report and "
                                          "the first rebuttal marked.")
    timeline.add_argument("file", help="story file (JSON), or - for standard input")
    timeline.add_argument("-o", "--output", required=True, metavar="OUT.{png,svg,pdf}",
                          help="the chart to write (its suffix picks the format)")
    timeline.add_argument("--claim", metavar="ID", help="chart only this claim")
    timeline.add_argument("--weight", choices=("reports", "audience"), default="reports",
                          help="count reports (default), or add up their actors' audiences")
    timeline.add_argument("--dpi", type=_dpi, help="resolution of a PNG, 10 to 1200")
    timeline.set_defaults(run=_cmd_timeline)

    from .files.registry import EXPORT_FORMATS, IMPORT_FORMATS, SHEET_FORMATS, get

    writable = EXPORT_FORMATS + SHEET_FORMATS
    export = sub.add_parser("export", help="write the graph for another tool",
                            description="Write the story for Gephi, Cytoscape, Graphviz, "
                                        "Mermaid or W3C PROV tools, or as a spreadsheet\n(see "
                                        "docs/interchange.md and docs/format.md).",
                            epilog=_format_list(get(fmt) for fmt in writable),
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    export.add_argument("file", help="story file (JSON), or - for standard input")
    export.add_argument("--to", choices=writable, metavar="FORMAT",
                        help=f"one of: {', '.join(writable)} (default: the one the "
                             "output file's suffix names)")
    export.add_argument("-o", "--output", help="write to this file instead of standard output")
    export.set_defaults(run=_cmd_export, usage_error=export.error)

    importer = sub.add_parser("import", help="read a story from another format",
                              description="Read a W3C PROV-JSON document, a workbook "
                                          "(.xlsx) or CSV files as a story file; what does "
                                          "not map is listed on stderr. Every error in a "
                                          "spreadsheet names its sheet and cell.")
    importer.add_argument("file", nargs="+",
                          help="the document to read (- for standard input), or a folder "
                               "of CSV files, or the CSV files (actors.csv, reports.csv, ...)")
    importer.add_argument("--from", dest="source_format",
                          choices=IMPORT_FORMATS, metavar="FORMAT",
                          help=f"one of: {', '.join(IMPORT_FORMATS)} (default: the one the "
                               "file's suffix names)")
    importer.add_argument("--title", help="the story's title (instead of a story sheet's)")
    importer.add_argument("-o", "--output", help="write the story file here (default: stdout)")
    importer.set_defaults(run=_cmd_import, usage_error=importer.error)

    suggest = sub.add_parser("suggest", help="propose claim mentions for a person to review",
                             description="Propose claim mentions (claim, stance, quote) for "
                                         "reports that have text but none; writes a new story "
                                         "with them marked \"suggested\": true. Never "
                                         "overwrites the input.")
    suggest.add_argument("file", help="story file (JSON), or - for standard input")
    suggest.add_argument("-o", "--output", help="write the new story here (default: stdout)")
    suggest.set_defaults(run=_cmd_suggest)

    drift = sub.add_parser("drift", help="compare source and target texts (JSON lines)",
                           description="Read JSON lines with \"source\" and \"target\" "
                                       "texts; write them back with label, score, "
                                       "source_strength, target_strength and explanation.")
    drift.add_argument("file", help="a .jsonl file, or - for standard input")
    drift.add_argument("-o", "--output", help="write the JSON lines here (default: stdout)")
    drift.add_argument("--eval", action="store_true",
                       help="compare with a gold \"label\" field; print per-class and "
                            "macro F1")
    drift.add_argument("--source-field", default="source", metavar="NAME",
                       help="field holding the source text (default: source)")
    drift.add_argument("--target-field", default="target", metavar="NAME",
                       help="field holding the target text (default: target)")
    drift.add_argument("--label-field", default="label", metavar="NAME",
                       help="field holding the gold label for --eval (default: label)")
    drift.set_defaults(run=_cmd_drift)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    previous = _catch_stop_signals()
    try:
        try:
            args = _parser().parse_args(argv)
            output = getattr(args, "output", None)
            inputs = args.file if isinstance(args.file, list) else [args.file]
            if output is not None and output != "-" and getattr(args, "to", None) != "csv":
                check_output(output, inputs=inputs)  # before any work (a CSV folder: later)
            code: int = args.run(args)
            _write_stdout("")  # what is still buffered: a failure is reported here
            return code
        except ProvenanceError as err:  # StoryFormatError too: every issue, with its path
            _close_bars()
            _say(f"error: {err}")
            return EXIT_INVALID
        except _StdoutFailed as err:
            _close_bars()
            _say(f"error: {err}")
            _drop_stdout()
            return EXIT_INVALID
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): not an error worth a message.
            _drop_stdout()
            return EXIT_BROKEN_PIPE
        except KeyboardInterrupt:
            _close_bars()
            _say("interrupted")
            return EXIT_INTERRUPTED
        except _Stopped as stop:
            _close_bars()
            _say(f"stopped by {signal.Signals(stop.signum).name}")
            return 128 + stop.signum
        except MemoryError:  # whatever the input, a message and not a traceback
            _close_bars()
            _say("error: out of memory")
            return EXIT_INVALID
        except OSError as err:  # e.g. standard input closed or unreadable
            _close_bars()
            where = f"{err.filename}: " if err.filename else ""
            _say(f"error: {where}{err.strerror or err}")
            return EXIT_INVALID
    except KeyboardInterrupt:  # a second Ctrl-C while reporting the first
        return EXIT_INTERRUPTED
    except _Stopped as stop:
        return 128 + stop.signum
    finally:
        _close_bars()
        _restore_signals(previous)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stopped(signum)


def _catch_stop_signals() -> dict[int, Any]:
    """Let SIGTERM and SIGHUP unwind like Ctrl-C (so temporary files are removed)."""
    previous: dict[int, Any] = {}
    for signum in STOP_SIGNALS:
        try:
            previous[signum] = signal.signal(signum, _stop)
        except (ValueError, OSError):  # not the main thread
            break
    return previous


def _restore_signals(previous: dict[int, Any]) -> None:
    for signum, handler in previous.items():
        with contextlib.suppress(ValueError, OSError, TypeError):
            signal.signal(signum, handler)


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush cannot fail noisily."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
