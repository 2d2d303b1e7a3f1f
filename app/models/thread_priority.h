// thread_priority.h — training runs below the GUI's priority.
//
// Training keeps every core busy; without this, the GUI thread waits behind the training threads
// for a time slice and the window stutters (the stall probe in tests/test_main_window.cpp measured
// 20–70 ms waits on a loaded 2-core machine against 3–5 ms of the GUI's own work). On Linux each
// thread has its own nice value and threads inherit it from the thread that creates them, so
// calling this at the start of the training loop and of the jobs that build networks (which
// create the executor's thread team) lowers every training thread. Elsewhere it does nothing.
#pragma once

namespace dendrite {

// Raises the calling thread's nice value to at least `nice` (lower priority).
void lower_current_thread_priority(int nice = 10);

}  // namespace dendrite
