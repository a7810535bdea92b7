"""The generative oracle: vernly's requests checked against docs/requests.md.

`schemas.py` draws random schemas and rows (and makes them a policy and real tables),
`reference.py` is an independent, plain reading of the written rule, `harness.py` runs
vernly's DataMap on the real databases and reads them back, and each `test_*.py` compares
one behaviour with the reference. Run:

    PYTHONPATH=$PWD/src .venv/bin/python -m pytest tests/oracle -q

SQLite always (100 examples per test), PostgreSQL and MariaDB with `-m postgres` /
`-m mariadb` servers (20 each); `VERNLY_ORACLE_MULTIPLIER=10` runs ten times as many.
The end of the run prints which schema features and which parts of the rule the examples
exercised.
"""
