// The Automatic mode's quiet-period timer.

#include "host/sidebar/debouncer.hpp"

namespace kpi::host::sidebar {

Debouncer::Debouncer(std::chrono::milliseconds quiet, std::function<void()> fire)
    : quiet_(quiet), fire_(std::move(fire)), thread_([this] { loop(); })
{
}

Debouncer::~Debouncer()
{
    stop();
}

void Debouncer::poke()
{
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        pending_ = true;
        deadline_ = std::chrono::steady_clock::now() + quiet_;
    }
    wake_.notify_one();
}

void Debouncer::stop()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        pending_ = false;
    }
    wake_.notify_one();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void Debouncer::loop()
{
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (!pending_) {
            wake_.wait(lock, [this] { return stopping_ || pending_; });
            continue;
        }
        if (wake_.wait_until(lock, deadline_, [this] { return stopping_; })) break;
        if (std::chrono::steady_clock::now() < deadline_) continue; // poked again meanwhile
        pending_ = false;
        lock.unlock();
        try {
            fire_();
        } catch (...) {
            // fire_ reports its own failures; nothing may end this thread with an exception
        }
        lock.lock();
    }
}

} // namespace kpi::host::sidebar
