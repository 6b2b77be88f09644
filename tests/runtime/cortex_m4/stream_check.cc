// The runtime's checks on the Cortex-M4 instruction set: every case of
// the generated stream_cases.inc goes through the planner the way TFLM's
// micro_allocator.cc drives it (Init, AddBuffer per call, GetOffsetForBuffer
// per buffer, GetMaximumMemorySize). A case passes when the planner accepts
// exactly the streams it must, hands out the header's offsets and head,
// prints nothing then, and otherwise prints one line and hands out no
// offset at all (the output variable is never written). Built twice by
// tests/runtime/cortex_m4_test.cc: as is (VerifyingPlanner) and with
// ARENAPLAN_FULL_CHECK (FullCheckPlanner).
#include "device_log.h"
#include "stream_case.h"
#include "verifying_planner.h"
#ifdef ARENAPLAN_FULL_CHECK
#include "full_check_planner.h"
#endif

#include "stream_cases.inc"

static_assert(sizeof(arenaplan::VerifyingPlanner) <= 32,
              "the checking planner keeps at most 32 bytes of RAM");

namespace {

const int kUntouched = -0x5a5a5a5b;

#ifdef ARENAPLAN_FULL_CHECK
const char kPlannerName[] = "FullCheckPlanner";
arenaplan::PlannedBuffer records[kMaxCalls];
#else
const char kPlannerName[] = "VerifyingPlanner";
#endif

// Returns "" when the case passes, else what went wrong.
const char* Run(const StreamCase& c) {
#ifdef ARENAPLAN_FULL_CHECK
  arenaplan::FullCheckPlanner planner(c.plan, c.stream_digest, records,
                                      kMaxCalls, c.shared_pairs,
                                      c.shared_pair_count);
#else
  arenaplan::VerifyingPlanner planner(c.plan, c.stream_digest);
#endif
  tflite::MicroMemoryPlanner& tflm_view = planner;
  tflm_view.Init(nullptr, 0);
  device::printed_lines = 0;
  bool ok = true;
  for (int i = 0; ok && i < c.call_count; ++i) {
    const StreamCall& call = c.calls[i];
    ok = (call.pin == -1 ? tflm_view.AddBuffer(call.size, call.first_time_used,
                                               call.last_time_used)
                         : tflm_view.AddBuffer(call.size, call.first_time_used,
                                               call.last_time_used,
                                               call.pin)) == kTfLiteOk;
  }
  for (int i = 0; ok && i < c.call_count; ++i) {
    int offset = kUntouched;
    ok = tflm_view.GetOffsetForBuffer(i, &offset) == kTfLiteOk;
    if (!ok && offset != kUntouched) return "offset written on failure";
    if (ok && offset != c.plan->buffer_plan_entries[i].offset) {
      return "offset differs from the plan";
    }
  }
  const size_t head = ok ? tflm_view.GetMaximumMemorySize() : 0;
  const int lines = device::printed_lines;
  if (ok != c.accept) return ok ? "accepted" : "refused";
  if (ok) {
    if (lines != 0) return "printed while accepting";
    if (head != c.head_bytes) return "head differs from kHeadBytes";
    return "";
  }
  if (lines != 1) return "refused without exactly one line";
  // Refused for good: no index gives an offset, the head is unusable.
  for (int i = 0; i < c.call_count + 1; ++i) {
    int offset = kUntouched;
    if (tflm_view.GetOffsetForBuffer(i, &offset) == kTfLiteOk ||
        offset != kUntouched) {
      return "an offset was handed out after the refusal";
    }
  }
  if (tflm_view.GetMaximumMemorySize() != static_cast<size_t>(-1)) {
    return "head after the refusal is not SIZE_MAX";
  }
  return "";
}

}  // namespace

int main() {
  char line[200];
  int failures = 0;
  for (int i = 0; i < kCaseCount; ++i) {
    const StreamCase& c = kCases[i];
    const char* problem = Run(c);
    if (problem[0] != '\0') ++failures;
    device::Format(line, sizeof(line), "%s %s: %s%s\n",
                   problem[0] == '\0' ? "ok  " : "FAIL", c.name,
                   c.accept ? "accept" : "refuse",
                   problem[0] == '\0' ? "" : " -- ");
    HostWrite(line);
    if (problem[0] != '\0') {
      HostWrite(problem);
      HostWrite("\n");
    }
  }
  device::Format(line, sizeof(line),
                 "arenaplan-m4: %s (%d bytes), %d cases, %d failures\n",
                 kPlannerName,
                 static_cast<int>(sizeof(arenaplan::VerifyingPlanner)),
                 kCaseCount, failures);
  HostWrite(line);
  return failures == 0 ? 0 : 1;
}
