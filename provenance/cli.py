"""The ``provenance`` command line.

Exit codes (the same for every subcommand):

* 0: done (for ``validate``: the file is a valid story; warnings may be printed);
* 1: the input is not a valid story, or a file cannot be read or written
  (the reason is printed on stderr, naming the JSON path where there is one);
* 2: the command line itself is wrong (unknown option, missing argument);
* 130: interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections.abc import Sequence
from typing import IO

from .errors import ProvenanceError, StoryFormatError
from .model import Story

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class Progress:
    """Phase messages on stderr, only when stderr is a terminal and the job is long."""

    def __init__(self, stream: IO[str], enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if self.enabled:
            elapsed = time.perf_counter() - self.start
            self.stream.write(f"\r\x1b[K[{elapsed:6.1f}s] {message}")
            self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _progress_for(path: str) -> Progress:
    big = False
    if path != "-":
        try:
            big = os.path.getsize(path) > 2_000_000
        except OSError:
            big = False
    return Progress(sys.stderr, big and sys.stderr.isatty())


def _load(path: str, progress: Progress | None = None) -> Story:
    from .io import load, loads

    if progress is not None:
        progress(f"loading {path} ...")
    if path == "-":
        return loads(sys.stdin.buffer.read(), source="<stdin>")
    return load(path)


def _cmd_validate(args: argparse.Namespace) -> int:
    from .analysis import analyze

    progress = _progress_for(args.file)
    story = _load(args.file, progress)
    progress(f"checking {len(story.reports):,} reports ...")
    analysis = analyze(story)
    progress.done()
    counts = (f"{len(story.actors)} actors, {len(story.claims)} claims, "
              f"{len(story.reports)} reports, {len(story.links)} links")
    print(f"{args.file}: valid story ({counts})")
    for warning in analysis.warnings:
        print(f"warning: {warning.message}")
    return EXIT_OK


def _cmd_analyze(args: argparse.Namespace) -> int:
    from .account import account, analysis_to_data
    from .analysis import analyze

    progress = _progress_for(args.file)
    story = _load(args.file, progress)
    progress(f"analysing {len(story.reports):,} reports ...")
    analysis = analyze(story)
    progress.done()
    if args.json:
        text = json.dumps(analysis_to_data(story, analysis), ensure_ascii=False, indent=2)
    else:
        text = account(story, analysis)
    _emit(text + "\n", args.output)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from .analysis import analyze
    from .interchange import export

    progress = _progress_for(args.file)
    story = _load(args.file, progress)
    progress(f"exporting {len(story.reports):,} reports ...")
    text = export(story, args.to, analyze(story))
    progress.done()
    _emit(text if text.endswith("\n") else text + "\n", args.output)
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from .interchange import import_prov_json
    from .io import dumps

    if args.file == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            with open(args.file, "rb") as handle:
                data = handle.read()
        except OSError as err:
            raise ProvenanceError(f"{args.file}: cannot read ({err.strerror or err})") from None
    story, notes = import_prov_json(data)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    _emit(dumps(story), args.output)
    return EXIT_OK


def _emit(text: str, output: str | None) -> None:
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from .io import write_atomic

    write_atomic(output, text.encode("utf-8"))
    print(f"wrote {output}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="provenance",
        description="Trace how a news story spread and find where it was distorted.",
        epilog="Exit codes: 0 done; 1 invalid input or unreadable/unwritable file; "
               "2 bad command line; 130 interrupted.",
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
    analyze.set_defaults(run=_cmd_analyze)

    from .interchange import EXPORT_FORMATS, IMPORT_FORMATS

    export = sub.add_parser("export", help="write the graph for another tool",
                            description="Write the story for Gephi, Cytoscape, Graphviz, "
                                        "Mermaid or W3C PROV tools (see docs/interchange.md).")
    export.add_argument("file", help="story file (JSON), or - for standard input")
    export.add_argument("--to", required=True, choices=EXPORT_FORMATS, metavar="FORMAT",
                        help=f"one of: {', '.join(EXPORT_FORMATS)}")
    export.add_argument("-o", "--output", help="write to this file instead of standard output")
    export.set_defaults(run=_cmd_export)

    importer = sub.add_parser("import", help="read a story from another format",
                              description="Read a W3C PROV-JSON document as a story file; "
                                          "what does not map is listed on stderr.")
    importer.add_argument("file", help="the document to read, or - for standard input")
    importer.add_argument("--from", dest="source_format", required=True,
                          choices=IMPORT_FORMATS, metavar="FORMAT",
                          help=f"one of: {', '.join(IMPORT_FORMATS)}")
    importer.add_argument("-o", "--output", help="write the story file here (default: stdout)")
    importer.set_defaults(run=_cmd_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except StoryFormatError as err:
        print(f"provenance: {err}", file=sys.stderr)
        return EXIT_INVALID
    except ProvenanceError as err:
        print(f"provenance: error: {err}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("provenance: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error worth a traceback.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
