"""Payroll: wages computed from events every time, never kept as running totals.

Pure logic (`money`, `ledger`, `attendance`, `compute`) imports no database or web code;
`store` reads and writes the central database around it.
"""
