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
    from .estimate import estimate_point, has_unannotated_text_links

    progress = _progress_for(args.file)
    story = _load(args.file, progress)
    progress(f"analysing {len(story.reports):,} reports ...")
    analysis = analyze(story)
    estimate = None
    if has_unannotated_text_links(story):
        progress("comparing the texts of unannotated linked reports ...")
        estimate = estimate_point(story)
    progress.done()
    if args.json:
        data = analysis_to_data(story, analysis, estimate)
        text = json.dumps(data, ensure_ascii=False, indent=2)
    else:
        text = account(story, analysis, estimate)
    _emit(text + "\n", args.output)
    return EXIT_OK


def _cmd_draw(args: argparse.Namespace) -> int:
    from .analysis import analyze
    from .render import save_drawing

    progress = _progress_for(args.file)
    story = _load(args.file, progress)
    progress(f"drawing {len(story.reports):,} reports ...")
    written = save_drawing(story, args.output, analyze(story), claim=args.claim, dpi=args.dpi)
    progress.done()
    print(f"wrote {written}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    import warnings

    from .analysis import analyze
    from .interchange import ExportWarning, export

    progress = _progress_for(args.file)
    story = _load(args.file, progress)
    progress(f"exporting {len(story.reports):,} reports ...")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ExportWarning)
        text = export(story, args.to, analyze(story))
    progress.done()
    for warning in caught:  # what the export left out, or what will be slow
        print(f"provenance: warning: {warning.message}", file=sys.stderr)
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


def _cmd_suggest(args: argparse.Namespace) -> int:
    from .estimate import apply_suggestions, suggest_mentions
    from .io import dumps

    if args.output and args.file != "-" and os.path.exists(args.output) and os.path.samefile(
            args.output, args.file):
        raise ProvenanceError(f"{args.output}: suggest never overwrites its input; "
                              "choose another -o file")
    story = _load(args.file)
    suggestions = suggest_mentions(story)
    for s in suggestions:
        print(f"suggest: {s.report} {s.stance.value} {s.claim} ({s.reason}; "
              f"match {s.match:.0%}): “{s.quote}”", file=sys.stderr)
    if not suggestions:
        print("suggest: nothing to suggest (no unannotated report mentions a claim of the "
              "story)", file=sys.stderr)
    _emit(dumps(apply_suggestions(story, suggestions)), args.output)
    return EXIT_OK


def _cmd_drift(args: argparse.Namespace) -> int:
    from .textdrift import drift

    lines_in = sys.stdin if args.file == "-" else _open_text(args.file)
    out_rows: list[str] = []
    gold: list[str] = []
    predicted: list[str] = []
    with lines_in:
        for number, line in enumerate(lines_in, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as err:
                raise ProvenanceError(f"{args.file}, line {number}: not JSON ({err})") from None
            fields = (args.source_field, args.target_field)
            if not isinstance(row, dict) or not all(isinstance(row.get(k), str) for k in fields):
                raise ProvenanceError(f"{args.file}, line {number}: needs \"{fields[0]}\" and "
                                      f"\"{fields[1]}\" strings")
            result = drift(row[args.source_field], row[args.target_field])
            if args.eval:
                label = row.get(args.label_field)
                if label not in ("same", "exaggerates", "downplays"):
                    raise ProvenanceError(
                        f"{args.file}, line {number}: --eval needs a gold \"{args.label_field}\""
                        " of same, exaggerates or downplays")
                gold.append(label)
                predicted.append(result.label)
            out = dict(row)
            # With --eval the gold "label" stays; the verdict goes beside it.
            out["predicted" if args.eval else "label"] = result.label
            out.update(score=round(result.score, 4), source_strength=result.source_strength,
                       target_strength=result.target_strength, explanation=result.explanation)
            out_rows.append(json.dumps(out, ensure_ascii=False))
    if args.eval:
        print(_f1_table(gold, predicted))
        if args.output:
            _emit("\n".join(out_rows) + "\n", args.output)
    else:
        _emit("\n".join(out_rows) + ("\n" if out_rows else ""), args.output)
    return EXIT_OK


def _f1_table(gold: list[str], predicted: list[str]) -> str:
    labels = ["same", "exaggerates", "downplays"]
    rows = ["label        precision  recall  F1     n"]
    scores = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.append(f1)
        rows.append(f"{label:<12} {precision:9.3f} {recall:7.3f} {f1:6.3f} "
                    f"{sum(g == label for g in gold):5d}")
    rows.append(f"macro-F1 {sum(scores) / len(scores):.3f} over {len(gold)} pairs")
    return "\n".join(rows)


def _open_text(path: str) -> IO[str]:
    try:
        return open(path, encoding="utf-8")
    except OSError as err:
        raise ProvenanceError(f"{path}: cannot read ({err.strerror or err})") from None


def _emit(text: str, output: str | None) -> None:
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from .io import write_atomic

    write_atomic(output, text.encode("utf-8"))
    print(f"wrote {output}", file=sys.stderr)



def _dpi(text: str) -> float:
    """``--dpi``: a resolution from 10 to 1200 (anything else is a wrong command line)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 10 <= value <= 1200:
        raise argparse.ArgumentTypeError(f"must be between 10 and 1200, not {text}")
    return value

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
    draw.set_defaults(run=_cmd_draw)

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
