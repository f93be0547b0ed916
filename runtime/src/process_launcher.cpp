#include "vigil/process_launcher.h"

#include "process_start.h"
#include "vigil/errors.h"
#include "vigil/poll_loop.h"
#include "vigil/vlog.h"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <fcntl.h>
#include <mutex>
#include <sys/eventfd.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>

VLOG_DEFINE_THIS_MODULE(process_launcher);

namespace vigil {

struct process_launcher::impl {
    // What the thread is asked to start.
    struct job {
        std::uint64_t ticket;
        detail::spawn_request request;
        std::string name;
    };
    // What it reports back.
    struct outcome {
        std::uint64_t ticket = 0;
        int error = 0;
        detail::spawned_child child;
    };
    // Known to the loop's thread only: a start not yet delivered.
    struct waiting {
        process_options options;
        started_callback started; // empty once cancelled
    };

    // Shared with the thread, under `mutex`.
    std::mutex mutex;
    std::condition_variable wanted;
    std::deque<job> queue;
    std::deque<outcome> done;
    bool stopping = false;

    // The loop's side.
    std::unordered_map<std::uint64_t, waiting> starts;
    std::uint64_t next_ticket = 1;
    int wake_fd = -1;
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);
    std::unique_ptr<poll_owner> owner;
    std::thread thread;

    void work() {
        std::unique_lock lock(mutex);
        for (;;) {
            wanted.wait(lock, [this] { return stopping || !queue.empty(); });
            if (stopping) {
                return;
            }
            job next = std::move(queue.front());
            queue.pop_front();
            lock.unlock();
            outcome result{next.ticket, 0, {}};
            result.error = detail::spawn(next.request, next.name, result.child);
            lock.lock();
            done.push_back(result);
            const std::uint64_t one = 1;
            ssize_t r = write(wake_fd, &one, sizeof one);
            (void)r; // a full counter is still readable: the loop wakes either way
        }
    }

    // A child nobody will take: stopped, and reaped once it has gone.
    static void discard(const process_options& options, const detail::spawned_child& child) {
        std::unique_ptr<process> orphan = detail::adopt_child(options, child);
        orphan->kill(SIGTERM);
    }

    // Runs in the owning loop: delivers what the thread started.
    void deliver() {
        std::uint64_t count;
        while (read(wake_fd, &count, sizeof count) > 0) {
        }
        std::shared_ptr<bool> token = alive;
        for (;;) {
            outcome result;
            {
                std::lock_guard lock(mutex);
                if (done.empty()) {
                    break;
                }
                result = done.front();
                done.pop_front();
            }
            auto it = starts.find(result.ticket);
            waiting start = std::move(it->second);
            starts.erase(it);
            if (!start.started) {
                if (result.error == 0) {
                    discard(start.options, result.child);
                }
                continue;
            }
            std::unique_ptr<process> child;
            if (result.error == 0) {
                child = detail::adopt_child(start.options, result.child);
            }
            start.started(result.error, std::move(child));
            if (!*token) {
                return; // the callback destroyed the launcher, which dealt with the rest
            }
        }
        poll_fd_wait(wake_fd, POLLIN);
    }
};

process_launcher::process_launcher() : impl_(std::make_unique<impl>()) {
    impl_->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (impl_->wake_fd < 0) {
        VLOG_FATAL("could not create the launcher's eventfd ({})", error_text(errno));
    }
    impl* raw = impl_.get();
    impl_->owner = std::make_unique<poll_owner>([raw] { raw->deliver(); });
    impl_->owner->schedule();
    impl_->thread = std::thread([raw] { raw->work(); });
}

process_launcher::~process_launcher() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
    }
    impl_->wanted.notify_one();
    impl_->thread.join();
    *impl_->alive = false;
    for (const impl::outcome& left : impl_->done) {
        auto it = impl_->starts.find(left.ticket);
        if (left.error == 0 && it != impl_->starts.end()) {
            impl::discard(it->second.options, left.child);
        }
    }
    impl_->owner.reset();
    close(impl_->wake_fd);
}

std::uint64_t process_launcher::launch(const process_options& options, started_callback started,
                                       int& error) {
    impl::job next;
    error = detail::prepare_spawn(options, next.request);
    if (error) {
        return 0;
    }
    next.ticket = impl_->next_ticket++;
    next.name = options.argv[0];
    impl_->starts.emplace(next.ticket, impl::waiting{options, std::move(started)});
    const std::uint64_t ticket = next.ticket;
    {
        std::lock_guard lock(impl_->mutex);
        impl_->queue.push_back(std::move(next));
    }
    impl_->wanted.notify_one();
    return ticket;
}

void process_launcher::cancel(std::uint64_t ticket) {
    auto it = impl_->starts.find(ticket);
    if (it == impl_->starts.end()) {
        return;
    }
    bool queued = false;
    {
        std::lock_guard lock(impl_->mutex);
        auto& q = impl_->queue;
        auto job = std::find_if(q.begin(), q.end(),
                                [&](const impl::job& j) { return j.ticket == ticket; });
        if (job != q.end()) {
            q.erase(job);
            queued = true;
        }
    }
    if (queued) {
        impl_->starts.erase(it);
    } else {
        it->second.started = nullptr;
    }
}

std::size_t process_launcher::pending() const {
    return impl_->starts.size();
}

} // namespace vigil
