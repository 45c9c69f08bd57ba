"""The annotate page in a real browser: headless Chromium (Debian's, installed by
scripts/setup-system.sh) loads the report with a probe script appended, which reads the computed
colours, clicks a line and records what became visible; --dump-dom gives the result back."""
import html
import json
import re
import shutil
import subprocess

from conftest import run_pyc2c
from test_cli_annotate import UNTYPED

PROBE = """
<script>
(function () {
  var out = {lines: [], colours: {}};
  document.querySelectorAll('.line').forEach(function (el) {
    var r = el.getBoundingClientRect();
    out.lines.push({line: +el.dataset.line, score: +el.dataset.score, height: r.height});
    out.colours[el.dataset.line] = getComputedStyle(el).backgroundColor;
  });
  var detail = document.getElementById('detail7');
  out.before = getComputedStyle(detail).display;
  document.getElementById('line7').click();  // through the page's own click handler
  out.after = getComputedStyle(detail).display;
  out.detail_height = detail.getBoundingClientRect().height;
  out.c = detail.querySelector('pre.c').innerText;
  out.reasons = Array.prototype.map.call(detail.querySelectorAll('li'), function (li) {
    return li.dataset.reason; });
  out.other = getComputedStyle(document.getElementById('detail8')).display;
  out.summary = Array.prototype.map.call(document.querySelectorAll('#summary tr[data-reason]'),
    function (tr) { return tr.dataset.reason; });
  var pre = document.createElement('pre');
  pre.id = 'probe-result';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


def chromium():
    exe = shutil.which("chromium")
    assert exe, "Chromium is missing: run scripts/setup-system.sh (make does)"
    return exe


def test_report_renders_colours_lines_and_shows_c_on_click(tmp_path):
    src = tmp_path / "m.py"
    src.write_text(UNTYPED)
    page = tmp_path / "m.html"
    proc = run_pyc2c("annotate", src, "-o", page)
    assert proc.returncode == 0, proc.stderr
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text().replace("</body>", PROBE + "</body>"))
    dom = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=2000", "--dump-dom",
         probe.as_uri()], capture_output=True, text=True, timeout=120)
    m = re.search(r'<pre id="probe-result">(.*?)</pre>', dom.stdout, re.S)
    assert m, dom.stderr[-2000:]
    out = json.loads(html.unescape(m.group(1)))
    assert [l["line"] for l in out["lines"]] == list(range(1, 10))
    assert all(l["height"] > 0 for l in out["lines"])  # laid out, not hidden
    white = "rgb(255, 255, 255)"
    assert out["colours"]["5"] == white and out["colours"]["1"] == white  # no object work
    assert out["colours"]["7"] != white and out["colours"]["4"] != white
    assert out["colours"]["7"] != out["colours"]["4"]  # heavier line, stronger colour
    assert out["before"] == "none" and out["after"] == "block" and out["detail_height"] > 0
    assert out["other"] == "none"  # only the clicked line opened
    assert "PyObject_GetItem(" in out["c"] and "PyNumber_Add(" in out["c"]
    assert set(out["reasons"]) == {"untyped local", "object arithmetic", "object indexing",
                                   "boxing"}
    assert "untyped local" in out["summary"] and "object indexing" in out["summary"]
