#pragma once
// Calls `fire` once a burst of poke() calls has been quiet for `quiet`: the sidebar's Automatic mode
// re-runs the rules once after the user stops typing, not once per keystroke. `fire` runs on the
// debouncer's own thread (the panel posts the real work to the main thread from there). Plain C++.
//
// stop() never waits for a `fire` in progress (the panel stops the debouncer on the main thread while
// holding LibreOffice's SolarMutex, which a `fire` posting to the main thread may be waiting for): the
// thread is then left to finish on its own, with the state it shares kept alive until it ends.

#include <chrono>
#include <functional>
#include <memory>
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
    // Drops a pending call, forgets `fire` and ends the thread (joined unless a call is in progress).
    // Safe to call twice, and from within `fire`.
    void stop();

private:
    struct State;
    static void loop(const std::shared_ptr<State>& state); // the thread

    std::shared_ptr<State> state_;
    std::thread thread_;
};

} // namespace kpi::host::sidebar
