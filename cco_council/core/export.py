"""Writing what visitors typed into files editors open (CSV in a spreadsheet)."""

import unicodedata

CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, -, @, tab or CR (a formula) gets a
    quote. Spreadsheets also read the fullwidth and small forms (＝ ＋ － ＠, ﹦ ...) as the
    ASCII signs; NFKC folds each of them to its ASCII sign."""
    text = "" if value is None else str(value)
    if unicodedata.normalize("NFKC", text[:1]).startswith(CSV_FORMULA_PREFIXES):
        return "'" + text
    return text
