#pragma once
// Calls `fire` once a burst of poke() calls has been quiet for `quiet`: the sidebar's Automatic mode
// re-runs the rules once after the user stops typing, not once per keystroke. `fire` runs on the
// debouncer's own thread (the panel posts the real work to the main thread from there). Plain C++.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace kpi::host::sidebar {

class Debouncer {
public:
    Debouncer(std::chrono::milliseconds quiet, std::function<void()> fire);
    ~Debouncer(); // stop()
    Debouncer(const Debouncer&) = delete;
    Debouncer& operator=(const Debouncer&) = delete;

    // Starts (or restarts) the quiet period.
    void poke();
    // Drops a pending call and ends the thread; waits for a `fire` in progress. Safe to call twice.
    void stop();

private:
    void loop();

    const std::chrono::milliseconds quiet_;
    const std::function<void()> fire_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool pending_ = false;
    bool stopping_ = false;
    std::chrono::steady_clock::time_point deadline_;
    std::thread thread_;
};

} // namespace kpi::host::sidebar
