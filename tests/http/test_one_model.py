"""test_one_model.py: every HTML page and its /api/v1 twin come from one model (issue 6). For each
GET row of app/routes.c that has a template, the twin row must exist with the same handler (one
model by construction), and the page must show the twin's model: the texts of the JSON (names,
titles, questions, descriptions...) appear, escaped, in the HTML for the same user and ids."""
import html
import json
import os
import re
import unittest

from lib import ADMIN, DEMO, Browser, api_token, get, psql

ROOT = os.environ.get("PREPTALK_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
ROW = re.compile(r'\{M_GET,\s*(API )?"([^"]*)",\s*(AUTH_\w+),\s*(\w+),\s*(NULL|"[^"]*")')


def rows():
    text = open(os.path.join(ROOT, "app", "routes.c")).read()
    out = []
    for m in ROW.finditer(text):
        out.append({"api": bool(m.group(1)), "pattern": m.group(2), "auth": m.group(3),
                    "handler": m.group(4), "template": m.group(5)})
    return out


def strings(model, out=None):
    """The display texts of a model: string leaves that are not ids, urls, dates or codes."""
    out = [] if out is None else out
    if isinstance(model, dict):
        for k, v in model.items():
            if k in ("csrf_token", "request_id", "path", "version") or k.endswith(("_url", "url", "id")):
                continue
            strings(v, out)
    elif isinstance(model, list):
        for v in model:
            strings(v, out)
    elif isinstance(model, str):
        if len(model) >= 6 and " " in model and not model.startswith("/") and len(model) < 400:
            out.append(model)
    return out


class OneModel(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ids = {
            "companies": psql("SELECT company_id FROM jobs WHERE is_active GROUP BY company_id "
                              "ORDER BY count(*) DESC, company_id LIMIT 1"),
            "jobs": psql("SELECT j.id FROM jobs j JOIN curricula c ON c.job_id = j.id AND c.is_active "
                         "WHERE j.is_active ORDER BY j.id LIMIT 1"),
            "sessions": psql("SELECT s.id FROM interview_sessions s JOIN auth.users u ON u.id = s.user_id "
                             "WHERE u.email = '%s' AND s.status = 'completed' ORDER BY s.completed_at DESC "
                             "LIMIT 1" % DEMO[0]),
        }
        cls.browser = Browser()
        cls.browser.login(*DEMO)
        cls.token = api_token(*DEMO)

    def concrete(self, pattern):
        family = pattern.strip("/").split("/")[0]
        path = pattern.replace(":id", self.ids.get(family, ""))
        return path.replace(":n", "1")

    def test_every_page_has_a_twin_with_the_same_handler(self):
        all_rows = rows()
        api = {(r["pattern"], r["handler"]) for r in all_rows if r["api"]}
        pages = [r for r in all_rows if not r["api"] and r["template"] != "NULL"
                 and r["pattern"] not in ("/signup", "/login")]
        self.assertGreater(len(pages), 8)
        for r in pages:
            twin = "/dashboard" if r["pattern"] == "/" else r["pattern"]
            with self.subTest(page=r["pattern"]):
                self.assertIn((twin, r["handler"]), api, "no /api/v1%s twin served by %s" % (twin, r["handler"]))

    def test_pages_show_their_twins_model(self):
        checked = 0
        for r in rows():
            if r["api"] or r["template"] == "NULL" or r["auth"] == "AUTH_ADMIN":
                continue
            if r["pattern"] in ("/signup", "/login"):
                continue
            path = self.concrete(r["pattern"])
            twin = "/api/v1" + ("/dashboard" if path == "/" else path)
            with self.subTest(page=path):
                page = self.browser.get(path)
                data = get(twin, headers={"Authorization": "Bearer " + self.token})
                self.assertEqual(page.status, 200, page.text[:300])
                self.assertEqual(data.status, 200, data.text[:300])
                texts = strings(data.json())
                if not texts:
                    continue
                shown = [t for t in texts if html.escape(t, quote=True) in page.text
                         or html.escape(t, quote=False) in page.text]
                # most of the model's texts are on the page (some belong to other states of it)
                self.assertGreaterEqual(len(shown) / len(texts), 0.5,
                                        "%s shows %d of %d texts; missing e.g. %r" %
                                        (path, len(shown), len(texts),
                                         [t for t in texts if t not in shown][:3]))
                checked += 1
        self.assertGreaterEqual(checked, 6)


if __name__ == "__main__":
    unittest.main()
