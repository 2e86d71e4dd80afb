"""Reading registries back from spreadsheets: the layer every import stands on.

- `reading`: `read_rows` (the non-blank rows of an .xlsx, .xls, .ods or .csv, numbered as the
  spreadsheet shows them), `open_table` (the header row of a column specification found under the
  titles), `parse_rows` (each row's values and its errors, naming row, column and reason).
- `values`: the cell parsers a `core.listing.Column` names in `parse` (`Text`, `Integer`,
  `DecimalNumber`, `DateValue`, `Boolean`, `Choice`, `UnitRef`).
- `legacy`: text typed in TCVN3 or VNI recognised and refused with how to convert it.

Units named in a file are resolved by `geo.matching` (core imports no app).
"""

from thongsuot.core.importing.reading import (
    CellError,
    ParsedRow,
    SourceRow,
    Table,
    header_key,
    open_table,
    parse_rows,
    read_rows,
)
from thongsuot.core.importing.values import (
    Boolean,
    CellInvalid,
    Choice,
    DateValue,
    DecimalNumber,
    Integer,
    Text,
    UnitRef,
)

__all__ = ["Boolean", "CellError", "CellInvalid", "Choice", "DateValue", "DecimalNumber", "Integer", "ParsedRow",
           "SourceRow", "Table", "Text", "UnitRef", "header_key", "open_table", "parse_rows", "read_rows"]
