"""Streamed CSV exports of filtered lists, safe to open in a spreadsheet.

- Streamed: rows are written as the database cursor yields them (StreamingHttpResponse), in chunks.
- Bounded: at most EXPORT_ROW_LIMIT rows; the response says so in X-Row-Limit, the full count in
  X-Total-Count and X-Truncated: true when rows were left out.
- Formula-safe: a text cell that a spreadsheet would read as a formula (=, +, -, @, tab, carriage return)
  starts with an apostrophe. Numbers and dates are written as they are.
- UTF-8 with a byte-order mark, so that spreadsheet programs read Cyrillic correctly.
"""

import csv
import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.http import StreamingHttpResponse

EXPORT_ROW_LIMIT = 10_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal | datetime.date):
        return value  # written as digits and dates: nothing a spreadsheet would run
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_response(
    *, filename: str, header: list[str], rows: Iterable, to_row: Callable, total: int, limit: int = EXPORT_ROW_LIMIT
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([safe_cell(value) for value in to_row(row)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Row-Limit"] = str(limit)
    response["X-Total-Count"] = str(total)
    if total > limit:
        response["X-Truncated"] = "true"
    return response


CSV_RESPONSE_DOC = {
    "responses": {
        "200": {
            "description": (
                f"CSV (UTF-8 with a byte-order mark), at most {EXPORT_ROW_LIMIT} rows. Headers: X-Row-Limit "
                "(the limit), X-Total-Count (rows matching), X-Truncated: true when rows were left out."
            ),
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}
