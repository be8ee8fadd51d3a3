#!/usr/bin/python3
"""End-to-end: the menu commands Tools > KPI Rules > Run, Clear, Show sidebar of the built .oxt, in a real
headless LibreOffice.

- the menu entries are in the office's Addons configuration, for Calc only, and the merged Calc menu shows them
  (Tools > KPI Rules after Scenarios; read through accessibility);
- the protocol handler answers queryDispatch for org.kpirules.command:Run, :Clear, :ShowSidebar only;
- the rules source kept in the document (KPIRules.* user-defined properties) survives save and reload as .ods
  and .xlsx, and Run reads it: dispatched with DispatchHelper on copies of samples/council-monthly.ods, with
  the rules file rules/council-monthly.kpirules and with the same rules embedded, it styles the period cells
  KPI Red/Amber/Green and builds the Exceptions sheet; Clear takes it back;
- Run with no source, a missing file or broken rules changes nothing, and no command waits for a click:
  every dispatch here runs under a watchdog, also on a visible frame (a message box is shown there).
One office for the whole module.
"""

import collections
import json
import os
import threading
import time
import unittest

from kpi_engine import OXT, RULES_PATH, SAMPLE_ODS, SAMPLE_XLSX, SHEET, snapshot_sheet, used_end

import uno  # noqa: E402
import unohelper  # noqa: E402
from com.sun.star.accessibility.AccessibleRole import MENU, MENU_BAR, MENU_ITEM  # noqa: E402
from com.sun.star.frame import XDispatchResultListener  # noqa: E402
from com.sun.star.frame.DispatchResultState import FAILURE, SUCCESS  # noqa: E402
from com.sun.star.util import URL  # noqa: E402

from kpi_office import OfficeTestCase, properties  # noqa: E402

OPTIONS = json.dumps({"asOf": "2024-10-20"})
PROTOCOL = "org.kpirules.command:"
COMMANDS = ("Run", "Clear", "ShowSidebar")
STATUS_STYLES = {"KPI Green", "KPI Amber", "KPI Red"}
STATUS_COLUMN = 24  # Y, the computed "Status" column the rules write
DISPATCH_TIMEOUT = 120  # seconds; a dispatch waiting for a click would never return


def snapshot(doc):
    """Sheet names, and per sheet every cell's formula, value and style and every comment of the used area."""
    sheets = doc.getSheets()
    result = {"sheets": tuple(sheets.getElementNames())}
    for name in result["sheets"]:
        result[name] = snapshot_sheet(sheets.getByName(name))
    return result


def styles_used(sheet):
    """Every cell style of the sheet's used area, with how many cells carry it."""
    end_column, end_row = used_end(sheet)
    counts = collections.Counter()
    unique = sheet.getCellRangeByPosition(0, 0, end_column, end_row).getUniqueCellFormatRanges()
    for i in range(unique.getCount()):
        ranges = unique.getByIndex(i)
        for a in ranges.getRangeAddresses():
            counts[ranges.CellStyle] += (a.EndColumn - a.StartColumn + 1) * (a.EndRow - a.StartRow + 1)
    return counts


def user_properties(doc):
    return doc.getDocumentProperties().getUserDefinedProperties()


def set_rules_source(doc, kind=None, path=None, text=None):
    """Writes the KPIRules.* properties as the sidebar keeps them (docs/commands.md)."""
    container = user_properties(doc)
    info = container.getPropertySetInfo()
    for name, value in (("KPIRules.Source", kind), ("KPIRules.RulesFile", path), ("KPIRules.RulesText", text)):
        if info.hasPropertyByName(name):
            container.removeProperty(name)
        if value is not None:
            container.addProperty(name, 128, value)  # 128: PropertyAttribute.REMOVABLE


def get_rules_source(doc):
    container = user_properties(doc)
    info = container.getPropertySetInfo()
    return tuple(container.getPropertyValue(name) if info.hasPropertyByName(name) else None
                 for name in ("KPIRules.Source", "KPIRules.RulesFile", "KPIRules.RulesText"))


def parsed_url(context, complete):
    url = URL()
    url.Complete = complete
    transformer = context.ServiceManager.createInstanceWithContext("com.sun.star.util.URLTransformer", context)
    return transformer.parseStrict(url)[1]


class ResultListener(unohelper.Base, XDispatchResultListener):
    def __init__(self):
        self.results = []

    def dispatchFinished(self, event):
        self.results.append((event.State, event.Result))

    def disposing(self, source):
        pass


class CommandsTest(OfficeTestCase):
    oxt = OXT
    sample = SAMPLE_ODS

    @classmethod
    def set_up_office(cls):
        with open(RULES_PATH, encoding="utf-8") as rules:
            cls.rules = rules.read()
        cls.context = cls.office.context
        cls.dispatcher = cls.context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper",
                                                                               cls.context)

    # -- helpers -----------------------------------------------------------------------------------------

    def frame_of(self, doc):
        return doc.getCurrentController().getFrame()

    def dispatch(self, doc, command, **arguments):
        """DispatchHelper.executeDispatch on the document's frame, under a watchdog; returns (report, seconds).
        Our dispatch is an XNotifyingDispatch: DispatchHelper hands back the DispatchResultEvent, whose Result is
        the JSON report."""
        outcome = {}

        def call():
            try:
                outcome["result"] = self.dispatcher.executeDispatch(
                    self.frame_of(doc), PROTOCOL + command, "", 0, properties(**arguments))
            except Exception as e:  # reported below, in the test's thread
                outcome["error"] = e

        started = time.monotonic()
        worker = threading.Thread(target=call, daemon=True)
        worker.start()
        worker.join(DISPATCH_TIMEOUT)
        seconds = time.monotonic() - started
        self.assertFalse(worker.is_alive(), "%s did not return within %ss (a dialog waiting?)" % (command, DISPATCH_TIMEOUT))
        if "error" in outcome:
            raise outcome["error"]
        event = outcome["result"]  # the DispatchResultEvent our dispatch sent
        self.assertTrue(hasattr(event, "Result"), "%s gave no result event: %r" % (command, event))
        self.assertIsInstance(event.Result, str, "%s gave no report" % command)
        report = json.loads(event.Result)
        self.assertEqual(SUCCESS if report.get("ok") else FAILURE, event.State, command)
        return report, seconds

    def run_command(self, doc, **arguments):
        return self.dispatch(doc, "Run", Options=OPTIONS, **arguments)[0]

    def assert_checked(self, doc, report):
        """The run styled the period cells, wrote the Status column and the Exceptions sheet as its report says."""
        self.assertTrue(report["ok"], report)
        self.assertTrue(report["written"])
        counts = report["counts"]
        self.assertEqual(49, counts["indicators"])
        sheet = doc.getSheets().getByName(SHEET)
        used = styles_used(sheet)
        self.assertLessEqual(STATUS_STYLES, set(used), used)
        # Each indicator's Status cell agrees with the counts of the report.
        statuses = collections.Counter(row[STATUS_COLUMN] for row in sheet.getCellRangeByName("A5:Z70").getDataArray()
                                       if row[0] and row[STATUS_COLUMN] != "")
        self.assertEqual((counts["green"], counts["amber"], counts["red"]),
                         (statuses["Green"], statuses["Amber"], statuses["Red"]))
        self.assertGreater(counts["red"], 0)
        self.assertGreater(counts["green"], 0)
        # The Exceptions sheet: a header and one row per exception.
        self.assertTrue(doc.getSheets().hasByName("Exceptions"))
        exceptions = doc.getSheets().getByName("Exceptions")
        codes = [row[1] for row in exceptions.getCellRangeByPosition(0, 1, 10, len(report["exceptions"])).getDataArray()]
        self.assertEqual([e["code"] for e in report["exceptions"]], codes)
        self.assertEqual("", exceptions.getCellByPosition(1, len(report["exceptions"]) + 1).getString())
        self.assertGreater(len(codes), 10)

    # -- the menu ----------------------------------------------------------------------------------------

    def test_menu_entries_are_in_the_addons_configuration_for_calc(self):
        provider = self.context.ServiceManager.createInstanceWithContext(
            "com.sun.star.configuration.ConfigurationProvider", self.context)
        merging = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationAccess",
            properties(nodepath="/org.openoffice.Office.Addons/AddonUI/OfficeMenuBarMerging"))
        self.assertTrue(merging.hasByName("org.kpirules.menu"), merging.getElementNames())
        instruction = merging.getByName("org.kpirules.menu").getByName("m1")
        self.assertEqual(".uno:ToolsMenu\\.uno:ScenarioManager", instruction.MergePoint)
        self.assertEqual("AddAfter", instruction.MergeCommand)
        self.assertEqual("com.sun.star.sheet.SpreadsheetDocument", instruction.MergeContext)
        items = instruction.MenuItems
        self.assertEqual(("m1",), items.getElementNames())
        popup = items.getByName("m1")
        self.assertEqual("~KPI Rules", popup.Title)
        submenu = popup.Submenu
        entries = [(submenu.getByName(n).Title, submenu.getByName(n).URL) for n in sorted(submenu.getElementNames())]
        self.assertEqual([("~Run", PROTOCOL + "Run"), ("~Clear", PROTOCOL + "Clear"), (None, "private:separator"),
                          ("Show ~Sidebar", PROTOCOL + "ShowSidebar")], entries)
        handlers = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationAccess",
            properties(nodepath="/org.openoffice.Office.ProtocolHandler/HandlerSet"))
        self.assertEqual((PROTOCOL + "*",), handlers.getByName("org.kpirules.CommandsImpl").Protocols)

    def tools_menu(self, doc):
        """The Tools menu of the document window as the user sees it, merged add-on entries included (read
        through accessibility: the menu bar's UNO settings hold only the configured items, not merged ones).
        Returns [(item name, [names of its submenu items])]."""
        def children(context):
            return [context.getAccessibleChild(i).getAccessibleContext() for i in range(context.getAccessibleChildCount())]

        def menu_bar(context, depth=0):
            for child in children(context):
                if child.getAccessibleRole() == MENU_BAR:
                    return child
                found = menu_bar(child, depth + 1) if depth < 3 else None
                if found is not None:
                    return found
            return None

        bar = menu_bar(self.frame_of(doc).getContainerWindow().getAccessibleContext())
        self.assertIsNotNone(bar, "no menu bar")
        tools = [menu for menu in children(bar) if menu.getAccessibleName() == "Tools"]
        self.assertEqual(1, len(tools))
        return [(item.getAccessibleName(), [sub.getAccessibleName() for sub in children(item)
                                            if sub.getAccessibleRole() == MENU_ITEM])
                for item in children(tools[0]) if item.getAccessibleRole() in (MENU, MENU_ITEM)]

    def test_the_calc_tools_menu_has_the_submenu_after_scenarios(self):
        doc, _ = self.open_copy(hidden=False)
        tools = self.tools_menu(doc)
        names = [name for name, _ in tools]
        self.assertEqual(1, names.count("KPI Rules"), names)
        self.assertEqual(["Run", "Clear", "Show Sidebar"], tools[names.index("KPI Rules")][1])
        # Calc labels its own items only when the menu first opens, so place ours by the configured items: the
        # menu bar's settings list Calc's Tools menu without merged entries; ours comes right after Scenarios.
        configured = self.configured_tools_commands(doc)
        self.assertEqual(len(configured) + 1, len(names))
        self.assertEqual(configured.index(".uno:ScenarioManager") + 1, names.index("KPI Rules"))

    def configured_tools_commands(self, doc):
        """The command URLs of the Tools menu as configured for Calc (separators left out)."""
        settings = self.frame_of(doc).LayoutManager.getElement("private:resource/menubar/menubar").getSettings(False)
        for i in range(settings.getCount()):
            entry = {p.Name: p.Value for p in settings.getByIndex(i)}
            if entry.get("CommandURL") == ".uno:ToolsMenu":
                tools = entry["ItemDescriptorContainer"]
                items = [{p.Name: p.Value for p in tools.getByIndex(j)} for j in range(tools.getCount())]
                return [item["CommandURL"] for item in items if item.get("Type", 0) == 0]
        self.fail("no Tools menu in the menu bar settings")

    # -- the protocol handler ------------------------------------------------------------------------------

    def test_the_handler_answers_only_its_own_urls(self):
        doc, _ = self.open_copy()
        frame = self.frame_of(doc)
        for command in COMMANDS:  # through the frame, as menus and DispatchHelper find it
            self.assertIsNotNone(frame.queryDispatch(parsed_url(self.context, PROTOCOL + command), "", 0), command)
        handler = self.context.ServiceManager.createInstanceWithArgumentsAndContext(
            "org.kpirules.CommandsImpl", (frame,), self.context)
        self.assertIsNotNone(handler)
        self.assertTrue(handler.supportsService("com.sun.star.frame.ProtocolHandler"))
        self.assertEqual("org.kpirules.CommandsImpl", handler.getImplementationName())
        for command in COMMANDS:
            self.assertIsNotNone(handler.queryDispatch(parsed_url(self.context, PROTOCOL + command), "", 0), command)
        for other in (PROTOCOL + "run", PROTOCOL + "Explain", PROTOCOL, PROTOCOL + "Run?x=1",
                      ".uno:Save", ".uno:SidebarDeck.KpiRulesDeck", "org.kpirules.other:Run", "private:factory/scalc"):
            self.assertIsNone(handler.queryDispatch(parsed_url(self.context, other), "", 0), other)
        self.assertIsNone(frame.queryDispatch(parsed_url(self.context, PROTOCOL + "Explain"), "", 0))
        descriptors = []
        for complete in (PROTOCOL + "Clear", ".uno:Undo"):
            descriptor = uno.createUnoStruct("com.sun.star.frame.DispatchDescriptor")
            descriptor.FeatureURL = parsed_url(self.context, complete)
            descriptors.append(descriptor)
        answers = handler.queryDispatches(tuple(descriptors))
        self.assertEqual(2, len(answers))
        self.assertIsNotNone(answers[0])
        self.assertIsNone(answers[1])

    # -- where the rules source is kept ----------------------------------------------------------------------

    def test_the_rules_source_survives_save_and_reload_as_ods_and_xlsx(self):
        text = self.rules + "\n# Größe – ‘quoted’ <and> & tabs\t\r\n# the last line"
        for source in (SAMPLE_ODS, SAMPLE_XLSX):
            for kind, path, rules_text in (("file", RULES_PATH, None), ("embedded", None, text),
                                           ("embedded", RULES_PATH, text)):
                doc, _ = self.open_copy(source, suffix="-" + kind)
                set_rules_source(doc, kind, path, rules_text)
                self.assertTrue(doc.isModified())
                for extension, filter_name in ((".ods", "calc8"), (".xlsx", "Calc Office Open XML")):
                    saved = os.path.join(self.workdir, "source-%s-%s%s" % (os.path.basename(source), kind, extension))
                    self.office.store(doc, saved, filter_name)
                    reloaded = self.office.load(saved)
                    try:
                        self.assertEqual((kind, path, rules_text), get_rules_source(reloaded), saved)
                        # Run reads what came back (write: false leaves the reloaded copy as it is).
                        report = self.dispatch(reloaded, "Run", Options=json.dumps({"asOf": "2024-10-20", "write": False}))[0]
                        self.assertTrue(report["ok"], (saved, report))
                        self.assertEqual({"kind": kind, **({"path": path} if path else {})}, report["source"])
                        self.assertEqual("council-monthly.kpirules" if kind == "file" else "embedded rules",
                                         report["rules"]["name"])
                        self.assertEqual(49, report["counts"]["indicators"])
                    finally:
                        self.office.close(reloaded)

    # -- Run and Clear ---------------------------------------------------------------------------------------

    def test_run_with_the_rules_file_checks_the_workbook(self):
        doc, _ = self.open_copy()
        set_rules_source(doc, "file", RULES_PATH)
        report = self.run_command(doc)
        self.assert_checked(doc, report)
        self.assertEqual("council-monthly.kpirules", report["rules"]["name"])
        self.assertEqual({"kind": "file", "path": RULES_PATH}, report["source"])
        log = doc.getSheets().getByName("KPI Log")
        self.assertEqual("council-monthly.kpirules", log.getCellRangeByName("B2").getString())
        # A CHS06 month the sample's reference calls red (cumulative indicator, Sep).
        self.assertEqual("KPI Red", doc.getSheets().getByName(SHEET).getCellRangeByName("R18").CellStyle)

    def test_run_with_embedded_rules_gives_the_same_result(self):
        by_file, _ = self.open_copy(suffix="-file")
        set_rules_source(by_file, "file", RULES_PATH)
        file_report = self.run_command(by_file)
        embedded, _ = self.open_copy(suffix="-embedded")
        set_rules_source(embedded, "embedded", None, self.rules)
        report = self.run_command(embedded)
        self.assert_checked(embedded, report)
        self.assertEqual("embedded rules", report["rules"]["name"])
        self.assertEqual(file_report["rules"]["sha256"], report["rules"]["sha256"])
        self.assertEqual(file_report["counts"], report["counts"])
        self.assertEqual(file_report["exceptions"], report["exceptions"])
        # The same sheet, comments included (they do not name the rules file; the KPI Log does).
        expected = snapshot(by_file)[SHEET]
        self.assertTrue(expected["comments"])
        self.assertEqual(expected, snapshot(embedded)[SHEET])
        log = embedded.getSheets().getByName("KPI Log")
        self.assertEqual("embedded rules", log.getCellRangeByName("B2").getString())

    def test_clear_takes_the_run_back(self):
        doc, _ = self.open_copy()
        set_rules_source(doc, "file", RULES_PATH)
        original = snapshot(doc)
        self.assert_checked(doc, self.run_command(doc))
        self.assertNotEqual(original[SHEET], snapshot(doc)[SHEET])
        report, _ = self.dispatch(doc, "Clear")
        self.assertTrue(report["ok"], report)
        self.assertTrue(report["cleared"]["exceptionsSheet"])
        self.assertGreater(report["cleared"]["styledRanges"], 0)
        after = snapshot(doc)
        self.assertFalse(doc.getSheets().hasByName("Exceptions"))
        self.assertEqual(original[SHEET], after[SHEET])
        self.assertEqual(original["sheets"] + ("KPI Log",), after["sheets"])  # the log is kept
        again, _ = self.dispatch(doc, "Clear")
        self.assertEqual({"styledRanges": 0, "columns": 0, "comments": 0, "exceptionsSheet": False}, again["cleared"])

    # -- nothing to run: nothing changes, nothing waits ------------------------------------------------------

    def assert_unchanged_by_run(self, doc, expected_error):
        original = snapshot(doc)
        modified = doc.isModified()
        report, seconds = self.dispatch(doc, "Run", Options=OPTIONS)
        self.assertFalse(report["ok"], report)
        self.assertIn(expected_error, report["error"])
        self.assertEqual(original, snapshot(doc))
        self.assertEqual(modified, doc.isModified())
        self.assertLess(seconds, 30)
        return report

    def test_run_without_a_rules_source_says_where_to_choose_one(self):
        doc, _ = self.open_copy()
        report = self.assert_unchanged_by_run(doc, "choose a rules file or embed rules in the KPI Rules sidebar")
        self.assertEqual({"kind": ""}, report["source"])
        self.assertFalse(doc.isModified())

    def test_run_with_a_missing_file_names_it_and_changes_nothing(self):
        doc, _ = self.open_copy()
        missing = os.path.join(self.workdir, "no-such.kpirules")
        set_rules_source(doc, "file", missing)
        self.assert_unchanged_by_run(doc, "The rules file %s does not exist." % missing)
        set_rules_source(doc, "file", self.workdir)
        self.assert_unchanged_by_run(doc, "is not a file")
        set_rules_source(doc, "embedded", RULES_PATH)  # embedded chosen, but no text kept
        self.assert_unchanged_by_run(doc, "No rules are embedded in this document")

    def test_run_with_broken_rules_reports_the_error_and_changes_nothing(self):
        doc, _ = self.open_copy()
        set_rules_source(doc, "embedded", None, self.rules.replace('write "SMART"  = smart()', 'write "SMART"  = smart('))
        report = self.assert_unchanged_by_run(doc, "the rules have errors")
        self.assertTrue([d for d in report["diagnostics"] if d["severity"] == "error"])
        self.assertIn("embedded rules:", report["diagnostics"][0]["rendered"])

    def test_commands_on_a_visible_frame_do_not_wait_for_a_click(self):
        """A visible window gets a message box; in a headless office VCL ends it at once."""
        doc, _ = self.open_copy(hidden=False)
        self.assertTrue(doc.getCurrentController().getFrame().getContainerWindow().isVisible())
        self.assert_unchanged_by_run(doc, "KPI Rules sidebar")
        set_rules_source(doc, "file", RULES_PATH)
        report, seconds = self.dispatch(doc, "Run", Options=OPTIONS)
        self.assert_checked(doc, report)
        report, _ = self.dispatch(doc, "Clear")
        self.assertTrue(report["cleared"]["exceptionsSheet"])

    def test_a_handler_without_a_window_says_so(self):
        """The office always passes the frame; a handler made without one fails politely, through the listener."""
        handler = self.context.ServiceManager.createInstanceWithArgumentsAndContext(
            "org.kpirules.CommandsImpl", (), self.context)
        listener = ResultListener()
        for command in COMMANDS:
            handler.dispatchWithNotification(parsed_url(self.context, PROTOCOL + command), (), listener)
        self.assertEqual([FAILURE] * 3, [state for state, _ in listener.results])
        self.assertIn("no window", json.loads(listener.results[0][1])["error"])
        handler.dispatch(parsed_url(self.context, PROTOCOL + "Run"), ())  # no listener: nothing to tell, no exception

    def test_show_sidebar_dispatches_the_deck(self):
        doc, _ = self.open_copy(hidden=False)
        report, seconds = self.dispatch(doc, "ShowSidebar")
        self.assertTrue(report["ok"], report)
        self.assertEqual(".uno:SidebarDeck.KpiRulesDeck", report["dispatched"])
        self.assertLess(seconds, 30)


if __name__ == "__main__":
    unittest.main(verbosity=2)
