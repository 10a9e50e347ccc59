"""Summarise an Odoo 18.0 ``--test-enable`` log.

Usage: python .ci/parse_test_log.py LOG_FILE DB_NAME ODOO_EXIT_CODE

Prints human readable findings on stderr and, on the last stdout line,
``<passed> <failed>`` for the Odoo part of the run:

* tests run / failed / errors come from the ``odoo.tests.result`` line
  ``N failed, N error(s) of N tests when loading database '<db>'``
  (odoo/tests/result.py + odoo/service/server.py);
* every skipped test (``<test logger>: skipped <test> : <reason>``) is failed,
  not passed;
* every ERROR/CRITICAL line from a non-test logger (failed install,
  traceback, test module import error, ...) is one more failure;
* no summary line and zero tests are one more failure each; a non-zero exit
  code of odoo is one more failure when nothing else failed (odoo exits with 1
  when a test failed, which is already counted).
"""

import re
import sys

LINE_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ "
    r"(?P<level>[A-Z?]+) (?P<db>\S+) (?P<logger>[\w.\-]+): (?P<msg>.*)$"
)
RESULT_RE = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests "
    r"when loading database '(?P<db>[^']*)'"
)
TEST_LOGGER_RE = re.compile(r"^odoo\.addons\.[\w]+\.tests(\.|$)")
SKIP_RE = re.compile(r"^skipped (?P<test>.+?) : (?P<reason>.*)$")
# consequences of failed tests, already counted through the result line
TEST_CONSEQUENCES = (
    ("odoo.modules.loading", re.compile(r"At least one test failed")),
    ("odoo.modules.loading", re.compile(r"Module \w+: \d+ failures, \d+ errors of")),
    ("odoo.tests.result", re.compile(r"Test suite halted")),
)


def main(path, dbname, exit_code):
    result = None
    skipped = []
    errors = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            m = LINE_RE.match(line.rstrip("\n"))
            if not m:
                continue
            level, logger, msg = m["level"], m["logger"], m["msg"]
            if logger == "odoo.tests.result":
                r = RESULT_RE.search(msg)
                if r and r["db"] == dbname:
                    result = (int(r["failed"]), int(r["errors"]), int(r["run"]))
                    continue
            is_test_logger = bool(TEST_LOGGER_RE.match(logger))
            if is_test_logger and level == "INFO":
                s = SKIP_RE.match(msg)
                if s:
                    skipped.append(f"{s['test']} ({s['reason'].strip()})")
                continue
            if level not in ("ERROR", "CRITICAL") or is_test_logger:
                continue
            if any(logger == lg and p.match(msg) for lg, p in TEST_CONSEQUENCES):
                continue
            if logger == "odoo.tests.result" and RESULT_RE.search(msg):
                continue  # summary of another database
            errors.append(f"{level} {logger}: {msg}")

    passed = failed = 0
    report = []
    if result is None:
        failed += 1
        report.append(f"no test result line for database {dbname!r} (odoo crashed?)")
    else:
        n_failed, n_errors, n_run = result
        report.append(
            f"odoo: {n_run} tests run, {n_failed} failed, {n_errors} error(s), "
            f"{len(skipped)} skipped"
        )
        if n_run == 0:
            failed += 1
            report.append("zero tests found")
        failed += n_failed + n_errors + len(skipped)
        passed += max(0, n_run - n_failed - n_errors - len(skipped))
    for s in skipped:
        report.append(f"skipped test counted as failed: {s}")
    for e in errors:
        report.append(f"error logged outside tests: {e}")
    failed += len(errors)
    if exit_code != 0 and failed == 0:  # else already counted (odoo exits 1
        failed += 1  # when a test failed)
        report.append(f"odoo exited with code {exit_code}")
    for r in report:
        print(f"[ci] {r}", file=sys.stderr)
    print(passed, failed)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
