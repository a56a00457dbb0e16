"""The central office: payroll, exports, pay slips, roster and config push, users, the web page."""

__version__ = "0.1.0"
