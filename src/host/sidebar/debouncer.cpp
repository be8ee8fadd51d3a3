// The Automatic mode's quiet-period timer.

#include "host/sidebar/debouncer.hpp"

#include <condition_variable>
#include <mutex>

namespace kpi::host::sidebar {

struct Debouncer::State {
    std::chrono::milliseconds quiet;
    std::function<void()> fire; // cleared by stop()
    std::mutex mutex;
    std::condition_variable wake;
    bool pending = false;
    bool stopping = false;
    bool firing = false;
    std::chrono::steady_clock::time_point deadline;
};

Debouncer::Debouncer(std::chrono::milliseconds quiet, std::function<void()> fire) : state_(std::make_shared<State>())
{
    state_->quiet = quiet;
    state_->fire = std::move(fire);
    thread_ = std::thread([state = state_] { loop(state); });
}

Debouncer::~Debouncer()
{
    stop();
}

void Debouncer::poke()
{
    {
        std::lock_guard lock(state_->mutex);
        if (state_->stopping) return;
        state_->pending = true;
        state_->deadline = std::chrono::steady_clock::now() + state_->quiet;
    }
    state_->wake.notify_one();
}

void Debouncer::stop()
{
    bool firing = false;
    {
        std::lock_guard lock(state_->mutex);
        state_->stopping = true;
        state_->pending = false;
        state_->fire = nullptr;
        firing = state_->firing;
    }
    state_->wake.notify_one();
    if (!thread_.joinable()) return;
    if (firing || thread_.get_id() == std::this_thread::get_id()) thread_.detach(); // it ends after this call
    else thread_.join();
}

void Debouncer::loop(const std::shared_ptr<State>& state)
{
    std::unique_lock lock(state->mutex);
    while (!state->stopping) {
        if (!state->pending) {
            state->wake.wait(lock, [&] { return state->stopping || state->pending; });
            continue;
        }
        if (state->wake.wait_until(lock, state->deadline, [&] { return state->stopping; })) break;
        if (std::chrono::steady_clock::now() < state->deadline) continue; // poked again meanwhile
        state->pending = false;
        std::function<void()> fire = state->fire; // a copy: stop() may clear the original meanwhile
        state->firing = true;
        lock.unlock();
        try {
            if (fire) fire();
        } catch (...) {
            // fire reports its own failures; nothing may end this thread with an exception
        }
        fire = nullptr; // what it holds is let go before the lock is taken again
        lock.lock();
        state->firing = false;
    }
}

} // namespace kpi::host::sidebar
