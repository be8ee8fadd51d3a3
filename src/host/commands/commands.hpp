#pragma once
// The menu commands (Tools ▸ KPI Rules): their URLs, and the sentences that tell the user how a run
// or a clear went. Plain C++ (no UNO): the protocol handler (protocol_handler.hpp) does the UNO side.
// See docs/commands.md.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace kpi::host::commands {

enum class Command { Run, Clear, ShowSidebar };

// The URL scheme the protocol handler answers: "org.kpirules.command:Run", ":Clear", ":ShowSidebar".
inline constexpr char commandProtocol[] = "org.kpirules.command:";

// The command a complete URL names, or nothing when the URL is not exactly one of ours.
std::optional<Command> commandOfUrl(std::string_view url);
std::string commandUrl(Command command);

// What ShowSidebar dispatches (the deck id is fixed with the sidebar: docs/commands.md).
inline constexpr char showSidebarDeckUrl[] = ".uno:SidebarDeck.KpiRulesDeck";

// A few sentences for a person about a DocumentEngine::run report (ok or not): the counts by status,
// the flags and SMART failures, where to look; or what went wrong, with the first rules errors.
std::string runOutcomeText(const nlohmann::json& report);

// The same for a DocumentEngine::clear report.
std::string clearOutcomeText(const nlohmann::json& report);

} // namespace kpi::host::commands
