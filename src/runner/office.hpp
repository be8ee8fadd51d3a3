#pragma once
// A LibreOffice for the runner: either its own headless soffice on a private profile in a
// temporary folder with the extension's components loaded into it, or an office already listening at a
// UNO URL. The office this object started is always ended (its process group killed once the
// work is done) and its folder removed, also on errors and on Ctrl-C (see installInterruptHandler).

#include <com/sun/star/frame/XDesktop2.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace kpi {
class PhaseTimings;
}

namespace kpi::runner {

// soffice, the extension or the UNO connection did not do what was asked; the message says what.
class OfficeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct OfficeTimeouts {
    std::chrono::seconds start{90}; // soffice on a new profile until it accepts connections
};

class Office {
public:
    // Starts soffice on a new private profile with the components of `extension` (an .oxt file).
    // With `timings`, its start-up steps are added there.
    static std::unique_ptr<Office> start(const std::filesystem::path& extension, OfficeTimeouts timeouts = {},
                                         PhaseTimings* timings = nullptr);
    // Connects to an office listening at `unoUrl` ("uno:pipe,name=X;urp;StarOffice.ComponentContext");
    // that office is left running.
    static std::unique_ptr<Office> connect(const std::string& unoUrl, OfficeTimeouts timeouts = {});

    ~Office();
    Office(const Office&) = delete;
    Office& operator=(const Office&) = delete;

    const css::uno::Reference<css::uno::XComponentContext>& context() const { return context_; }
    const css::uno::Reference<css::frame::XDesktop2>& desktop() const { return desktop_; }
    // A folder for the runner's own temporary files, removed with this object.
    const std::filesystem::path& workFolder() const { return workFolder_; }
    // The last lines soffice printed (own office only), for error messages.
    std::string logTail() const;

    // Ends the office this object started (no-op for a connected one). Safe to call twice.
    void stop();

private:
    Office() = default;
    void connectTo(const std::string& unoUrl, bool ownProcess);

    OfficeTimeouts timeouts_;
    std::filesystem::path workFolder_;
    int processId_ = -1; // soffice's process (and process group) when this object started it
    css::uno::Reference<css::uno::XComponentContext> context_;
    css::uno::Reference<css::frame::XDesktop2> desktop_;
};

// SIGINT/SIGTERM/SIGHUP: kill the child processes this program started (soffice) so a
// blocked UNO call returns, and remember the interruption. Idempotent.
void installInterruptHandler();
bool interrupted();

} // namespace kpi::runner
