"""test_cli.py: the program's commands besides serve, as README's "The program" lists them:
render a template from a JSON file (and its error for a missing template), --version."""
import json
import os
import subprocess
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("PREPTALK_BIN", os.path.join(ROOT, "build", "preptalk"))


def run(*args):
    return subprocess.run([BIN] + list(args), capture_output=True, text=True, timeout=30, cwd=ROOT)


class Render(unittest.TestCase):
    def test_renders_a_template_with_the_readme_arguments(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"status": 404, "title": "Not Found", "detail": "Nothing <here>"}, f)
        try:
            p = run("render", os.path.join(ROOT, "templates"), "error", f.name)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn("<!doctype html>", p.stdout)
            self.assertIn("Nothing &lt;here&gt;", p.stdout)
            missing = run("render", os.path.join(ROOT, "templates"), "no-such-template", f.name)
            self.assertNotEqual(missing.returncode, 0)
            self.assertIn("no such template", missing.stderr)
        finally:
            os.unlink(f.name)

    def test_version(self):
        p = run("--version")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stdout, r"\d+\.\d+")


if __name__ == "__main__":
    unittest.main()
