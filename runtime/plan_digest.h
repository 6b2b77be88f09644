// The stream digest: one 32-bit number that stands for the exact AddBuffer
// stream a BufferPlan was verified for. `arenaplan plan --header` writes it
// as `kStreamDigest` (src/emit/cpp_header.cc computes it with these
// functions); runtime/verifying_planner.cc recomputes it call by call on
// the device and hands out no offset unless both agree. This header is the
// only definition of the digest: host and device include it.
//
// Definition. The state starts at kDigestSeed. Each AddBuffer call, in
// call order (TFLM's micro_allocator.cc CreatePlan: tensors, then scratch),
// folds five 32-bit words, in this order:
//   size            bytes passed to AddBuffer (already rounded up to 16)
//   first_time_used TFLM's closed lifetime (-1 = never created)
//   last_time_used
//   pin             offline_offset of the 4-argument AddBuffer, -1 for the
//                   3-argument one (TFLM's kOnlinePlannedBuffer)
//   offset          the plan's offset for that buffer
// Each word goes through the block step of MurmurHash3_x86_32 (Austin
// Appleby, public domain; constants c1, c2, rotations 15 and 13, h*5 +
// 0xe6546b64). There is no tail or finalizer: the number of calls is
// compared exactly, apart from the digest.
//
// What it detects. The block step is a bijection of the word for a fixed
// state and of the state for a fixed word, so two streams of the same
// length that differ in one word (one size, one lifetime end, one pin, one
// offset) always give different digests: such a change is never missed.
// Any other change (several fields, another model, a kernel build with
// other scratch) is missed only if two well-mixed 32-bit values collide,
// about 1 in 4.3e9; the digest guards against mistakes (wrong header, wrong
// kernel build, edited offsets), not against an adversary. The offset word
// also seals the plan: a header whose offsets were edited, or a
// buffer_plan() from another header, is refused. The overlap proof itself
// is done offline by arenaplan's verifier (src/plan/verifier.h) for exactly
// this stream; runtime/full_check_planner.h repeats it on the device for
// debugging.
//
// Freestanding C++11: no heap, no exceptions, no standard library.
#ifndef ARENAPLAN_RUNTIME_PLAN_DIGEST_H_
#define ARENAPLAN_RUNTIME_PLAN_DIGEST_H_

#include <stdint.h>

namespace arenaplan {

// The state before the first AddBuffer call: the format version (1), so a
// future change of the definition gives other digests.
const uint32_t kDigestSeed = 1;

// Folds one 32-bit word into the state (MurmurHash3_x86_32's block step).
inline uint32_t DigestWord(uint32_t state, uint32_t word) {
  word *= 0xcc9e2d51u;
  word = (word << 15) | (word >> 17);
  word *= 0x1b873593u;
  state ^= word;
  state = (state << 13) | (state >> 19);
  return state * 5u + 0xe6546b64u;
}

// Folds one AddBuffer call and the plan's offset for it (see above).
inline uint32_t DigestBuffer(uint32_t state, int32_t size,
                             int32_t first_time_used, int32_t last_time_used,
                             int32_t pin, int32_t offset) {
  state = DigestWord(state, static_cast<uint32_t>(size));
  state = DigestWord(state, static_cast<uint32_t>(first_time_used));
  state = DigestWord(state, static_cast<uint32_t>(last_time_used));
  state = DigestWord(state, static_cast<uint32_t>(pin));
  return DigestWord(state, static_cast<uint32_t>(offset));
}

}  // namespace arenaplan

#endif  // ARENAPLAN_RUNTIME_PLAN_DIGEST_H_
