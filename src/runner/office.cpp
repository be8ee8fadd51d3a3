#include "runner/office.hpp"

#include <com/sun/star/bridge/UnoUrlResolver.hpp>
#include <com/sun/star/connection/NoConnectException.hpp>
#include <com/sun/star/frame/Desktop.hpp>
#include <com/sun/star/uno/Exception.hpp>
#include <cppuhelper/bootstrap.hxx>
#include <osl/file.hxx>
#include <rtl/ustring.hxx>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <future>
#include <grp.h>
#include <optional>
#include <pwd.h>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace kpi::runner {

namespace {

using rtl::OStringToOUString;
using rtl::OUString;
using rtl::OUStringToOString;

using css::uno::Reference;
namespace fs = std::filesystem;

constexpr const char* programFolder = "/usr/lib/libreoffice/program";

// Process groups of the children alive right now; the interrupt handler kills them.
std::array<std::atomic<int>, 4> liveChildren{};
volatile std::sig_atomic_t interruptSeen = 0;

extern "C" void onInterrupt(int) {
    interruptSeen = 1;
    for (auto& child : liveChildren) {
        int group = child.load();
        if (group > 0) ::killpg(group, SIGKILL);
    }
}

void rememberChild(int pid) {
    for (auto& child : liveChildren) {
        int expected = 0;
        if (child.compare_exchange_strong(expected, pid)) return;
    }
}

void forgetChild(int pid) {
    for (auto& child : liveChildren) {
        int expected = pid;
        if (child.compare_exchange_strong(expected, 0)) return;
    }
}

std::string toUtf8(const OUString& text) { return OUStringToOString(text, RTL_TEXTENCODING_UTF8).getStr(); }

std::string fileUrl(const fs::path& path) {
    OUString url;
    osl::FileBase::getFileURLFromSystemPath(OStringToOUString(fs::absolute(path).c_str(), RTL_TEXTENCODING_UTF8),
                                            url);
    return toUtf8(url);
}

struct ChildSpec {
    std::vector<std::string> arguments; // arguments[0] is the program path
    std::vector<std::string> environment;
    fs::path log;
    bool asNobody = false; // unopkg refuses to work on a user profile as root
};

// fork + exec in a new process group, stdin from /dev/null, output appended to the log.
// Everything the child needs is prepared before fork (only async-signal-safe calls after it).
int spawn(const ChildSpec& spec) {
    std::vector<char*> argv;
    for (const auto& argument : spec.arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const auto& entry : spec.environment) envp.push_back(const_cast<char*>(entry.c_str()));
    envp.push_back(nullptr);
    uid_t uid = 0;
    gid_t gid = 0;
    if (spec.asNobody) {
        const passwd* nobody = ::getpwnam("nobody");
        if (nobody == nullptr) throw OfficeError("no user 'nobody' to run unopkg as (unopkg refuses root)");
        uid = nobody->pw_uid;
        gid = nobody->pw_gid;
    }
    int logFd = ::open(spec.log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (logFd < 0) throw OfficeError("cannot write " + spec.log.string() + ": " + std::strerror(errno));
    pid_t pid = ::fork();
    if (pid < 0) {
        ::close(logFd);
        throw OfficeError(std::string("fork failed: ") + std::strerror(errno));
    }
    if (pid == 0) {
        ::setpgid(0, 0);
        int devNull = ::open("/dev/null", O_RDONLY);
        if (devNull >= 0) ::dup2(devNull, STDIN_FILENO);
        ::dup2(logFd, STDOUT_FILENO);
        ::dup2(logFd, STDERR_FILENO);
        if (spec.asNobody && (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0)) ::_exit(126);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(logFd);
    ::setpgid(pid, pid); // also from the parent, so the group exists before anyone signals it
    rememberChild(pid);
    return pid;
}

// The child's wait status once it has ended, or nothing when `timeout` passed first.
std::optional<int> waitFor(int pid, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        int status = 0;
        pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid || (done < 0 && errno == ECHILD)) {
            forgetChild(pid);
            return status;
        }
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

// Ends a child's whole process group: TERM, then KILL.
void endGroup(int pid) {
    for (int sig : {SIGTERM, SIGKILL}) {
        if (::killpg(pid, sig) != 0) break;
        if (waitFor(pid, std::chrono::seconds(10))) break;
    }
    waitFor(pid, std::chrono::milliseconds(0));
    forgetChild(pid);
}

std::string readTail(const fs::path& file, std::size_t length) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    std::string all = text.str();
    return all.size() > length ? all.substr(all.size() - length) : all;
}

// Runs a child to its end; throws with its output when it fails or overruns.
void runToEnd(const ChildSpec& spec, std::chrono::seconds timeout, const std::string& what) {
    int pid = spawn(spec);
    auto status = waitFor(pid, timeout);
    if (!status) {
        endGroup(pid);
        throw OfficeError(what + " did not finish within " + std::to_string(timeout.count()) + " s");
    }
    if (interruptSeen) throw OfficeError("interrupted");
    if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0)
        throw OfficeError(what + " failed (status " + std::to_string(*status) + "):\n" + readTail(spec.log, 2000));
}

// The office's environment: a private HOME and temporary folder inside the work folder (so nothing
// it leaves behind outlives the run), no display, the English UI.
std::vector<std::string> officeEnvironment(const fs::path& home, const fs::path& temporary) {
    std::vector<std::string> result;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string_view text(*entry);
        for (const char* dropped : {"HOME=", "TMPDIR=", "DISPLAY=", "SAL_USE_VCLPLUGIN=", "LC_ALL="})
            if (text.starts_with(dropped)) goto skip;
        result.emplace_back(text);
    skip:;
    }
    result.push_back("HOME=" + home.string());
    result.push_back("TMPDIR=" + temporary.string());
    result.push_back("SAL_USE_VCLPLUGIN=svp");
    result.push_back("LC_ALL=en_US.UTF-8"); // English UI, whatever the caller's locale
    return result;
}

std::vector<std::string> sofficeCommand(const fs::path& profile, std::vector<std::string> extra) {
    std::vector<std::string> command{std::string(programFolder) + "/soffice",
                                     "-env:UserInstallation=" + fileUrl(profile),
                                     "--headless",
                                     "--invisible",
                                     "--norestore",
                                     "--nologo",
                                     "--nodefault",
                                     "--nolockcheck"};
    command.insert(command.end(), extra.begin(), extra.end());
    return command;
}

void chownTree(const fs::path& top, uid_t uid, gid_t gid) {
    ::lchown(top.c_str(), uid, gid);
    for (const auto& entry : fs::recursive_directory_iterator(top)) ::lchown(entry.path().c_str(), uid, gid);
}

// The local UNO runtime, once per process. Without the office's type libraries the first call
// that uses an office type crashes, so the office's own bootstrap file is named when none is set.
Reference<css::uno::XComponentContext> localContext() {
    static Reference<css::uno::XComponentContext> context = [] {
        ::setenv("URE_BOOTSTRAP", (std::string("vnd.sun.star.pathname:") + programFolder + "/fundamentalrc").c_str(),
                 0);
        return cppu::defaultBootstrap_InitialComponentContext();
    }();
    return context;
}

std::string randomName() {
    std::ostringstream name;
    name << "kpirules_" << ::getpid() << '_'
         << std::chrono::steady_clock::now().time_since_epoch().count();
    return name.str();
}

} // namespace

void installInterruptHandler() {
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &action, nullptr);
}

bool interrupted() { return interruptSeen != 0; }

std::unique_ptr<Office> Office::start(const fs::path& extension, OfficeTimeouts timeouts) {
    if (!fs::is_regular_file(extension))
        throw OfficeError("extension not found: " + extension.string() +
                          " (build the 'oxt' target, or name it with --oxt or KPI_OXT)");
    std::unique_ptr<Office> office(new Office);
    office->timeouts_ = timeouts;
    std::string pattern = (fs::temp_directory_path() / "kpirules-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw OfficeError("cannot create a temporary folder");
    office->workFolder_ = pattern;
    const fs::path& work = office->workFolder_;
    fs::path profile = work / "profile";
    fs::path home = work / "home";
    fs::path log = work / "soffice.log";
    fs::create_directories(profile);
    fs::create_directories(home);
    fs::path temporary = work / "tmp";
    fs::create_directories(temporary);
    fs::permissions(temporary, fs::perms::all | fs::perms::sticky_bit); // unopkg runs as nobody when we are root
    auto environment = officeEnvironment(home, temporary);

    // A profile must have seen one soffice start before unopkg adds to it: on its first start
    // soffice resets the user extensions (installed but unregistered).
    runToEnd({sofficeCommand(profile, {"--terminate_after_init"}), environment, log}, timeouts.start,
             "soffice (creating a profile)");

    bool root = ::geteuid() == 0;
    fs::path extensionCopy = work / extension.filename();
    fs::copy_file(extension, extensionCopy);
    if (root) {
        const passwd* nobody = ::getpwnam("nobody");
        if (nobody == nullptr) throw OfficeError("no user 'nobody' to run unopkg as (unopkg refuses root)");
        fs::permissions(work, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
        fs::permissions(extensionCopy, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                           fs::perms::others_read);
        chownTree(profile, nobody->pw_uid, nobody->pw_gid);
        chownTree(home, nobody->pw_uid, nobody->pw_gid);
        ::lchown(log.c_str(), nobody->pw_uid, nobody->pw_gid);
    }
    runToEnd({{std::string(programFolder) + "/unopkg", "add", "-s", "-f", extensionCopy.string(),
               "-env:UserInstallation=" + fileUrl(profile)},
              environment,
              log,
              root},
             timeouts.command, "unopkg add " + extension.string());

    std::string pipe = randomName();
    office->processId_ =
        spawn({sofficeCommand(profile, {"--accept=pipe,name=" + pipe + ";urp;StarOffice.ComponentContext"}),
               environment, log});
    office->connectTo("uno:pipe,name=" + pipe + ";urp;StarOffice.ComponentContext", true);
    return office;
}

std::unique_ptr<Office> Office::connect(const std::string& unoUrl, OfficeTimeouts timeouts) {
    std::unique_ptr<Office> office(new Office);
    office->timeouts_ = timeouts;
    std::string pattern = (fs::temp_directory_path() / "kpirules-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw OfficeError("cannot create a temporary folder");
    office->workFolder_ = pattern;
    office->connectTo(unoUrl, false);
    return office;
}

void Office::connectTo(const std::string& unoUrl, bool ownProcess) {
    auto resolver = css::bridge::UnoUrlResolver::create(localContext());
    OUString url = OStringToOUString(unoUrl.c_str(), RTL_TEXTENCODING_UTF8);
    auto deadline = std::chrono::steady_clock::now() + timeouts_.start;
    while (true) {
        try {
            context_.set(resolver->resolve(url), css::uno::UNO_QUERY_THROW);
            break;
        } catch (const css::connection::NoConnectException&) {
            if (interruptSeen) throw OfficeError("interrupted");
            if (ownProcess && waitFor(processId_, std::chrono::milliseconds(0))) {
                processId_ = -1;
                throw OfficeError("soffice ended before accepting connections; its output:\n" + logTail());
            }
            if (!ownProcess || std::chrono::steady_clock::now() > deadline)
                throw OfficeError("no office accepts connections at " + unoUrl +
                                  (ownProcess ? " within " + std::to_string(timeouts_.start.count()) + " s" : ""));
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        } catch (const css::uno::Exception& e) {
            throw OfficeError("cannot connect to " + unoUrl + ": " + toUtf8(e.Message));
        }
    }
    desktop_ = css::frame::Desktop::create(context_);
}

std::string Office::logTail() const {
    if (workFolder_.empty()) return {};
    return readTail(workFolder_ / "soffice.log", 2000);
}

void Office::stop() {
    if (processId_ > 0) {
        if (desktop_.is()) {
            // A wedged office could block the call for ever: give it a while, then kill it.
            auto desktop = desktop_;
            auto ending = std::async(std::launch::async, [desktop] {
                try {
                    desktop->terminate();
                } catch (...) {
                    // the bridge drops while the office ends: the expected way this call returns
                }
            });
            if (ending.wait_for(timeouts_.terminate) != std::future_status::ready) ::killpg(processId_, SIGKILL);
            ending.wait();
        }
        desktop_.clear();
        context_.clear();
        if (!waitFor(processId_, std::chrono::seconds(20))) endGroup(processId_);
        else ::killpg(processId_, SIGKILL); // helpers soffice may have left in its group
        processId_ = -1;
    }
    desktop_.clear();
    context_.clear();
    if (!workFolder_.empty()) {
        std::error_code ignored;
        fs::remove_all(workFolder_, ignored);
        workFolder_.clear();
    }
}

Office::~Office() {
    try {
        stop();
    } catch (...) {
        // a destructor must not throw; stop() has already done what it could
    }
}

} // namespace kpi::runner
