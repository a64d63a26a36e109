"""Reading an import file: CSV or JSON (by its extension) into rows of one shape, each with its line number.

A CSV row becomes what a JSON item already is: list cells (`events`, `prisons`, `variants`) split on
"|", and the numbered citation columns (`citation_1_source`, `citation_1_quote`, …) gathered into a
`citations` list. A column or key the file leaves out is missing from the row (and so left alone on a
record being updated); an empty cell is present and empty.

Line numbers are those an editor sees in a text editor: in a CSV file the physical line a row starts on
(the header is line 1, and a quoted cell may run over several lines); in a JSON file the line its item
starts on, with the item's place in the list (1-based) in `index`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

LIST_SEPARATOR = "|"
MAX_CELL = 16 * 1024 * 1024
CITATION_COLUMN = re.compile(r"^citation_(\d+)_(\w+)$")
CITATION_PARTS = ("source", "claim", "locator", "quote", "note", "confidence")


class FileProblem(Exception):
    """The file as a whole cannot be read: nothing in it is imported. Carries the line it was found on."""

    def __init__(self, message: str, line: int = 1, field: str = ""):
        super().__init__(message)
        self.line, self.field = line, field


@dataclass
class Row:
    line: int
    index: int
    values: dict = field(default_factory=dict)
    problem: str = ""  # why the row as a whole cannot be read, when it cannot


@dataclass
class ImportFile:
    path: Path
    sha256: str
    rows: list[Row]

    @property
    def name(self) -> str:
        return self.path.name


def read_file(path: str | Path, *, columns: set[str], list_columns: set[str]) -> ImportFile:
    """Read a .csv or .json file whose rows may hold `columns` (and citations); raise FileProblem if it
    cannot be read at all. Unknown keys of a JSON item are left for the row's checks to report."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FileProblem(f"Cannot read {path}: {error.strerror or error}.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileProblem("The file is not UTF-8 text.", line=line) from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(text, columns, list_columns)
    elif suffix == ".json":
        rows = _json_rows(text)
    else:
        raise FileProblem(
            f"“{path.name}” is neither .csv nor .json: the extension says which format it is in."
        )
    return ImportFile(path=path, sha256=hashlib.sha256(data).hexdigest(), rows=rows)


def _csv_rows(text: str, columns: set[str], list_columns: set[str]) -> list[Row]:
    # A biography or an extracted text may run past the csv module's default limit of 128 KB a cell.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise FileProblem("The file is empty: it needs at least a header line.") from None
    except csv.Error as error:
        raise FileProblem(f"The header line cannot be read as CSV: {error}.") from None
    _check_header(header, columns)
    rows = []
    starts = reader.line_num + 1
    try:
        for cells in reader:
            line, starts = starts, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, or a row of empty cells a spreadsheet left behind
            if len(cells) > len(header):
                problem = f"The row has {len(cells)} cells, the header {len(header)}."
                rows.append(Row(line, len(rows) + 1, problem=problem))
                continue
            # A spreadsheet may drop a row's trailing empty cells: they are empty, not missing.
            cells += [""] * (len(header) - len(cells))
            rows.append(
                Row(line, len(rows) + 1, _csv_values(dict(zip(header, cells, strict=True)), list_columns))
            )
    except csv.Error as error:
        raise FileProblem(f"Cannot read the file as CSV: {error}.", line=starts) from None
    return rows


def _check_header(header: list[str], columns: set[str]) -> None:
    if "external_id" not in header:
        raise FileProblem(
            "The header has no “external_id” column: every row needs the id it has in your data, so that "
            "importing the file again updates the records instead of adding them twice.",
            field="external_id",
        )
    seen = set()
    for name in header:
        if name in seen:
            raise FileProblem(f"The column “{name}” appears twice in the header.", field=name)
        seen.add(name)
        citation = CITATION_COLUMN.match(name)
        if citation and citation[2] not in CITATION_PARTS:
            raise FileProblem(
                f"Unknown citation column “{name}”: a citation's columns are "
                + ", ".join(f"citation_{citation[1]}_{part}" for part in CITATION_PARTS)
                + ".",
                field=name,
            )
        if not citation and name not in columns:
            raise FileProblem(
                f"Unknown column “{name}”. The columns of this import are: {', '.join(sorted(columns))}, "
                "and citation_N_source, citation_N_claim … for citations.",
                field=name,
            )


def _csv_values(cells: dict[str, str], list_columns: set[str]) -> dict:
    values: dict = {}
    citations: dict[int, dict] = {}
    for name, cell in cells.items():
        citation = CITATION_COLUMN.match(name)
        if citation:
            citations.setdefault(int(citation[1]), {})[citation[2]] = cell
        elif name in list_columns:
            values[name] = split_list(cell)
        else:
            values[name] = cell
    # A citation group left empty on this row is no citation. The others keep their columns' names, for
    # the error report: "citation_2_quote".
    if citations:
        values["citations"] = [
            {**group, "_label": f"citation_{n}_"}
            for n, group in sorted(citations.items())
            if any(cell.strip() for cell in group.values())
        ]
    return values


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]


def _json_rows(text: str) -> list[Row]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileProblem(f"Not valid JSON: {error.msg} (column {error.colno}).", line=error.lineno) from None
    if not isinstance(items, list):
        raise FileProblem("The file must hold a JSON list of objects, one per record: [{…}, {…}].")
    return [
        Row(line, index, item)
        if isinstance(item, dict)
        else Row(line, index, problem="An item must be an object.")
        for index, (line, item) in enumerate(zip(_item_lines(text), items, strict=True), start=1)
    ]


def _item_lines(text: str) -> list[int]:
    """The line each item of the top-level list starts on (the text is known to be valid JSON)."""
    decoder = json.JSONDecoder()
    whitespace = re.compile(r"[ \t\n\r]*")
    position = whitespace.match(text, 0).end() + 1  # past "["
    lines, line, counted = [], 1, 0
    while True:
        position = whitespace.match(text, position).end()
        if text[position] == "]":
            return lines
        line += text.count("\n", counted, position)
        counted = position
        lines.append(line)
        _item, position = decoder.raw_decode(text, position)
        position = whitespace.match(text, position).end()
        if text[position] == ",":
            position += 1
