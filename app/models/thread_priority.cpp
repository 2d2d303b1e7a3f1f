#include "app/models/thread_priority.h"

#include <cerrno>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace dendrite {

void lower_current_thread_priority(int nice) {
#if defined(__linux__)
  const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
  errno = 0;
  const int current = ::getpriority(PRIO_PROCESS, tid);
  if (errno == 0 && current < nice) (void)::setpriority(PRIO_PROCESS, tid, nice);
#else
  (void)nice;
#endif
}

}  // namespace dendrite
