"""test_admin_zz_audited.py: runs after every other admin module (run.py loads modules in name
order): every HTML admin POST row of app/routes.c was driven by the admin tests of this run and
left its audit row (the flows record what they drove in test_admin.AdminFlow.covered)."""
import unittest

import test_admin


class EveryAdminWriteAudited(unittest.TestCase):
    def test_all_admin_post_routes_were_exercised_with_audit(self):
        posts = {p for m, p in test_admin.admin_routes() if m == "POST" and not p.startswith("/api/")}
        if not test_admin.AdminFlow.covered:
            self.fail("the admin flows did not run in this process")
        self.assertEqual(posts - test_admin.AdminFlow.covered, set())


if __name__ == "__main__":
    unittest.main()
