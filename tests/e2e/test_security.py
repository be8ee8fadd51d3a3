#!/usr/bin/python3
"""End-to-end security: a rules file cannot reach files, the network or macros, and nothing a workbook or a
rules file holds is ever turned into a formula that reaches outside the document.

- Rules naming I/O (`include`, `import`, `webservice(...)`, `hyperlink(...)`, `shell(...)`, macro URLs, ...)
  are rejected by the checker with a located diagnostic; the language has no such statement or function.
- A rules file full of paths and URLs in every text it may hold (messages, headers, aliases), run by
  `kpirules check` in its own office under strace (-f: the runner and the whole office): no process of the
  run opens the marker file the rules name, and none connects to the local listener the rules point at.
- Cell texts that look like formulas (`=WEBSERVICE("http://127.0.0.1:PORT/...")`, `'; DROP`, quotes and
  brackets in the sheet name) stay text in the computed columns, comments and the Exceptions sheet; the only
  formulas the engine writes are its HYPERLINK("#'Sheet'.A5";"A5") links into the document itself, also after
  recalculating, saving as .ods and .xlsx and loading again. A control formula shows the listener does see
  a real WEBSERVICE call from this office.

Usage: test_security.py [--kpirules PATH]
"""

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import unittest

from kpi_engine import KPIRULES, OXT, HeadlessOffice, engine_service


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection and the first line sent on it."""

    def __init__(self):
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.requests = []
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                connection, _ = self.server.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            with connection:
                connection.settimeout(2)
                try:
                    first = connection.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
                    connection.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
                except OSError:
                    first = "(nothing read)"
                self.requests.append(first)

    def paths(self):
        return [r.split(" ")[1] if " " in r else r for r in self.requests]

    def stop(self):
        self.running = False
        self.thread.join(timeout=5)
        self.server.close()


OFFICE = None
ENGINE = None
LISTENER = None
FOLDER = None


def setUpModule():
    global OFFICE, ENGINE, LISTENER, FOLDER
    FOLDER = tempfile.mkdtemp(prefix="kpi-security-")
    os.chmod(FOLDER, 0o755)
    LISTENER = Listener()
    OFFICE = HeadlessOffice(oxt=OXT)
    try:
        OFFICE.__enter__()
        ENGINE = engine_service(OFFICE)
    except BaseException:
        tearDownModule()
        raise


def tearDownModule():
    if OFFICE is not None:
        OFFICE.stop()
    if LISTENER is not None:
        LISTENER.stop()
    shutil.rmtree(FOLDER, ignore_errors=True)


def url(path):
    return "http://127.0.0.1:%d/%s" % (LISTENER.port, path)


SHEET = "Bob's \"KPIs\" =WEBSERVICE(x) ),("


def hostile_texts():
    """(key, title, owner) rows: every text is something a spreadsheet might mistake for a formula."""
    return [
        ('=WEBSERVICE("%s")' % url("key"), '=HYPERLINK("%s";"click")' % url("title"), "=1+1"),
        ("K02", "'; DROP TABLE kpis; --", '=WEBSERVICE("%s")' % url("owner")),
        ("K03", '"),WEBSERVICE("%s"),("' % url("quote"), "+WEBSERVICE(\"%s\")" % url("plus")),
        ("K04", '{webservice("%s")}' % url("brace"), "-WEBSERVICE(\"%s\")" % url("minus")),
        ("@K05", "@WEBSERVICE(\"%s\")" % url("at"), "'quoted"),
    ]


def rules_for(sheet):
    quoted = sheet.replace('"', '""')
    return ('sheet "%s"\nkey "PI Code"\nfield code = "PI Code"\nfield title = "Indicator"\nfield owner = "Owner"\n'
            'field annual = "Annual target"\nseries actual = "Apr" .. "Jun"\n'
            'status actual\n  green when last(actual) >= annual\n  red otherwise\n'
            'flag high "{title} owned by {owner} ({code})" when true notify owner\n'
            'write "Echo" = title & " / " & owner\n'
            'write "=WEBSERVICE(""%s"")" = code\n' % (quoted, url("header")))


def make_workbook(path):
    doc = OFFICE.new_calc()
    try:
        sheet = doc.getSheets().getByIndex(0)
        sheet.setName(SHEET)
        rows = [("PI Code", "Indicator", "Owner", "Annual target", "Apr", "May", "Jun")]
        for i, (key, title, owner) in enumerate(hostile_texts()):
            rows.append((key, title, owner, 10.0, 9.0 + i, 10.0, 11.0 - i))
        sheet.getCellRangeByPosition(0, 0, 6, len(rows) - 1).setDataArray(tuple(rows))
        OFFICE.store(doc, path, "calc8")
    finally:
        OFFICE.close(doc)


LINK = re.compile(r'^=HYPERLINK\("#\'(?:[^\'"]|\'\'|"")*\'\.A\d+";"A\d+"\)$')


def formula_cells(doc):
    """Every formula in the document: (sheet, row, column, formula text)."""
    from com.sun.star.sheet.CellFlags import FORMULA
    found = []
    sheets = doc.getSheets()
    for name in sheets.getElementNames():
        sheet = sheets.getByName(name)
        ranges = sheet.queryContentCells(FORMULA)
        for address in ranges.getRangeAddresses():
            for row in range(address.StartRow, address.EndRow + 1):
                for column in range(address.StartColumn, address.EndColumn + 1):
                    found.append((name, row, column, sheet.getCellByPosition(column, row).getFormula()))
    return found


class Security(unittest.TestCase):
    def assert_only_links(self, doc, stage):
        formulas = formula_cells(doc)
        others = [f for f in formulas if f[0] != "Exceptions" or f[2] != 10 or not LINK.match(f[3])]
        self.assertEqual([], others, "%s: formulas the engine must never write" % stage)
        self.assertEqual(len(hostile_texts()), len(formulas), stage)  # one link per flagged indicator
        sheet = doc.getSheets().getByName("Exceptions")
        for _, row, column, formula in formulas:
            label = sheet.getCellByPosition(column, row).getString()
            self.assertRegex(label, r"^A\d+$", formula)
            self.assertIn('.%s";"%s")' % (label, label), formula)

    def assert_texts_kept(self, doc, stage):
        sheet = doc.getSheets().getByName(SHEET)
        data = sheet.getCellRangeByPosition(0, 0, 8, len(hostile_texts())).getDataArray()
        self.assertEqual("Echo", data[0][7], stage)
        self.assertEqual('=WEBSERVICE("%s")' % url("header"), data[0][8], stage)
        for (key, title, owner), row in zip(hostile_texts(), data[1:]):
            self.assertEqual((key, title, owner), tuple(row[:3]), stage)
            self.assertEqual(title + " / " + owner, row[7], stage)
            self.assertEqual(key, row[8], stage)
        exceptions = doc.getSheets().getByName("Exceptions").getCellRangeByPosition(0, 1, 9, len(hostile_texts()))
        messages = {row[1]: row[4] for row in exceptions.getDataArray()}
        for key, title, owner in hostile_texts():
            self.assertEqual("%s owned by %s (%s)" % (title, owner, key), messages[key], stage)

    def test_control_the_listener_sees_a_real_webservice_call(self):
        doc = OFFICE.new_calc()
        try:
            cell = doc.getSheets().getByIndex(0).getCellByPosition(0, 0)
            cell.setFormula('=WEBSERVICE("%s")' % url("control"))
            doc.calculateAll()
            deadline = time.monotonic() + 10
            while "/control" not in LISTENER.paths() and time.monotonic() < deadline:
                time.sleep(0.1)
            self.assertIn("/control", LISTENER.paths(), "the control failed: the office fetched nothing")
        finally:
            OFFICE.close(doc)

    def test_cell_texts_never_become_formulas(self):
        path = os.path.join(FOLDER, "hostile.ods")
        make_workbook(path)
        doc = OFFICE.load(path)
        try:
            report = json.loads(ENGINE.run(doc, rules_for(SHEET), "hostile.kpirules", "{}"))
            self.assertTrue(report["ok"], report)
            self.assertEqual(len(hostile_texts()), report["counts"]["flags"])
            self.assert_only_links(doc, "after the run")
            self.assert_texts_kept(doc, "after the run")
            comments = doc.getSheets().getByName(SHEET).getAnnotations()
            self.assertEqual(len(hostile_texts()), comments.getCount())
            doc.calculateAll()
            for kind, filter_name in (("ods", "calc8"), ("xlsx", "Calc Office Open XML")):
                saved = os.path.join(FOLDER, "checked." + kind)
                OFFICE.store(doc, saved, filter_name)
                reloaded = OFFICE.load(saved)
                try:
                    reloaded.calculateAll()
                    self.assert_only_links(reloaded, "reloaded " + kind)
                    self.assert_texts_kept(reloaded, "reloaded " + kind)
                finally:
                    OFFICE.close(reloaded)
        finally:
            OFFICE.close(doc)
        time.sleep(1)
        self.assertEqual([], [p for p in LISTENER.paths() if p != "/control"], "something reached the network")

    def test_runner_writes_no_formula_either(self):
        path = os.path.join(FOLDER, "hostile-runner.ods")
        make_workbook(path)
        rules = os.path.join(FOLDER, "hostile.kpirules")
        with open(rules, "w", encoding="utf-8") as f:
            f.write(rules_for(SHEET))
        accept = next(a for a in OFFICE.process.args if a.startswith("--accept="))
        out = os.path.join(FOLDER, "runner-out")
        result = subprocess.run([KPIRULES, "check", path, "--rules", rules, "--out", out, "--connect",
                                 "uno:" + accept[len("--accept="):], "--report", "csv,json"],
                                capture_output=True, text=True, timeout=300, env=dict(os.environ, TMPDIR=FOLDER))
        self.assertEqual(1, result.returncode, result.stderr)
        checked = OFFICE.load(os.path.join(out, "hostile-runner.ods"))
        try:
            checked.calculateAll()
            self.assert_only_links(checked, "checked by the runner")
            self.assert_texts_kept(checked, "checked by the runner")
        finally:
            OFFICE.close(checked)
        # The CSV holds the texts as they are (a spreadsheet opening it decides; the values are quoted).
        with open(os.path.join(out, "hostile-runner.exceptions.csv"), encoding="utf-8") as f:
            self.assertIn('=WEBSERVICE(""%s"")' % url("key"), f.read())
        self.assertEqual([], [p for p in LISTENER.paths() if p != "/control"], "something reached the network")

    def test_rules_cannot_name_io(self):
        """Every way a rules file might try to reach out is a located error: no such statement or function."""
        head = 'sheet "KPIs"\nkey "PI Code"\nfield title = "Indicator"\n'
        statements = ['include "other.kpirules"', 'import "/etc/passwd"', 'load "%s"' % url("load"),
                      'require "x"', 'use "x"', 'source "/etc/passwd"', 'macro "Standard.Module1.Main"',
                      'run "vnd.sun.star.script:Standard.Module1.Main?language=Basic&location=document"']
        functions = ["file", "open", "read", "webservice", "hyperlink", "indirect", "filterxml", "encodeurl", "dde",
                     "rtd", "info", "cell", "call", "shell", "system", "exec", "macro", "script", "eval", "getenv",
                     "now", "today", "rand"]
        cases = [(s, "E0103") for s in statements] + \
                [('let x = %s("%s")' % (f, url(f)), "E0202") for f in functions]
        for text, code in cases:
            with self.subTest(rules=text):
                path = os.path.join(FOLDER, "io.kpirules")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(head + text + "\n")
                result = subprocess.run([KPIRULES, "lint", "--format", "json", path], capture_output=True, text=True,
                                        timeout=60)
                self.assertEqual(1, result.returncode, result.stdout + result.stderr)
                diagnostics = json.loads(result.stdout)["diagnostics"]
                self.assertIn((code, 4), [(d["code"], d["line"]) for d in diagnostics], diagnostics)
        # The rules come from a local file only: a URL is not fetched.
        result = subprocess.run([KPIRULES, "check", os.path.join(FOLDER, "none.ods"), "--rules", url("rules")],
                                capture_output=True, text=True, timeout=60)
        self.assertEqual(2, result.returncode)
        self.assertIn("cannot read rules file", result.stderr)
        self.assertEqual([], [p for p in LISTENER.paths() if p != "/control"], "something reached the network")

    def test_paths_and_urls_in_rules_texts_reach_nothing_under_strace(self):
        if shutil.which("strace") is None:
            self.skipTest("strace is not installed")
        marker = os.path.join(FOLDER, "secret-marker.txt")
        with open(marker, "w") as f:
            f.write("secret\n")
        path = os.path.join(FOLDER, "hostile-strace.ods")
        make_workbook(path)
        texts = [marker, "file://" + marker, url("rules-text"), "vnd.sun.star.script:Standard.Module1.Main?"
                 "language=Basic&location=application", "macro:///Standard.Module1.Main", ".uno:Quit",
                 "private:factory/swriter", "\\\\127.0.0.1\\share\\x.ods"]
        rules_text = rules_for(SHEET).replace('field owner = "Owner"', 'field owner = "Owner" | "%s" | "%s"'
                                              % (marker, url("alias")))
        for i, text in enumerate(texts):
            rules_text += 'flag low "%s {title}" when true\nwrite "%s" = "%s"\n' % (text, text, text) if i < 2 else \
                'flag low "%s" when true\n' % text
        rules = os.path.join(FOLDER, "paths.kpirules")
        with open(rules, "w", encoding="utf-8") as f:
            f.write(rules_text)
        log = os.path.join(FOLDER, "strace.log")
        out = os.path.join(FOLDER, "strace-out")
        result = subprocess.run(["strace", "-f", "-qq", "-e", "trace=%file,connect", "-e", "signal=none",
                                 "-o", log, KPIRULES, "check", path, "--rules", rules, "--out", out, "--oxt", OXT],
                                capture_output=True, text=True, timeout=600, env=dict(os.environ, TMPDIR=FOLDER))
        self.assertEqual(1, result.returncode, result.stdout + result.stderr)
        with open(log, encoding="utf-8", errors="replace") as f:
            calls = f.read().splitlines()
        self.assertGreater(len(calls), 1000, "strace saw too little: did it follow the office?")
        self.assertTrue(any("soffice" in line and "execve" in line for line in calls), "the office was not traced")
        self.assertEqual([], [c for c in calls if marker in c], "a process of the run touched the marker file")
        port = "htons(%d)" % LISTENER.port
        self.assertEqual([], [c for c in calls if port in c], "a process of the run connected to the listener")
        # The office itself asks the local CUPS server (::1 or 127.0.0.1, port 631) for printers; nothing else.
        loopback = ('inet_addr("127.', '"::1"', 'inet_addr("0.0.0.0")')
        self.assertEqual([], [c for c in calls if "connect(" in c and "AF_INET" in c
                              and not any(address in c for address in loopback)], "a connection outside this machine")
        checked = OFFICE.load(os.path.join(out, "hostile-strace.ods"))
        try:
            messages = [row[4] for row in checked.getSheets().getByName("Exceptions").getCellRangeByPosition(
                0, 1, 9, 60).getDataArray() if row[0] == "low"]
            for text in texts:
                self.assertTrue(any(m.startswith(text) for m in messages), text)
        finally:
            OFFICE.close(checked)


if __name__ == "__main__":
    unittest.main(verbosity=2)
