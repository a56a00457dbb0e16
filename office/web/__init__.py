"""The office web page: server-rendered pages over the payroll, roster and sync state."""
