// Unit tests of the sidebar panel's plain C++ parts (no office): the texts it shows from the document
// engine's reports, the cell names it goes to, and the Automatic mode's debouncer. The panel itself
// is tested end to end in a visible office (test_sidebar.py).

#include "host/sidebar/debouncer.hpp"
#include "host/sidebar/panel_text.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

using namespace kpi::host::sidebar;
using namespace std::chrono_literals;

TEST_CASE("counts: three lines of name: number pairs, extra statuses named")
{
    const auto counts = nlohmann::json::parse(R"({"indicators": 49, "green": 29, "amber": 3, "red": 16, "blue": 0,
        "nodata": 1, "smartFailures": 5, "flags": 91, "high": 20, "medium": 70, "low": 1})");
    CHECK(countsText(counts) == "Indicators: 49    Flags: 91\nRed: 16    Amber: 3    Green: 29\n"
                                "No data: 1    SMART failures: 5");
    auto withBlue = counts;
    withBlue["blue"] = 2;
    withBlue["exceeded"] = 4; // a status declared with `style`
    CHECK(countsText(withBlue) == "Indicators: 49    Flags: 91\nRed: 16    Amber: 3    Green: 29    Blue: 2    "
                                  "Exceeded: 4\nNo data: 1    SMART failures: 5");
    CHECK(countsText(nlohmann::json()) == "");
}

TEST_CASE("exception items: severity, code, message and period")
{
    CHECK(exceptionItem({{"severity", "high"}, {"code", "CHS06"}, {"message", "Off target two months running"},
                         {"period", "Sep"}}) == "High · CHS06 · Off target two months running (Sep)");
    CHECK(exceptionItem({{"severity", "smart"}, {"code", "ASC02"}, {"message", "SMART S fails: Title says"},
                         {"period", "Sep"}}) == "SMART · ASC02 · SMART S fails: Title says");
    CHECK(exceptionItem({{"severity", "low"}, {"code", "X"}, {"message", "m"}, {"period", nullptr}}) == "Low · X · m");
}

TEST_CASE("diagnostics: errors first with line and column, notes about data without, hints indented")
{
    const auto report = nlohmann::json::parse(R"({"ok": false, "error": "the rules have errors", "diagnostics": [
        {"severity": "warning", "code": "W0201", "line": 3, "column": 1, "message": "unused", "hint": ""},
        {"severity": "error", "code": "E0101", "line": 38, "column": 23, "message": "expected expression",
         "hint": "finish the line"},
        {"severity": "note", "code": "N0701", "line": 0, "column": 0, "message": "sheet \"S\", row 8: an error",
         "hint": "", "sheet": "S"}]})");
    CHECK(errorCount(report) == 1);
    CHECK(diagnosticsText(report) == "Line 38, column 23: error E0101: expected expression\n"
                                     "    finish the line\n"
                                     "Line 3, column 1: warning W0201: unused\n"
                                     "Note N0701: sheet \"S\", row 8: an error\n");
    CHECK(diagnosticsText({{"ok", false}, {"error", "no sheet named \"X\""}}) == "No sheet named \"X\".\n");
    CHECK(diagnosticsText({{"ok", true}}) == "");
}

TEST_CASE("cell names from the reports")
{
    auto cell = parseCellName("$'Corporate KPIs'.$A$18");
    REQUIRE(cell);
    CHECK(cell->sheet == "Corporate KPIs");
    CHECK(cell->row == 17);
    CHECK(cell->column == 0);
    cell = parseCellName("Sheet1.AB2");
    REQUIRE(cell);
    CHECK(cell->sheet == "Sheet1");
    CHECK(cell->row == 1);
    CHECK(cell->column == 27);
    cell = parseCellName("$'It''s.odd'.$C$3"); // a quote and a dot in the sheet name
    REQUIRE(cell);
    CHECK(cell->sheet == "It's.odd");
    CHECK(cell->column == 2);
    CHECK_FALSE(parseCellName("A1"));
    CHECK_FALSE(parseCellName("Sheet1.A0"));
    CHECK_FALSE(parseCellName("Sheet1.1A"));
    CHECK_FALSE(parseCellName("'x'.A1B"));
    CHECK_FALSE(parseCellName(".A1"));
}

TEST_CASE("debouncer: one call after a burst, none after stop")
{
    std::atomic<int> fired = 0;
    Debouncer debouncer(50ms, [&] { ++fired; });
    for (int i = 0; i < 5; ++i) {
        debouncer.poke();
        std::this_thread::sleep_for(10ms);
    }
    CHECK(fired == 0); // still inside the quiet period
    for (int i = 0; i < 100 && fired == 0; ++i) std::this_thread::sleep_for(10ms);
    CHECK(fired == 1);
    std::this_thread::sleep_for(100ms);
    CHECK(fired == 1); // once per burst
    debouncer.poke();
    debouncer.stop();
    std::this_thread::sleep_for(100ms);
    CHECK(fired == 1); // a pending call is dropped by stop
    debouncer.poke();  // and poking a stopped debouncer does nothing
    std::this_thread::sleep_for(100ms);
    CHECK(fired == 1);
}

TEST_CASE("debouncer: an exception in the call does not end it")
{
    std::atomic<int> calls = 0;
    Debouncer debouncer(10ms, [&] {
        ++calls;
        throw std::runtime_error("reported elsewhere");
    });
    debouncer.poke();
    for (int i = 0; i < 100 && calls == 0; ++i) std::this_thread::sleep_for(5ms);
    debouncer.poke();
    for (int i = 0; i < 100 && calls == 1; ++i) std::this_thread::sleep_for(5ms);
    CHECK(calls == 2);
}

TEST_CASE("debouncer: stop does not wait for a call in progress, and works from within the call")
{
    std::atomic<bool> inside = false;
    std::atomic<bool> release = false;
    std::atomic<bool> finished = false;
    {
        Debouncer debouncer(5ms, [&] {
            inside = true;
            while (!release) std::this_thread::sleep_for(1ms); // as a post waiting for the main thread
            finished = true;
        });
        debouncer.poke();
        for (int i = 0; i < 200 && !inside; ++i) std::this_thread::sleep_for(5ms);
        REQUIRE(inside);
        const auto started = std::chrono::steady_clock::now();
        debouncer.stop(); // would deadlock the panel if it waited here
        CHECK(std::chrono::steady_clock::now() - started < 100ms);
        CHECK_FALSE(finished);
    } // and the debouncer can go while its thread still runs
    release = true;
    for (int i = 0; i < 200 && !finished; ++i) std::this_thread::sleep_for(5ms);
    CHECK(finished);

    std::atomic<int> calls = 0;
    std::unique_ptr<Debouncer> own;
    own = std::make_unique<Debouncer>(5ms, [&] {
        ++calls;
        own->stop(); // from its own thread: no join with itself
    });
    own->poke();
    for (int i = 0; i < 200 && calls == 0; ++i) std::this_thread::sleep_for(5ms);
    std::this_thread::sleep_for(20ms);
    own->poke(); // stopped: ignored
    std::this_thread::sleep_for(50ms);
    CHECK(calls == 1);
}
