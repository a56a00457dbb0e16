"""The central office: ingest of station events, payroll, exports and the office web page."""
