#!/usr/bin/python3
"""run.py: runs every tests/http/test_*.py module (unittest) against the running stack and
ends with one line `http: N passed, N failed` for scripts/test.sh to add up.

Usage: run.py [PATTERN]   (PATTERN filters module names, e.g. `run.py malformed`)
"""
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    sys.path.insert(0, HERE)
    pattern = sys.argv[1] if len(sys.argv) > 1 else ""
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for name in sorted(os.listdir(HERE)):
        if name.startswith("test_") and name.endswith(".py") and pattern in name:
            try:
                suite.addTests(loader.loadTestsFromName(name[:-3]))
            except Exception as e:  # an unimportable module is a failure, not a skip
                suite.addTest(unittest.FunctionTestCase(_raiser(name, e)))
    start = time.monotonic()
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    # A test counts once: failed when it or any of its subTests failed or errored.
    failed_ids = {_test_id(t) for t, _ in result.failures + result.errors}
    failed_ids |= {_test_id(t) for t in result.unexpectedSuccesses}
    skipped_ids = {_test_id(t) for t, _ in result.skipped} - failed_ids
    failed = len(failed_ids)
    skipped = len(skipped_ids)
    passed = max(result.testsRun - failed - skipped, 0)
    print("http: %d skipped, %.1f s" % (skipped, time.monotonic() - start))
    print("http: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def _test_id(test):
    case = getattr(test, "test_case", test)  # a subTest reports its parent test
    return case.id()


def _raiser(name, exc):
    def import_failed():
        raise AssertionError("cannot import %s: %r" % (name, exc))
    return import_failed


if __name__ == "__main__":
    sys.exit(main())
