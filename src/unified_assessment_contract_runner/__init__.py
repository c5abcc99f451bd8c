"""The contract run: schemathesis against a server (the stub by default), with its reports.

`unified-assessment-contract` (run.py) is the command; `make contract` runs the same `main()`.
"""
