"""Rules checked against the live databases (`vernly policy check --connect`).

The checks themselves need a database and live in `vernly.connectors.schema_check`; their
codes are listed here so `vernly policy rules` shows one catalogue of stable codes.
"""

from __future__ import annotations

from vernly.policy.lint.findings import Rule, Severity

UNREACHABLE = Rule(
    "VL950", Severity.error, "Art. 5(2), 15",
    "SQL system whose database cannot be reached",
    fields=("System.url",))
MISSING_TABLE = Rule(
    "VL951", Severity.error, "Art. 15, 17, 30(1)(c)",
    "declared table that does not exist in the database",
    fields=("Table.name",))
MISSING_COLUMN = Rule(
    "VL952", Severity.error, "Art. 15, 17, 30(1)(c)",
    "declared column that does not exist in the database",
    fields=("Column.name",))
NO_KEY = Rule(
    "VL953", Severity.error, "Art. 15, 17",
    "table with no key: none declared and no primary key in the database",
    fields=("Table.primary_key",))
OTHER_KEY = Rule(
    "VL954", Severity.warning, "Art. 5(1)(d), 17",
    "declared key that is neither the database's primary key nor unique there",
    fields=("Table.primary_key",))
CONTRADICTED_REFERENCE = Rule(
    "VL955", Severity.error, "Art. 15, 17",
    "declared reference the data contradicts (sampled values with no row to point at)",
    fields=("Reference.to",))
UNENFORCED_REFERENCE = Rule(
    "VL956", Severity.info, "Art. 15, 17",
    "declared reference that no foreign key in the database enforces",
    fields=("Reference.to",))
UNDECLARED_FOREIGN_KEY = Rule(
    "VL957", Severity.warning, "Art. 15, 17",
    "foreign key in the database that the policy does not declare as a reference",
    fields=("Table.references",))
UNDECLARED_COLUMN = Rule(
    "VL958", Severity.warning, "Art. 13(1)(c), 30(1)(c)",
    "undeclared column that looks like personal data",
    fields=("Table.columns",))
UNDECLARED_TABLE = Rule(
    "VL959", Severity.info, "Art. 13(1)(c), 30(1)(c)",
    "undeclared table that looks like it holds personal data",
    fields=("System.tables",))

UNFINDABLE_IDENTITY = Rule(
    "VL960", Severity.warning, "Art. 15, 17",
    "identity column whose sampled values a request would not find (odd phone forms, "
    "spaces around e-mail addresses)",
    fields=("Column.identity",))

EMAIL_NOT_INDEXED = Rule(
    "VL961", Severity.info, "Art. 12(3)",
    "e-mail identity column without an index on lower(column): requests scan the table",
    fields=("Column.identity",))

RULES = (UNREACHABLE, MISSING_TABLE, MISSING_COLUMN, NO_KEY, OTHER_KEY,
         CONTRADICTED_REFERENCE, UNENFORCED_REFERENCE, UNDECLARED_FOREIGN_KEY,
         UNDECLARED_COLUMN, UNDECLARED_TABLE, UNFINDABLE_IDENTITY, EMAIL_NOT_INDEXED)
