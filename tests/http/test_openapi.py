"""test_openapi.py: /api/v1/openapi.json is generated from the route table and every documented
route answers as documented: GETs without parameters give 200 (or 401 without credentials when
they need them), routes with an id give 404 for an id that does not exist, and admin routes are
listed for admins only."""
import os
import re
import unittest
import uuid

from lib import ADMIN, DEMO, api_token, get, request

ROOT = os.environ.get("PREPTALK_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))


def table_api_rows():
    """(method, pattern, auth) of every /api/v1 row of app/routes.c."""
    text = open(os.path.join(ROOT, "app", "routes.c")).read()
    rows = []
    for m in re.finditer(r'\{M_(GET|POST|PUT|PATCH|DELETE),\s*API "([^"]*)",\s*(AUTH_\w+)', text):
        rows.append((m.group(1).lower(), "/api/v1" + m.group(2), m.group(3)))
    return rows


class OpenAPI(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.token = api_token(*DEMO)
        cls.admin = api_token(*ADMIN)

    def doc(self, token=None):
        h = {"Authorization": "Bearer " + token} if token else {}
        r = get("/api/v1/openapi.json", headers=h)
        self.assertEqual(r.status, 200)
        return r.json()

    def test_document_matches_route_table(self):
        doc = self.doc(self.admin)
        self.assertEqual(doc["openapi"], "3.1.0")
        documented = set()
        for path, item in doc["paths"].items():
            for method in item:
                documented.add((method, "/api/v1" + re.sub(r"\{(\w+)\}", r":\1", path)))
        table = {(m, p) for m, p, _ in table_api_rows()}
        self.assertEqual(documented, table)

    def test_admin_routes_hidden_from_others(self):
        for token in (None, self.token):
            doc = self.doc(token)
            self.assertFalse([p for p in doc["paths"] if p.startswith("/admin")])

    def test_every_documented_get_answers_as_documented(self):
        doc = self.doc(self.admin)
        for path, item in doc["paths"].items():
            op = item.get("get")
            if not op:
                continue
            url = "/api/v1" + path
            has_params = bool(op.get("parameters"))
            for p in op.get("parameters", []):
                fake = str(uuid.uuid4()) if p["schema"].get("format") == "uuid" else "999999"
                url = url.replace("{%s}" % p["name"], fake)
            token = self.admin if path.startswith("/admin") else self.token
            with self.subTest(path=path):
                r = get(url, headers={"Authorization": "Bearer " + token})
                if has_params:
                    self.assertEqual(r.status, 404, r.text[:200])
                    self.assertTrue(r.header("content-type").startswith("application/problem+json"))
                else:
                    self.assertEqual(r.status, 200, r.text[:200])
                    self.assertTrue(r.header("content-type").startswith("application/json"))
                if "security" in op:
                    r = get(url)
                    self.assertIn(r.status, (401, 404), r.text[:200])


if __name__ == "__main__":
    unittest.main()
