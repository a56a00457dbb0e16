"""Demo and seed data of the office (`python -m office demo`, tests, benchmarks); no production
module imports it (tests/test_import_contracts.py).
"""
